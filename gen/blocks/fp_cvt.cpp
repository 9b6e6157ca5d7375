// fp_cvt: floating-point format conversion, y = x rounded once into `out` (nearest-even, toward
// zero, or stochastic with explicit random bits), e.g. fp32 -> e4m3 / e5m2 / FP6 / FP4 and back.
// Widening conversions are exact. The datapath is fp_core's: decode, one shifter, one increment.
#include <fmt/format.h>

#include <algorithm>

#include "blocks/common.h"
#include "blocks/fp_core.h"
#include "errors.h"
#include "format.h"
#include "registry.h"

namespace qrtl {
namespace {

blocks::fp::Rounding rounding(const Params& p) {
  const std::string& r = p.s("round");
  return r == "rtz" ? blocks::fp::Rounding::rtz : r == "sr" ? blocks::fp::Rounding::sr : blocks::fp::Rounding::rne;
}

void build_fp_cvt(vlog::Design& d, const Params& p, const std::string& top) {
  const FloatFormat fi = p.fmt("in"), fo = p.fmt("out");
  const bool sr = rounding(p) == blocks::fp::Rounding::sr;
  const int nbits = static_cast<int>(p.i("srbits"));

  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("{} -> {} conversion, rounding {}{}, {}.", fi.name, fo.name, p.s("round"),
                         sr ? fmt::format(" with {} random bits", nbits) : "", p.b("sat") ? "saturating" : "non-saturating"));
  m.input("x", fi.width(), fmt::format("value to convert, {}", fi.name));
  if (sr) m.input("rnd", nbits, "random bits, added right below the kept LSB before truncation");
  m.output("y", fo.width(), fmt::format("x rounded into {}", fo.name));

  const std::string x = "x", rnd = sr ? "rnd" : "";
  blocks::fp::Operand ox = blocks::fp::decode(m, x, fi, "x");
  // A subnormal input is normalised only as far as the result can still be normal in out.
  const long k = static_cast<long>(fo.bias) - fi.bias;  // exponent of the hidden bit: eff + k
  const int cap = static_cast<int>(std::clamp<long>(k, 0, fi.m));
  blocks::fp::Unrounded u;
  u.wp = fi.m + 1;
  u.exp_min = 1 - cap + k;
  u.exp_max = (1L << fi.e) - 1 + k;
  u.ew = blocks::fp::signed_bits(u.exp_min, std::max<long>(u.exp_max, 1));
  blocks::fp::Normalized nx = blocks::fp::normalize(m, ox, fi, cap, u.ew, true, "x");
  u.sig = nx.sig;
  u.exp = k == 0 ? nx.exp
                 : m.wire("x_exp_out", u.ew,
                          fmt::format("{} {} {}", nx.exp, k > 0 ? "+" : "-",
                                      vlog::lit(u.ew, static_cast<unsigned long long>(k > 0 ? k : -k))),
                          fmt::format("biased exponent of the hidden bit in {}", fo.name));
  u.sign = ox.sign;
  u.nan = ox.nan == "1'b0" ? ox.nan : m.wire("x_nan", 1, ox.nan, "x is NaN");
  u.inf = ox.inf == "1'b0" ? ox.inf : m.wire("x_inf", 1, ox.inf, "x is an infinity");

  blocks::fp::RoundSpec spec = blocks::fp::common_spec(p, fo);
  spec.mode = rounding(p);
  spec.sr_bits = sr ? nbits : 0;
  spec.rnd = rnd;
  blocks::fp::round_pack(m, u, spec, "y");
}

QRTL_BLOCK(BlockDef{
    .name = "fp_cvt",
    .summary = "floating-point conversion y = round(x) between any formats (rne, rtz, stochastic)",
    .doc = R"(ports: input [WI-1:0] x, output [WO-1:0] y (+ input [N-1:0] rnd for round=sr, + clk when stages>0)
y = x rounded once into out; round=sr adds the srbits random bits right below the kept LSB,
then truncates; widening conversions are exact
NaN -> NaN (+max where out has no NaN); Inf -> Inf, else NaN, else max; finite overflow
(after rounding, any mode): sat=0 -> Inf, else NaN, else max; sat=1 -> max
stages=N: y belongs to the x (and rnd) sampled N rising edges earlier)",
    .keys = blocks::fp::with_common_keys(
        {KeyDef::format("in", "fp32", "format of x"), KeyDef::format("out", "e4m3", "format of y"),
         KeyDef::choice("round", "rne", {"rne", "rtz", "sr"}, "nearest-even, toward zero, or stochastic"),
         KeyDef::integer("srbits", 8, 1, 32, "random bits of stochastic rounding (round=sr)")}),
    .build = build_fp_cvt,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
