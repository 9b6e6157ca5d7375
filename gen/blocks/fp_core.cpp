#include "blocks/fp_core.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <stdexcept>


namespace qrtl::blocks::fp {

using vlog::lit;

int bits_for(unsigned long long v) {
  int n = 1;
  while (n < 64 && (v >> n) != 0) ++n;
  return n;
}

namespace {

// Gradual underflow under nearest-even decodes each right-shift place (one-hot) while places x
// kept bits stays within this; beyond, a binary shift amount is smaller. Measured with the user
// flow: 4-7 places of 4-7 bits (FP8/FP6/FP4 and 5-bit-mantissa outputs) 2-9% smaller one-hot;
// fp32 -> fp:3.6 (8 x 8) +4.4%, e4m3 x e4m3 -> fp16 (6 x 12) +3.1%.
constexpr int kOneHotMaxTerms = 56;

// port[hi:lo] that also works for 1-bit ports (which cannot be sliced).
std::string field(const vlog::Module& m, const std::string& port, int hi, int lo) {
  if (m.width_of(port) == 1) return port;
  return vlog::slice(port, hi, lo);
}

std::string cast(int w, const std::string& e) { return fmt::format("{}'({})", w, e); }

// A possibly negative value as a w-bit two's complement literal.
std::string wrapped_lit(int w, long v) { return lit(w, static_cast<unsigned long long>(v) & ((1ull << w) - 1)); }

}  // namespace

Operand decode(vlog::Module& m, const std::string& port, const FloatFormat& f, const std::string& p) {
  const int e = f.e, mw = f.m, w = f.width();
  Operand o;
  o.sign = f.is_signed ? field(m, port, w - 1, w - 1) : "1'b0";
  std::string ef = m.wire(p + "_exp", e, field(m, port, e + mw - 1, mw), "exponent field");
  std::string mf = mw > 0 ? m.wire(p + "_man", mw, field(m, port, mw - 1, 0), "mantissa field") : "";
  o.field = ef;
  o.man = mf;
  std::string nz = o.normal = m.wire(p + "_normal", 1, e == 1 ? ef : "|" + ef,
                          "non-zero exponent field: hidden bit of the significand");
  o.sig = m.wire(p + "_sig", mw + 1, mw > 0 ? fmt::format("{{{}, {}}}", nz, mf) : nz,
                 "significand {hidden bit, mantissa}");
  // Subnormals share the exponent of the smallest normal: field 0 counts as 1.
  o.eff = e == 1 ? "1'b1" : fmt::format("{{{}, {} | ~{}}}", vlog::slice(ef, e - 1, 1), vlog::bit(ef, 0), nz);
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

int signed_bits(long lo, long hi) {
  int w = 1;
  while (w < 62 && (lo < -(1L << (w - 1)) || hi > (1L << (w - 1)) - 1)) ++w;
  return w;
}

Normalized normalize(vlog::Module& m, const Operand& o, const FloatFormat& f, int cap, int ew, bool want_sig,
                     const std::string& p) {
  Normalized n;
  cap = std::clamp(cap, 0, f.m);
  n.full = cap == f.m;
  n.man = o.man;
  const int ws = f.m + 1;
  if (cap == 0) {
    n.sig = o.sig;
    n.exp = m.wire(p + "_nexp", ew, fmt::format("{}'({})", ew, o.eff), "biased exponent");
    return n;
  }
  const int lzw = bits_for(static_cast<unsigned long long>(cap));
  std::string chain, table;
  for (int i = 0; i < cap; ++i) chain += fmt::format("{} ? {} : ", vlog::bit(o.sig, ws - 1 - i), lit(lzw, i));
  chain += lit(lzw, cap);
  // A subnormal's exponent after normalisation depends only on where its first one is: 1 - shift.
  for (int i = 1; i < cap; ++i) table += fmt::format("{} ? {} : ", vlog::bit(o.sig, ws - 1 - i), wrapped_lit(ew, 1 - i));
  table += wrapped_lit(ew, 1 - cap);
  std::string lz = m.wire(p + "_lz", lzw, chain,
                          fmt::format("leading zeros of the significand (0 when normal), saturated at {}", cap));
  // The normalised fraction is declared only where a user reads it: the hidden-one product
  // (!want_sig) and the full-normalisation significand; a partial one shifts the significand.
  if (!want_sig || n.full) n.man = m.wire(p + "_nman", f.m, fmt::format("{} << {}", o.man, lz), "fraction normalised");
  else n.man.clear();
  n.exp = m.wire(p + "_nexp", ew, fmt::format("{} ? {}'({}) : {}", o.normal, ew, o.field, table),
                 "biased exponent after normalisation (a small table for subnormals)");
  if (want_sig)
    n.sig = n.full ? m.wire(p + "_nsig", ws, fmt::format("{{|{}, {}}}", o.sig, n.man), "significand normalised")
                   : m.wire(p + "_nsig", ws, fmt::format("{} << {}", o.sig, lz), "significand normalised");
  return n;
}

void round_pack(vlog::Module& m, const Unrounded& u, const RoundSpec& s, const std::string& y) {
  const FloatFormat& out = s.out;
  const int eo = out.e, mo = out.m;
  const int extra = s.mode == Rounding::rne ? 1 : s.mode == Rounding::sr ? s.sr_bits : 0;
  const int ew = u.ew;
  const long e1_min = u.exp_min, e1_max = u.exp_max + (u.norm1 ? 1 : 0);
  if (signed_bits(e1_min, std::max<long>(e1_max, 1)) > ew) throw std::logic_error("round_pack: exponent too narrow");
  m.comment(fmt::format("Round into {} ({}): one-bit normalisation, right shift into the subnormal range,",
                        out.name, s.mode == Rounding::rne ? "nearest-even" : s.mode == Rounding::rtz ? "toward zero" : "stochastic"));
  m.comment("then an increment of {exponent, mantissa} that carries into the exponent when it must.");

  // 1. Leading one to the top: a product of two significands in [1,2) lies in [1,4).
  std::string nsig = u.sig, e1 = u.exp;
  int wn = u.wp;
  if (u.norm1) {
    std::string top = vlog::bit(u.sig, u.wp - 1);
    nsig = m.wire(y + "_norm", u.wp,
                  u.wp == 1 ? top : fmt::format("{} ? {} : {{{}, 1'b0}}", top, u.sig, vlog::slice(u.sig, u.wp - 2, 0)),
                  "leading one at the top");
    if (!u.exp_has_top)
      e1 = m.wire(y + "_exp", ew, fmt::format("{} + {}'({})", u.exp, ew, top), "biased exponent of the top bit");
  }
  // 2. Bits that can only reach the rounding through their OR (rne) or not at all (rtz; sr adds
  // its random bits right below the kept LSB, so lower bits never carry into it).
  const int keep = mo + 1 + extra;
  if (wn > keep + (s.mode == Rounding::rne ? 1 : 0)) {
    std::string hi = vlog::slice(nsig, wn - 1, wn - keep);
    std::string lo = vlog::slice(nsig, wn - keep - 1, 0);
    if (s.mode == Rounding::rne) {
      nsig = m.wire(y + "_sig", keep + 1, fmt::format("{{{}, |{}}}", hi, lo), "top bits, then the OR of the rest");
      wn = keep + 1;
    } else {
      m.wire(y + "_sig_unused", wn - keep, lo, "below any rounding bit");
      nsig = m.wire(y + "_sig", keep, hi, "the bits rounding can see");
      wn = keep;
    }
  }
  // 3. Gradual underflow: shift right by 1 - exp; RCAP moves every bit below the rounding bits.
  const int wt = std::max(wn, keep);
  const int rcap = static_cast<int>(std::clamp<long>(1 - e1_min, 0, keep));
  const int wv = wt + rcap;
  std::vector<std::string> vparts = {nsig};
  if (wt + rcap > wn) vparts.push_back(lit(wt + rcap - wn, 0));
  std::string win = m.wire(y + "_win", wv, vparts.size() == 1 ? vparts[0] : fmt::format("{{{}}}", fmt::join(vparts, ", ")),
                           "significand, with room below for the right shift");
  std::string shifted = win;
  // Sticky straight from the unshifted bits: bit i of nsig ends below the guard iff the right
  // shift is at least i - (wn - 3 - mo); no need to shift the bits that only feed the OR.
  std::function<std::string(int)> shift_at_least;  // the right shift is >= t (empty: no shift)
  auto sticky_expr = [&](const std::string& sh, int lsb_pos) {
    if (!shift_at_least) return "|" + vlog::slice(sh, lsb_pos - 2, 0);
    std::vector<std::string> terms;
    for (int i = 0; i < wn; ++i) {
      int t = i - (wn - 3 - mo);
      std::string b = wn == 1 ? nsig : vlog::bit(nsig, i);
      if (t <= 0) terms.push_back(b);
      else if (t <= rcap) terms.push_back(fmt::format("({} & {})", b, shift_at_least(t)));
    }
    return terms.empty() ? std::string("1'b0") : fmt::format("{}", fmt::join(terms, " | "));
  };
  const bool flush_zero = u.zero != "1'b0" && rcap == keep;  // a zero operand takes the full shift
  // A shift of RCAP = keep leaves nothing to round: no place of its own, the result is zero.
  const int places = rcap == keep ? rcap : rcap + 1;
  if (rcap > 0 && s.mode == Rounding::rne && places * keep <= kOneHotMaxTerms) {
    // Few places under nearest-even: decode each right shift from the exponent and select the
    // shifted copies with an AND-OR. The sticky OR needs a decode per place anyway; a binary shift
    // amount adds its subtract, compares and mux levels. (Under rtz, with no sticky, the binary
    // shift measured smaller; under sr results were mixed: both keep it.)
    std::vector<std::string> flags;
    for (int k = places - 1; k >= 0; --k) {
      std::string f = k == 0 ? fmt::format("$signed({}) > $signed({})", e1, lit(ew, 0))
                             : fmt::format("{} == {}", e1, wrapped_lit(ew, 1 - k));
      flags.push_back(flush_zero ? fmt::format("({}) & ~{}", f, u.zero) : f);
    }
    // At least two places: rcap == keep >= 2 under rne, or rcap + 1.
    std::string at = m.wire(y + "_at", places, fmt::format("{{{}}}", fmt::join(flags, ", ")),
                            flush_zero ? "one-hot right shift 1 - exp (none: flushed, or a zero operand)"
                                       : "one-hot right shift 1 - exp");
    std::vector<std::string> copies;
    for (int k = 0; k < places; ++k)
      copies.push_back(fmt::format("({{{}{{{}}}}} & {})", wv, vlog::bit(at, k), k == 0 ? win : fmt::format("({} >> {})", win, k)));
    shift_at_least = [at](int t) { return t == 1 ? "~" + vlog::bit(at, 0) : "~|" + vlog::slice(at, t - 1, 0); };
    shifted = m.wire(y + "_aligned", wv, fmt::format("{}", fmt::join(copies, " | ")), "kept bits, then the rounding bits");
  } else if (rcap > 0) {
    const int rw = bits_for(static_cast<unsigned long long>(rcap));
    m.localparam(y + "_RCAP", lit(rw, rcap), "a right shift this far leaves only sticky bits");
    std::string sub = m.wire(y + "_sub", 1, fmt::format("$signed({}) < $signed({})", e1, lit(ew, 1)),
                             "below the normal range");
    std::string deep = rcap >= 2 ? m.wire(y + "_deep", 1, fmt::format("$signed({}) < $signed({})", e1, wrapped_lit(ew, 2 - rcap)),
                                          "at least RCAP below")
                                 : sub;
    if (flush_zero) deep = m.wire(y + "_flush", 1, fmt::format("{} | {}", deep, u.zero), "deep, or a zero operand");
    std::string r = m.wire(y + "_rshift", rw,
                           fmt::format("{} ? {}_RCAP : {} ? {}'({} - {}) : {}", deep, y, sub, rw, lit(ew, 1), e1, lit(rw, 0)),
                           "right shift 1 - exp, saturated");
    shift_at_least = [r, rw](int t) { return fmt::format("({} >= {})", r, lit(rw, static_cast<unsigned long long>(t))); };
    shifted = m.wire(y + "_aligned", wv, fmt::format("{} >> {}", win, r), "kept bits, then the rounding bits");
  }

  const int top = wv - 1, lsb = wv - 1 - mo;  // kept bits [top:lsb]
  std::string up;
  int low_used = lsb;  // bits [low_used-1:0] are not looked at
  switch (s.mode) {
    case Rounding::rtz: up = "1'b0"; break;
    case Rounding::rne: {
      std::string g = vlog::bit(shifted, lsb - 1);
      std::string st = lsb - 2 >= 0 ? m.wire(y + "_sticky", 1, sticky_expr(shifted, lsb), "any bit below the guard") : "1'b0";
      up = m.wire(y + "_up", 1, st == "1'b0" ? fmt::format("{} & {}", g, vlog::bit(shifted, lsb))
                                               : fmt::format("{} & ({} | {})", g, st, vlog::bit(shifted, lsb)),
                  "round to nearest, ties to even");
      low_used = shift_at_least ? lsb - 1 : 0;
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

  // 4. Exponent field: the exponent when the top bit survived (normal), else 0 (subnormal, zero).
  const int w = std::max(eo, bits_for(static_cast<unsigned long long>(std::max<long>(e1_max, 1) + 1)));
  std::string eout = m.wire(y + "_eout", w, fmt::format("{} ? {}'({}) : {}", vlog::bit(shifted, top), w, e1, lit(w, 0)),
                            "biased exponent field (0: subnormal or zero)");
  if (rcap == 0 && ew > w)  // never below the normal range: the sign bits of exp are always 0
    m.wire(y + "_exp_unused", ew - w, vlog::slice(e1, ew - 1, w), "always 0: no underflow possible");
  std::string code = mo > 0 ? fmt::format("{{{}, {}}}", eout, vlog::slice(shifted, lsb + mo - 1, lsb)) : eout;
  // Rounding up carries from the mantissa into the exponent: subnormal -> normal, 1.11 -> 10.0.
  std::string r = m.wire(y + "_rounded", w + mo, fmt::format("{} + {}", code, cast(w + mo, up)),
                         "magnitude code rounded, unbounded exponent");
  const int wm = eo + mo;
  // Specials: which code to give for NaN, an exact infinity and a finite overflow.
  const uint64_t max_code = out.max_finite_code();
  const uint64_t nan_code = out.has_nan() ? out.nan_code() : max_code;
  const uint64_t inf_code = out.has_inf() ? out.inf_code() : nan_code;
  const uint64_t ovf_code = (s.sat || out.specials == Specials::none) ? max_code : inf_code;
  const std::string maxc = lit(wm, max_code), nanc = lit(wm, nan_code), infc = lit(wm, inf_code),
                    ovfc = lit(wm, ovf_code);
  // Overflow is impossible when the widest rounded code is the max code itself (exponent range
  // inside the output's): then there is nothing to compare. When overflow gives the all-ones code
  // and that is the only code above max (e4m3's NaN), a rounded code equal to it already reads as
  // the overflow code: only a carry past the output's width needs the select.
  const uint64_t all_ones = (1ull << wm) - 1;
  std::string ovf = "1'b0";
  if (max_code != (1ull << (w + mo)) - 1) {
    if (ovf_code == all_ones && max_code == all_ones - 1) {
      if (w + mo > wm)
        ovf = m.wire(y + "_ovf", 1, w + mo - wm == 1 ? vlog::bit(r, wm) : "|" + vlog::slice(r, w + mo - 1, wm),
                     "rounded past the output's codes (its all-ones code, which overflow gives, reads as itself)");
    } else {
      m.localparam(fmt::format("{}_MAX", y), lit(w + mo, max_code), "largest finite magnitude code");
      ovf = m.wire(y + "_ovf", 1, fmt::format("{} > {}_MAX", r, y), "finite overflow (IEEE 754 7.4)");
    }
  }
  // Conditions that give the same code share one mux input.
  std::vector<std::pair<std::string, std::string>> cases = {{u.nan, nanc}, {u.inf, infc}};
  // A zero operand is flushed by the full right shift when there is one; else it selects 0 here.
  if (u.zero != "1'b0" && rcap < keep) cases.emplace_back(u.zero, lit(wm, 0));
  cases.emplace_back(ovf, ovfc);
  std::string mux;
  std::erase_if(cases, [](const auto& c) { return c.first == "1'b0"; });
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string cond = cases[i].first;
    while (i + 1 < cases.size() && cases[i + 1].second == cases[i].second) cond += " | " + cases[++i].first;
    mux += fmt::format("({}) ? {} : ", cond, cases[i].second);
  }
  std::string mag = m.wire(y + "_mag", wm, mux + (wm == w + mo ? r : vlog::slice(r, wm - 1, 0)),
                           out.has_nan() ? "NaN, infinity, overflow or the rounded magnitude"
                                         : "no NaN code in the output: a NaN result gives +max");
  if (out.is_signed) {
    std::string sg = u.sign == "1'b0" || u.nan == "1'b0" ? u.sign : fmt::format("{} & ~{}", u.sign, u.nan);
    m.assign(y, fmt::format("{{{}, {}}}", sg, mag));
  } else if (u.sign == "1'b0") {
    m.assign(y, mag);
  } else {
    // Unsigned output: a negative non-NaN result clamps to 0 (docs/formats.md).
    std::string neg = u.nan == "1'b0" ? u.sign : fmt::format("({} & ~{})", u.sign, u.nan);
    m.assign(y, fmt::format("{} ? {} : {}", neg, lit(wm, 0), mag));
  }
}

std::vector<KeyDef> with_common_keys(std::vector<KeyDef> keys) {
  keys.push_back(KeyDef::choice("sat", "0", {"0", "1"}, "clamp finite overflow to +-max"));
  keys.push_back(KeyDef::choice("nan", "any", {"any", "max"}, "NaN result where out has no NaN: any code, or +max"));
  return keys;
}

RoundSpec common_spec(const Params& p, const FloatFormat& out) {
  RoundSpec spec;
  spec.out = out;
  spec.sat = p.b("sat");
  spec.nan_max = p.s("nan") == "max";
  return spec;
}


}  // namespace qrtl::blocks::fp
