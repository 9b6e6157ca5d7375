// fp_mul: narrow floating-point multiplier, y = a*b rounded once into `out` (any FloatFormat,
// mixed operand formats allowed). The significand product is a tiny BitHeap; the exponent is one
// small add; normalisation, gradual underflow and rounding share a single shifter (fp_core).
#include <fmt/format.h>

#include <algorithm>

#include "arith/bitheap.h"
#include "blocks/common.h"
#include "blocks/fp_core.h"
#include "errors.h"
#include "format.h"
#include "registry.h"

namespace qrtl {
namespace {

void build_fp_mul(vlog::Design& d, const Params& p, const std::string& top) {
  const FloatFormat fa = p.fmt("a"), fb = p.fmt("b"), fo = p.fmt("out");

  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("{} x {} -> {} multiplier: the exact product rounded once (nearest-even), {}.",
                         fa.name, fb.name, fo.name, p.b("sat") ? "saturating" : "non-saturating"));
  m.input("a", fa.width(), fmt::format("multiplicand, {}", fa.name));
  m.input("b", fb.width(), fmt::format("multiplier, {}", fb.name));
  m.output("y", fo.width(), fmt::format("a*b rounded into {}", fo.name));

  const std::string a = "a", b = "b";
  blocks::fp::Operand oa = blocks::fp::decode(m, a, fa, "a");
  blocks::fp::Operand ob = blocks::fp::decode(m, b, fb, "b");

  // Subnormal operands are normalised first (a leading-zero table on m+1 bits), so the product
  // of two significands in [1,2) needs at most a one-bit normalisation. A saturated shift only
  // happens where the product is subnormal anyway (see Unrounded).
  const long k = static_cast<long>(fo.bias) - fa.bias - fb.bias;  // exponent of P's bit wp-2: ea + eb + k
  const long effmax_a = (1L << fa.e) - 1, effmax_b = (1L << fb.e) - 1;
  const int cap_a = static_cast<int>(std::clamp<long>(effmax_b + k, 0, fa.m));
  const int cap_b = static_cast<int>(std::clamp<long>(effmax_a + k, 0, fb.m));
  blocks::fp::Unrounded u;
  u.norm1 = true;
  u.exp_min = 1 - cap_a + 1 - cap_b + k;
  u.exp_max = effmax_a + effmax_b + k;
  u.ew = blocks::fp::signed_bits(u.exp_min, std::max<long>(u.exp_max + 1, 1));
  // With both operands fully normalised, the hidden bits are constant ones and a zero operand
  // is flushed by the rounding stage instead: (1+fa)(1+fb) = 1 + fa + fb + fa*fb.
  const bool hidden_one = cap_a == fa.m && cap_b == fb.m;
  blocks::fp::Normalized na = blocks::fp::normalize(m, oa, fa, cap_a, u.ew, !hidden_one, "a");
  blocks::fp::Normalized nb = blocks::fp::normalize(m, ob, fb, cap_b, u.ew, !hidden_one, "b");

  const int wp = fa.m + fb.m + 2;
  arith::BitHeap heap(m, "pp", wp);
  if (hidden_one) {
    heap.add_constant(1LL << (fa.m + fb.m));
    if (fa.m > 0) heap.add_number(na.man, fa.m, false, fb.m);
    if (fb.m > 0) heap.add_number(nb.man, fb.m, false, fa.m);
    if (fa.m > 0 && fb.m > 0) heap.add_product(na.man, fa.m, false, nb.man, fb.m, false);
    u.zero = m.wire("any_zero", 1, fmt::format("{} | {}", oa.zero, ob.zero), "a zero operand: the product is zero");
  } else {
    heap.add_product(na.sig, fa.m + 1, false, nb.sig, fb.m + 1, false);
  }
  std::string prod = heap.emit("sig_prod");

  // Exponent: (ea - shift_a) + (eb - shift_b) + k + P's top bit, one small bit heap and one adder;
  // the top bit (product in [2,4)) joining the heap saves a separate increment.
  arith::BitHeap eheap(m, "ex", u.ew);
  // Both exponents are already ew bits wide: modulo 2^ew, adding them as unsigned is exact.
  eheap.add_number(na.exp, u.ew, false);
  eheap.add_number(nb.exp, u.ew, false);
  eheap.add_constant(k);
  eheap.add_bit(0, vlog::bit(prod, wp - 1));
  u.exp_has_top = true;
  std::string eb = eheap.emit("exp_sum");
  std::string sign = oa.sign == "1'b0" ? ob.sign : ob.sign == "1'b0" ? oa.sign : fmt::format("{} ^ {}", oa.sign, ob.sign);
  if (sign != "1'b0") sign = m.wire("prod_sign", 1, sign, "sign of the product (zeros included)");
  // Class of the exact product: NaN (a NaN operand, or Inf x 0) or an exact infinity.
  auto any_of = [](std::vector<std::string> terms) {
    std::vector<std::string> live;
    for (auto& t : terms)
      if (t != "1'b0") live.push_back(t);
    return live.empty() ? std::string("1'b0") : fmt::format("{}", fmt::join(live, " | "));
  };
  const bool any_inf = oa.inf != "1'b0" || ob.inf != "1'b0";
  std::string nan = any_of({oa.nan, ob.nan});
  if (oa.inf != "1'b0") nan = any_of({nan, fmt::format("({} & {})", oa.inf, ob.zero)});
  if (ob.inf != "1'b0") nan = any_of({nan, fmt::format("({} & {})", oa.zero, ob.inf)});
  if (nan != "1'b0") nan = m.wire("res_nan", 1, nan, any_inf ? "NaN operand, or infinity times zero" : "NaN operand");
  std::string inf = any_of({oa.inf, ob.inf});
  if (inf != "1'b0") inf = m.wire("res_inf", 1, inf, "exact infinite product (when not NaN)");

  u.sig = prod;
  u.wp = wp;
  u.exp = eb;
  u.sign = sign;
  u.nan = nan;
  u.inf = inf;
  blocks::fp::round_pack(m, u, blocks::fp::common_spec(p, fo), "y");
}

QRTL_BLOCK(BlockDef{
    .name = "fp_mul",
    .summary = "narrow floating-point multiplier y = a*b rounded once (any formats, OCP FP8/FP6/FP4)",
    .doc = R"(ports: input [WA-1:0] a, input [WB-1:0] b, output [WO-1:0] y (+ input clk when stages>0)
y = the exact a*b rounded once into out, nearest-even, gradual underflow; zero sign = xor
NaN operand or Inf*0 -> NaN; Inf*x -> Inf (NaN in e4m3-style fn formats, max where no specials)
finite overflow: sat=0 -> Inf, else NaN, else max (no specials); sat=1 -> max
NaN due where out has no NaN code (FP6/FP4): +max (nan=max makes that a promise)
stages=N: y belongs to the a, b sampled N rising edges earlier)",
    .keys = blocks::fp::with_common_keys({KeyDef::format("a", "e4m3", "format of a"),
                                          KeyDef::format("b", "e4m3", "format of b"),
                                          KeyDef::format("out", "e4m3", "format of y")}),
    .build = build_fp_mul,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
