// ps_dot: precision-scalable dot product, spatial and sum-together (SWP-ST, as benchmarked by
// Camus et al.). Each byte lane is ONE 8x8 array of AND partial products, shared by all modes. The
// mode only permutes b: its subwords are reversed (4-bit mode: swapped halves, 2-bit: reversed
// pairs), so that in the array a_s * b_s of every subword pair s lands at the same columns, the
// cross pairs a_s * b_t (s != t) are gated off, and the array's column sum IS the sum of the
// subword products, at a fixed offset O = (subwords - 1) * bits (0, 4 or 6 columns). Signed
// subwords use Baugh-Wooley per mode: a partial product whose bits hold exactly one sign of its
// subwords is taken inverted, and the constants this needs are a per-mode constant row. All lanes
// (and the accumulator input, placed at the mode's offset) go into one bit heap; the result is
// read at the mode's offset.
//
// bb_dot: the same contract with BitFusion's 2x2 bricks, BitBlade-style shift-add sharing: the
// products of the bricks at the same position (i,j) of every lane are summed first (no shift: they
// all have the same weight in every mode), and only these 16 position sums are gated and shifted
// per mode. The per-lane shift/gate logic is paid once instead of once per lane.
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

// Bits of the sum of the lanes*8/bits subword products of one mode (two's complement when signed).
int mode_sum_width(int lanes, bool sgn, int bits) {
  return blocks::product_sum_width(static_cast<long long>(lanes) * 8 / bits, sgn, bits, bits);
}

// Width of the sum of all subword products in the worst mode, so the heap stays narrow.
int sum_width(int lanes, bool sgn) {
  int w = 1;
  for (int bits : blocks::kPrecBits) w = std::max(w, mode_sum_width(lanes, sgn, bits));
  return w;
}

// The wire that is high in the modes of `mask`, declared on first use (1'b1 for all three: the
// reserved code 3 leaves y unspecified, so it need not be excluded).
std::string mode_gate(vlog::Module& m, unsigned mask) {
  if (mask == 7) return "1'b1";
  if (mask == 0) return "1'b0";
  const std::string name = mode_name(mask);
  if (!m.declared(name)) {
    std::vector<std::string> parts;
    for (unsigned k = 0; k < 3; ++k)
      if (mask >> k & 1) parts.push_back(mode_name(1u << k));
    m.wire(name, 1, fmt::format("{}", fmt::join(parts, " | ")));
  }
  return name;
}

// The ports and the mode decode shared by both structures; wacc > 0 adds the accumulator input.
void dot_ports(vlog::Module& m, int lanes, bool sgn, int wacc) {
  m.describe("prec 0: 8-bit, 1: 4-bit, 2: 2-bit subwords;");
  m.describe(wacc ? fmt::format("y = acc + sum of a_j*b_j over all subword pairs, modulo 2^{}.", wacc)
                  : "y = sum of a_j*b_j over all subword pairs.");
  m.input("a", lanes * 8, fmt::format("subwords a_j at [j*bits +: bits], {}", sgn ? "two's complement" : "unsigned"));
  m.input("b", lanes * 8, "subwords b_j, same packing");
  m.input("prec", 2, "0: 8-bit, 1: 4-bit, 2: 2-bit, 3: reserved");
  if (wacc) m.input("acc", wacc, "accumulator input, added to the dot product");
  m.output("y", wacc ? wacc : kOutBits, wacc ? "acc + sum of all subword products" : "sum of all subword products");
  blocks::decode_prec(m, "prec");
}

// ps_dot's structure: one shared 8x8 partial-product array per lane (see the file comment).
void build_array(vlog::Design& d, const Params& p, const std::string& top) {
  const int lanes = static_cast<int>(p.i("lanes")), wacc = static_cast<int>(p.i("wacc"));
  const bool sgn = p.b("signed");
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Precision-scalable {} dot product of {} byte lane(s), sum-together: one 8x8 partial-product",
                         sgn ? "signed" : "unsigned", lanes));
  m.describe("array per lane serves every mode, b's subwords reversed so that all subword products of a mode");
  m.describe("land on the same columns (offset 0, 4 or 6), cross products gated off.");
  dot_ports(m, lanes, sgn, wacc);

  // Per mode k: subword bits B, offset O = (8/B - 1) * B of the products in the array, and the
  // exact width R of its sum (or the accumulator width when that is narrower).
  const int wy = wacc ? wacc : kOutBits;
  int offset[3], width[3], heap_w = 0;
  for (int k = 0; k < 3; ++k) {
    const int B = blocks::kPrecBits[k];
    offset[k] = (8 / B - 1) * B;
    width[k] = std::min(mode_sum_width(lanes, sgn, B), wy);
    heap_w = std::max(heap_w, offset[k] + width[k]);
  }
  // Partial product (i, x) = a_i & b'_x at column i + x: valid in mode k when its subwords pair
  // up; negative (Baugh-Wooley) when exactly one of its bits is the top bit of its subword.
  auto valid = [](int i, int x, int k) {
    const int B = blocks::kPrecBits[k];
    return i / B + x / B == 8 / B - 1;
  };
  auto negative = [&](int i, int x, int k) {
    const int B = blocks::kPrecBits[k];
    return sgn && valid(i, x, k) && ((i % B == B - 1) != (x % B == B - 1));
  };
  m.comment("Which partial products work in the mode (bit i of row x: a_i & b'_x), and which are taken");
  m.comment("inverted: a negative Baugh-Wooley term -p is ~p - 1, the -1s are the constant below.");
  // Row x's bits above the heap's top column are dropped (a narrow accumulator).
  std::vector<int> row_w(8);
  for (int x = 0; x < 8; ++x) row_w[x] = std::min(8, heap_w - x);
  std::vector<std::string> val(8), neg(8);
  for (int x = 0; x < 8; ++x) {
    std::vector<std::string> vb, nb;
    for (int i = row_w[x] - 1; i >= 0; --i) {
      unsigned vm = 0, nm = 0;
      for (int k = 0; k < 3; ++k) {
        vm |= valid(i, x, k) ? 1u << k : 0;
        nm |= negative(i, x, k) ? 1u << k : 0;
      }
      vb.push_back(mode_gate(m, vm));
      nb.push_back(mode_gate(m, nm));
    }
    if (std::any_of(vb.begin(), vb.end(), [](const std::string& g) { return g != "1'b1"; }))
      val[x] = m.wire(fmt::format("pp_on{}", x), row_w[x], fmt::format("{{{}}}", fmt::join(vb, ", ")),
                      x == 0 ? "per bit of the row: the modes that use it" : "");
    if (std::any_of(nb.begin(), nb.end(), [](const std::string& g) { return g != "1'b0"; }))
      neg[x] = m.wire(fmt::format("pp_neg{}", x), row_w[x], fmt::format("{{{}}}", fmt::join(nb, ", ")),
                      x == 0 ? "per bit of the row: the modes where it is negative" : "");
  }

  arith::BitHeap heap(m, "dot", heap_w);
  for (int l = 0; l < lanes; ++l) {
    m.comment(fmt::format("Lane {}: b with its subwords reversed for the mode, then the 8x8 array.", l));
    const std::string al = m.wire(fmt::format("a_l{}", l), 8, vlog::pick(m, "a", 8 * l + 7, 8 * l));
    const std::string bl = vlog::pick(m, "b", 8 * l + 7, 8 * l);
    auto sub = [&](int hi, int lo) { return vlog::pick(m, "b", 8 * l + hi, 8 * l + lo); };
    const std::string br = m.wire(
        fmt::format("br_l{}", l), 8,
        fmt::format("mode4 ? {{{}, {}}} : mode2 ? {{{}, {}, {}, {}}} : {}", sub(3, 0), sub(7, 4), sub(1, 0), sub(3, 2),
                    sub(5, 4), sub(7, 6), bl),
        "b, subwords in reverse order");
    for (int x = 0; x < 8; ++x) {
      const int w = row_w[x];
      std::string e = fmt::format("{} & {{{}{{{}}}}}", vlog::pick(m, al, w - 1, 0), w, vlog::bit(br, x));
      if (!neg[x].empty()) e = fmt::format("({}) ^ {}", e, neg[x]);
      if (!val[x].empty()) e = fmt::format("({}) & {}", e, val[x]);
      heap.add_number(m.wire(fmt::format("pp_l{}_{}", l, x), w, e), w, false, x);
    }
  }
  if (sgn) {
    // Per mode: minus one per negative partial product of every lane, at its column.
    long long c[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k)
      for (int i = 0; i < 8; ++i)
        for (int x = 0; x < 8; ++x)
          if (negative(i, x, k)) c[k] -= static_cast<long long>(lanes) << (i + x);
    blocks::add_mode_constant(heap, {c[0], c[1], c[2]}, heap_w, [&](unsigned mask) { return mode_gate(m, mask); });
  }
  const std::string sum = heap.emit("dot_sum");
  // Mode k's sum, read at its offset and sign- or zero-extended (or truncated) to `to` bits.
  auto field = [&](int k, int to) {
    const int n = std::min(width[k], to);
    const std::string f = vlog::pick(m, sum, offset[k] + n - 1, offset[k]);
    if (n == to) return f;
    return sgn ? fmt::format("{{{{{}{{{}}}}}, {}}}", to - n, vlog::bit(sum, offset[k] + n - 1), f)
               : fmt::format("{{{}, {}}}", vlog::lit(to - n, 0), f);
  };
  m.comment("The mode's sum sits at its offset in the heap's result.");
  const std::string aligned = fmt::format("mode4 ? {} : mode2 ? {} : {}", field(1, wy), field(2, wy), field(0, wy));
  if (!wacc) {
    m.assign("y", aligned);
    return;
  }
  // The accumulator is added after the alignment, by its own adder: folded into the heap it would
  // have to enter at the mode's offset too, and the two wide multiplexers and the wider heap cost
  // more than this adder (measured: 4904 against 3960 transistors for lanes=1 wacc=20 signed=1).
  m.assign("y", arith::add(m, "acc_sum", "acc", m.wire("dot_aligned", wy, aligned), wy, "", arith::Adder::ripple,
                           "acc + the dot product, modulo 2^wacc"));
}

// bb_dot's structure: BitFusion bricks with BitBlade shift sharing (see the file comment).
void build_bricks(vlog::Design& d, const Params& p, const std::string& top) {
  const int lanes = static_cast<int>(p.i("lanes")), wacc = static_cast<int>(p.i("wacc"));
  const bool sgn = p.b("signed");
  const bool shared = lanes > 1;  // one lane: the position sums are the brick products
  const int src_w = blocks::brick_sum_width(shared ? lanes : 1);
  // Narrow heap: wide enough for every sum and for the most shifted product (or modulo 2^wacc).
  const int w = wacc ? wacc : std::max(sum_width(lanes, sgn), 2 * 2 * (kDigits - 1) + src_w);
  const std::string brick = top + "_brick";
  const std::vector<Term> terms = fusion_terms(lanes, shared);

  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Precision-scalable {} dot product of {} byte lane(s), BitBlade-style: {} 2x2 bricks",
                         sgn ? "signed" : "unsigned", lanes, lanes * kDigits * kDigits));
  m.describe("summed per brick position across lanes, then shifted per mode and fused by one adder tree.");
  dot_ports(m, lanes, sgn, wacc);
  const std::string a = "a", b = "b";
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
  // Modulo 2^wacc a term only needs its bits below column w: `need` counts the bits of each source
  // that some term reads, the rest is declared unused (synthesis drops the logic behind it).
  std::map<std::string, int> need;
  for (const auto& t : terms) {
    const int bits = std::min(src_w, w - t.shift);
    int& n = need[source_name(t)];
    n = std::max(n, bits);
    if (bits <= 0) continue;
    if (t.gated)
      m.wire(product_name(t), bits,
             fmt::format("{} & {{{}{{{}}}}}", vlog::pick(m, source_name(t), bits - 1, 0), bits, mode_name(t.modes)),
             fmt::format("{} ({},{}) shifted by {}", shared ? "position" : "brick", t.i, t.j, t.shift));
    heap.add_number(product_name(t), bits, true, t.shift);
  }
  for (const auto& [source, bits] : need)
    if (bits < src_w)
      m.wire(source + "_unused", src_w - bits, vlog::pick(m, source, src_w - 1, bits),
             fmt::format("above bit {} of the sum", w - 1));
  if (wacc) {
    heap.add_number("acc", wacc, false);
    m.assign("y", heap.emit("dot_sum"));
  } else {
    const std::string sum = heap.emit("dot_sum");
    m.comment(fmt::format("The {}-bit sum holds every possible dot product exactly: extend it to {} bits.", w, kOutBits));
    m.assign("y", blocks::extended(sum, w, kOutBits, sgn));
  }

  blocks::emit_brick_module(d, brick, kBrickBits);
}

// ps_dot and bb_dot share their contract; only the structure differs.
constexpr const char* kDotContract = R"(ports: input [L*8-1:0] a, input [L*8-1:0] b, input [1:0] prec, output [31:0] y (+ clk when stages>0)
       wacc=W > 0: + input [W-1:0] acc, and y is output [W-1:0]
prec 0 = 8-bit, 1 = 4-bit, 2 = 2-bit subwords; subword j of a vector at bits [j*bits +: bits]
y = sum over all L*8/bits subword pairs of a_j*b_j as a 32-bit integer;
  wacc=W > 0: y = acc + that sum, modulo 2^W
signed=1: subwords and y are two's complement; signed=0: unsigned
prec=3 is reserved: y is unspecified, never X
)";
constexpr const char* kArrayStructure = R"(structure: per byte lane one 8x8 AND array shared by all modes; b's subwords are reversed
per mode so that every subword product lands at one offset (0/4/6), cross products gated;
Baugh-Wooley signs per mode; all lanes and acc in one adder tree, read at the mode's offset
)";
constexpr const char* kBrickStructure = R"(structure: per byte lane 16 2x2 bricks (digit i of a x digit j of b) with run-time sign
control; idle bricks are gated; the products of each brick position are summed over the lanes,
then the 16 position sums are shifted per mode and summed by one tree (shift-add sharing)
)";

BlockDef make_dot(bool share) {
  BlockDef def;
  def.name = share ? "bb_dot" : "ps_dot";
  def.summary = share ? "precision-scalable dot product like ps_dot, BitBlade-style: bricks summed per position, then shifted"
                      : "precision-scalable dot product (8/4/2-bit), spatial sum-together: shared 8x8 array per lane";
  def.doc = std::string(kDotContract) + (share ? kBrickStructure : kArrayStructure) +
            "stages=N: y belongs to the inputs sampled N rising edges earlier";
  def.keys = {KeyDef::integer("w", 8, 8, 8, "lane width (8 only)"),
              KeyDef::integer("lanes", 1, 1, 64, "byte lanes L"),
              KeyDef::choice("signed", "1", {"0", "1"}, "two's complement subwords"),
              blocks::accumulator_key()};
  def.check = [name = def.name](const Params& p) { blocks::check_accumulator(name, p); };
  def.build = share ? build_bricks : build_array;
  def.pipelined = true;
  return def;
}

QRTL_BLOCK(make_dot(false));
QRTL_BLOCK(make_dot(true));

}  // namespace
}  // namespace qrtl
