// ps_dot: precision-scalable dot product, spatial and sum-together (BitFusion-style). Every byte
// pair (lane) is cut into 2-bit digits; a lane holds a 4x4 array of 2x2 "bricks", brick (i,j)
// multiplying digit i of a with digit j of b. A mode only changes which bricks work, which digits
// carry a sign, and by how much each brick product is shifted before the one shared adder tree
// (the fusion): 8-bit mode fuses all 16 bricks of a lane into one 8x8 product (shift 2(i+j)),
// 4-bit mode the two 2x2 groups on the diagonal into two 4x4 products, 2-bit mode uses the 4
// diagonal bricks alone. All products of all lanes are summed together by one BitHeap.
//
// bb_dot: the same contract and bricks, BitBlade-style shift-add sharing: the products of the
// bricks at the same position (i,j) of every lane are summed first (no shift: they all have the
// same weight in every mode), and only these 16 position sums are gated and shifted per mode.
// The per-lane shift/gate logic of ps_dot is paid once instead of once per lane.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "arith/bitheap.h"
#include "blocks/subword.h"
#include "registry.h"

namespace qrtl {
namespace {

constexpr int kDigits = 4;     // 2-bit digits per byte
constexpr int kBrickBits = 5;  // a brick product -6..9 as a signed number
constexpr int kOutBits = 32;

// Name of the wire that is high in the modes of `mask` (bit k = prec code k).
std::string mode_name(unsigned mask) {
  static const char* names[8] = {"", "mode8", "mode4", "mode_8or4", "mode2", "mode_8or2", "mode_4or2", "mode_any"};
  return names[mask & 7];
}

// One shifted copy of a product in the fusion heap: brick (i,j) of `lane` (or, with shared
// shifts, the position sum (i,j): lane -1), added at column `shift` in the modes of `modes`.
// `gated` when the brick also works in other modes at another shift.
struct Term {
  int lane, i, j, shift;
  unsigned modes;
  bool gated;
};

unsigned brick_modes(int i, int j) {
  unsigned mask = 0;
  for (unsigned k = 0; k < 3; ++k) {
    int per = blocks::kPrecBits[k] / 2;  // digits per subword
    if (i / per == j / per) mask |= 1u << k;
  }
  return mask;
}

// Modes in which digit i is the top digit of its subword, i.e. carries the sign.
unsigned sign_modes(int i) {
  unsigned mask = 0;
  for (unsigned k = 0; k < 3; ++k) {
    int per = blocks::kPrecBits[k] / 2;
    if (i % per == per - 1) mask |= 1u << k;
  }
  return mask;
}

std::vector<Term> fusion_terms(int lanes, bool shared) {
  std::vector<Term> terms;
  for (int l = shared ? -1 : 0; l < (shared ? 0 : lanes); ++l)
    for (int i = 0; i < kDigits; ++i)
      for (int j = 0; j < kDigits; ++j) {
        std::map<int, unsigned> by_shift;  // shift -> modes using it
        for (unsigned k = 0; k < 3; ++k) {
          int per = blocks::kPrecBits[k] / 2;
          if (i / per == j / per) by_shift[2 * (i % per + j % per)] |= 1u << k;
        }
        for (const auto& [shift, modes] : by_shift)
          terms.push_back({l, i, j, shift, modes, modes != brick_modes(i, j)});
      }
  return terms;
}

std::string source_name(const Term& t) {
  return t.lane < 0 ? fmt::format("pos_p{}{}", t.i, t.j) : fmt::format("l{}_p{}{}", t.lane, t.i, t.j);
}

std::string product_name(const Term& t) {
  return t.gated ? fmt::format("{}_s{}", source_name(t), t.shift) : source_name(t);
}

// Bits of a signed sum of `lanes` brick products (-6..9 each).
int position_width(int lanes) {
  int w = kBrickBits;
  while ((1ll << (w - 1)) - 1 < 9ll * lanes) ++w;
  return w;
}

// Width of the sum of all subword products in the worst mode, so the heap stays narrow.
int sum_width(int lanes, bool sgn) {
  int w = 1;
  for (int bits : blocks::kPrecBits) {
    long long n = static_cast<long long>(lanes) * 8 / bits, h = 1ll << (bits - 1);
    long long hi = sgn ? n * h * h : n * (2 * h - 1) * (2 * h - 1);
    long long lo = sgn ? -n * h * (h - 1) : 0;
    int need = 1;
    while (sgn ? (hi > (1ll << (need - 1)) - 1 || lo < -(1ll << (need - 1))) : hi > (1ll << need) - 1) ++need;
    w = std::max(w, need);
  }
  return w;
}

void build(vlog::Design& d, const Params& p, const std::string& top, bool share) {
  const int lanes = static_cast<int>(p.i("lanes"));
  const bool sgn = p.b("signed");
  const int n = lanes * 8;
  const bool shared = share && lanes > 1;  // one lane: the position sums are the brick products
  const int src_w = shared ? position_width(lanes) : kBrickBits;
  // Narrow heap: wide enough for every sum and for the most shifted product.
  const int w = std::max(sum_width(lanes, sgn), 2 * 2 * (kDigits - 1) + src_w);
  const std::string brick = top + "_brick";
  const std::vector<Term> terms = fusion_terms(lanes, shared);

  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Precision-scalable {} dot product of {} byte lane(s), {}: {} 2x2 bricks",
                         sgn ? "signed" : "unsigned", lanes, share ? "BitBlade-style" : "BitFusion-style",
                         lanes * kDigits * kDigits));
  m.describe(share ? "summed per brick position across lanes, then shifted per mode and fused by one adder tree."
                   : "fused by shift-add into one adder tree.");
  m.describe("prec 0: 8-bit, 1: 4-bit, 2: 2-bit subwords;");
  m.describe("y = sum of a_j*b_j over all subword pairs.");
  m.input("a", n, fmt::format("subwords a_j at [j*bits +: bits], {}", sgn ? "two's complement" : "unsigned"));
  m.input("b", n, "subwords b_j, same packing");
  m.input("prec", 2, "0: 8-bit, 1: 4-bit, 2: 2-bit, 3: reserved");
  m.output("y", kOutBits, "sum of all subword products");

  const std::string a = "a", b = "b";
  blocks::decode_prec(m, "prec");
  for (unsigned mask : {3u, 6u, 7u}) {
    std::vector<std::string> parts;
    for (unsigned k = 0; k < 3; ++k)
      if (mask >> k & 1) parts.push_back(mode_name(1u << k));
    m.wire(mode_name(mask), 1, fmt::format("{}", fmt::join(parts, " | ")));
  }

  m.comment("Bricks: a brick only works in the modes where its digits belong to the same subword pair;");
  m.comment("otherwise its digits are gated to zero so that it neither toggles nor contributes.");
  for (int l = 0; l < lanes; ++l) {
    for (int i = 0; i < kDigits; ++i)
      for (unsigned mask : {1u, 3u, 7u}) {
        int lo = 8 * l + 2 * i;
        m.wire(fmt::format("l{}_a{}_{}", l, i, mode_name(mask)), 2,
               fmt::format("{} & {{2{{{}}}}}", vlog::slice(a, lo + 1, lo), mode_name(mask)));
        m.wire(fmt::format("l{}_b{}_{}", l, i, mode_name(mask)), 2,
               fmt::format("{} & {{2{{{}}}}}", vlog::slice(b, lo + 1, lo), mode_name(mask)));
      }
    for (int i = 0; i < kDigits; ++i)
      for (int j = 0; j < kDigits; ++j) {
        std::string en = mode_name(brick_modes(i, j));
        std::string prod = m.signal(fmt::format("l{}_p{}{}", l, i, j), kBrickBits);
        m.instance(brick, fmt::format("l{}_brick{}{}", l, i, j),
                   {{"x", fmt::format("l{}_a{}_{}", l, i, en)},
                    {"xs", sgn ? mode_name(sign_modes(i)) : "1'b0"},
                    {"y", fmt::format("l{}_b{}_{}", l, j, en)},
                    {"ys", sgn ? mode_name(sign_modes(j)) : "1'b0"},
                    {"p", prod}});
      }
  }

  if (shared) {
    m.comment("Shift-add sharing: bricks at the same position weigh the same in every mode, so their");
    m.comment("products are summed across lanes before any shift.");
    for (int i = 0; i < kDigits; ++i)
      for (int j = 0; j < kDigits; ++j) {
        arith::BitHeap pos(m, fmt::format("pos{}{}", i, j), src_w);
        for (int l = 0; l < lanes; ++l) pos.add_number(fmt::format("l{}_p{}{}", l, i, j), kBrickBits, true);
        pos.emit(fmt::format("pos_p{}{}", i, j));
      }
  }
  m.comment(shared ? "Fusion: each position sum enters the heap at its shift for the mode; a position whose"
                   : "Fusion: each brick product enters the heap at its shift for the mode; a brick whose");
  m.comment("shift differs between modes has one gated copy per shift.");
  arith::BitHeap heap(m, "fuse", w);
  for (const auto& t : terms) {
    if (t.gated)
      m.wire(product_name(t), src_w, fmt::format("{} & {{{}{{{}}}}}", source_name(t), src_w, mode_name(t.modes)),
             fmt::format("{} ({},{}) shifted by {}", shared ? "position" : "brick", t.i, t.j, t.shift));
    heap.add_number(product_name(t), src_w, true, t.shift);
  }
  const std::string sum = heap.emit("dot_sum");
  m.comment(fmt::format("The {}-bit sum holds every possible dot product exactly: extend it to {} bits.", w, kOutBits));
  std::string ext = sgn ? fmt::format("{{{{{}{{{}}}}}, {}}}", kOutBits - w, vlog::bit(sum, w - 1), sum)
                        : fmt::format("{{{}'d0, {}}}", kOutBits - w, sum);
  m.assign("y", ext);

  blocks::emit_brick_module(d, brick, kBrickBits);
}

BlockDef make_dot(bool share) {
  BlockDef def;
  def.name = share ? "bb_dot" : "ps_dot";
  def.summary = share ? "precision-scalable dot product like ps_dot, BitBlade-style: bricks summed per position, then shifted"
                      : "precision-scalable dot product (8/4/2-bit), spatial sum-together: BitFusion-style 2x2 bricks";
  def.doc = {"ports: input [L*8-1:0] a, input [L*8-1:0] b, input [1:0] prec, output [31:0] y (+ clk when stages>0)",
             "prec 0 = 8-bit, 1 = 4-bit, 2 = 2-bit subwords; subword j of a vector at bits [j*bits +: bits]",
             "y = sum over all L*8/bits subword pairs of a_j*b_j as a 32-bit integer",
             "signed=1: subwords and y are two's complement; signed=0: unsigned",
             "prec=3 is reserved: y is unspecified (here: 0), never X",
             "structure: per byte lane 16 2x2 bricks (digit i of a x digit j of b) with run-time sign",
             share ? "control; idle bricks are gated; the products of each brick position are summed over the lanes,"
                   : "control; idle bricks are gated; brick products are shifted per mode and summed by one tree",
             share ? "then the 16 position sums are shifted per mode and summed by one tree (shift-add sharing)"
                   : "(one shift/gate per brick and lane)",
             "stages=N: y belongs to the a, b, prec sampled N rising edges earlier"};
  def.keys = {KeyDef::integer("w", 8, 8, 8, "lane width (8 only)"),
              KeyDef::integer("lanes", 1, 1, 64, "byte lanes L"),
              KeyDef::choice("signed", "1", {"0", "1"}, "two's complement subwords")};
  def.build = [share](vlog::Design& d, const Params& p, const std::string& top) { build(d, p, top, share); };
  def.pipelined = true;
  return def;
}

BlockDef make_ps_dot() { return make_dot(false); }
BlockDef make_bb_dot() { return make_dot(true); }

QRTL_BLOCK(make_ps_dot);
QRTL_BLOCK(make_bb_dot);

}  // namespace
}  // namespace qrtl
