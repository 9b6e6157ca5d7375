// mx_dot: OCP Microscaling dot product of two k-element blocks, each with an E8M0 scale,
//   y = binary32( 2^(a_scale-127) * 2^(b_scale-127) * sum_i a_i*b_i ),
// computed exactly and rounded once. Every product a_i*b_i is an integer multiple of the smallest
// product (2^(2*(emin-m)) for floats, 2^-12 for MXINT8), so the products are shifted into one wide
// two's-complement fixed-point word per element and summed by a single BitHeap (Dadda tree + CPA):
// no intermediate rounding, no alignment to a running maximum. The exact sum is then normalized,
// denormalized when the result is a binary32 subnormal, and rounded to nearest even.
#include <fmt/format.h>

#include <algorithm>

#include "arith/bitheap.h"
#include "arith/shift.h"
#include "bits.h"
#include "blocks/common.h"
#include "blocks/mx_common.h"
#include "errors.h"
#include "registry.h"

namespace qrtl {
namespace {

using blocks::MxElem;

// One operand side: its element type and what its elements contribute to a product. A float element
// is sig * 2^(e1 - 1 + lsb) with sig = {hidden bit, mantissa}; an MXINT8 element is |code| * 2^-6
// with its sign apart, i.e. sig = |code| (8 bits: |-128| = 128), e1 = 1, lsb = -6.
struct Side {
  MxElem el;
  int sig_w = 0;                // significand (magnitude) bits
  int max_shift = 0;            // largest e1 - 1
  int lsb = 0;                  // exponent of the significand's LSB at e1 = 1
  unsigned long long max_sig = 0;
};

Side side(const MxElem& el) {
  Side s{el};
  if (el.is_int) {
    s.sig_w = 8;
    s.lsb = -6;
    s.max_sig = 128;
    return s;
  }
  const FloatFormat& f = el.f;
  const uint64_t maxc = f.max_finite_code();
  s.sig_w = f.m + 1;
  s.max_shift = static_cast<int>(f.exp_field(maxc)) - 1;  // exponent field e >= 1 shifts by e-1
  s.lsb = f.emin() - f.m;
  s.max_sig = (uint64_t{1} << f.m) | f.man_field(maxc);
  return s;
}

// Fixed-point geometry of the exact sum.
struct Geometry {
  int term_w = 0;  // width of one aligned product magnitude (float elements)
  int acc_w = 0;   // two's-complement accumulator width: holds k * max|product| exactly
  int lsb = 0;     // exponent of the accumulator's LSB (weight 2^lsb)
};

Geometry geometry(const Side& a, const Side& b, int k) {
  Geometry g;
  const int shifts = a.max_shift + b.max_shift;
  g.term_w = a.sig_w + b.sig_w + shifts;
  g.acc_w = bits_of(static_cast<unsigned long long>(k) * a.max_sig * b.max_sig) + shifts + 1;
  g.lsb = a.lsb + b.lsb;
  return g;
}

bool has_nan_side(const Side& s) { return !s.el.is_int && s.el.f.has_nan(); }
bool has_inf_side(const Side& s) { return !s.el.is_int && s.el.f.has_inf(); }

// Decodes operand `o` into o_sign, o_sig (significand or magnitude) and o_e1 (max(exp, 1)), plus
// o_nan / o_inf where its type has them and o_zero when `want_zero` (the other side has Inf).
void decode(vlog::Module& m, const std::string& o, const Side& s, bool want_zero) {
  const int w = s.el.width;
  if (s.el.is_int) {
    m.comment(fmt::format("decode {}: MXINT8, value = {}_sig * 2^-6 with the sign apart", o, o));
    m.wire(o + "_sign", 1, vlog::bit(o, w - 1));
    m.wire(o + "_sig", 8, fmt::format("{0}_sign ? 8'd0 - {0} : {0}", o), "magnitude (|-128| = 128 fits 8 bits)");
    m.wire(o + "_e1", 1, "1'b1", "no exponent: the shift of an exponent field of 1");
    if (want_zero) m.wire(o + "_zero", 1, fmt::format("{} == 8'd0", o));
    return;
  }
  const FloatFormat& f = s.el.f;
  const int e = f.e, mw = f.m, sw = mw + 1;
  m.comment(fmt::format("decode {}: value = sig * 2^(e1 - 1 + {}), sig = {{exp != 0, man}}, e1 = max(exp, 1)", o,
                        f.emin() - f.m));
  m.wire(o + "_sign", 1, vlog::bit(o, w - 1));
  m.wire(o + "_exp", e, vlog::slice(o, w - 2, mw));
  m.wire(o + "_man", mw, vlog::slice(o, mw - 1, 0));
  m.wire(o + "_sub", 1, fmt::format("{}_exp == {}", o, vlog::lit(e, 0)), "zero or subnormal");
  m.wire(o + "_sig", sw, fmt::format("{{~{0}_sub, {0}_man}}", o), "significand with its hidden bit");
  m.wire(o + "_e1", e, e == 1 ? "1'b1" : fmt::format("{{{0}_exp[{1}:1], {0}_exp[0] | {0}_sub}}", o, e - 1),
         "max(exp, 1): subnormals share the smallest normal exponent");
  if (f.has_nan() || f.has_inf()) {
    m.wire(o + "_top", 1, fmt::format("&{}_exp", o), "all-ones exponent field");
    if (f.specials == Specials::fn)
      m.wire(o + "_nan", 1, fmt::format("{0}_top & (&{0}_man)", o), "the only NaN codes: S.1111.111");
    else
      m.wire(o + "_nan", 1, fmt::format("{0}_top & (|{0}_man)", o));
    if (f.has_inf()) m.wire(o + "_inf", 1, fmt::format("{0}_top & ~(|{0}_man)", o));
  }
  if (want_zero) m.wire(o + "_zero", 1, fmt::format("{0}_sub & ~(|{0}_man)", o));
}

// One element pair: decode both codes, multiply the significands, negate the narrow product when
// the signs differ, shift it to its place in the fixed-point word (sign-extended). Outputs that
// two's complement term, plus the sign and the NaN/Inf flags where the formats have them.
void build_mul(vlog::Design& d, const std::string& name, const Side& a, const Side& b, const Geometry& g) {
  vlog::Module& m = d.modules.emplace_back(name);
  const int sw_a = a.sig_w, sw_b = b.sig_w, pw = sw_a + sw_b;
  const bool nan = has_nan_side(a) || has_nan_side(b), inf = has_inf_side(a) || has_inf_side(b);
  m.describe(fmt::format("One {} x {} product, aligned into a {}-bit fixed-point magnitude (LSB 2^{}).", a.el.name,
                         b.el.name, g.term_w, g.lsb));
  m.input("a", a.el.width, fmt::format("{} element", a.el.name));
  m.input("b", b.el.width, fmt::format("{} element", b.el.name));
  if (inf) m.output("neg", 1, "sign of the product");
  m.output("term", g.term_w + 1, "the signed product, two's complement");
  if (nan) m.output("nan", 1, "NaN operand, or Inf times zero");
  if (inf) m.output("inf", 1, "an operand is infinite (the product is +-Inf unless nan)");

  decode(m, "a", a, has_inf_side(b));
  decode(m, "b", b, has_inf_side(a));
  arith::BitHeap prod(m, "sig", pw);
  prod.add_product("a_sig", sw_a, false, "b_sig", sw_b, false);
  prod.emit("prod_sig");
  // The sign goes in before the shift, while the product is narrow: -p = ~p + 1 on pw + 1 bits.
  m.wire("p_neg", 1, "a_sign ^ b_sign", "sign of the product");
  if (inf) m.assign("neg", "p_neg");
  arith::increment(m, "prod_neg", "~prod_sig", pw, "1'b1", "-prod_sig: the inverted product plus one");
  m.wire("prod_s", pw + 1, fmt::format("p_neg ? {{~prod_neg[{0}], prod_neg[{1}:0]}} : {{1'b0, prod_sig}}", pw, pw - 1),
         "signed product (two's complement; -0 is 0)");
  // Shift by e1_a + e1_b (at least 2) and drop the two bits that are always zero: the shift by
  // max(exp_a,1) - 1 + max(exp_b,1) - 1 without two decrements.
  // Wide enough for every finite pair (NaN/Inf codes may wrap: their terms are don't-cares).
  const int ew = bits_of(static_cast<unsigned long long>(a.max_shift + b.max_shift + 2));
  m.wire("prod_sh", ew, fmt::format("{0}'(a_e1) + {0}'(b_e1)", ew));
  const std::string aligned = arith::shift_left(m, "aligned", "prod_s", pw + 1, "prod_sh", ew, g.term_w - pw + 2, g.term_w + 3,
                    fmt::format("exact signed product in units of the accumulator LSB, times 4; shifts reach 2*(max "
                                "exponent field-1) + 2 = {} (NaN/Inf codes give don't-care values)", g.term_w - pw + 2),
                    "1'b0", true);
  m.assign("term", vlog::slice(aligned, g.term_w + 2, 2));
  m.wire("aligned_unused", 2, vlog::slice(aligned, 1, 0), "zero: the shift is at least 2");
  if (nan) {
    std::vector<std::string> why;
    if (has_nan_side(a)) why.push_back("a_nan");
    if (has_nan_side(b)) why.push_back("b_nan");
    if (has_inf_side(a)) why.push_back("(a_inf & b_zero)");
    if (has_inf_side(b)) why.push_back("(a_zero & b_inf)");
    m.assign("nan", fmt::format("{}", fmt::join(why, " | ")));
  }
  if (inf) {
    std::vector<std::string> why;
    if (has_inf_side(a)) why.push_back("a_inf");
    if (has_inf_side(b)) why.push_back("b_inf");
    m.assign("inf", fmt::format("{}", fmt::join(why, " | ")));
  }
}

// acc=1. With L the exponent of the products' LSB and LA that of acc's (24-bit significand), acc
// sits at bit pos = kAccBelow + LA - L of the fixed-point word, whose products start at bit
// kAccBelow, and joins the bit heap as one more signed row:
//  - 0 <= pos <= kAccBelow + MAG_W(products) + 2: both exact in the word; one rounding as without acc.
//  - pos above that: the products' sum is below a quarter of acc's last place, so y = acc.
//  - pos < 0: acc lies wholly more than 25 bits below the sum's LSB, below a quarter of the
//    result's last place; it only decides ties and the direction of the round, so it enters as
//    +-1 at bit 0 (a sticky bit with its sign), and y = acc when the products' sum is zero.
constexpr int kAccBelow = 50;
constexpr int kAccAbove = 27;  // acc's top 24 + 2 bits above the products' top, and a sign bit

struct AccFlags {
  std::string nan, pinf, ninf, special, above, far_below;
};

AccFlags add_accumulator(vlog::Module& m, arith::BitHeap& heap, const Geometry& gw) {
  const int prod_mag = gw.acc_w - kAccBelow - kAccAbove - 1;  // MAG_W of the products alone
  const int pos_max = kAccBelow + prod_mag + 2;
  m.comment("the accumulator: decode, place it in the fixed-point word by its exponent");
  MxElem fp32{"fp32", false, parse_format("fp32"), 32};
  decode(m, "acc", side(fp32), true);  // acc_sign, acc_sig (24 bits), acc_e1, acc_top, acc_nan, acc_inf, acc_zero
  AccFlags f;
  f.nan = "acc_nan";
  f.pinf = m.wire("acc_pinf", 1, "acc_inf & ~acc_sign");
  f.ninf = m.wire("acc_ninf", 1, "acc_inf & acc_sign");
  f.special = "acc_top";
  // pos = kAccBelow + (max(e,1) - 150) - (lsb + a_scale + b_scale - 254) = max(e,1) - ssum + (104 - lsb)
  const int pos_const = 104 - gw.lsb;
  m.localparam("ACC_POS", fmt::format("12'd{}", pos_const), "104 - (LSB exponent of the word)");
  arith::add(m, "acc_pos0", "12'(acc_e1)", "~(12'(ssum))", 12, "1'b1", arith::Adder::ripple, "max(e,1) - ssum");
  arith::add(m, "acc_pos", "acc_pos0", "ACC_POS", 12, "", arith::Adder::ripple, "bit of the word acc's LSB falls on");
  f.far_below = m.wire("acc_far", 1, "~acc_zero & acc_pos[11]", "acc below the word: a signed sticky bit");
  m.localparam("ACC_POS_MAX", fmt::format("12'd{}", pos_max), "above this, the sum cannot change acc");
  f.above = m.wire("acc_above", 1, "~acc_zero & ~acc_pos[11] & (acc_pos > ACC_POS_MAX)", "acc alone is the result");
  m.wire("acc_in", 1, "~acc_top & ~acc_far & ~acc_above", "acc goes into the word at acc_pos");
  arith::increment(m, "acc_negs", "~acc_sig", 24, "1'b1", "-acc_sig: the inverted significand plus one");
  m.wire("acc_s", 25, "~acc_in ? 25'd0 : acc_sign ? {~acc_negs[24], acc_negs[23:0]} : {1'b0, acc_sig}",
         "acc's signed significand, or zero when it does not go into the word");
  const int pbits = bits_of(static_cast<unsigned long long>(pos_max));
  m.wire("acc_sh", pbits, vlog::slice("acc_pos", pbits - 1, 0), "the shift, when acc_in");
  const std::string placed = arith::shift_left(m, "acc_word", "acc_s", 25, "acc_sh", pbits,
                                               pos_max, gw.acc_w, "acc in units of the word's LSB", "1'b0", true);
  m.wire("acc_pos_unused", 12 - pbits, vlog::slice("acc_pos", 11, pbits), "acc_in keeps the shift in range");
  heap.add_number(placed, gw.acc_w, true);
  m.wire("acc_sticky", 2, "{acc_far & acc_sign & ~acc_top, acc_far & ~acc_top}", "+1, -1 or 0 at bit 0");
  heap.add_number("acc_sticky", 2, true);
  return f;
}

// The element types of A and B: fmt_a / fmt_b, each defaulting to fmt.
std::pair<MxElem, MxElem> elem_types(const Params& p) {
  auto pick = [&](const char* key) { return blocks::mx_elem(p.s(key) == "fmt" ? p.s("fmt") : p.s(key)); };
  return {pick("fmt_a"), pick("fmt_b")};
}

void build_mx_dot(vlog::Design& d, const Params& p, const std::string& top) {
  const auto [el_a, el_b] = elem_types(p);
  const Side sa = side(el_a), sb = side(el_b);
  const bool both_int = el_a.is_int && el_b.is_int, same = el_a.name == el_b.name;
  const int k = static_cast<int>(p.i("k"));
  const int wa = el_a.width, wb = el_b.width;
  const Geometry g = geometry(sa, sb, k);
  // acc=1: the binary32 accumulator joins the exact sum (see add_accumulator); the fixed-point word
  // gains kAccBelow bits below the products and room above them for the accumulator's significand.
  const bool with_acc = p.b("acc");
  Geometry gw = g;
  if (with_acc) {
    gw.acc_w += kAccBelow + kAccAbove;
    gw.lsb -= kAccBelow;
  }
  const int acc_w = gw.acc_w, mag_w = acc_w - 1, below = with_acc ? kAccBelow : 0;
  // MXINT8 with k a power of two: the sum reaches its largest magnitude, +k * 2^14 = 2^(acc_w-2),
  // only when every element of A and B is -128; every other sum fits acc_w - 1 bits. The heap then
  // works modulo 2^(acc_w-1) and that one input is detected apart. Besides a bit of adder, this keeps
  // a sum bit out of the netlist that differs from its neighbour on that single input, a pair that
  // SAT sweeping (ABC's fraig) cannot tell apart in reasonable time.
  const bool all_min_apart = both_int && !with_acc && (k & (k - 1)) == 0;
  const int heap_w = all_min_apart ? acc_w - 1 : acc_w;
  const bool has_nan = has_nan_side(sa) || has_nan_side(sb), has_inf = has_inf_side(sa) || has_inf_side(sb);

  vlog::Module& m = d.modules.emplace_back(top);
  const auto mx_name = [](const MxElem& el) { return el.is_int ? std::string("INT8") : " " + el.name; };
  m.describe(fmt::format("MX{} dot product of two {}-element blocks with E8M0 scales, exact sum, one RNE rounding",
                         same ? mx_name(el_a) : mx_name(el_a) + " x MX" + mx_name(el_b), k));
  m.describe("to binary32 (subnormals kept, overflow to Inf).");
  m.describe(fmt::format("Exact sum: {}-bit two's complement, LSB weight 2^{} before scaling.", acc_w, gw.lsb));
  if (all_min_apart)
    m.describe(fmt::format("(As {} bits, and all_min for +2^{}: every element -128.)", acc_w - 1, acc_w - 2));
  if (with_acc) m.describe("acc=1: y = RNE(acc + the scaled exact sum), acc added exactly before the one rounding.");
  const std::string wa_name = same ? "W" : "WA", wb_name = same ? "W" : "WB";
  m.input("a", k * wa, fmt::format("block A: element i at [i*{0} +: {0}]", wa));
  m.input("a_scale", 8, "E8M0 scale of A: 2^(a_scale-127), 0xFF = NaN");
  m.input("b", k * wb, fmt::format("block B: element i at [i*{0} +: {0}]", wb));
  m.input("b_scale", 8, "E8M0 scale of B");
  if (with_acc) m.input("acc", 32, "binary32 accumulator, added exactly before the rounding");
  m.output("y", 32, "binary32 result");
  if (same) {
    m.localparam("W", std::to_string(wa), "bits per element");
  } else {
    m.localparam("WA", std::to_string(wa), fmt::format("bits per element of A ({})", el_a.name));
    m.localparam("WB", std::to_string(wb), fmt::format("bits per element of B ({})", el_b.name));
  }

  // Products and their flags; each product is a signed number aligned in its own word.
  std::vector<std::string> nans = {"(a_scale == 8'hff)", "(b_scale == 8'hff)"};
  std::vector<std::string> pinf, ninf;
  if (all_min_apart)
    m.wire("all_min", 1, fmt::format("(a == {{{0}{{8'h80}}}}) & (b == {{{0}{{8'h80}}}})", k),
           fmt::format("every element -128: the sum is +2^{}, the only one that needs the top bit", acc_w - 2));
  m.comment(both_int ? "MXINT8: the signed 8x8 products go straight into the bit heap (Baugh-Wooley)"
                      : "element products, aligned into the fixed-point accumulator");
  arith::BitHeap heap(m, "dot", heap_w);
  for (int i = 0; i < k; ++i) {
    const std::string ai = fmt::format("a[{} +: {}]", i * wa, wa_name), bi = fmt::format("b[{} +: {}]", i * wb, wb_name);
    if (both_int) {  // the heap reads named elements
      heap.add_product(m.wire(fmt::format("a_el{}", i), wa, ai), 8, true, m.wire(fmt::format("b_el{}", i), wb, bi), 8,
                       true, below);
      continue;
    }
    const std::string term = m.signal(fmt::format("p{}_term", i), g.term_w + 1);
    std::vector<vlog::Connection> conns = {{"a", ai}, {"b", bi}, {"term", term}};
    if (has_inf) conns.push_back({"neg", m.signal(fmt::format("p{}_neg", i), 1)});
    if (has_nan) conns.push_back({"nan", m.signal(fmt::format("p{}_nan", i), 1)});
    if (has_inf) conns.push_back({"inf", m.signal(fmt::format("p{}_inf", i), 1)});
    m.instance(top + "_mul", fmt::format("u_mul{}", i), conns);
    if (has_nan) nans.push_back(fmt::format("p{}_nan", i));
    if (has_inf) {
      pinf.push_back(fmt::format("(p{0}_inf & ~p{0}_neg)", i));
      ninf.push_back(fmt::format("(p{0}_inf & p{0}_neg)", i));
    }
    heap.add_number(term, g.term_w + 1, true, below);
  }

  // NaN / Inf flags and the exponent of the sum's top bit travel beside the heap.
  std::string nan = m.wire("nan_in", 1, fmt::format("{}", fmt::join(nans, " | ")),
                           "a NaN scale, a NaN element or Inf times zero");
  std::string pinf_s, ninf_s;
  if (has_inf) {
    pinf_s = m.wire("pinf_in", 1, fmt::format("{}", fmt::join(pinf, " | ")), "some product is +Inf");
    ninf_s = m.wire("ninf_in", 1, fmt::format("{}", fmt::join(ninf, " | ")), "some product is -Inf");
  }
  // The biased binary32 exponent of bit MAG_W-1 of |sum|: (MAG_W-1) + lsb + (a_scale-127) + (b_scale-127) + 127.
  const int be_const = mag_w - 1 + gw.lsb - 127;
  if (508 + be_const >= 2048 || be_const - mag_w < -2048) throw std::logic_error("mx_dot: exponent range exceeds 12 bits");
  m.localparam("BE_BIAS", fmt::format("12'h{:03x}", static_cast<unsigned>(be_const) & 0xfff),
               fmt::format("{} = (MAG_W-1) + ({}) - 127, as 12-bit two's complement", be_const, gw.lsb));
  arith::add(m, "ssum", "9'(a_scale)", "9'(b_scale)", 9, "", arith::Adder::ripple, "a_scale + b_scale");
  AccFlags acc;
  if (with_acc) acc = add_accumulator(m, heap, gw);
  arith::add(m, "e_top", "12'(ssum)", "BE_BIAS", 12, "", arith::Adder::ripple, "biased exponent of the top magnitude bit");
  // The carry-propagate adders on the critical path are parallel-prefix ones: Kogge-Stone when
  // combinational, the smaller Brent-Kung when pipelined (the pass cuts between its levels; ripple
  // chunks took 1 to 2 more cycles at depth=24).
  const arith::Adder fast = arith::step_budget() > 0 ? arith::Adder::brent_kung : arith::Adder::kogge_stone;
  const std::string sum = heap.emit("dot_sum", fast);

  // |sum| without a negation: x = sum ^ sign is |sum| - sign (one's complement). Normalizing x with
  // the sign shifted in from below keeps x' + sign = |sum| * 2^lz, so the +1 only matters where
  // every bit below the rounding point is one, and the rounding step adds it there.
  m.comment(fmt::format("magnitude of the exact sum (|sum| < 2^{}, so MAG_W bits hold it), as a one's complement", mag_w));
  m.localparam("MAG_W", std::to_string(mag_w), "magnitude width");
  const std::string s_neg =
      m.wire("sum_neg", 1, vlog::bit(sum, heap_w - 1) + (all_min_apart ? " & ~all_min" : ""),
             all_min_apart ? "+2^(MAG_W-1) wrapped to the most negative word: positive" : "");
  m.wire("x", mag_w, fmt::format("{} ^ {{MAG_W{{sum_neg}}}}", vlog::slice(sum, mag_w - 1, 0)), "|sum| - sum_neg");
  const int lzw = bits_of(static_cast<unsigned long long>(mag_w));
  arith::leading_zeros(m, "x_lz", "x", mag_w, "leading zeros of x (MAG_W when x is zero)");
  m.wire("x_zero", 1, fmt::format("x_lz == {}", vlog::lit(lzw, static_cast<unsigned long long>(mag_w))));
  m.wire("lz", lzw, fmt::format("x_zero ? {} : x_lz", vlog::lit(lzw, static_cast<unsigned long long>(mag_w - 1))),
         "x = 0 with a negative sum is |sum| = 1: its one at the bottom");
  arith::shift_left(m, "norm", "x", mag_w, "lz", lzw, mag_w - 1, mag_w, "x with its leading one at the top", "sum_neg");
  const std::string nonzero = m.wire("nonzero", 1, "sum_neg | ~x_zero", "the exact sum is not zero");

  // Exponent: g = e_top - lz, the biased exponent of the leading one. g <= 0 is a binary32
  // subnormal, shifted right by 1 - g onto the 2^-149 grid; else the exponent field is g - 1 plus
  // the hidden bit and any carry out of the rounded mantissa.
  m.comment("exponent of the leading one: g = e_top - lz; subnormal (g <= 0) results shift right by 1 - g");
  arith::add(m, "g", "e_top", "~(12'(lz))", 12, "1'b1", fast, "e_top - lz");
  m.wire("tiny", 1, "g[11] | (g == 12'd0)", "g <= 0: a binary32 subnormal");
  m.localparam("DEN_MAX", "5'd25", "a right shift of 25 or more leaves only sticky bits (rounds to zero)");
  m.wire("den_big", 1, "$signed(g) <= -$signed(12'd24)", "1 - g >= 25");
  arith::add(m, "den_sum", "~g[4:0]", "5'd2", 5, "", arith::Adder::ripple, "1 - g, modulo 32");
  m.wire("den", 5, "~tiny ? 5'd0 : den_big ? DEN_MAX : den_sum", "right shift onto the subnormal grid");
  // Round once: 24 significant bits + guard from the top of the normalized word; a result below
  // 2^-126 is first shifted right onto the subnormal grid (2^-149).
  m.comment("rounding window: 24-bit significand and guard bit; the bits below only matter as a whole");
  if (mag_w >= 25)
    m.wire("win", 25, vlog::slice("norm", mag_w - 1, mag_w - 25));
  else
    m.wire("win", 25, fmt::format("{{norm, {{{}{{sum_neg}}}}}}", 25 - mag_w), "exact: the fill continues below");
  if (mag_w > 25) {
    m.wire("low_any", 1, fmt::format("|{}", vlog::slice("norm", mag_w - 26, 0)));
    m.wire("low_all", 1, fmt::format("&{}", vlog::slice("norm", mag_w - 26, 0)));
  } else {
    m.wire("low_any", 1, "sum_neg", "the fill below the window");
    m.wire("low_all", 1, "sum_neg");
  }
  arith::shift_right(m, "t", "win", 25, "den", 5, "significand [24:1] and guard [0] on the result's grid");
  m.wire("below_all", 1, "low_all & t_all", "every bit below the guard is one");
  m.wire("carry_in", 1, "sum_neg & below_all", "the one's complement's +1 reaches the guard");
  m.wire("sticky", 1, "sum_neg ? ~below_all : low_any | t_any", "the magnitude has a non-zero bit below the guard");
  m.wire("round_up", 1, "carry_in ? t[0] | t[1] : t[0] & (sticky | t[1])",
         "round to nearest, ties to even, of t + carry_in");
  // Mantissa and exponent apart: the mantissa increments while round_up is decided; the exponent
  // field steps by the hidden bit and by a mantissa carry-out (subnormal -> normal, next binade).
  arith::increment(m, "man", "t[23:1]", 23, "round_up", "rounded mantissa field and its carry out");
  // field = g - 1 + step, step = hidden bit + mantissa carry (0, 1 or 2; a subnormal's field is step).
  m.wire("step1", 1, "t[24] ^ man[23]", "step is 1");
  m.wire("step2", 1, "t[24] & man[23]", "step is 2");
  arith::increment(m, "g_inc", "g", 12, "1'b1", "g + 1");
  arith::increment(m, "g_dec_n", "~g", 12, "1'b1", "~(g - 1)");
  m.wire("field_out", 8,
         "tiny ? {7'd0, step1} : step2 ? g_inc[7:0] : step1 ? g[7:0] : ~g_dec_n[7:0]",
         "exponent field (a subnormal that rounds up to 2^-126 gets 1)");
  m.wire("overflow", 1,
         "~tiny & ((|g[10:8]) | (g[7:0] == 8'hff & (step1 | step2)) | (g[7:0] == 8'hfe & step2))",
         "g - 1 + step >= 255: rounded magnitude beyond the largest binary32");
  m.wire("g_hi_unused", 10, "{g_inc[12:8], g_dec_n[12:8]}", "the field has 8 bits; overflow looks at g");
  m.wire("y_num", 32,
         fmt::format("~{} ? 32'd0 : overflow ? {{{}, 8'hff, 23'd0}} : {{{}, field_out, man[22:0]}}", nonzero, s_neg, s_neg),
         "a non-zero sum that underflows keeps its sign");
  std::string y_pre;
  if (with_acc) {
    // acc's own NaN and Inf join the products'; a finite acc that decides the result alone is passed on.
    m.wire("s_zero", 1, "~|x[MAG_W-1:1]", "with acc far below: the products' sum is zero (the word is +-1)");
    m.wire("acc_wins", 1, fmt::format("~{0} & ({1} | ({2} & s_zero))", acc.special, acc.above, acc.far_below),
           "acc is non-zero and the sum is below a quarter of its last place, or zero");
    m.wire("y_fin", 32, "acc_wins ? acc : y_num", "the rounded sum, or acc itself");
    nan = m.wire("nan_acc", 1, fmt::format("{} | {}", nan, acc.nan), "a NaN operand of the sum, or a NaN acc");
    pinf_s = m.wire("pinf_acc", 1, fmt::format("{}{}", has_inf ? pinf_s + " | " : "", acc.pinf), "+Inf in the sum or acc");
    ninf_s = m.wire("ninf_acc", 1, fmt::format("{}{}", has_inf ? ninf_s + " | " : "", acc.ninf), "-Inf in the sum or acc");
  }
  const std::string y_num = with_acc ? "y_fin" : "y_num";
  if (has_inf || with_acc) {
    m.wire("nan_all", 1, fmt::format("{} | ({} & {})", nan, pinf_s, ninf_s), "+Inf and -Inf products together");
    y_pre = m.wire("y_pre", 32,
                   fmt::format("nan_all ? 32'h7fc00000 : ({0} | {1}) ? {{{1}, 8'hff, 23'd0}} : {2}", pinf_s, ninf_s, y_num));
  } else {
    y_pre = m.wire("y_pre", 32, fmt::format("{} ? 32'h7fc00000 : {}", nan, y_num), "quiet NaN");
  }
  m.assign("y", y_pre);
  if (!both_int) build_mul(d, top + "_mul", sa, sb, g);
}

// The MX keys (fmt, k), each side's element format apart, and the binary32 accumulator input.
std::vector<KeyDef> keys() {
  std::vector<KeyDef> keys = blocks::mx_keys();
  std::vector<std::string> sides = blocks::mx_elem_names();
  sides.push_back("fmt");
  keys.push_back(KeyDef::choice("fmt_a", "fmt", sides, "element format of A (fmt: as fmt)"));
  keys.push_back(KeyDef::choice("fmt_b", "fmt", sides, "element format of B (fmt: as fmt)"));
  keys.push_back(KeyDef::choice("acc", "0", {"0", "1"}, "add a binary32 input acc exactly before the rounding"));
  return keys;
}

QRTL_BLOCK(BlockDef{
    .name = "mx_dot",
    .summary = "OCP MX block dot product (MXFP8/6/4, MXINT8, mixed A/B formats): exact sum, one RNE rounding to binary32",
    .doc = R"(ports: input [K*W-1:0] a, input [7:0] a_scale, input [K*W-1:0] b, input [7:0] b_scale, output [31:0] y
(+ input clk when stages>0); element i at [i*W +: W]; W = 8 (e4m3 e5m2 int8), 6 (e3m2 e2m3), 4 (e2m1)
fmt sets both element types; fmt_a / fmt_b set A's / B's apart (mixed formats, e.g. MXFP4 x MXFP8):
then a is [K*WA-1:0] and b is [K*WB-1:0], each with its own element width
y = binary32 of 2^(a_scale-127) * 2^(b_scale-127) * sum a_i*b_i, exact sum, rounded once to nearest even,
binary32 subnormals kept, overflow -> +-Inf; int8 elements are two's complement times 2^-6
NaN (0x7fc00000) when a scale is 0xFF, an element is NaN, Inf*0 occurs, or +Inf and -Inf products meet;
else +-Inf if some product is infinite; an exact zero sum gives +0 or -0
acc=1: adds input [31:0] acc (binary32): y = RNE(acc + 2^(a_scale-127) * 2^(b_scale-127) * sum a_i*b_i),
acc added exactly, one rounding (chain blocks with one rounding per block); a NaN acc gives NaN, an
infinite acc joins the products' Infs (+Inf and -Inf together: NaN); an exact zero result is +0 or -0
stages=N: y belongs to the inputs sampled N rising edges earlier (depth=D: see the manifest))",
    .keys = keys(),
    .build = build_mx_dot,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
