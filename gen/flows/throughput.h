// Throughput per operand precision, for sweep reports, plots and `qrtl compare`.
//
// A block's registration may declare one throughput (BlockDef::throughput: operations per cycle at
// its parameters). Blocks whose precision is chosen at run time (a `prec` port or a precision
// input) do more operations per cycle at lower precision; that mapping lives in one table in
// throughput.cpp, derived from each block's documented semantics (`qrtl list BLOCK`).
#pragma once
#include <string>
#include <vector>

#include "registry.h"

namespace qrtl::flows {

struct OpsAtPrecision {
  int bits = 0;              // operand precision
  double ops_per_cycle = 0;  // multiplies / MACs / dot-product terms completed per clock cycle
};

// Every precision the block supports, highest first: the table's run-time precisions, or else the
// registry's throughput at the block's design precision `design_bits` (-1: unknown, reported as 0).
// Empty when neither gives a throughput.
std::vector<OpsAtPrecision> throughput_by_precision(const BlockDef& def, const Params& p, double design_bits);

// A caveat to show beside the block's figures ("worst case" for value-dependent timing), or "".
std::string throughput_caveat(const std::string& block);

// Operations per cycle when fed `bits`-bit operands: the table's figure for a run-time precision
// block, else its registry throughput (a fixed datapath does the same work on narrower values);
// -1 when neither is known.
double ops_per_cycle_at(const BlockDef& def, const Params& p, int bits);

}  // namespace qrtl::flows
