// tern_dot: ternary-weight dot product (TWN / BitNet b1.58 style), y = sum w_i*a_i with
// w_i in {-1, 0, +1} and int8 activations: no multipliers, each term is a, -a or nothing.
// Weight code {hi, lo}: lo = 1 selects the activation, hi = 1 negates it (01 = +1, 11 = -1; 00 and
// the reserved 10 are 0). A negation is ~a + 1, so every element adds the row (a ^ {8{hi}}) & {8{lo}}
// and the bit hi & lo to one BitHeap: N rows and N bits, one Dadda tree, one carry-propagate adder.
#include <fmt/format.h>

#include "arith/bitheap.h"
#include "bits.h"
#include "blocks/mx_common.h"
#include "registry.h"

namespace qrtl {
namespace {

int out_width(int n) { return 8 + clog2(n) + 1; }

void build_tern_dot(vlog::Design& d, const Params& p, const std::string& top) {
  const int n = static_cast<int>(p.i("n"));
  const int wy = out_width(n);
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Ternary dot product of {} int8 activations and {{-1, 0, +1}} weights (adds, no multiplies).", n));
  m.input("a", n * 8, "activations: int8, two's complement, element i at [i*8 +: 8]");
  m.input("w", n * 2, "weights: 2-bit code per element at [i*2 +: 2]: 00 = 0, 01 = +1, 11 = -1, 10 = 0 (reserved)");
  m.output("y", wy, "sum of w_i*a_i, two's complement");

  arith::BitHeap heap(m, "dot", wy);
  for (int i = 0; i < n; ++i) {
    const std::string a = m.wire(fmt::format("a_el{}", i), 8, n == 1 ? "a" : vlog::slice("a", i * 8 + 7, i * 8));
    const std::string lo = vlog::bit("w", 2 * i), hi = vlog::bit("w", 2 * i + 1);
    const std::string row = m.wire(fmt::format("t{}", i), 8, fmt::format("({} ^ {{8{{{}}}}}) & {{8{{{}}}}}", a, hi, lo),
                                   "a, ~a (with +1 below: -a) or 0");
    heap.add_number(row, 8, true);
    heap.add_bit(0, m.wire(fmt::format("neg{}", i), 1, fmt::format("{} & {}", hi, lo), "the +1 of -a"));
  }
  m.assign("y", heap.emit("dot"));
}

QRTL_BLOCK(BlockDef{
    .name = "tern_dot",
    .summary = "ternary-weight dot product y = sum w_i*a_i, w in {-1,0,+1}, int8 activations (no multipliers)",
    .doc = R"(ports: input [N*8-1:0] a, input [2*N-1:0] w, output [YW-1:0] y (+ input clk when stages>0)
a: int8 elements (two's complement) at [i*8 +: 8]; w: 2-bit codes at [i*2 +: 2],
2'b00 = 0, 2'b01 = +1, 2'b11 = -1, 2'b10 reserved (= 0); y = sum w_i*a_i, two's complement,
YW = 8 + clog2(N) + 1 (N=16: 13 bits, N=64: 15 bits)
stages=N: y belongs to the a, w sampled N rising edges earlier (depth=D: see the manifest))",
    .keys = {KeyDef::integer("n", 16, 1, 256, "vector length")},
    .build = build_tern_dot,
    .pipelined = true,
    .throughput = [](const Params& p) { return static_cast<double>(p.i("n")); },  // N MACs per cycle
});

}  // namespace
}  // namespace qrtl
