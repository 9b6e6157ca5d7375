// bf_dot: BitFusion's 2D precision-scalable fusion unit (Sharma et al., ISCA 2018) as a dot product:
// per 32-bit lane, 16 2x2 digit products ("bricks") serve every pair of 8/4/2-bit operand widths
// (pa, pb), the asymmetric ones (8x4, 8x2, 4x2, ...) included: 64/(bits_a*bits_b) products per lane.
//
// In every mode the 16 bricks hold exactly the 16 digit pairs (u, v) of the mode's products: product
// j has da = bits_a/2 digits of a and db = bits_b/2 of b, pair (j, u, v) is a-digit j*da + u and
// b-digit j*db + v. A brick's digits are selected per mode; its partial products weigh 2^(2(u+v))
// and carry a sign when u or v is the top digit of a signed subword.
//
// The sum is built in two levels, as in BitFusion's 4x4 fusion groups: brick k = 4g + r belongs to
// group g, and in every mode a group's four pairs weigh 2^shift(g) times 2^(within), the within-group
// shifts one of {0,0,0,0} (2x2), {0,2,2,4} (a 4x4 block: 8x8, 4x4, 8x4, 4x8) or {0,2,0,2} (two
// 2-digit columns: 8x2, 2x8, 4x2, 2x4), the group shifts at most 0/4/4/8. Each group is summed at
// its within-group columns, then the four group sums enter the output tree at the mode's shift: a
// group compresses its bits before they are shifted (one lane, unsigned: four 26-input group trees
// and a 48-input output tree, where one tree over every partial product needs 144 inputs).
//   one lane:  no brick products: the four partial products of every brick go straight into the
//              group's tree at their column for the mode, and bits that are never non-zero in the
//              same mode share a tree input through an OR;
//   lanes > 1: 2x2 brick multipliers with run-time signs; brick k's products are summed over the
//              lanes first (BitBlade's shift-add sharing: they weigh the same in every lane), and
//              each of the 16 sums enters its group's tree once, its copies at the mode's shifts
//              merged by OR.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <random>
#include <map>
#include <stdexcept>
#include <vector>

#include "arith/bitheap.h"
#include "blocks/subword.h"
#include "registry.h"

namespace qrtl {
namespace {

constexpr int kBricks = 16;
constexpr int kLaneBits = 32;
constexpr int kBrickBits = 5;  // a brick product -6..9 as a signed number
constexpr int kOutBits = 32;
constexpr int kModes = 9;  // mode index = 3 * pa + pb, pa and pb in 0..2
constexpr int kGroupBits = 8;  // one lane: a group's sum of partial products, 0..225

const char* const kWidthName[3] = {"8", "4", "2"};

int digits_of(int code) { return blocks::kPrecBits[code] / 2; }
int log2_of(int x) { return x == 4 ? 2 : x == 2 ? 1 : 0; }

// A digit pair of a mode: the a-digit and b-digit indices in the lane (0..15), their positions u, v
// in their subwords, and whether each is the top digit of its subword.
struct Digits {
  int ia, ib, u, v;
  bool a_top, b_top;
};
// Digit pair `idx` of mode (pa, pb), in the order idx = j*da*db + u*db + v.
Digits pair_digits(int idx, int pa, int pb) {
  const int da = digits_of(pa), db = digits_of(pb);
  const int j = idx / (da * db), u = (idx >> log2_of(db)) % da, v = idx % db;
  return {j * da + u, j * db + v, u, v, u == da - 1, v == db - 1};
}

// Which digit pair each brick holds in each mode: layout[k][3*pa+pb].
using Row = std::array<Digits, kModes>;
using Layout = std::array<Row, kBricks>;

// Brick 4g + r of the two-level structure: which group g and which place r in it each pair of a
// mode takes (the group shift is the smallest weight of its four pairs).
Layout grouped_layout() {
  Layout lay;
  for (int pa = 0; pa < 3; ++pa)
    for (int pb = 0; pb < 3; ++pb) {
      const int da = digits_of(pa), db = digits_of(pb);
      for (int idx = 0; idx < kBricks; ++idx) {
        const Digits dg = pair_digits(idx, pa, pb);
        const int j = idx / (da * db);
        int g = 0, r = 0;
        if (da >= 2 && db >= 2) {  // 2x2-digit blocks of a product, 4 apart in weight
          g = j * (da / 2) * (db / 2) + (dg.u >> 1) * (db / 2) + (dg.v >> 1);
          r = 2 * (dg.u & 1) + (dg.v & 1);
        } else if (da == 1 && db == 1) {  // 2x2: four products per group
          g = j >> 2, r = j & 3;
        } else {  // one operand has one digit: two products of two digits each per group
          const int along = da == 1 ? dg.v : dg.u, len = da == 1 ? db : da;
          g = (j >> 1) * (len / 2) + (along >> 1);
          r = 2 * (j & 1) + (along & 1);
        }
        lay[4 * g + r][3 * pa + pb] = dg;
      }
    }
  return lay;
}

// The partial product (i, j) of a brick holding `dg`: its column, plus 64 when it is negative.
int placement(const Digits& dg, int i, int j, bool sgn) {
  const bool neg = (sgn && i == 1 && dg.a_top) != (sgn && j == 1 && dg.b_top);
  return 2 * (dg.u + dg.v) + i + j + (neg ? 64 : 0);
}

// Group g's shift in a mode: the smallest weight of its pairs.
int group_shift(const Layout& lay, int g, int mode) {
  int s = 2 * (lay[4 * g][mode].u + lay[4 * g][mode].v);
  for (int r = 1; r < 4; ++r) s = std::min(s, 2 * (lay[4 * g + r][mode].u + lay[4 * g + r][mode].v));
  return s;
}

// What a layout costs, roughly in transistors: each extra source of a brick's digit is a 2-bit 2:1
// multiplexer (24), each distinct placement of a partial product inside its group a gated tree input
// (16: an AND and its share of an OR), each extra shift of a group a multiplexer per bit of its sum
// (96). The trees themselves hardly depend on the layout.
int layout_cost(const Layout& lay) {
  constexpr bool sgn = true;
  int total = 0;
  for (int g = 0; g < 4; ++g) {
    std::array<int, kModes> shift;
    uint64_t shifts = 0;
    for (int mode = 0; mode < kModes; ++mode) shifts |= 1ull << (shift[mode] = group_shift(lay, g, mode));
    total += 96 * (__builtin_popcountll(shifts) - 1);
    for (int r = 0; r < 4; ++r) {
      const Row& row = lay[4 * g + r];
      uint32_t a_src = 0, b_src = 0;
      for (const Digits& dg : row) a_src |= 1u << dg.ia, b_src |= 1u << dg.ib;
      int placements = 0;
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
          uint64_t seen[2] = {0, 0};
          for (int mode = 0; mode < kModes; ++mode) {
            const int p = placement(row[mode], i, j, sgn) - shift[mode];
            seen[p >> 6] |= 1ull << (p & 63);
          }
          placements += __builtin_popcountll(seen[0]) + __builtin_popcountll(seen[1]);
        }
      total += 24 * (__builtin_popcount(a_src) - 1 + __builtin_popcount(b_src) - 1) + 16 * placements;
    }
  }
  return total;
}

// The layout every configuration uses: the two-level one, improved by threshold accepting over the
// moves that keep it two-level (swap two bricks of a group, or two whole groups, in one mode; keep
// the move unless it costs more than a threshold that falls to zero). Any assignment of a mode's
// pairs to the bricks is correct; this one needs fewer multiplexers and gates. Integer arithmetic
// and a fixed seed: the same layout on every machine. The signed cost guides both signednesses (it
// gives the smaller unsigned unit too; issue 16's notes).
const Layout& searched_layout() {
  static const Layout best = [] {
    Layout lay = grouped_layout(), best = lay;
    int total = layout_cost(lay), best_total = total;
    std::mt19937 rng(1);
    constexpr int kSteps = 100000, kStartThreshold = 48;
    auto other = [&](int n, int x) {
      const int y = static_cast<int>(rng() % (n - 1));
      return y + (y >= x);
    };
    for (int step = 0; step < kSteps; ++step) {
      const int mode = static_cast<int>(rng() % kModes);
      Layout next = lay;
      if (rng() % 2) {
        const int g = static_cast<int>(rng() % 4), x = static_cast<int>(rng() % 4), y = other(4, x);
        std::swap(next[4 * g + x][mode], next[4 * g + y][mode]);
      } else {
        const int x = static_cast<int>(rng() % 4), y = other(4, x), rot = static_cast<int>(rng() % 4);
        for (int r = 0; r < 4; ++r) std::swap(next[4 * x + r][mode], next[4 * y + (r + rot) % 4][mode]);
      }
      const int cost = layout_cost(next);
      if (cost - total <= kStartThreshold * (kSteps - step) / kSteps) {
        lay = next, total = cost;
        if (total < best_total) best_total = total, best = lay;
      }
    }
    return best;
  }();
  return best;
}

// Value (per mode) -> the modes (bit 3*pa+pb) that take it.
template <typename F>
std::map<int, unsigned> by_mode(F value_in_mode) {
  std::map<int, unsigned> out;
  for (int pa = 0; pa < 3; ++pa)
    for (int pb = 0; pb < 3; ++pb) out[value_in_mode(pa, pb)] |= 1u << (3 * pa + pb);
  return out;
}

// A 1-bit condition that is high in the modes of `mask`, written over the one-hot width decodes
// pa8/pa4/pa2 and pb8/pb4/pb2 and declared once, under a name that lists the modes
// (in_a84b2 = "a 8 or 4 bits and b 2 bits").
std::string mode_condition(vlog::Module& m, unsigned mask) {
  const unsigned all = (1u << kModes) - 1;
  if ((mask & all) == all) return "1'b1";
  if ((mask & all) == 0) return "1'b0";
  std::map<unsigned, unsigned> pa_of_pbset;  // set of pb -> the pa that have exactly that set
  for (int pa = 0; pa < 3; ++pa)
    if (const unsigned pbs = (mask >> (3 * pa)) & 7) pa_of_pbset[pbs] |= 1u << pa;
  auto term = [](const char* side, unsigned set) -> std::string {
    if (set == 7) return "";
    std::vector<std::string> parts;
    for (int c = 0; c < 3; ++c)
      if (set >> c & 1) parts.push_back(fmt::format("{}{}", side, kWidthName[c]));
    return parts.size() == 1 ? parts[0] : fmt::format("({})", fmt::join(parts, " | "));
  };
  auto label = [](const char* side, unsigned set) -> std::string {
    if (set == 7) return "";
    std::string s = side;
    for (int c = 0; c < 3; ++c)
      if (set >> c & 1) s += kWidthName[c];
    return s;
  };
  std::vector<std::string> terms, labels;
  for (const auto& [pbs, pas] : pa_of_pbset) {
    const std::string ta = term("pa", pas), tb = term("pb", pbs);
    terms.push_back(ta.empty() ? tb : tb.empty() ? ta : fmt::format("{} & {}", ta, tb));
    labels.push_back(label("a", pas) + label("b", pbs));
  }
  if (terms.size() == 1 && vlog::is_identifier(terms[0])) return terms[0];  // one width decode
  const std::string name = fmt::format("in_{}", fmt::join(labels, "_or_"));
  if (!m.declared(name)) {
    std::string e;
    for (const auto& t : terms) {
      const bool bare = terms.size() == 1 || vlog::is_identifier(t) || t.front() == '(';
      e += (e.empty() ? "" : " | ") + (bare ? t : fmt::format("({})", t));
    }
    m.wire(name, 1, e);
  }
  return name;
}

// Declares brick k's digits of lane l, l<l>_x<k> and l<l>_y<k>: nested selects over the distinct
// sources (the last needs no test).
std::pair<std::string, std::string> brick_operands(vlog::Module& m, const Layout& lay, int lane, int k) {
  auto select = [&](const std::string& vec, const std::map<int, unsigned>& sources) {
    std::string e;
    for (auto it = sources.rbegin(); it != sources.rend(); ++it) {
      const int lo = lane * kLaneBits + 2 * it->first;
      const std::string digit = vlog::slice(vec, lo + 1, lo);
      e = e.empty() ? digit : fmt::format("{} ? {} : {}", mode_condition(m, it->second), digit, e);
    }
    return e;
  };
  const auto a_src = by_mode([&](int pa, int pb) { return lay[k][3 * pa + pb].ia; });
  const auto b_src = by_mode([&](int pa, int pb) { return lay[k][3 * pa + pb].ib; });
  return {m.wire(fmt::format("l{}_x{}", lane, k), 2, select("a", a_src), lane == 0 && k == 0 ? "the digits of brick k in lane l" : ""),
          m.wire(fmt::format("l{}_y{}", lane, k), 2, select("b", b_src))};
}

// Bits of the sum of every product over all lanes in the widest mode (two's complement when signed).
int sum_width(int lanes, bool sgn) {
  int w = 1;
  for (int bits_a : blocks::kPrecBits)
    for (int bits_b : blocks::kPrecBits)
      w = std::max(w, blocks::product_sum_width(static_cast<long long>(lanes) * 64 / (bits_a * bits_b), sgn, bits_a, bits_b));
  return w;
}

// One bit for the adder tree, non-zero only in the modes of `modes`.
struct ModeBit {
  std::string bit;
  unsigned modes;
};

// Adds the bits of one column to the heap; bits that are never non-zero in the same mode share one
// tree input `<prefix>_c<col>_<slot>` through an OR (first fit, widest mode sets first: the column
// gets as many inputs as its tallest mode needs).
void add_overlaid(arith::BitHeap& heap, vlog::Module& m, const std::string& prefix, int col, std::vector<ModeBit> bits) {
  std::stable_sort(bits.begin(), bits.end(), [](const ModeBit& x, const ModeBit& y) {
    return __builtin_popcount(x.modes) > __builtin_popcount(y.modes);
  });
  std::vector<unsigned> slot_modes;
  std::vector<std::vector<std::string>> slot_bits;
  for (const ModeBit& b : bits) {
    size_t s = 0;
    while (s < slot_modes.size() && (slot_modes[s] & b.modes)) ++s;
    if (s == slot_modes.size()) slot_modes.push_back(0), slot_bits.emplace_back();
    slot_modes[s] |= b.modes;
    slot_bits[s].push_back(b.bit);
  }
  for (size_t s = 0; s < slot_bits.size(); ++s) {
    const auto& v = slot_bits[s];
    heap.add_bit(col, v.size() == 1 && vlog::is_identifier(v[0])
                          ? v[0]
                          : m.wire(fmt::format("{}_c{}_{}", prefix, col, s), 1, fmt::format("{}", fmt::join(v, " | "))));
  }
}

// Adds `sum` (`sum_w` bits) to `heap` at each `shifts` amount; its bits above the heap are declared
// unused.
void add_shifted_sum(arith::BitHeap& heap, vlog::Module& m, const std::string& sum, int sum_w,
                     const std::map<int, std::string>& shifts, int heap_w, const std::string& name, bool sum_signed) {
  const int read = shifts.empty() ? 0 : blocks::add_shifted_by_mode(heap, m, sum, sum_w, shifts, heap_w, name, sum_signed);
  if (read < sum_w)
    m.wire(sum + "_unused", sum_w - read, vlog::pick(m, sum, sum_w - 1, read), fmt::format("above bit {} of the sum", heap_w - 1));
}

// Each shift of `shift_in_mode` below `heap_w` (a sum shifted further is zero modulo 2^heap_w),
// with its condition.
template <typename F>
std::map<int, std::string> shift_conditions(vlog::Module& m, int heap_w, F shift_in_mode) {
  std::map<int, std::string> shifts;
  for (const auto& [shift, modes] : by_mode(shift_in_mode))
    if (shift < heap_w) shifts[shift] = mode_condition(m, modes);
  return shifts;
}

// The shifts of group g's sum in the output tree (of `heap_w` bits), with their conditions.
std::map<int, std::string> group_shift_conditions(vlog::Module& m, const Layout& lay, int g, int heap_w) {
  return shift_conditions(m, heap_w, [&](int pa, int pb) { return group_shift(lay, g, 3 * pa + pb); });
}

// One lane, group g: its bricks' partial products x[i] & y[j] at column 2*(u+v) - shift(g) + i + j
// of the mode in the group's tree, overlaid. A negative partial product enters inverted; its
// -2^column, shifted by the group's shift, goes into `constant` (per mode) for the output tree,
// so the group's tree adds bits only: its sum is at most sum(2^column) = 225 whatever the signs,
// an 8-bit unsigned number.
std::string group_of_partial_products(vlog::Module& m, const Layout& lay, int g, bool sgn, std::vector<long long>& constant) {
  for (int mode = 0; mode < kModes; ++mode) {
    long long most = 0;
    for (int k = 4 * g; k < 4 * g + 4; ++k)
      most += 9ll << (2 * (lay[k][mode].u + lay[k][mode].v) - group_shift(lay, g, mode));
    if (most >= 1ll << kGroupBits) throw std::logic_error("bf_dot: a group sum does not fit its word");
  }
  arith::BitHeap tree(m, fmt::format("grp{}", g), kGroupBits);
  std::map<int, std::vector<ModeBit>> columns;
  for (int k = 4 * g; k < 4 * g + 4; ++k) {
    const auto [x, y] = brick_operands(m, lay, 0, k);
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        const std::string t = m.wire(fmt::format("l0_t{}_{}{}", k, i, j), 1, fmt::format("{} & {}", vlog::bit(x, i), vlog::bit(y, j)));
        const auto place = by_mode([&](int pa, int pb) {
          const int mode = 3 * pa + pb;
          return placement(lay[k][mode], i, j, sgn) - group_shift(lay, g, mode);
        });
        for (const auto& [where, modes] : place) {
          const int col = where & 63;
          const bool neg = where >= 64;
          const std::string cond = mode_condition(m, modes), bit = neg ? "~" + t : t;
          columns[col].push_back({cond == "1'b1" ? bit : fmt::format("{} & {}", bit, cond), modes});
          if (neg)
            for (int mode = 0; mode < kModes; ++mode)
              if (modes >> mode & 1) constant[mode] -= 1ll << (col + group_shift(lay, g, mode));
        }
      }
  }
  for (auto& [col, bits] : columns) add_overlaid(tree, m, fmt::format("grp{}", g), col, std::move(bits));
  return tree.emit(fmt::format("grp_sum{}", g));
}

// One lane: the four groups of partial products, each sum shifted into the output tree per mode,
// with one per-mode constant for every negative partial product.
void fuse_partial_products(vlog::Module& m, const Layout& lay, arith::BitHeap& heap, int w, bool sgn) {
  m.comment("Group g sums its bricks' partial products x[i] & y[j] at column 2*(u+v) - shift(g) + i + j of");
  m.comment("the mode; bits that are never non-zero in the same mode share a tree input; a partial product");
  m.comment("holding exactly one subword sign is negative: taken inverted, with -2^column in the output");
  m.comment("tree's constant, so every group sum is a non-negative 8-bit number.");
  std::vector<long long> constant(kModes, 0);
  for (int g = 0; g < 4; ++g) {
    const std::string sum = group_of_partial_products(m, lay, g, sgn, constant);
    add_shifted_sum(heap, m, sum, kGroupBits, group_shift_conditions(m, lay, g, w), w, fmt::format("grp{}_shifted", g), false);
  }
  blocks::add_mode_constant(heap, constant, w, [&](unsigned modes) { return mode_condition(m, modes); });
}

// Several lanes: brick multipliers, their products summed per brick over the lanes, each sum
// entering its group's tree once at the mode's shift inside the group.
void fuse_brick_sums(vlog::Module& m, const Layout& lay, const std::string& brick, int lanes, arith::BitHeap& heap, int w, bool sgn) {
  m.comment("Bricks: signed digits when they are the top digit of a signed subword.");
  for (int k = 0; k < kBricks; ++k) {
    const auto a_sgn = by_mode([&](int pa, int pb) { return sgn && lay[k][3 * pa + pb].a_top; });
    const auto b_sgn = by_mode([&](int pa, int pb) { return sgn && lay[k][3 * pa + pb].b_top; });
    const std::string xs = a_sgn.count(1) ? mode_condition(m, a_sgn.at(1)) : "1'b0";
    const std::string ys = b_sgn.count(1) ? mode_condition(m, b_sgn.at(1)) : "1'b0";
    for (int l = 0; l < lanes; ++l) {
      const auto [x, y] = brick_operands(m, lay, l, k);
      m.instance(brick, fmt::format("l{}_brick{}", l, k),
                 {{"x", x}, {"xs", xs}, {"y", y}, {"ys", ys}, {"p", m.signal(fmt::format("l{}_p{}", l, k), kBrickBits)}});
    }
  }
  const int src_w = blocks::brick_sum_width(lanes);
  int gw = 5;  // a group sum lies in -150 * lanes .. 225 * lanes
  while ((1ll << (gw - 1)) - 1 < 225ll * lanes) ++gw;
  m.comment("Shift-add sharing: brick k weighs the same in every lane, so its products are summed first;");
  m.comment("each sum enters its group's tree at 2*(u+v) - shift(g) for the mode (the copies merged by OR).");
  for (int g = 0; g < 4; ++g) {
    arith::BitHeap tree(m, fmt::format("grp{}", g), gw);
    for (int k = 4 * g; k < 4 * g + 4; ++k) {
      arith::BitHeap lanes_sum(m, fmt::format("brick{}", k), src_w);
      for (int l = 0; l < lanes; ++l) lanes_sum.add_number(fmt::format("l{}_p{}", l, k), kBrickBits, true);
      const std::string src = lanes_sum.emit(fmt::format("brick_sum{}", k));
      const auto shifts = shift_conditions(m, gw, [&](int pa, int pb) {
        const Digits& dg = lay[k][3 * pa + pb];
        return 2 * (dg.u + dg.v) - group_shift(lay, g, 3 * pa + pb);
      });
      add_shifted_sum(tree, m, src, src_w, shifts, gw, fmt::format("brick{}_shifted", k), true);
    }
    const std::string sum = tree.emit(fmt::format("grp_sum{}", g));
    add_shifted_sum(heap, m, sum, gw, group_shift_conditions(m, lay, g, w), w, fmt::format("grp{}_shifted", g), true);
  }
}

void build_bf_dot(vlog::Design& d, const Params& p, const std::string& top) {
  const int lanes = static_cast<int>(p.i("lanes")), wacc = static_cast<int>(p.i("wacc"));
  const bool sgn = p.b("signed");
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("BitFusion-style {} dot product of {} 32-bit lane(s): 16 2x2 bricks per lane serve every pair",
                         sgn ? "signed" : "unsigned", lanes));
  m.describe(lanes == 1 ? "of 8/4/2-bit operand widths; four groups of four sum their partial products, and the"
                        : "of 8/4/2-bit operand widths; brick products are summed over the lanes per brick, then");
  m.describe(lanes == 1 ? "group sums are shifted per mode into one adder tree."
                        : "in four groups of four, and the group sums are shifted per mode into one adder tree.");
  m.input("a", lanes * kLaneBits, "lane l, subword j of a: a[l*32 + j*bits_a +: bits_a]");
  m.input("b", lanes * kLaneBits, "lane l, subword j of b: b[l*32 + j*bits_b +: bits_b]");
  m.input("pa", 2, "width of a's subwords: 0 = 8, 1 = 4, 2 = 2 bits (3 reserved)");
  m.input("pb", 2, "width of b's subwords: 0 = 8, 1 = 4, 2 = 2 bits (3 reserved)");
  if (wacc) m.input("acc", wacc, "accumulator input, added to the dot product");
  m.output("y", wacc ? wacc : kOutBits, wacc ? "acc + sum of all subword products" : "sum of all subword products");
  m.comment("Operand widths, one-hot (the reserved code 3 decodes as 8 bits: y is unspecified then)");
  for (const char* side : {"pa", "pb"}) {
    m.wire(fmt::format("{}4", side), 1, fmt::format("{} == 2'd1", side));
    m.wire(fmt::format("{}2", side), 1, fmt::format("{} == 2'd2", side));
    m.wire(fmt::format("{}8", side), 1, fmt::format("~{0}4 & ~{0}2", side));
  }
  m.comment("Brick 4g + r is brick r of group g; each holds one digit pair of the mode, assigned so that a");
  m.comment("group's pairs are 0/2/4 apart in weight and few multiplexers and gates are needed.");

  // The tree holds every sum exactly (or modulo 2^wacc); the bits of its inputs above it are dropped.
  const int w = wacc ? wacc : sum_width(lanes, sgn);
  arith::BitHeap heap(m, "fuse", w);
  const Layout& lay = searched_layout();
  if (lanes == 1) fuse_partial_products(m, lay, heap, w, sgn);
  else fuse_brick_sums(m, lay, top + "_brick", lanes, heap, w, sgn);
  if (wacc) heap.add_number("acc", wacc, false);
  const std::string sum = heap.emit("dot_sum");
  if (wacc || w == kOutBits) {
    m.assign("y", sum);
  } else {
    m.comment(fmt::format("The {}-bit sum holds every possible dot product exactly: extend it to {} bits.", w, kOutBits));
    m.assign("y", blocks::extended(sum, w, kOutBits, sgn));
  }
  if (lanes > 1) blocks::emit_brick_module(d, top + "_brick", kBrickBits);  // last: m refers into d.modules
}

QRTL_BLOCK(BlockDef{
    .name = "bf_dot",
    .summary = "BitFusion 2D fusion unit as a dot product: 16 2x2 bricks per 32-bit lane, any pair of 8/4/2-bit widths",
    .doc = R"(ports: input [L*32-1:0] a, input [L*32-1:0] b, input [1:0] pa, input [1:0] pb, output [31:0] y
       (+ clk when stages>0; wacc=W > 0: + input [W-1:0] acc, and y is output [W-1:0])
pa / pb: width of a's / b's subwords, 0 = 8, 1 = 4, 2 = 2 bits; 3 is reserved (y unspecified, never X)
per lane l, n = 64/(bits_a*bits_b) products: subword j of a at a[l*32 + j*bits_a +: bits_a], of b at
  b[l*32 + j*bits_b +: bits_b], j < n; bits above are ignored
y = sum over lanes and j < n of a_j*b_j as a 32-bit integer; wacc=W > 0: acc + that sum modulo 2^W
signed=1: every subword and y are two's complement; signed=0: unsigned
structure: 16 2x2 digit products per lane, digits selected per mode, in four groups of four whose
  sums are shifted per mode into one tree (BitFusion's fusion groups). One lane: each group sums
  its partial products (bits of different modes share inputs). More lanes: 2x2 brick multipliers
  summed per brick over the lanes, then per group
stages=N: y belongs to the inputs sampled N rising edges earlier)",
    .keys = {KeyDef::integer("lanes", 1, 1, 16, "32-bit lanes L"),
             KeyDef::choice("signed", "1", {"0", "1"}, "two's complement subwords"),
             blocks::accumulator_key()},
    .check = [](const Params& p) { blocks::check_accumulator("bf_dot", p); },
    .build = build_bf_dot,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
