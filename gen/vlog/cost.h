// The depth model: how many levels of generic 2-input gates (the cells of synth/generic.ys) each
// primitive costs after Yosys and ABC have mapped it. The figures are upper bounds fitted to
// measurements of isolated primitives with the generic flow (benchmarks/calibrate_depth.py prints
// model and measurement side by side); ABC's area-oriented rewriting (dc2) maps every carry chain
// as a ripple, so additions and increments cost in proportion to their width, while comparisons,
// equality and reductions stay logarithmic.
#pragma once

namespace qrtl::vlog::cost {

constexpr int ceil_log2(long long n) {
  int b = 0;
  while ((1LL << b) < n) ++b;
  return b;
}

// One 2-input gate or 2:1 multiplexer level (AND/OR/XOR/MUX; inverters are absorbed).
constexpr int gate() { return 1; }
// AND/OR/XOR reduction of n bits: a balanced tree.
constexpr int reduce(int n) { return ceil_log2(n); }
// a == b on n bits: XNOR, then an AND tree (measured n=4..48: 3..8).
constexpr int equal(int n) { return ceil_log2(n) + 2; }
// a < b on n bits: a logarithmic comparator (measured n=4..48: 5..15).
constexpr int compare(int n) { return 2 * ceil_log2(n) + 3; }
// a + b on n bits: a ripple carry chain after ABC (measured 1.9n - 1 for n = 8..64).
constexpr int add(int n) { return 2 * n; }
// a + constant (increment, negation): a chain of AND/OR gates (measured n - 1).
constexpr int add_const(int n) { return n + 1; }
// x << s or x >> s by a variable amount of `bits` bits: one multiplexer level per bit.
constexpr int shift(int bits) { return bits + 1; }
// An n-input multiplexer tree (a variable select).
constexpr int mux_tree(int n) { return ceil_log2(n) + 1; }
// One level of a leading-zero count tree (arith::leading_zeros): ABC maps its multiplexers as
// AND-OR pairs (measured on 41 bits: depth 13 for 6 levels).
constexpr int lzc_level() { return 2; }
// a * b (generators use bit heaps instead; this is only a bound for stray operators).
constexpr int multiply(int wa, int wb) { return 3 * (wa + wb); }

}  // namespace qrtl::vlog::cost
