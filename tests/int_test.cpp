// int_mul / int_mac: golden models checked on hand-computed values, then exhaustive or random
// cosimulation of combinational and pipelined configurations.
#include <gtest/gtest.h>

#include "models/model.h"
#include "registry.h"
#include "test_util.h"

namespace qrtl {
namespace {

Bits eval1(const std::string& block, const std::vector<std::string>& words, const verif::Inputs& in) {
  const BlockDef& def = find_block(block);
  Params p = parse_params(def, words);
  return verif::find_model(block)->eval(p, in).at("y").value;
}

TEST(IntModel, SignedProductsByHand) {
  // -128 * -128 = 16384 = 0x4000; -1 * 127 = -127 = 0xff81 (16 bits); 5 * -3 = -15 = 0xfff1.
  EXPECT_EQ(eval1("int_mul", {"signed=1"}, {{"a", Bits(8, 0x80)}, {"b", Bits(8, 0x80)}}).u64(), 0x4000u);
  EXPECT_EQ(eval1("int_mul", {"signed=1"}, {{"a", Bits(8, 0xff)}, {"b", Bits(8, 0x7f)}}).u64(), 0xff81u);
  EXPECT_EQ(eval1("int_mul", {"signed=1"}, {{"a", Bits(8, 5)}, {"b", Bits(8, 0xfd)}}).u64(), 0xfff1u);
  // Unsigned 255 * 255 = 65025 = 0xfe01.
  EXPECT_EQ(eval1("int_mul", {"signed=0"}, {{"a", Bits(8, 0xff)}, {"b", Bits(8, 0xff)}}).u64(), 0xfe01u);
  // Mixed widths, signed: a = -4 (3 bits 100), b = 3 (5 bits 00011): -12 in 8 bits = 0xf4.
  EXPECT_EQ(eval1("int_mul", {"wa=3", "wb=5"}, {{"a", Bits(3, 4)}, {"b", Bits(5, 3)}}).u64(), 0xf4u);
}

TEST(IntModel, MacWrapsAround) {
  // 32-bit: 0x7fffffff + 1*1 wraps to 0x80000000; 0 + (-2)*3 = -6 = 0xfffffffa.
  EXPECT_EQ(eval1("int_mac", {}, {{"a", Bits(8, 1)}, {"b", Bits(8, 1)}, {"acc", Bits(32, 0x7fffffff)}}).u64(),
            0x80000000u);
  EXPECT_EQ(eval1("int_mac", {}, {{"a", Bits(8, 0xfe)}, {"b", Bits(8, 3)}, {"acc", Bits(32, 0)}}).u64(), 0xfffffffau);
  // wacc=16 unsigned: 0xffff + 255*255 = 0xffff + 0xfe01 = 0x1fe00 -> 0xfe00.
  EXPECT_EQ(eval1("int_mac", {"wacc=16", "signed=0"},
                  {{"a", Bits(8, 0xff)}, {"b", Bits(8, 0xff)}, {"acc", Bits(16, 0xffff)}}).u64(),
            0xfe00u);
}

struct CosimCase {
  std::string block;
  std::vector<std::string> words;
  uint64_t space = 0;  // the input space's size when the run must be exhaustive (0: random vectors)
};

void PrintTo(const CosimCase& c, std::ostream* os) { *os << test::case_name(c.block, c.words); }

class IntCosim : public ::testing::TestWithParam<CosimCase> {};

constexpr uint64_t kRandomVectors = 30000;

TEST_P(IntCosim, BitExact) {
  verif::CosimResult r = test::cosim_block(GetParam().block, GetParam().words, kRandomVectors);
  for (const auto& m : r.mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(r.pass) << r.summary();
  if (GetParam().space) {  // every input combination, each exactly once
    EXPECT_TRUE(r.exhaustive);
    EXPECT_EQ(r.vectors, GetParam().space);
  } else {  // the random vectors asked for, plus the model's corner cases
    EXPECT_FALSE(r.exhaustive);
    EXPECT_GE(r.vectors, kRandomVectors);
  }
}

// space = 2^(bits of a, b and acc).
INSTANTIATE_TEST_SUITE_P(
    Configs, IntCosim,
    ::testing::Values(CosimCase{"int_mul", {"wa=8", "wb=8", "signed=1"}, 1u << 16},
                      CosimCase{"int_mul", {"wa=8", "wb=8", "signed=0"}, 1u << 16},
                      CosimCase{"int_mul", {"wa=1", "wb=1", "signed=1"}, 1u << 2},
                      CosimCase{"int_mul", {"wa=3", "wb=13", "signed=1", "stages=2"}, 1u << 16},
                      CosimCase{"int_mul", {"wa=16", "wb=16", "signed=1", "stages=4"}},
                      CosimCase{"int_mul", {"wa=10", "wb=10", "signed=0", "stages=1"}, 1u << 20},
                      CosimCase{"int_mac", {"wa=4", "wb=4", "wacc=12", "signed=1"}, 1u << 20},
                      CosimCase{"int_mac", {"wa=8", "wb=8", "wacc=32", "signed=1", "stages=3"}},
                      CosimCase{"int_mac", {"wa=16", "wb=16", "wacc=64", "signed=0", "stages=0"}}),
    [](const auto& info) { return test::case_name(info.param.block, info.param.words); });

TEST(IntCosim, DetectsAWrongModel) {
  // The harness must be able to fail: cosim an unsigned multiplier against the signed model by
  // swapping the parameters the model sees.
  Generated g = generate("int_mul", {"wa=4", "wb=4", "signed=0"}, "int_mul");
  g.params = parse_params(find_block("int_mul"), {"wa=4", "wb=4", "signed=1"});
  verif::CosimResult r = verif::cosim(g, test::cosim_options());
  EXPECT_FALSE(r.pass);
  EXPECT_GT(r.mismatch_count, 0u);
  EXPECT_FALSE(r.mismatches.empty());
}

}  // namespace
}  // namespace qrtl
