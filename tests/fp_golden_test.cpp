// The narrow-float golden library (verif/golden/fp_exact) and the format parser, checked against
// values straight from the OCP FP8 (v1.0) and OCP MX (v1.0) specifications and against roundings
// worked out by hand in the comments. None of these numbers comes from running the RTL.
#include <gtest/gtest.h>

#include "errors.h"
#include "format.h"
#include "golden/fp_exact.h"

namespace qrtl {
namespace {

using golden::decode;
using golden::Expected;
using golden::pow2;
using golden::Round;
using golden::RoundOpts;
using golden::round_to;
using golden::XReal;

mpq_class val(const std::string& fmt, uint64_t code) { return decode(parse_format(fmt), code).value(); }
mpq_class q(long n, long d = 1) { return mpq_class(n, d); }

// The code round_to must give (exact expectations only).
uint64_t rnd(const std::string& fmt, const mpq_class& v, RoundOpts o = {}) {
  Expected e = round_to(parse_format(fmt), XReal::finite(v), o);
  EXPECT_EQ(e.how, Expected::How::exact) << fmt << " " << v;
  return e.code;
}
RoundOpts sat() {
  RoundOpts o;
  o.sat = true;
  return o;
}

TEST(FpFormat, NamedFormatsHaveTheSpecFields) {
  FloatFormat f = parse_format("e4m3");
  EXPECT_EQ(f.width(), 8);
  EXPECT_EQ(f.bias, 7);
  EXPECT_FALSE(f.has_inf());
  EXPECT_TRUE(f.has_nan());
  f = parse_format("e5m2");
  EXPECT_EQ(f.bias, 15);
  EXPECT_TRUE(f.has_inf());
  EXPECT_EQ(parse_format("e3m2").width(), 6);
  EXPECT_EQ(parse_format("e2m3").width(), 6);
  EXPECT_EQ(parse_format("e2m1").width(), 4);
  EXPECT_FALSE(parse_format("e2m1").has_nan());
  // OCP MX v1.0 table 1, emax of the element formats: E4M3 8, E5M2 15, E2M3 2, E3M2 4, E2M1 2.
  EXPECT_EQ(parse_format("e4m3").emax(), 8);
  EXPECT_EQ(parse_format("e5m2").emax(), 15);
  EXPECT_EQ(parse_format("e2m3").emax(), 2);
  EXPECT_EQ(parse_format("e3m2").emax(), 4);
  EXPECT_EQ(parse_format("e2m1").emax(), 2);
  // A custom spelling of a named format canonicalises to the name.
  EXPECT_EQ(parse_format("fp:4.3.b7.fn").name, "e4m3");
  EXPECT_EQ(parse_format("fp:5.2").name, "e5m2");  // default bias 15, ieee
  EXPECT_EQ(parse_format("fp:4.3.b9.u.none").name, "fp:4.3.b9.u.none");
  EXPECT_EQ(parse_format("fp:4.3.b9.u.none").width(), 7);
}

TEST(FpFormat, BadNamesAreUsageErrors) {
  EXPECT_THROW(parse_format("e4m4"), UsageError);
  EXPECT_THROW(parse_format("fp:9.3"), UsageError);    // E > 8
  EXPECT_THROW(parse_format("fp:4.11"), UsageError);   // M > 10
  EXPECT_THROW(parse_format("fp:4.3.x"), UsageError);  // unknown field
  EXPECT_THROW(parse_format("fp:4.3.u.u"), UsageError);
  // E1 M0 fn: code 0 is zero and code 1 is NaN, no non-zero finite value is left.
  EXPECT_THROW(parse_format("fp:1.0.fn"), UsageError);
}

TEST(FpGolden, E4M3DecodesAsOcpFp8) {
  // OCP FP8: max normal S.1111.110 = 1.75 * 2^8 = 448, min normal S.0001.000 = 2^-6,
  // max subnormal S.0000.111 = 0.875 * 2^-6, min subnormal S.0000.001 = 2^-9.
  EXPECT_EQ(val("e4m3", 0x7e), q(448));
  EXPECT_EQ(val("e4m3", 0xfe), q(-448));
  EXPECT_EQ(val("e4m3", 0x08), pow2(-6));
  EXPECT_EQ(val("e4m3", 0x07), q(7, 8) * pow2(-6));
  EXPECT_EQ(val("e4m3", 0x01), pow2(-9));
  EXPECT_EQ(val("e4m3", 0x38), q(1));  // exponent 7 = bias
  // No infinities: S.1111.000 is the normal 2^8 = 256; only S.1111.111 is NaN.
  EXPECT_EQ(val("e4m3", 0x78), q(256));
  EXPECT_TRUE(decode(parse_format("e4m3"), 0x7f).is_nan());
  EXPECT_TRUE(decode(parse_format("e4m3"), 0xff).is_nan());
  EXPECT_FALSE(decode(parse_format("e4m3"), 0x7e).is_nan());
  // Zeros keep their sign.
  XReal nz = decode(parse_format("e4m3"), 0x80);
  EXPECT_TRUE(nz.is_zero());
  EXPECT_TRUE(nz.neg);
}

TEST(FpGolden, E5M2DecodesAsOcpFp8) {
  // OCP FP8: max normal S.11110.11 = 1.75 * 2^15 = 57344, min normal 2^-14,
  // min subnormal S.00000.01 = 2^-16, Inf S.11111.00, NaN S.11111.{01,10,11}.
  EXPECT_EQ(val("e5m2", 0x7b), q(57344));
  EXPECT_EQ(val("e5m2", 0x04), pow2(-14));
  EXPECT_EQ(val("e5m2", 0x01), pow2(-16));
  XReal inf = decode(parse_format("e5m2"), 0xfc);
  EXPECT_TRUE(inf.is_inf());
  EXPECT_TRUE(inf.neg);
  for (uint64_t c : {0x7d, 0x7e, 0x7f, 0xfd, 0xfe, 0xff}) EXPECT_TRUE(decode(parse_format("e5m2"), c).is_nan()) << c;
}

TEST(FpGolden, MxFp6AndFp4Values) {
  // OCP MX: FP4 E2M1 positive values are exactly {0, 0.5, 1, 1.5, 2, 3, 4, 6}.
  const mpq_class e2m1[8] = {q(0), q(1, 2), q(1), q(3, 2), q(2), q(3), q(4), q(6)};
  for (uint64_t c = 0; c < 8; ++c) {
    EXPECT_EQ(val("e2m1", c), e2m1[c]) << c;
    EXPECT_EQ(val("e2m1", c | 8), -e2m1[c]) << c;
  }
  // FP6 E3M2 max S.111.11 = 1.75 * 2^4 = 28, min subnormal 0.25 * 2^-2 = 2^-4.
  EXPECT_EQ(val("e3m2", 0x1f), q(28));
  EXPECT_EQ(val("e3m2", 0x01), pow2(-4));
  // FP6 E2M3 max S.11.111 = 1.875 * 2^2 = 7.5, min subnormal 0.125 * 2^0 = 1/8.
  EXPECT_EQ(val("e2m3", 0x1f), q(15, 2));
  EXPECT_EQ(val("e2m3", 0x01), q(1, 8));
  // Formats with no specials: every code is finite, including the all-ones ones.
  EXPECT_FALSE(decode(parse_format("e2m1"), 0xf).is_nan());
  EXPECT_EQ(val("e2m1", 0xf), q(-6));
}

TEST(FpGolden, CustomFormats) {
  // FFP8-style unsigned, bias 9: code 0x7f = 1.875 * 2^(15-9) = 120; code 0x01 = 2^-3 * 2^(1-9) = 2^-11.
  EXPECT_EQ(val("fp:4.3.b9.u.none", 0x7f), q(120));
  EXPECT_EQ(val("fp:4.3.b9.u.none", 0x01), pow2(-11));
  // Shifted bias 4 with fn specials: max S.1111.110 = 1.75 * 2^11 = 3584.
  EXPECT_EQ(val("fp:4.3.b4.fn", 0x7e), q(3584));
  // Negative bias: fp:3.1.b-2 (ieee): 0x02 = 1.0 * 2^(1+2) = 8.
  EXPECT_EQ(val("fp:3.1.b-2", 0x02), q(8));
  // binary32: 0x3f800000 = 1, 0x00000001 = 2^-149, 0x7f7fffff = (2 - 2^-23) * 2^127.
  EXPECT_EQ(val("fp32", 0x3f800000), q(1));
  EXPECT_EQ(val("fp32", 0x00000001), pow2(-149));
  EXPECT_EQ(val("fp32", 0x7f7fffff), (q(2) - pow2(-23)) * pow2(127));
}

TEST(FpGolden, E4M3OverflowIsDecidedAfterRounding) {
  // CONTRACTS.md: values in (448, 464] round to 448; 464 is the tie between 448 (mantissa 110,
  // even) and 480 (111), so it goes to 448; anything above 464 rounds to 480 > 448: overflow,
  // NaN with sat=0 (e4m3 has no Inf) and 448 with sat=1.
  EXPECT_EQ(rnd("e4m3", q(449)), 0x7eu);
  EXPECT_EQ(rnd("e4m3", q(464)), 0x7eu);
  EXPECT_EQ(rnd("e4m3", -q(464)), 0xfeu);
  Expected e = round_to(parse_format("e4m3"), XReal::finite(q(464) + pow2(-20)));
  EXPECT_EQ(e.how, Expected::How::any_nan);
  EXPECT_TRUE(e.accepts(parse_format("e4m3"), 0xff));
  EXPECT_FALSE(e.accepts(parse_format("e4m3"), 0x7e));
  EXPECT_EQ(rnd("e4m3", q(464) + pow2(-20), sat()), 0x7eu);
  EXPECT_EQ(rnd("e4m3", q(-100000), sat()), 0xfeu);
}

TEST(FpGolden, E5M2OverflowTiesToEvenIntoInfinity) {
  // 61440 = (57344 + 65536) / 2 is the tie between 1.11b * 2^15 (odd) and 2^16 (even):
  // ties-to-even picks 2^16, which exceeds 57344: +Inf (0x7c) with sat=0, 57344 with sat=1.
  EXPECT_EQ(rnd("e5m2", q(61440)), 0x7cu);
  EXPECT_EQ(rnd("e5m2", -q(61440)), 0xfcu);
  EXPECT_EQ(rnd("e5m2", q(61440), sat()), 0x7bu);
  EXPECT_EQ(rnd("e5m2", q(61439)), 0x7bu);
  EXPECT_EQ(rnd("e5m2", q(61440) - pow2(-30)), 0x7bu);
}

TEST(FpGolden, RoundingTiesToEven) {
  // e4m3 around 1: ulp 1/8. 1 + 1/16 ties between 1.000b (0x38, even) and 1.001b: 0x38.
  // 1 + 3/16 ties between 1.001b and 1.010b (0x3a, even): 0x3a. Just above a tie rounds up.
  EXPECT_EQ(rnd("e4m3", q(17, 16)), 0x38u);
  EXPECT_EQ(rnd("e4m3", q(19, 16)), 0x3au);
  EXPECT_EQ(rnd("e4m3", q(17, 16) + pow2(-40)), 0x39u);
  // Subnormal range, ulp 2^-9: 2^-10 ties between 0 and 2^-9 -> +0; 3 * 2^-10 ties between
  // 2^-9 (0x01) and 2^-8 (0x02, even) -> 0x02. A non-zero value rounding to zero keeps its sign.
  EXPECT_EQ(rnd("e4m3", pow2(-10)), 0x00u);
  EXPECT_EQ(rnd("e4m3", -pow2(-10)), 0x80u);
  EXPECT_EQ(rnd("e4m3", q(3) * pow2(-10)), 0x02u);
  // The largest subnormal + half an ulp rounds up into the smallest normal 2^-6 (0x08).
  EXPECT_EQ(rnd("e4m3", q(15, 16) * pow2(-6)), 0x08u);
  // e2m1: 2.5 ties between 2 (0x4, even) and 3 -> 0x4; 5 between 4 (0x6, even) and 6 -> 0x6;
  // 0.25 -> 0; 0.75 between 0.5 and 1.0 (0x2, even) -> 0x2. Beyond 6: no specials, clamp to 6.
  EXPECT_EQ(rnd("e2m1", q(5, 2)), 0x4u);
  EXPECT_EQ(rnd("e2m1", q(5)), 0x6u);
  EXPECT_EQ(rnd("e2m1", q(1, 4)), 0x0u);
  EXPECT_EQ(rnd("e2m1", q(3, 4)), 0x2u);
  EXPECT_EQ(rnd("e2m1", q(7)), 0x7u);
  EXPECT_EQ(rnd("e2m1", q(-1000)), 0xfu);
  // e3m2 beyond 28 and e2m3 beyond 7.5 also clamp (no specials).
  EXPECT_EQ(rnd("e3m2", q(31)), 0x1fu);
  EXPECT_EQ(rnd("e2m3", q(8)), 0x1fu);
  // e2m3 7.25 is the tie between 7.0 (1.110b * 4, even) and 7.5: 0x1e.
  EXPECT_EQ(rnd("e2m3", q(29, 4)), 0x1eu);
}

TEST(FpGolden, TowardZeroAndStochastic) {
  RoundOpts rtz;
  rtz.mode = Round::rtz;
  // 1.99 in e4m3 truncates to 1.875 (0x3f); -1.99 to -1.875 (0xbf).
  EXPECT_EQ(rnd("e4m3", q(199, 100), rtz), 0x3fu);
  EXPECT_EQ(rnd("e4m3", q(-199, 100), rtz), 0xbfu);
  // 470 truncates to 448 in range; 480 is a representable step past max: overflow (NaN, sat=0).
  EXPECT_EQ(rnd("e4m3", q(470), rtz), 0x7eu);
  EXPECT_EQ(round_to(parse_format("e4m3"), XReal::finite(q(480)), rtz).how, Expected::How::any_nan);
  // Stochastic, 4 random bits below the kept LSB: 1 + 1/32 is a quarter ulp (frac 0100b), so
  // it rounds up iff rand + 4 >= 16, i.e. rand >= 12.
  RoundOpts sr;
  sr.mode = Round::sr;
  sr.sr_bits = 4;
  sr.sr_rand = 11;
  EXPECT_EQ(rnd("e4m3", q(33, 32), sr), 0x38u);
  sr.sr_rand = 12;
  EXPECT_EQ(rnd("e4m3", q(33, 32), sr), 0x39u);
  // A value on the grid never moves: 1.125 with all-ones random bits stays 0x39.
  sr.sr_rand = 15;
  EXPECT_EQ(rnd("e4m3", q(9, 8), sr), 0x39u);
}

TEST(FpGolden, InfinitiesAndNaNs) {
  const FloatFormat e4m3 = parse_format("e4m3"), e5m2 = parse_format("e5m2"), e2m1 = parse_format("e2m1");
  // Exact infinities: Inf where the format has it, NaN for e4m3, max for FP4 -- in both sat modes.
  for (bool s : {false, true}) {
    RoundOpts o;
    o.sat = s;
    EXPECT_EQ(round_to(e5m2, XReal::inf(true), o).code, 0xfcu);
    EXPECT_EQ(round_to(e4m3, XReal::inf(false), o).how, Expected::How::any_nan);
    EXPECT_EQ(round_to(e2m1, XReal::inf(true), o).code, 0xfu);
  }
  // NaN into a format without NaN: unspecified (any code accepted).
  Expected e = round_to(e2m1, XReal::nan());
  EXPECT_EQ(e.how, Expected::How::any);
  EXPECT_TRUE(e.accepts(e2m1, 0x3));
  // Products: Inf * 0 = NaN; Inf * -2 = -Inf; -0 * 3 = -0; NaN propagates.
  EXPECT_TRUE(golden::mul(decode(e5m2, 0x7c), decode(e5m2, 0x80)).is_nan());
  XReal ni = golden::mul(decode(e5m2, 0x7c), decode(e5m2, 0xc0));
  EXPECT_TRUE(ni.is_inf() && ni.neg);
  XReal z = golden::mul(decode(e4m3, 0x80), decode(e4m3, 0x40));
  EXPECT_TRUE(z.is_zero() && z.neg);
  EXPECT_TRUE(golden::mul(decode(e4m3, 0x7f), decode(e4m3, 0x00)).is_nan());
  // Unsigned format: a negative value clamps to +0 (docs/formats.md).
  EXPECT_EQ(rnd("fp:4.3.b9.u.none", q(-5)), 0x00u);
  // 448 * 448 = 200704 into e4m3: overflow. 2^-9 * 2^-9 = 2^-18 into e4m3: +0; into fp16
  // (min subnormal 2^-24) exactly 2^-18 = 0x0040 (subnormal 64 * 2^-24).
  XReal big = golden::mul(decode(e4m3, 0x7e), decode(e4m3, 0x7e));
  EXPECT_EQ(big.mag, q(200704));
  EXPECT_EQ(rnd("fp16", golden::mul(decode(e4m3, 0x01), decode(e4m3, 0x01)).value()), 0x0040u);
  EXPECT_EQ(golden::encode_exact(parse_format("fp16"), false, q(448)), 0x5f00u);  // 1.75 * 2^8
}

}  // namespace
}  // namespace qrtl
