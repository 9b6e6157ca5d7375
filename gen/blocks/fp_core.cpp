#include "blocks/fp_core.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace qrtl::blocks::fp {

using vlog::lit;

int bits_for(unsigned long long v) {
  int n = 1;
  while (n < 64 && (v >> n) != 0) ++n;
  return n;
}

namespace {

// port[hi:lo] that also works for 1-bit ports (which cannot be sliced).
std::string field(const vlog::Module& m, const std::string& port, int hi, int lo) {
  if (m.width_of(port) == 1) return port;
  return vlog::slice(port, hi, lo);
}

std::string cast(int w, const std::string& e) { return fmt::format("{}'({})", w, e); }

}  // namespace

Operand decode(vlog::Module& m, const std::string& port, const FloatFormat& f, const std::string& p) {
  const int e = f.e, mw = f.m, w = f.width();
  Operand o;
  o.sign = f.is_signed ? field(m, port, w - 1, w - 1) : "1'b0";
  std::string ef = m.wire(p + "_exp", e, field(m, port, e + mw - 1, mw), "exponent field");
  std::string mf = mw > 0 ? m.wire(p + "_man", mw, field(m, port, mw - 1, 0), "mantissa field") : "";
  std::string nz = m.wire(p + "_normal", 1, e == 1 ? ef : "|" + ef,
                          "non-zero exponent field: hidden bit of the significand");
  o.sig = m.wire(p + "_sig", mw + 1, mw > 0 ? fmt::format("{{{}, {}}}", nz, mf) : nz,
                 "significand {hidden bit, mantissa}");
  // Subnormals share the exponent of the smallest normal: field 0 counts as 1.
  o.eff = e == 1 ? "1'b1"
                 : m.wire(p + "_eff", e, fmt::format("{{{}, {} | ~{}}}", vlog::slice(ef, e - 1, 1), vlog::bit(ef, 0), nz),
                          "effective biased exponent (1 for subnormals)");
  o.zero = mw + 1 == 1 ? fmt::format("~{}", o.sig) : fmt::format("~|{}", o.sig);
  std::string ones = e == 1 ? ef : "&" + ef;
  std::string man_zero = mw == 0 ? "1'b1" : mw == 1 ? "~" + mf : "~|" + mf;
  std::string man_ones = mw == 0 ? "1'b1" : mw == 1 ? mf : "&" + mf;
  switch (f.specials) {
    case Specials::ieee:
      o.inf = mw == 0 ? ones : fmt::format("({} & {})", ones, man_zero);
      o.nan = mw == 0 ? "1'b0" : fmt::format("({} & {}{})", ones, mw == 1 ? "" : "|", mf);
      break;
    case Specials::fn:
      o.inf = "1'b0";
      o.nan = mw == 0 ? ones : fmt::format("({} & {})", ones, man_ones);
      break;
    case Specials::none:
      o.inf = o.nan = "1'b0";
      break;
  }
  return o;
}

void round_pack(vlog::Module& m, const Unrounded& uin, const RoundSpec& s, const std::string& y) {
  const FloatFormat& out = s.out;
  const int eo = out.e, mo = out.m;
  const int extra = s.mode == Rounding::rne ? 1 : s.mode == Rounding::sr ? s.sr_bits : 0;
  Unrounded u = uin;
  u.lz_cap = std::clamp(u.lz_cap, 0, u.wp - 1);
  // A significand much wider than the output (fp32 -> e4m3): the bits that no shift can bring
  // above the guard only matter through their OR (rne) or not at all (rtz; sr adds its random
  // bits right below the kept LSB, so lower bits can never carry into it).
  const int keep = mo + 1 + extra + u.lz_cap;
  if (u.wp > keep + (s.mode == Rounding::rne ? 1 : 0)) {
    std::string hi = vlog::slice(u.sig, u.wp - 1, u.wp - keep);
    std::string lo = vlog::slice(u.sig, u.wp - keep - 1, 0);
    if (s.mode == Rounding::rne) {
      u.sig = m.wire(y + "_sig", keep + 1, fmt::format("{{{}, |{}}}", hi, lo), "top bits, then the OR of the rest");
      u.wp = keep + 1;
    } else {
      m.wire(y + "_sig_unused", u.wp - keep, lo, "below any rounding bit");
      u.sig = m.wire(y + "_sig", keep, hi, "the bits rounding can see");
      u.wp = keep;
    }
  }
  const int wt = std::max(u.wp, mo + 1 + extra);  // aligned window: kept bits, then round bits
  const long eraw_min = u.eb_min + u.c;
  // Right shift for results below the normal range; beyond the window everything is sticky.
  const int rcap = static_cast<int>(std::clamp<long>(1 - eraw_min, 0, wt));
  const int lzcap = u.lz_cap;
  const long kd = u.c - 1 + rcap;  // D = eb + kd = (left shift limit set by the exponent) + rcap
  const long dmin = u.eb_min + kd, dmax = u.eb_max + kd;
  const int w = bits_for(static_cast<unsigned long long>(
      std::max<long>({dmax + 2, lzcap + rcap, 1L << eo, 1})));
  const int wv = wt + rcap;
  const int ws = lzcap + rcap > 0 ? bits_for(static_cast<unsigned long long>(lzcap + rcap)) : 0;

  m.comment(fmt::format("Round into {} ({}): normalise by min(leading zeros, exponent room), or shift right into",
                        out.name, s.mode == Rounding::rne ? "nearest-even" : s.mode == Rounding::rtz ? "toward zero" : "stochastic"));
  m.comment("the subnormal range, as ONE left shift of the significand placed above a zero field of RCAP bits.");
  const std::string rcap_name = y + "_RCAP";
  m.localparam(rcap_name, lit(w, rcap), "widest right shift that can still leave a bit in view");

  // Leading zeros of the significand, saturated where the exponent stops normalisation anyway.
  std::string lzr;
  if (lzcap > 0) {
    const int lw = bits_for(static_cast<unsigned long long>(lzcap));
    std::string chain;
    for (int i = 0; i < lzcap; ++i) chain += fmt::format("{} ? {} : ", vlog::bit(u.sig, u.wp - 1 - i), lit(lw, i));
    chain += lit(lw, lzcap);
    std::string lz = m.wire(y + "_lz", lw, chain, fmt::format("leading zeros of the significand, saturated at {}", lzcap));
    lzr = m.wire(y + "_lzr", w, fmt::format("{} + {}", cast(w, lz), rcap_name), "leading zeros + RCAP");
  } else {
    lzr = rcap_name;
  }
  // D: how far left the exponent allows shifting (plus RCAP); below 0 everything is sticky.
  std::string d_expr;
  std::string ebx = cast(w, u.eb);
  std::string sum = kd >= 0 ? fmt::format("{} + {}", ebx, lit(w, kd)) : fmt::format("{} - {}", ebx, lit(w, -kd));
  if (kd == 0) sum = ebx;
  if (dmax < 0) {
    d_expr = lit(w, 0);
  } else if (dmin < 0) {
    d_expr = fmt::format("({} < {}) ? {} : {}", u.eb, lit(u.ebw, -kd), lit(w, 0), sum);
  } else {
    d_expr = sum;
  }
  std::string dv = m.wire(y + "_room", w, d_expr, "exponent room for a left shift, + RCAP (0: all sticky)");
  std::string sh = m.wire(y + "_shift", w, fmt::format("({} < {}) ? {} : {}", dv, lzr, dv, lzr),
                          "left shift of the RCAP-extended significand");
  std::string enorm = m.wire(y + "_enorm", w, fmt::format("{} + {} - {}", dv, lit(w, 1), sh),
                             "biased exponent when the shifted significand is normal");

  std::vector<std::string> vparts;
  if (rcap > 0) vparts.push_back(lit(rcap, 0));
  vparts.push_back(u.sig);
  if (wt > u.wp) vparts.push_back(lit(wt - u.wp, 0));
  std::string vexpr = vparts.size() == 1 ? vparts[0] : fmt::format("{{{}}}", fmt::join(vparts, ", "));
  std::string win = m.wire(y + "_win", wv, vexpr, "significand with RCAP zeros above and round room below");
  std::string shifted = ws > 0 ? m.wire(y + "_aligned", wv, fmt::format("{} << {}", win, ws == w ? sh : vlog::slice(sh, ws - 1, 0)),
                                        "hidden bit at the top when normal; kept bits, then round bits")
                               : win;
  if (ws > 0 && ws < w) m.wire(y + "_shift_unused", w - ws, vlog::slice(sh, w - 1, ws), "always 0: shift <= lz cap + RCAP");

  const int top = wv - 1, lsb = wv - 1 - mo;  // kept bits [top:lsb]
  std::string up;
  int low_used = lsb;  // bits [low_used-1:0] are not looked at
  switch (s.mode) {
    case Rounding::rtz: up = "1'b0"; break;
    case Rounding::rne: {
      std::string g = vlog::bit(shifted, lsb - 1);
      std::string st = lsb - 2 >= 0 ? m.wire(y + "_sticky", 1, "|" + vlog::slice(shifted, lsb - 2, 0), "any bit below the guard") : "1'b0";
      up = m.wire(y + "_up", 1, fmt::format("{} & ({} | {})", g, st, vlog::bit(shifted, lsb)),
                  "round to nearest, ties to even");
      low_used = 0;
      break;
    }
    case Rounding::sr: {
      std::string frac = m.wire(y + "_frac", s.sr_bits, vlog::slice(shifted, lsb - 1, lsb - s.sr_bits), "bits below the kept LSB");
      up = m.wire(y + "_up", 1, fmt::format("{} > ~{}", s.rnd, frac), "carry out of frac + rnd: stochastic round up");
      low_used = lsb - s.sr_bits;
      break;
    }
  }
  if (low_used > 0) m.wire(y + "_low_unused", low_used, vlog::slice(shifted, low_used - 1, 0), "below the rounding bits");

  std::string eout = m.wire(y + "_eout", w, fmt::format("{} ? {} : {}", vlog::bit(shifted, top), enorm, lit(w, 0)),
                            "biased exponent field (0: subnormal or zero)");
  std::string code = mo > 0 ? fmt::format("{{{}, {}}}", eout, vlog::slice(shifted, lsb + mo - 1, lsb)) : eout;
  // Rounding up carries from the mantissa into the exponent: subnormal -> normal, 1.11 -> 10.0.
  std::string r = m.wire(y + "_rounded", w + mo, fmt::format("{} + {}", code, cast(w + mo, up)),
                         "magnitude code rounded, unbounded exponent");
  m.localparam(fmt::format("{}_MAX", y), lit(w + mo, out.max_finite_code()), "largest finite magnitude code");
  std::string ovf = m.wire(y + "_ovf", 1, fmt::format("{} > {}_MAX", r, y), "finite overflow (IEEE 754 7.4)");
  const int wm = eo + mo;
  // Specials: which code to give for NaN, an exact infinity and a finite overflow.
  const std::string maxc = lit(wm, out.max_finite_code());
  const std::string nanc = out.has_nan() ? lit(wm, out.nan_code()) : maxc;
  const std::string infc = out.has_inf() ? lit(wm, out.inf_code()) : nanc;
  const std::string ovfc = (s.sat || out.specials == Specials::none) ? maxc : infc;
  std::string mag = m.wire(y + "_mag", wm,
                           fmt::format("{} ? {} : {} ? {} : {} ? {} : {}", u.nan, nanc, u.inf, infc, ovf, ovfc,
                                       wm == w + mo ? r : vlog::slice(r, wm - 1, 0)),
                           out.has_nan() ? "NaN, infinity, overflow or the rounded magnitude"
                                         : "no NaN code in the output: a NaN result gives +max");
  if (out.is_signed) {
    std::string sg = u.sign == "1'b0" ? "1'b0" : fmt::format("{} & ~{}", u.sign, u.nan);
    m.assign(y, fmt::format("{{{}, {}}}", sg, mag));
  } else if (u.sign == "1'b0") {
    m.assign(y, mag);
  } else {
    // Unsigned output: a negative non-NaN result clamps to 0 (docs/formats.md).
    m.assign(y, fmt::format("({} & ~{}) ? {} : {}", u.sign, u.nan, lit(wm, 0), mag));
  }
}

}  // namespace qrtl::blocks::fp
