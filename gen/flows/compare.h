// Precision-scalable MAC comparison (Camus et al., JETCAS 2019 style): for each design and each
// precision (8/4/2-bit), area and depth from generic-gate synthesis, ops per cycle, and an
// activity-based energy proxy: net toggles per operation of the synthesized gate netlist,
// simulated by Verilator on random operands of that precision.
//
// The design list is data: a CompareDesign row says which block to generate, how its operands
// are laid out in a mode, how many operations a cycle completes, and what it is measured
// against. The temporal designs (bs_dot, loom_dot, term_dot: start/ready/valid, multi-cycle) are
// measured by a transaction-level run of their gate netlist instead of the generic
// one-vector-per-cycle run, and their operations per cycle are counted in that run.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "registry.h"

namespace qrtl::flows {

// How a design receives its operands in a mode of `bits` bits.
enum class Operands {
  packed,       // a, b hold lanes*8/bits subwords (ps_dot, swp_mul); prec selects the mode
  msb_gated,    // the top `bits` bits of each byte are the operand (dg_mac); prec selects the mode
  lsb_extended,  // a fixed 8-bit datapath fed `bits`-bit values, sign/zero-extended (int_mac, int_mul)
  transactions,  // start/ready/valid: `bits`-bit operands at runtime precision `bits`, back to back
  fixed          // one precision only (ternary or binary weights, int8 activations): the same random
                 // operands in every mode, so only its area and energy per operation compare
};

struct Activity {
  uint64_t cycles = 0;   // measured clock cycles (vector transitions)
  uint64_t toggles = 0;  // bit flips of all non-input nets over those cycles
  uint64_t nets = 0;     // distinct nets (bits) observed
  uint64_t ops = 0;      // multiplications completed in those cycles (0: ops_per_cycle * cycles)
};

struct CompareOptions {
  std::vector<std::string> designs;  // labels to run (empty = the by_default ones); baseline and references added
  uint64_t vectors = 2000;           // random operand vectors (multiplications) per design and precision
  uint64_t seed = 1;
  bool is_signed = true;
  std::string cache_dir;             // Verilator builds
};

struct CompareDesign {
  std::string label;                // row name, unique
  std::string block;
  std::vector<std::string> params;  // key=value words (the signed_keys are appended from the options)
  std::vector<std::string> signed_keys = {"signed"};
  std::string family;               // e.g. "baseline", "spatial sum-together"
  std::string reference;            // label of the design its area overhead is measured against
  Operands operands = Operands::lsb_extended;
  int lanes = 1;                    // byte lanes of a and b
  bool accumulate = false;          // port acc is fed the previous y (a running accumulation)
  bool by_default = true;           // run without --designs (else only when named)
  // Operations (multiplications) completed per cycle with bits_a x bits_b operands; default:
  // flows/throughput.h (for transactions: counted in the measured run).
  std::function<double(int bits_a, int bits_b)> ops_per_cycle;
  // Ports pa and pb set the two operand widths independently (bf_dot): every pair of 8/4/2 bits is
  // measured, not just equal widths.
  bool width_pairs = false;
};

// int_mac (the baseline), int_mul, dg_mac, swp_mul, ps_dot with 1 lane, and the 16-lane 8-bit
// temporal units (bs_dot, loom_dot bpc=1/2/4, term_dot), the low-bit-weight dot products (tern_dot
// n=16: ternary weights x int8; bin_dot n=64: +1/-1 both sides) against int_mac per operation; on
// request ps_dot and bb_dot with 4 lanes (slow to synthesize; see docs/results/scalable-macs.md)
// and bf_dot with 1 lane in all nine width pairs.
std::vector<CompareDesign> default_designs();

struct CompareRow {
  std::string label, family, reference;
  int bits = 8;    // operand width (of a, for width pairs)
  int bits_b = 8;  // width of b (= bits, except in width pairs)
  long cells = 0, transistors = 0, depth = 0;
  double ops_per_cycle = 0;
  double ops_per_ktr = 0;     // ops per cycle per 1000 transistors
  double toggles_per_op = 0;
  double energy_rel = 0;      // toggles per op / int_mac's at 8 bit
  uint64_t vectors = 0;
  uint64_t nets = 0;
};

inline constexpr const char* kBaseline = "int_mac";
inline constexpr int kCompareBits[3] = {8, 4, 2};

std::vector<CompareRow> run_compare(const std::vector<CompareDesign>& designs, const CompareOptions& opts);
// The per-design, per-precision table and the Camus-style summary, as Markdown.
std::string format_detail(const std::vector<CompareRow>& rows);
std::string format_summary(const std::vector<CompareRow>& rows);
std::string rows_json(const std::vector<CompareRow>& rows);

// Gate-level activity of one design (exposed for tests): synthesizes g with the generic-gate
// script (cached in cache_dir, default the cosim cache) and returns the figures and the netlist
// as a Generated with the same ports: a wrapper module TOP around the gates (module TOP_gates,
// instance `gates`, ports split into bits named NAME_<k>_).
struct GateNetlist {
  long cells = 0, transistors = 0, depth = 0;
  Generated netlist;
};
GateNetlist synthesize_netlist(const Generated& g, const std::string& cache_dir = "");
inline constexpr int kGatesScopeDepth = 3;  // VCD scopes: TOP, the wrapper, the gates
// Counts bit flips per net in a VCD file after its first time step, over the variables declared
// in scopes at least `min_depth` deep, skipping the `excluded` names (the inputs) and their
// split bits NAME_<k>_. Aliased nets (one id code) count once. Only changes at time stamps in
// [from, to) are counted (values are tracked throughout).
Activity count_vcd_toggles(const std::string& vcd_path, const std::vector<std::string>& excluded, int min_depth,
                           uint64_t from = 0, uint64_t to = UINT64_MAX);

}  // namespace qrtl::flows
