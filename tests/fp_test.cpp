// fp_mul / fp_cvt: models spot-checked on hand-worked products and conversions, then bit-exact
// cosimulation -- exhaustive over all input pairs for every 8-bit-or-smaller configuration --
// of the OCP formats, mixed and custom formats, pipelined instances and fp32 conversions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <ostream>

#include "models/model.h"
#include "registry.h"
#include "test_util.h"

namespace qrtl {
namespace {

verif::Expect eval1(const std::string& block, const std::vector<std::string>& words, const verif::Inputs& in) {
  Params p = parse_params(find_block(block), words);
  return verif::find_model(block)->eval(p, in).at("y");
}

uint64_t mul(const std::vector<std::string>& words, uint64_t a, uint64_t b, int wa = 8, int wb = 8) {
  verif::Expect e = eval1("fp_mul", words, {{"a", Bits(wa, a)}, {"b", Bits(wb, b)}});
  EXPECT_FALSE(e.accepts) << "expected one exact code";
  return e.value.u64();
}

TEST(FpMulModel, HandWorkedProducts) {
  // e4m3: 448 (0x7e) * 1.0 (0x38) = 448; 2^-6 (0x08) * 0.5 (0x30) = 2^-7 = 0.100b * 2^-6, the
  // subnormal 0x04; 2^-9 * 2^-9 = 2^-18 underflows to +0, and to -0 with one negative operand.
  EXPECT_EQ(mul({}, 0x7e, 0x38), 0x7eu);
  EXPECT_EQ(mul({}, 0x08, 0x30), 0x04u);
  EXPECT_EQ(mul({}, 0x01, 0x01), 0x00u);
  EXPECT_EQ(mul({}, 0x81, 0x01), 0x80u);
  // 448 * 2 = 896 overflows: NaN (any NaN code) with sat=0, 448 with sat=1.
  verif::Expect e = eval1("fp_mul", {}, {{"a", Bits(8, 0x7e)}, {"b", Bits(8, 0x40)}});
  EXPECT_TRUE(e.ok(Bits(8, 0x7f)));
  EXPECT_TRUE(e.ok(Bits(8, 0xff)));
  EXPECT_FALSE(e.ok(Bits(8, 0x7e)));
  EXPECT_EQ(mul({"sat=1"}, 0x7e, 0xc0), 0xfeu);  // 448 * -2 -> -448
  // 1.125 (0x39) * 1.125 = 1.265625 = 1 + 17/64: between 1.25 and 1.375, nearer 1.25 (0x3a).
  EXPECT_EQ(mul({}, 0x39, 0x39), 0x3au);
  // e5m2: 1.0 is 0x3c; 57344 (0x7b) * 1.0 = 57344; Inf (0x7c) * -1.0 (0xbc) = -Inf (0xfc).
  std::vector<std::string> e5 = {"a=e5m2", "b=e5m2", "out=e5m2"};
  EXPECT_EQ(mul(e5, 0x7b, 0x3c), 0x7bu);
  EXPECT_EQ(mul(e5, 0x7c, 0xbc), 0xfcu);
  // 256 (0x5c) * 256 = 65536 > 57344: +Inf, or 57344 with sat=1.
  EXPECT_EQ(mul(e5, 0x5c, 0x5c), 0x7cu);
  EXPECT_EQ(mul({"a=e5m2", "b=e5m2", "out=e5m2", "sat=1"}, 0x5c, 0x5c), 0x7bu);
  // e2m1: 1.5 (0x3) * 1.5 = 2.25 -> 2 (0x4); 6 * 6 = 36 -> 6 (no specials: saturate).
  std::vector<std::string> f4 = {"a=e2m1", "b=e2m1", "out=e2m1"};
  EXPECT_EQ(mul(f4, 0x3, 0x3, 4, 4), 0x4u);
  EXPECT_EQ(mul(f4, 0x7, 0xf, 4, 4), 0xfu);
  // Widening: e4m3 448 * 448 = 200704 exceeds fp16's 65504: +Inf (0x7c00); 2^-9 * 2^-9 = 2^-18
  // is the fp16 subnormal 64 * 2^-24 = 0x0040.
  std::vector<std::string> w = {"out=fp16"};
  EXPECT_EQ(eval1("fp_mul", w, {{"a", Bits(8, 0x7e)}, {"b", Bits(8, 0x7e)}}).value.u64(), 0x7c00u);
  EXPECT_EQ(eval1("fp_mul", w, {{"a", Bits(8, 0x01)}, {"b", Bits(8, 0x01)}}).value.u64(), 0x0040u);
  // A NaN into FP4 with nan=max: +6 (0x7).
  EXPECT_EQ(mul({"a=e5m2", "b=e5m2", "out=e2m1", "nan=max"}, 0x7f, 0x3c), 0x7u);
}

TEST(FpCvtModel, HandWorkedConversions) {
  auto cvt = [](const std::vector<std::string>& words, uint64_t x, uint64_t rnd = 0) {
    verif::Inputs in{{"x", Bits(32, x)}};
    if (std::find(words.begin(), words.end(), "round=sr") != words.end()) in["rnd"] = Bits(8, rnd);
    return eval1("fp_cvt", words, in);
  };
  // fp32 464.0 = 1.8125 * 2^8 = 0x43e80000: the e4m3 tie above 448 -> 448 (0x7e).
  EXPECT_EQ(cvt({}, 0x43e80000).value.u64(), 0x7eu);
  // fp32 61440.0 = 1.875 * 2^15 = 0x47700000 into e5m2: ties to even 2^16 -> +Inf (0x7c).
  EXPECT_EQ(cvt({"out=e5m2"}, 0x47700000).value.u64(), 0x7cu);
  EXPECT_EQ(cvt({"out=e5m2", "sat=1"}, 0x47700000).value.u64(), 0x7bu);
  // fp32 2.5 = 0x40200000 into e2m1: tie between 2 and 3 -> 2 (0x4); toward zero also 2.
  EXPECT_EQ(cvt({"out=e2m1"}, 0x40200000).value.u64(), 0x4u);
  // fp32 1.0625 = 0x3f880000 into e4m3 with 8 random bits: frac below the kept LSB is 0.5
  // (10000000b), so it rounds up iff rnd >= 128.
  EXPECT_EQ(cvt({"round=sr"}, 0x3f880000, 127).value.u64(), 0x38u);
  EXPECT_EQ(cvt({"round=sr"}, 0x3f880000, 128).value.u64(), 0x39u);
  // fp32 -Inf (0xff800000) -> e4m3: NaN; fp32 NaN -> e2m1: unspecified (any code).
  EXPECT_TRUE(cvt({}, 0xff800000).ok(Bits(8, 0xff)));
  EXPECT_TRUE(cvt({"out=e2m1"}, 0x7fc00000).ok(Bits(4, 0x9)));
  // Widening e4m3 0x01 = 2^-9 -> fp32 exactly: biased exponent 118, 0x3b000000.
  verif::Expect wide = eval1("fp_cvt", {"in=e4m3", "out=fp32"}, {{"x", Bits(8, 0x01)}});
  EXPECT_EQ(wide.value.u64(), 0x3b000000u);
}

TEST(FpBlocks, BadParametersAreUsageErrors) {
  EXPECT_EQ(test::run_qrtl({"gen", "fp_mul", "a=e9m9"}).exit_code, 2);
  EXPECT_EQ(test::run_qrtl({"gen", "fp_mul", "stages=17"}).exit_code, 2);
  // stages fixes the latency, depth the gate levels: not both; and no depth below a single step.
  EXPECT_EQ(test::run_qrtl({"gen", "fp_mul", "stages=2", "depth=20"}).exit_code, 2);
  EXPECT_EQ(test::run_qrtl({"gen", "fp_mul", "depth=3"}).exit_code, 2);
  EXPECT_EQ(test::run_qrtl({"gen", "fp_cvt", "round=rnd"}).exit_code, 2);
  EXPECT_EQ(test::run_qrtl({"gen", "fp_cvt", "out=fp:4.3.x"}).exit_code, 2);
}

struct Case {
  std::string block;
  std::vector<std::string> words;
  bool exhaustive;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.block;
  for (const auto& w : c.words) *os << ' ' << w;
}

class FpCosim : public ::testing::TestWithParam<Case> {};

// "a_e4m3_b_e4m3_out_e4m3_sat_0": test names from the parameter words.
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n;
  for (const auto& w : info.param.words) n += (n.empty() ? "" : "_") + w;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

TEST_P(FpCosim, BitExact) {
  verif::CosimResult r = test::cosim_block(GetParam().block, GetParam().words, 20000);
  for (const auto& m : r.mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(r.pass) << r.summary();
  EXPECT_EQ(r.exhaustive, GetParam().exhaustive);
  EXPECT_GT(r.vectors, GetParam().exhaustive ? 255u : 900000u);
}

INSTANTIATE_TEST_SUITE_P(
    Mul, FpCosim,
    ::testing::Values(
        Case{"fp_mul", {"a=e4m3", "b=e4m3", "out=e4m3", "sat=0"}, true},
        Case{"fp_mul", {"a=e4m3", "b=e4m3", "out=e4m3", "sat=1"}, true},
        Case{"fp_mul", {"a=e5m2", "b=e5m2", "out=e5m2", "sat=0"}, true},
        Case{"fp_mul", {"a=e5m2", "b=e5m2", "out=e5m2", "sat=1"}, true},
        // FP6/FP4 have no Inf or NaN: sat=1 generates the same logic (only the header differs).
        Case{"fp_mul", {"a=e3m2", "b=e3m2", "out=e3m2", "sat=0"}, true},
        Case{"fp_mul", {"a=e2m3", "b=e2m3", "out=e2m3", "sat=0"}, true},
        Case{"fp_mul", {"a=e2m1", "b=e2m1", "out=e2m1", "sat=0"}, true},
        Case{"fp_mul", {"a=e4m3", "b=e5m2", "out=e5m2"}, true},  // mixed pair
        Case{"fp_mul", {"a=e4m3", "b=e4m3", "out=fp16"}, true},  // exact widening
        // FFP8-style unsigned format, and a shifted-bias fn format times e4m3.
        Case{"fp_mul", {"a=fp:4.3.b9.u.none", "b=fp:4.3.b9.u.none", "out=fp:4.3.b9.u.none"}, true},
        Case{"fp_mul", {"a=fp:4.3.b4.fn", "b=e4m3", "out=fp:4.3.b11.fn", "sat=1"}, true},
        Case{"fp_mul", {"a=e5m2", "b=e5m2", "out=e2m1", "nan=max", "stages=3"}, true}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    Cvt, FpCosim,
    ::testing::Values(Case{"fp_cvt", {"in=fp32", "out=e4m3", "round=rne", "stages=1"}, false},
                      Case{"fp_cvt", {"in=fp32", "out=e5m2", "round=rtz"}, false},
                      Case{"fp_cvt", {"in=fp32", "out=e2m1", "round=sr", "srbits=6"}, false},
                      Case{"fp_cvt", {"in=e4m3", "out=fp32"}, true}),
    case_name);

TEST(FpCosimHarness, DetectsAWrongModel) {
  // Generated with sat=1 but checked against the sat=0 model: the overflow codes must differ.
  Generated g = generate("fp_mul", {"sat=1"}, "fp_mul");
  g.params = parse_params(find_block("fp_mul"), {"sat=0"});
  verif::CosimResult r = verif::cosim(g, test::cosim_options());
  EXPECT_FALSE(r.pass);
  EXPECT_GT(r.mismatch_count, 0u);
}

}  // namespace
}  // namespace qrtl
