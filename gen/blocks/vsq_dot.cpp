// vsq_dot: VS-Quant (Dai et al., MLSys 2021) per-vector scaled integer dot product,
//   y = a_scale * b_scale * sum_i a_i*b_i,
// exact: int4/int8 two's-complement elements, one unsigned integer scale per vector. The element
// products share one BitHeap; the scale product (unsigned) then multiplies the signed dot product
// in a second BitHeap (Baugh-Wooley with one signed operand), so no rounding happens anywhere.
#include <fmt/format.h>

#include <algorithm>

#include "arith/bitheap.h"
#include "bits.h"
#include "blocks/mx_common.h"
#include "registry.h"

namespace qrtl {
namespace {


struct Widths {
  int w, sw, dot, y;
};

Widths widths(const Params& p) {
  Widths x;
  x.w = p.s("fmt") == "int4" ? 4 : 8;
  x.sw = static_cast<int>(p.i("sw"));
  const unsigned long long k = static_cast<unsigned long long>(p.i("k"));
  // |a_i*b_i| <= 2^(2w-2) (both -2^(w-1)); the sum of k of them needs one sign bit more.
  x.dot = bits_of(k << (2 * x.w - 2)) + 1;
  x.y = x.dot + 2 * x.sw;
  return x;
}

void build_vsq_dot(vlog::Design& d, const Params& p, const std::string& top) {
  const Widths wd = widths(p);
  const int k = static_cast<int>(p.i("k"));
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("VS-Quant dot product: {} x int{} per vector, unsigned {}-bit per-vector scales, exact.", k,
                         wd.w, wd.sw));
  m.describe(fmt::format("y = a_scale * b_scale * sum a_i*b_i ({}-bit two's complement).", wd.y));
  m.input("a", k * wd.w, fmt::format("vector A, two's complement: element i at [i*{0} +: {0}]", wd.w));
  m.input("a_scale", wd.sw, "per-vector scale of A, unsigned integer");
  m.input("b", k * wd.w, fmt::format("vector B: element i at [i*{0} +: {0}]", wd.w));
  m.input("b_scale", wd.sw, "per-vector scale of B, unsigned integer");
  m.output("y", wd.y, "a_scale * b_scale * dot(a, b), two's complement, exact");
  m.localparam("W", std::to_string(wd.w), "bits per element");

  const std::string a = "a", b = "b", as = "a_scale", bs = "b_scale";
  m.comment("element products: signed partial products of all k pairs in one heap");
  arith::BitHeap dot(m, "dot", wd.dot);
  for (int i = 0; i < k; ++i) {
    std::string ai = m.wire(fmt::format("a_el{}", i), wd.w, fmt::format("{}[{} +: W]", a, i * wd.w));
    std::string bi = m.wire(fmt::format("b_el{}", i), wd.w, fmt::format("{}[{} +: W]", b, i * wd.w));
    dot.add_product(ai, wd.w, true, bi, wd.w, true);
  }
  arith::BitHeap ssh(m, "ss", 2 * wd.sw);
  ssh.add_product(as, wd.sw, false, bs, wd.sw, false);
  const std::string dsum = dot.emit("dot_sum");
  const std::string ss = ssh.emit("scale_prod");
  m.comment("scale the exact dot product: signed x unsigned");
  arith::BitHeap yh(m, "y", wd.y);
  yh.add_product(dsum, wd.dot, true, ss, 2 * wd.sw, false);
  m.assign("y", yh.emit("y_sum"));
}

QRTL_BLOCK(BlockDef{
    .name = "vsq_dot",
    .summary = "VS-Quant per-vector scaled integer dot product (int4/int8, unsigned scales), exact",
    .doc = R"(ports: input [K*W-1:0] a, input [SW-1:0] a_scale, input [K*W-1:0] b, input [SW-1:0] b_scale,
output [YW-1:0] y (+ input clk when stages>0); element i at [i*W +: W], W = 4 (int4) or 8 (int8)
y = a_scale * b_scale * sum a_i*b_i exactly, two's complement; scales are unsigned integers;
YW = DW + 2*SW where DW = bits(k * 2^(2W-2)) + 1 holds the dot product
stages=N: y belongs to the inputs sampled N rising edges earlier (depth=D: see the manifest))",
    .keys = {KeyDef::choice("fmt", "int8", {"int4", "int8"}, "element format"),
             KeyDef::integer("k", 16, 1, 64, "elements per vector"),
             KeyDef::integer("sw", 8, 1, 16, "scale width (unsigned)")},
    .build = build_vsq_dot,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
