// bin_dot: binary (+1/-1) dot product by XNOR-popcount (BinaryConnect / XNOR-Net style).
// Bit 1 encodes +1 and bit 0 encodes -1, so a_i*b_i = +1 exactly when the bits agree:
//   y = sum a_i*b_i = agree - disagree = 2*popcount(~(a ^ b)) - N.
// The agreement bits enter the shared BitHeap with weight 2 and -N is a constant row, so the
// popcount, the doubling and the offset cost one Dadda tree and one carry-propagate adder.
#include <fmt/format.h>

#include "arith/bitheap.h"
#include "bits.h"
#include "registry.h"

namespace qrtl {
namespace {

// y spans [-N, N]: a two's-complement width with 2^(wy-1) > N.
int out_width(int n) { return bits_of(static_cast<uint64_t>(n)) + 1; }

void build_bin_dot(vlog::Design& d, const Params& p, const std::string& top) {
  const int n = static_cast<int>(p.i("n"));
  const int wy = out_width(n);
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Binary dot product of {} +1/-1 pairs (bit 1 = +1, bit 0 = -1).", n));
  m.input("a", n, "activations, one +1/-1 value per bit");
  m.input("b", n, "weights, one +1/-1 value per bit");
  m.output("y", wy, "sum of a_i*b_i = N - 2*popcount(a ^ b), two's complement");

  // The heap: every agreement bit with weight 2, and the constant -N.
  std::string agree = m.wire("agree", n, "~(a ^ b)", "bit i set where a_i*b_i = +1");
  arith::BitHeap heap(m, "cnt", wy);
  for (int i = 0; i < n; ++i) heap.add_bit(1, n == 1 ? agree : vlog::bit(agree, i));
  heap.add_constant(-n);
  m.assign("y", heap.emit("dot"));
}

QRTL_BLOCK(BlockDef{
    .name = "bin_dot",
    .summary = "binary +1/-1 dot product by XNOR-popcount, y = N - 2*popcount(a^b)",
    .doc = R"(ports: input [N-1:0] a, input [N-1:0] b, output [WY-1:0] y (+ input clk when stages>0)
bit 1 = +1, bit 0 = -1; y = sum a_i*b_i in [-N, N], two's complement,
WY = smallest width with 2^(WY-1) > N (N=64: 8 bits)
stages=N: y belongs to the a, b sampled N rising edges earlier)",
    .keys = {KeyDef::integer("n", 64, 1, 4096, "vector length")},
    .build = build_bin_dot,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
