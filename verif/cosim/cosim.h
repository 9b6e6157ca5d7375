// Cosimulation: generate -> Verilate -> drive -> compare with the golden model, bit-exactly.
// Combinational and fixed-latency blocks share one generic driver (harness_main.inc); blocks with
// a handshake register a custom driver (register_driver) that reuses build_simulator.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "registry.h"

namespace qrtl::verif {

struct CosimOptions {
  uint64_t vectors = 100000;  // random vectors when the space is not enumerated
  uint64_t seed = 1;
  bool exhaustive = true;     // enumerate every input when the input space is <= 2^20
  std::string vcd;            // dump a waveform of the run to this file when non-empty
  std::string cache_dir;      // Verilator builds; default: $QRTL_CACHE_DIR or ~/.cache/qrtl
  size_t max_report = 8;      // mismatches printed
};

struct CosimResult {
  bool pass = false;
  uint64_t vectors = 0;
  bool exhaustive = false;
  std::vector<std::string> mismatches;  // "inputs ... expected ... got ..."
  uint64_t mismatch_count = 0;
  std::string summary() const;          // "PASS 65536 vectors (exhaustive)" or "FAIL ..."
};

CosimResult cosim(const Generated& g, const CosimOptions& opts = {});

// Builds (or reuses from the cache) a Verilator simulator of g.sv with the given C++ driver
// sources (file name -> text). Returns the executable's path. Throws ToolError on failure.
// `cycles`, about how many clock cycles or vectors the run will simulate, picks the C++ optimisation
// of the model: a short run is compiled at -O0 (kShortRun).
std::string build_simulator(const Generated& g, const std::vector<std::pair<std::string, std::string>>& driver,
                            bool trace, const std::string& cache_dir, uint64_t cycles);
// Runs up to this many cycles take a model compiled at -O0: measured on a cold ccache, a ps_dot
// lanes=4 cosim of 20k vectors builds and runs in 6.9 s instead of 9.8 s and apack_enc lanes=2 in 12
// instead of 27, while a term_dot run of some 10^6 cycles doubles (21.7 s instead of 11.6).
constexpr uint64_t kShortRun = 100000;
std::string default_cache_dir();
// The generic driver (harness_main.inc + port glue for g's ports) as C++ source, for flows that
// feed their own stimulus file to build_simulator's executable (same STIM/OUT/VCD protocol).
std::string generic_driver_source(const Generated& g);

// Transaction-level blocks (start/done, valid/ready streams) provide their own driver and check.
using CosimDriver = std::function<CosimResult(const Generated&, const CosimOptions&)>;
void register_driver(const std::string& block, CosimDriver fn);
bool has_driver(const std::string& block);
struct DriverRegistration {
  DriverRegistration(const char* block, CosimDriver fn) { register_driver(block, std::move(fn)); }
};

}  // namespace qrtl::verif
