// Transaction-level cosimulation of start/ready/valid blocks (bs_dot, loom_dot, term_dot): a block
// driver describes each transaction as its logical operands (what the golden model sees) and the
// cycle-by-cycle port values that carry them; this runs them through a Verilated model back to back
// with random idle gaps and garbage on every input the protocol says is ignored, then checks each
// result AND its cycle count against the model (outputs "y" and "cycles"), the valid pulses and the
// start-to-start spacing (a new start must be accepted as soon as the previous one allows).
#pragma once
#include <functional>
#include <random>
#include <vector>

#include "bits.h"
#include "cosim/cosim.h"
#include "models/model.h"

namespace qrtl::verif {

struct Txn {
  Inputs operands;             // the golden model's inputs
  std::vector<Inputs> cycles;  // port values from the start cycle on (every input but clk, rst_n)
  int gap = 0;                 // idle cycles the driver inserts after the last vector
};

struct TxnBench {
  std::function<std::vector<Txn>(const Params&, std::mt19937_64&)> corners;
  std::function<Txn(const Params&, std::mt19937_64&)> random;
  // Edges from the accepted start to the edge that registers y, minus the model's cycle count:
  // 0 when the start cycle already computes (bs_dot), 1 when it only loads (loom_dot, term_dot).
  int load_cycles = 0;
  // For measurements (qrtl compare): a transaction at runtime precision `bits` for every operand
  // that has one, operands uniform over the bits-bit range of their signedness (extended to the
  // port width), no gap, and the inputs the protocol ignores held still (as a real buffer would).
  std::function<Txn(const Params&, int bits, std::mt19937_64&)> at_precision;
};

CosimResult txn_cosim(const Generated& g, const CosimOptions& opts, const TxnBench& bench);

// opts.vectors transactions of the block's at_precision bench, back to back, checked as by
// txn_cosim, with a VCD of the run written to vcd_path (cycle c at time 2c, its closing edge at
// 2c + 1). The busy window is cycles window_begin .. window_end - 1: from the first start (plus
// the bench's load cycles) to the last valid pulse, so that its length is exactly the sum of the
// transactions' cycle counts.
struct TxnMeasure {
  CosimResult result;
  uint64_t transactions = 0;
  uint64_t window_begin = 0, window_end = 0;
};
TxnMeasure txn_measure(const Generated& g, const CosimOptions& opts, int bits, const std::string& vcd_path);

// The bench of a transaction-level block, or nullptr. A TxnBenchRegistration registers the bench
// and the block's cosim driver (txn_cosim with that bench).
const TxnBench* find_txn_bench(const std::string& block);
struct TxnBenchRegistration {
  TxnBenchRegistration(const char* block, std::function<TxnBench()> make);
};

// The lanes, wa and ww keys of a temporal block.
struct LaneWidths {
  int lanes, wa, ww;
};
inline LaneWidths lane_widths(const Params& p) {
  return {static_cast<int>(p.i("lanes")), static_cast<int>(p.i("wa")), static_cast<int>(p.i("ww"))};
}

// Width of a runtime precision port for `width`-bit operands: clog2(width + 1).
inline unsigned precision_port_bits(int width) { return static_cast<unsigned>(clog2(static_cast<uint64_t>(width) + 1)); }
// A runtime precision for a `width`-bit operand: mostly 1..width, sometimes any port value
// (0 and out-of-range values mean full precision).
uint64_t random_precision(int width, std::mt19937_64& rng);

// A transaction whose operands are all loaded with start (one vector: operands + start = 1).
Txn parallel_load(Inputs operands, int gap);

// Lane values (raw bit patterns, low `width` bits of each) packed lane i at [i*width +: width].
Bits pack_lanes(const std::vector<uint64_t>& v, int width);
// Random operand patterns for `lanes` lanes of `width` bits: uniform, with a share of zeros and of
// one-hot values (few Booth terms) so that data-dependent timing is exercised.
std::vector<uint64_t> random_lanes(int lanes, int width, std::mt19937_64& rng);
// Lane values uniform over the bits-bit range (two's complement if is_signed), sign- or
// zero-extended to `width` bits (bits <= width).
std::vector<uint64_t> random_lanes_at(int lanes, int width, int bits, bool is_signed, std::mt19937_64& rng);
// Directed lane patterns at precision p: all zero, all ones, most negative (only bit p-1), most
// positive (bits 0..p-2), alternating; bits above p are set to ones in every other lane (ignored).
std::vector<std::vector<uint64_t>> corner_lanes(int lanes, int width, int p);
// Random values on every input port of g except clk and rst_n, with start = 0.
Inputs idle_inputs(const Generated& g, std::mt19937_64& rng);

}  // namespace qrtl::verif
