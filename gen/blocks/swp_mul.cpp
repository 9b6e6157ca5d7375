// swp_mul: subword-parallel, sum-apart multiplier (DVAFS-like). One 8x8 datapath built
// recursively from quarters: an n x n product is LL + (LH + HL)*2^(n/2) + HH*2^n, where LL is
// low half times low half, etc. In a split mode the cross quarters LH, HL are gated to zero and
// LL, HH take their operands as independent signed subwords, so the output is just {HH, LL}:
// 8-bit mode fuses everything, 4-bit mode splits the 8x8 level (two 4x4 products), 2-bit mode
// also splits the 4x4 level (four 2x2 products). The 2x2 leaves are the run-time-signed bricks.
#include <fmt/format.h>

#include <algorithm>

#include "arith/bitheap.h"
#include "arith/pipeline.h"
#include "blocks/common.h"
#include "blocks/subword.h"
#include "registry.h"

namespace qrtl {
namespace {

struct Quarter {
  const char* name;
  bool x_hi, y_hi;  // which half of x and y it multiplies
};
constexpr Quarter kQuarters[4] = {{"ll", false, false}, {"hh", true, true}, {"lh", false, true}, {"hl", true, false}};

// Instantiates the four (n/2)x(n/2) quarter products of x*y (n bits each) in m; returns their
// names <prefix>_ll, _hh, _lh, _hl (n bits each). `sub_split` is connected to the sub-modules'
// split port when they have one.
void quarters(vlog::Module& m, const std::string& sub, int n, const std::string& x, const std::string& y,
              const std::string& xs, const std::string& ys, const std::string& split,
              const std::string& sub_split) {
  const int h = n / 2;
  m.wire("fuse", 1, fmt::format("~{}", split), "cross quarters work only when the level is fused");
  for (const auto& q : kQuarters) {
    bool cross = q.x_hi != q.y_hi;
    auto half = [&](const std::string& v, bool hi) {
      std::string s = hi ? vlog::slice(v, n - 1, h) : vlog::slice(v, h - 1, 0);
      return cross ? fmt::format("{} & {{{}{{fuse}}}}", s, h) : s;
    };
    std::string qx = m.wire(fmt::format("{}_x", q.name), h, half(x, q.x_hi));
    std::string qy = m.wire(fmt::format("{}_y", q.name), h, half(y, q.y_hi));
    // A high half always holds its operand's sign; a low half holds one only when it is a
    // subword of its own, i.e. when the level is split.
    std::string qxs = q.x_hi ? xs : (q.y_hi ? "1'b0" : m.wire(fmt::format("{}_xs", q.name), 1, xs + " & " + split));
    std::string qys = q.y_hi ? ys : (q.x_hi ? "1'b0" : m.wire(fmt::format("{}_ys", q.name), 1, ys + " & " + split));
    std::vector<vlog::Connection> conns = {{"x", qx}, {"xs", qxs}, {"y", qy}, {"ys", qys}};
    if (!sub_split.empty()) conns.push_back({"split", sub_split});
    conns.push_back({"p", m.signal(fmt::format("p_{}", q.name), n)});
    m.instance(sub, fmt::format("q_{}", q.name), conns);
  }
}

// {HH, LL} + (LH + HL) * 2^(n/2), modulo 2^(2n), from quarter products named p_ll.. (or ll.. as
// given in `p`). LH is signed when ys is, HL when xs is (their low-half operand is unsigned).
std::string combine(vlog::Module& m, int n, const std::string p[4], const std::string& xs,
                    const std::string& ys) {
  arith::BitHeap heap(m, "comb", 2 * n);
  std::string pair = m.wire("pair", 2 * n, fmt::format("{{{}, {}}}", p[1], p[0]),
                            "HH and LL side by side: the whole result in a split level");
  heap.add_number(pair, 2 * n, false);
  blocks::add_runtime_signed(heap, m, p[2], n, ys, n / 2, "lh_neg");
  blocks::add_runtime_signed(heap, m, p[3], n, xs, n / 2, "hl_neg");
  return heap.emit("comb_sum");
}

void emit_mul4(vlog::Design& d, const std::string& name, const std::string& brick) {
  vlog::Module& m = d.modules.emplace_back(name);
  m.describe("4x4 level of the subword-parallel multiplier: split=0 gives the 8-bit product x*y (x signed");
  m.describe("when xs, y when ys); split=1 gives two independent 2x2 products {xh*yh, xl*yl}, 4 bits each.");
  m.input("x", 4, "first operand (or two 2-bit subwords)");
  m.input("xs", 1, "x is two's complement (each subword, when split)");
  m.input("y", 4, "second operand (or two 2-bit subwords)");
  m.input("ys", 1, "y is two's complement");
  m.input("split", 1, "1: two independent 2x2 products");
  m.output("p", 8, "product, or two packed 4-bit products");
  quarters(m, brick, 4, "x", "y", "xs", "ys", "split", "");
  const std::string p[4] = {"p_ll", "p_hh", "p_lh", "p_hl"};
  m.assign("p", combine(m, 4, p, "xs", "ys"));
}

void build_swp_mul(vlog::Design& d, const Params& params, const std::string& top) {
  const bool sgn = params.b("signed");
  const std::string sflag = sgn ? "1'b1" : "1'b0";
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Subword-parallel {} multiplier (sum-apart): one 8x8, two 4x4 or four 2x2 products", sgn ? "signed" : "unsigned"));
  m.describe("packed in y, selected by prec.");
  m.input("a", 8, "operand, or subwords a_k at [k*bits +: bits]");
  m.input("b", 8, "operand, or subwords b_k");
  m.input("prec", 2, "0: 8-bit, 1: 4-bit, 2: 2-bit, 3: reserved");
  m.output("y", 16, "products p_k = a_k*b_k at [k*2*bits +: 2*bits]");

  blocks::decode_prec(m, "prec", 0b101);
  m.wire("split8", 1, "~mode8", "the 8x8 level is split in the 4-bit and 2-bit modes");
  quarters(m, top + "_mul4", 8, "a", "b", sflag, sflag, "split8", "mode2");
  const std::string p[4] = {"p_ll", "p_hh", "p_lh", "p_hl"};
  m.assign("y", combine(m, 8, p, sflag, sflag));

  emit_mul4(d, top + "_mul4", top + "_brick");
  blocks::emit_brick_module(d, top + "_brick", 4);
}

QRTL_BLOCK(BlockDef{
    .name = "swp_mul",
    .summary = "subword-parallel multiplier, sum-apart (DVAFS-like): 1 8x8, 2 4x4 or 4 2x2 products",
    .doc = R"(ports: input [7:0] a, input [7:0] b, input [1:0] prec, output [15:0] y (+ clk when stages>0)
subword k of a and b at bits [k*bits +: bits]; its product a_k*b_k is kept whole in
2*bits bits at y[k*2*bits +: 2*bits] (signed=1: two's complement subwords and products):
  prec 0 (8-bit): y[15:0] = a*b
  prec 1 (4-bit): y[7:0] = a[3:0]*b[3:0], y[15:8] = a[7:4]*b[7:4]
  prec 2 (2-bit): y[4k+3:4k] = a[2k+1:2k]*b[2k+1:2k] for k = 0..3
prec=3 is reserved: y is unspecified (here: as 4-bit), never X
structure: 8x8 = four 4x4 quarters, 4x4 = four 2x2 bricks; a split level gates its cross
quarters to zero and gives its low quarter signed subwords
stages=N: y belongs to the a, b, prec sampled N rising edges earlier)",
    .keys = {KeyDef::choice("signed", "1", {"0", "1"}, "two's complement subwords")},
    .build = build_swp_mul,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
