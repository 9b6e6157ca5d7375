// vsq_dot: VS-Quant (Dai et al., MLSys 2021) per-vector scaled integer dot product,
//   y = a_scale * b_scale * sum_i a_i*b_i,
// exact: int4/int8 two's-complement elements, one unsigned integer scale per vector. The element
// products share one BitHeap; the scale product (unsigned) then multiplies the signed dot product
// in a second BitHeap (Baugh-Wooley with one signed operand), so no rounding happens anywhere.
#include <fmt/format.h>

#include <algorithm>

#include "arith/bitheap.h"
#include "blocks/common.h"
#include "blocks/mx_common.h"
#include "registry.h"

namespace qrtl {
namespace {

enum class Cut { out, mid, pp, in };
const Cut kCutOrder[] = {Cut::out, Cut::mid, Cut::pp, Cut::in};

struct Widths {
  int w, sw, dot, y;
};

Widths widths(const Params& p) {
  Widths x;
  x.w = p.s("fmt") == "int4" ? 4 : 8;
  x.sw = static_cast<int>(p.i("sw"));
  const unsigned long long k = static_cast<unsigned long long>(p.i("k"));
  // |a_i*b_i| <= 2^(2w-2) (both -2^(w-1)); the sum of k of them needs one sign bit more.
  x.dot = blocks::bits_of(k << (2 * x.w - 2)) + 1;
  x.y = x.dot + 2 * x.sw;
  return x;
}

void build(vlog::Design& d, const Params& p, const std::string& top) {
  const Widths wd = widths(p);
  const int k = static_cast<int>(p.i("k")), stages = static_cast<int>(p.i("stages"));
  auto cut = [&](Cut c) {
    auto end = kCutOrder + std::min<int>(stages, 4);
    return std::find(kCutOrder, end, c) != end;
  };
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("VS-Quant dot product: {} x int{} per vector, unsigned {}-bit per-vector scales, exact.", k,
                         wd.w, wd.sw));
  m.describe(fmt::format("y = a_scale * b_scale * sum a_i*b_i ({}-bit two's complement). Latency {} cycle(s).", wd.y,
                         stages));
  if (stages > 0) m.input("clk", 1, "rising-edge clock of the pipeline");
  m.input("a", k * wd.w, fmt::format("vector A, two's complement: element i at [i*{0} +: {0}]", wd.w));
  m.input("a_scale", wd.sw, "per-vector scale of A, unsigned integer");
  m.input("b", k * wd.w, fmt::format("vector B: element i at [i*{0} +: {0}]", wd.w));
  m.input("b_scale", wd.sw, "per-vector scale of B, unsigned integer");
  m.output("y", wd.y, "a_scale * b_scale * dot(a, b), two's complement, exact");
  m.localparam("W", std::to_string(wd.w), "bits per element");

  std::string a = "a", b = "b", as = "a_scale", bs = "b_scale";
  if (cut(Cut::in)) {
    a = m.reg("clk", "a_q", k * wd.w, "a", "input register");
    as = m.reg("clk", "a_scale_q", wd.sw, "a_scale", "input register");
    b = m.reg("clk", "b_q", k * wd.w, "b", "input register");
    bs = m.reg("clk", "b_scale_q", wd.sw, "b_scale", "input register");
  }
  m.comment("element products: signed partial products of all k pairs in one heap");
  arith::BitHeap dot(m, "dot", wd.dot);
  for (int i = 0; i < k; ++i) {
    std::string ai = m.wire(fmt::format("a_el{}", i), wd.w, fmt::format("{}[{} +: W]", a, i * wd.w));
    std::string bi = m.wire(fmt::format("b_el{}", i), wd.w, fmt::format("{}[{} +: W]", b, i * wd.w));
    dot.add_product(ai, wd.w, true, bi, wd.w, true);
  }
  std::vector<int> dot_cuts;
  if (cut(Cut::pp)) dot_cuts.push_back(0);
  if (cut(Cut::mid)) dot_cuts.push_back(dot.levels() + 1);
  arith::BitHeap ssh(m, "ss", 2 * wd.sw);
  ssh.add_product(as, wd.sw, false, bs, wd.sw, false);
  std::string dsum = dot.emit("dot_sum", dot_cuts);
  std::string ss = ssh.emit("scale_prod");
  ss = blocks::delay(m, "clk", ss, 2 * wd.sw, static_cast<int>(dot_cuts.size()));
  m.comment("scale the exact dot product: signed x unsigned");
  arith::BitHeap yh(m, "y", wd.y);
  yh.add_product(dsum, wd.dot, true, ss, 2 * wd.sw, false);
  std::string y = yh.emit("y_sum", cut(Cut::out) ? std::vector<int>{yh.levels() + 1} : std::vector<int>{});
  m.assign("y", y);
}

BlockDef make() {
  BlockDef def;
  def.name = "vsq_dot";
  def.summary = "VS-Quant per-vector scaled integer dot product (int4/int8, unsigned scales), exact";
  def.doc = {"ports: input [K*W-1:0] a, input [SW-1:0] a_scale, input [K*W-1:0] b, input [SW-1:0] b_scale,",
             "output [YW-1:0] y (+ input clk when stages>0); element i at [i*W +: W], W = 4 (int4) or 8 (int8)",
             "y = a_scale * b_scale * sum a_i*b_i exactly, two's complement; scales are unsigned integers;",
             "YW = DW + 2*SW where DW = bits(k * 2^(2W-2)) + 1 holds the dot product",
             "stages=N: y belongs to the inputs sampled N rising edges earlier; registers are added in the order",
             "output (after the scaling adder), dot product (before scaling), element partial products, inputs"};
  def.keys = {KeyDef::choice("fmt", "int8", {"int4", "int8"}, "element format"),
              KeyDef::integer("k", 16, 1, 64, "elements per vector"),
              KeyDef::integer("sw", 8, 1, 16, "scale width (unsigned)"),
              KeyDef::integer("stages", 0, 0, 4, "pipeline register stages (latency)")};
  def.build = build;
  def.latency = [](const Params& p) { return static_cast<int>(p.i("stages")); };
  return def;
}

QRTL_BLOCK(make);

}  // namespace
}  // namespace qrtl
