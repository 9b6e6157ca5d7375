// Cosimulation of the APack encoder and decoder RTL (apack_enc, apack_dec) against the golden codec:
// the Verilated encoder must emit exactly the golden lane streams, the decoder must restore exactly
// the tensor. A run is a list of jobs (one tensor each): the table is (re)loaded through the write
// port before every job, as a chip serving several tensors would.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "golden/apack.h"

namespace qrtl {
struct Generated;
}

namespace qrtl::verif {

struct ApackCosimResult {
  bool pass = false;
  uint64_t values = 0;
  int lanes = 1;
  size_t jobs = 0, context_jobs = 0;        // segments run, and of them in context mode
  uint64_t enc_cycles = 0, dec_cycles = 0;  // from the first count command to the last output beat
  std::string detail;                       // the first mismatch, when failing
  std::vector<std::vector<bool>> dec_err;   // [job][lane]: the decoder's err output after the substream
  std::string summary() const;
};

struct ApackCosimOptions {
  std::string cache_dir;
  bool encoder = true, decoder = true;
  int stall_permille = 0;  // random input bubbles and output backpressure (0 = full throughput)
  uint64_t seed = 1;
  // The RTL to simulate; null = generate apack_enc / apack_dec with the jobs' lane count.
  const Generated* encoder_rtl = nullptr;
  const Generated* decoder_rtl = nullptr;
};

// Host-side table loading: (address, tbl_data as little-endian 32-bit words) for every write that
// loads segment c into apack_enc (enc) or apack_dec, generated with context=1 (context_rtl) or not.
// A context=1 block runs plain segments too, as one bucket. docs/apack-format.md lists the addresses.
using TableWrite = std::pair<unsigned, std::vector<uint32_t>>;
std::vector<TableWrite> apack_table_writes(const apack::Container& c, bool enc, bool context_rtl);
// The encoder's reciprocal of f (1..4096): m = floor(2^(32+s)/f) + 1 with s = ceil(log2 f), so that
// floor(t/f) = floor(t*m / 2^(32+s)) for every 32-bit t.
uint64_t apack_reciprocal(uint32_t f, int* shift);

// Runs every container (same lane count) through the RTL; `tensors` are the values of each.
ApackCosimResult apack_cosim(const std::vector<apack::Container>& jobs, const std::vector<std::string>& tensors,
                             const ApackCosimOptions& o);
// A segmented file whose values (without the npy header) are `values`: one job per segment, the
// table reloaded between segments as a host would.
ApackCosimResult apack_cosim(const apack::SegmentedFile& f, std::string_view values, const ApackCosimOptions& o);

}  // namespace qrtl::verif
