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
#include "blocks/common.h"
#include "blocks/mx_common.h"
#include "errors.h"
#include "registry.h"

namespace qrtl {
namespace {

using blocks::MxElem;

// Where the stage registers go, in the order they are added as `stages` grows.
enum class Cut { out, sum, align, norm, mid, in };
const Cut kCutOrder[] = {Cut::out, Cut::sum, Cut::align, Cut::norm, Cut::mid, Cut::in};

// Fixed-point geometry of the exact sum.
struct Geometry {
  int term_w = 0;  // width of one aligned product magnitude (float elements)
  int acc_w = 0;   // two's-complement accumulator width: holds k * max|product| exactly
  int lsb = 0;     // exponent of the accumulator's LSB (weight 2^lsb)
};

Geometry geometry(const MxElem& el, int k) {
  Geometry g;
  if (el.is_int) {
    // |a_i*b_i| <= 128*128 = 2^14; the LSB of a product is 2^-6 * 2^-6.
    g.acc_w = blocks::bits_of(static_cast<unsigned long long>(k) << 14) + 1;
    g.lsb = -12;
    return g;
  }
  const FloatFormat& f = el.f;
  uint64_t maxc = f.max_finite_code();
  int max_shift = static_cast<int>(f.exp_field(maxc)) - 1;  // exponent field e >= 1 shifts by e-1
  unsigned long long max_sig = (uint64_t{1} << f.m) | f.man_field(maxc);
  g.term_w = 2 * (f.m + 1) + 2 * max_shift;
  g.acc_w = blocks::bits_of(static_cast<unsigned long long>(k) * max_sig * max_sig) + 2 * max_shift + 1;
  g.lsb = 2 * (f.emin() - f.m);
  return g;
}

// One element pair: decode both codes, multiply the significands, shift the product to its place
// in the fixed-point word. Outputs the product's sign and its one's complement-when-negative image
// (the BitHeap adds `neg` at the LSB to complete the two's complement), plus the NaN/Inf flags.
void build_mul(vlog::Design& d, const std::string& name, const FloatFormat& f, const Geometry& g) {
  vlog::Module& m = d.modules.emplace_back(name);
  const int w = f.width(), e = f.e, mw = f.m, sw = mw + 1, pw = 2 * sw;
  m.describe(fmt::format("One {} x {} product, aligned into a {}-bit fixed-point magnitude (LSB 2^{}).", f.name,
                         f.name, g.term_w, g.lsb));
  m.input("a", w, fmt::format("{} element", f.name));
  m.input("b", w, fmt::format("{} element", f.name));
  m.output("neg", 1, "sign of the product");
  m.output("term", g.term_w + 1, "signed product: {0, magnitude}, bitwise inverted when neg (add neg to negate)");
  if (f.has_nan()) m.output("nan", 1, "NaN operand, or Inf times zero");
  if (f.has_inf()) m.output("inf", 1, "an operand is infinite (the product is +-Inf unless nan)");

  for (const char* op : {"a", "b"}) {
    std::string o = op;
    m.comment(fmt::format("decode {}: value = sig * 2^(sh + {}), sig = {{exp != 0, man}}, sh = max(exp, 1) - 1", o,
                          f.emin() - f.m));
    m.wire(o + "_sign", 1, vlog::bit(o, w - 1));
    m.wire(o + "_exp", e, vlog::slice(o, w - 2, mw));
    m.wire(o + "_man", mw, vlog::slice(o, mw - 1, 0));
    m.wire(o + "_sub", 1, fmt::format("{}_exp == {}", o, vlog::lit(e, 0)), "zero or subnormal");
    m.wire(o + "_sig", sw, fmt::format("{{~{0}_sub, {0}_man}}", o), "significand with its hidden bit");
    m.wire(o + "_sh", e, fmt::format("{0}_sub ? {1} : {0}_exp - {2}", o, vlog::lit(e, 0), vlog::lit(e, 1)));
    if (f.has_nan() || f.has_inf()) {
      m.wire(o + "_top", 1, fmt::format("&{}_exp", o), "all-ones exponent field");
      if (f.specials == Specials::fn)
        m.wire(o + "_nan", 1, fmt::format("{0}_top & (&{0}_man)", o), "the only NaN codes: S.1111.111");
      else
        m.wire(o + "_nan", 1, fmt::format("{0}_top & (|{0}_man)", o));
      if (f.has_inf()) {
        m.wire(o + "_inf", 1, fmt::format("{0}_top & ~(|{0}_man)", o));
        m.wire(o + "_zero", 1, fmt::format("{0}_sub & ~(|{0}_man)", o));
      }
    }
  }
  m.wire("prod_sig", pw, fmt::format("{0}'(a_sig) * {0}'(b_sig)", pw));
  m.wire("prod_sh", e + 1, fmt::format("{0}'(a_sh) + {0}'(b_sh)", e + 1));
  m.wire("mag", g.term_w, fmt::format("{{{}, prod_sig}} << prod_sh", vlog::lit(g.term_w - pw, 0)),
         fmt::format("exact product in units of the accumulator LSB; shifts reach 2*(max exponent field-1) = {} "
                     "(NaN/Inf codes give don't-care values)", g.term_w - pw));
  m.assign("neg", "a_sign ^ b_sign");
  m.assign("term", fmt::format("{{1'b0, mag}} ^ {{{}{{neg}}}}", g.term_w + 1));
  if (f.has_nan()) {
    std::string nan = "a_nan | b_nan";
    if (f.has_inf()) nan += " | (a_inf & b_zero) | (a_zero & b_inf)";
    m.assign("nan", nan);
  }
  if (f.has_inf()) m.assign("inf", "a_inf | b_inf");
}

void build(vlog::Design& d, const Params& p, const std::string& top) {
  const MxElem el = blocks::mx_elem(p.s("fmt"));
  const int k = static_cast<int>(p.i("k")), stages = static_cast<int>(p.i("stages"));
  const int w = el.width;
  const Geometry g = geometry(el, k);
  const int acc_w = g.acc_w, mag_w = acc_w - 1;
  const bool has_nan = !el.is_int && el.f.has_nan(), has_inf = !el.is_int && el.f.has_inf();
  auto cut = [&](Cut c) {
    auto end = kCutOrder + std::min<int>(stages, 6);
    return std::find(kCutOrder, end, c) != end;
  };

  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("MX{} dot product of two {}-element blocks with E8M0 scales, exact sum, one RNE rounding",
                         el.is_int ? "INT8" : " " + el.name, k));
  m.describe("to binary32 (subnormals kept, overflow to Inf).");
  m.describe(fmt::format("Exact sum: {}-bit two's complement, LSB weight 2^{} before scaling. Latency {} cycle(s).",
                         acc_w, g.lsb, stages));
  if (stages > 0) m.input("clk", 1, "rising-edge clock of the pipeline");
  m.input("a", k * w, fmt::format("block A: element i at [i*{0} +: {0}]", w));
  m.input("a_scale", 8, "E8M0 scale of A: 2^(a_scale-127), 0xFF = NaN");
  m.input("b", k * w, fmt::format("block B: element i at [i*{0} +: {0}]", w));
  m.input("b_scale", 8, "E8M0 scale of B");
  m.output("y", 32, "binary32 result");
  m.localparam("W", std::to_string(w), "bits per element");

  std::string a = "a", b = "b", as = "a_scale", bs = "b_scale";
  if (cut(Cut::in)) {
    a = m.reg("clk", "a_q", k * w, "a", "input register");
    as = m.reg("clk", "a_scale_q", 8, "a_scale", "input register");
    b = m.reg("clk", "b_q", k * w, "b", "input register");
    bs = m.reg("clk", "b_scale_q", 8, "b_scale", "input register");
  }

  // Products and their flags.
  std::vector<std::string> nans = {fmt::format("({} == 8'hff)", as), fmt::format("({} == 8'hff)", bs)};
  std::vector<std::string> pinf, ninf;
  auto fill = [&](arith::BitHeap& h, vlog::Module& mm, bool real) {
    for (int i = 0; i < k; ++i) {
      std::string ai = fmt::format("a_el{}", i), bi = fmt::format("b_el{}", i);
      if (real) {
        mm.wire(ai, w, fmt::format("{}[{} +: W]", a, i * w));
        mm.wire(bi, w, fmt::format("{}[{} +: W]", b, i * w));
      }
      if (el.is_int) {
        h.add_product(ai, 8, true, bi, 8, true);
        continue;
      }
      std::string neg = fmt::format("p{}_neg", i), term = fmt::format("p{}_term", i);
      if (real) {
        mm.signal(neg, 1);
        mm.signal(term, g.term_w + 1);
        std::vector<vlog::Connection> conns = {{"a", ai}, {"b", bi}, {"neg", neg}, {"term", term}};
        if (has_nan) conns.push_back({"nan", mm.signal(fmt::format("p{}_nan", i), 1)});
        if (has_inf) conns.push_back({"inf", mm.signal(fmt::format("p{}_inf", i), 1)});
        mm.instance(top + "_mul", fmt::format("u_mul{}", i), conns);
        if (has_nan) nans.push_back(fmt::format("p{}_nan", i));
        if (has_inf) {
          pinf.push_back(fmt::format("(p{0}_inf & ~p{0}_neg)", i));
          ninf.push_back(fmt::format("(p{0}_inf & p{0}_neg)", i));
        }
      }
      h.add_number(term, g.term_w + 1, true);
      h.add_bit(0, neg);
    }
  };
  vlog::Module scratch("probe");
  arith::BitHeap probe(scratch, "probe", acc_w);
  fill(probe, scratch, false);
  const int levels = probe.levels();
  std::vector<int> heap_cuts;
  if (cut(Cut::align)) heap_cuts.push_back(0);
  if (cut(Cut::mid)) heap_cuts.push_back((levels + 1) / 2);
  if (cut(Cut::sum)) heap_cuts.push_back(levels + 1);
  std::sort(heap_cuts.begin(), heap_cuts.end());

  m.comment(el.is_int ? "MXINT8: the signed 8x8 products go straight into the bit heap (Baugh-Wooley)"
                      : "element products, aligned into the fixed-point accumulator");
  arith::BitHeap heap(m, "dot", acc_w);
  fill(heap, m, true);

  // NaN / Inf flags and the scale sum travel beside the heap, delayed by its pipeline cuts.
  const int heap_delay = static_cast<int>(heap_cuts.size());
  std::string nan_in = m.wire("nan_in", 1, fmt::format("{}", fmt::join(nans, " | ")),
                              "a NaN scale, a NaN element or Inf times zero");
  std::string pinf_in, ninf_in;
  if (has_inf) {
    pinf_in = m.wire("pinf_in", 1, fmt::format("{}", fmt::join(pinf, " | ")), "some product is +Inf");
    ninf_in = m.wire("ninf_in", 1, fmt::format("{}", fmt::join(ninf, " | ")), "some product is -Inf");
  }
  std::string ssum_in = m.wire("ssum_in", 9, fmt::format("9'({}) + 9'({})", as, bs), "a_scale + b_scale");
  std::string sum = heap.emit("dot_sum", heap_cuts);
  std::string nan = blocks::delay(m, "clk", nan_in, 1, heap_delay);
  std::string pinf_s = has_inf ? blocks::delay(m, "clk", pinf_in, 1, heap_delay) : "";
  std::string ninf_s = has_inf ? blocks::delay(m, "clk", ninf_in, 1, heap_delay) : "";
  std::string ssum = blocks::delay(m, "clk", ssum_in, 9, heap_delay);

  // Normalize |sum|: its leading one gives the binary32 exponent.
  m.comment(fmt::format("magnitude and sign of the exact sum (|sum| < 2^{}, so MAG_W bits hold it)", mag_w));
  m.localparam("MAG_W", std::to_string(mag_w), "magnitude width");
  std::string s_neg = m.wire("sum_neg", 1, vlog::bit(sum, acc_w - 1));
  m.wire("sum_mag", mag_w, fmt::format("({} ^ {{MAG_W{{sum_neg}}}}) + MAG_W'(sum_neg)", vlog::slice(sum, mag_w - 1, 0)));
  blocks::Normalized nz = blocks::normalize(m, "nrm", "sum_mag", mag_w, true);
  // floor(log2 |value|) = (MAG_W-1-lz) + lsb + (a_scale-127) + (b_scale-127); binary32 biased exponent:
  const int be_const = mag_w - 1 + g.lsb - 127;
  const int be_max = 508 + be_const;
  if (be_max >= 2048 || be_const - mag_w < -2048) throw std::logic_error("mx_dot: exponent range exceeds 12 bits");
  m.localparam("BE_BIAS", fmt::format("12'h{:03x}", static_cast<unsigned>(be_const) & 0xfff),
               fmt::format("{} = (MAG_W-1) + ({}) - 127, as 12-bit two's complement", be_const, g.lsb));
  std::string be_in = m.wire("be_in", 12, fmt::format("12'({}) + BE_BIAS - 12'({})", ssum, nz.count),
                             "biased binary32 exponent of the leading one (two's complement, may be <= 0)");
  std::string norm = nz.value, be = be_in, nonzero_in = m.wire("nonzero_in", 1, vlog::bit(nz.value, mag_w - 1));
  std::string nonzero = nonzero_in;
  if (cut(Cut::norm)) {
    norm = m.reg("clk", "norm_q", mag_w, nz.value, "normalized magnitude");
    be = m.reg("clk", "be_q", 12, be_in);
    nonzero = m.reg("clk", "nonzero_q", 1, nonzero_in);
    s_neg = m.reg("clk", "sum_neg_q", 1, s_neg);
    nan = m.reg("clk", "nan_q", 1, nan);
    if (has_inf) {
      pinf_s = m.reg("clk", "pinf_q", 1, pinf_s);
      ninf_s = m.reg("clk", "ninf_q", 1, ninf_s);
    }
  }

  // Round once: 24 significant bits + guard from the top of the normalized word, sticky below; a
  // result below 2^-126 is first shifted right onto the subnormal grid (2^-149).
  m.comment("rounding window: 24-bit significand and guard bit; the rest only matters as sticky");
  if (mag_w >= 25) {
    m.wire("win", 25, vlog::slice(norm, mag_w - 1, mag_w - 25));
    if (mag_w > 25)
      m.wire("sticky_lo", 1, fmt::format("|{}", vlog::slice(norm, mag_w - 26, 0)));
    else
      m.wire("sticky_lo", 1, "1'b0");
  } else {
    m.wire("win", 25, fmt::format("{{{}, {}}}", norm, vlog::lit(25 - mag_w, 0)), "exact: padded with zeros");
    m.wire("sticky_lo", 1, "1'b0");
  }
  m.localparam("DEN_MAX", "12'd25", "a right shift of 25 or more leaves only sticky bits (rounds to zero)");
  m.wire("tiny", 1, fmt::format("{0}[11] | ({0} == 12'd0)", be), "biased exponent <= 0: binary32 subnormal");
  m.wire("den_full", 12, fmt::format("12'd1 - {}", be), "right shift onto the subnormal grid");
  m.wire("den", 5, "~tiny ? 5'd0 : (den_full > DEN_MAX) ? 5'd25 : den_full[4:0]");
  m.wire("shifted", 50, "{win, 25'd0} >> den");
  m.wire("sig", 24, "shifted[49:26]", "significand in units of the result's LSB");
  m.wire("guard", 1, "shifted[25]");
  m.wire("sticky", 1, "(|shifted[24:0]) | sticky_lo");
  m.wire("round_up", 1, "guard & (sticky | sig[0])", "round to nearest, ties to even");
  m.wire("field_pre", 12, fmt::format("tiny ? 12'd0 : {} - 12'd1", be),
         "exponent field minus the hidden bit, which the significand adds back");
  m.wire("code", 35, "{field_pre, 23'd0} + 35'(sig) + 35'(round_up)",
         "a mantissa carry-out steps the exponent (subnormal -> normal, normal -> next binade)");
  m.wire("overflow", 1, "code[34:23] >= 12'd255", "rounded magnitude beyond the largest binary32");
  m.wire("y_num", 32,
         fmt::format("~{} ? 32'd0 : overflow ? {{{}, 8'hff, 23'd0}} : {{{}, code[30:0]}}", nonzero, s_neg, s_neg),
         "a non-zero sum that underflows keeps its sign");
  std::string y_pre;
  if (has_inf) {
    m.wire("nan_all", 1, fmt::format("{} | ({} & {})", nan, pinf_s, ninf_s), "+Inf and -Inf products together");
    y_pre = m.wire("y_pre", 32,
                   fmt::format("nan_all ? 32'h7fc00000 : ({0} | {1}) ? {{{1}, 8'hff, 23'd0}} : y_num", pinf_s, ninf_s));
  } else {
    y_pre = m.wire("y_pre", 32, fmt::format("{} ? 32'h7fc00000 : y_num", nan), "quiet NaN");
  }
  if (cut(Cut::out))
    m.reg("clk", "y_q", 32, y_pre, "output register");
  m.assign("y", cut(Cut::out) ? "y_q" : y_pre);
  if (!el.is_int) build_mul(d, top + "_mul", el.f, g);
}

BlockDef make() {
  BlockDef def;
  def.name = "mx_dot";
  def.summary = "OCP MX block dot product (MXFP8/6/4, MXINT8): exact sum, one RNE rounding to binary32";
  def.doc = {
      "ports: input [K*W-1:0] a, input [7:0] a_scale, input [K*W-1:0] b, input [7:0] b_scale, output [31:0] y",
      "(+ input clk when stages>0); element i at [i*W +: W]; W = 8 (e4m3 e5m2 int8), 6 (e3m2 e2m3), 4 (e2m1)",
      "y = binary32 of 2^(a_scale-127) * 2^(b_scale-127) * sum a_i*b_i, exact sum, rounded once to nearest even,",
      "binary32 subnormals kept, overflow -> +-Inf; int8 elements are two's complement times 2^-6",
      "NaN (0x7fc00000) when a scale is 0xFF, an element is NaN, Inf*0 occurs, or +Inf and -Inf products meet;",
      "else +-Inf if some product is infinite; an exact zero sum gives +0",
      "stages=N: y belongs to the inputs sampled N rising edges earlier; registers are added in the order",
      "output, exact sum (after the CPA), aligned products (before the Dadda tree), normalized sum (before",
      "rounding), middle Dadda level, inputs"};
  def.keys = blocks::mx_keys(6);
  def.build = build;
  def.latency = [](const Params& p) { return static_cast<int>(p.i("stages")); };
  return def;
}

QRTL_BLOCK(make);

}  // namespace
}  // namespace qrtl
