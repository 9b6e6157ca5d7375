// ctest-label: slow
// The deployment datapath blocks: tern_dot (ternary weights x int8) and requant (TFLite's int8
// output stage). Their golden models are checked against hand-worked values and, for requant,
// against a second, independent formulation (TFLite's reference code in int32/int64 arithmetic);
// the RTL is co-simulated against the models, and must fail when one gate of it is wrong.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <cstdint>
#include <limits>
#include <random>

#include "errors.h"
#include "models/model.h"
#include "registry.h"
#include "synth/synth.h"
#include "test_util.h"

namespace qrtl {
namespace {

uint64_t eval_y(const std::string& block, const verif::Inputs& in) {
  const verif::ModelDef* m = verif::find_model(block);
  if (!m) throw std::runtime_error("no model for " + block);
  return m->eval(Params{}, in).at("y").value.u64();
}

// --- tern_dot ---------------------------------------------------------------------------------

verif::Inputs tern_inputs(const std::vector<int>& a, const std::vector<int>& codes) {
  Bits ab(static_cast<unsigned>(a.size() * 8)), wb(static_cast<unsigned>(codes.size() * 2));
  for (size_t i = 0; i < a.size(); ++i)
    for (unsigned j = 0; j < 8; ++j) ab.set_bit(static_cast<unsigned>(i * 8 + j), (static_cast<unsigned>(a[i]) >> j) & 1);
  for (size_t i = 0; i < codes.size(); ++i)
    for (unsigned j = 0; j < 2; ++j) wb.set_bit(static_cast<unsigned>(i * 2 + j), (codes[i] >> j) & 1);
  return {{"a", ab}, {"w", wb}};
}

int64_t sign_extend(uint64_t v, int w) { return static_cast<int64_t>(v << (64 - w)) >> (64 - w); }

TEST(TernDotModel, HandWorkedSums) {
  // codes: 0 = 0, 1 = +1, 3 = -1, 2 = reserved (0). y has 8 + clog2(4) + 1 = 11 bits.
  EXPECT_EQ(sign_extend(eval_y("tern_dot", tern_inputs({5, -3, 127, -128}, {1, 3, 0, 2})), 11), 5 + 3);
  EXPECT_EQ(sign_extend(eval_y("tern_dot", tern_inputs({-128, -128, -128, -128}, {3, 3, 3, 3})), 11), 512);
  EXPECT_EQ(sign_extend(eval_y("tern_dot", tern_inputs({-128, -128, -128, -128}, {1, 1, 1, 1})), 11), -512);
  EXPECT_EQ(sign_extend(eval_y("tern_dot", tern_inputs({100, 7, -9, 1}, {2, 1, 1, 3})), 11), 7 - 9 - 1);
  // N = 1: y has 9 bits and reaches +128.
  EXPECT_EQ(eval_y("tern_dot", tern_inputs({-128}, {3})), 128u);
}

TEST(TernDotParams, WidthAndRange) {
  EXPECT_EQ(generate("tern_dot", {"n=16"}, "t").ports.back().width, 13);
  EXPECT_EQ(generate("tern_dot", {"n=64"}, "t").ports.back().width, 15);
  EXPECT_EQ(generate("tern_dot", {"n=1"}, "t").ports.back().width, 9);
  EXPECT_THROW(generate("tern_dot", {"n=0"}, "t"), UsageError);
  EXPECT_THROW(generate("tern_dot", {"n=257"}, "t"), UsageError);
}

// --- requant ----------------------------------------------------------------------------------

// TFLite's reference arithmetic (gemmlowp's fixedpoint.h and MultiplyByQuantizedMultiplier), written
// from its definition with int32/int64 as the reference code does; the left shift wraps as int32.
int32_t srdhm_ref(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::max();
  const int64_t ab = static_cast<int64_t>(a) * b;
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
}

int32_t rdbpot_ref(int32_t x, int e) {
  const int64_t mask = (int64_t{1} << e) - 1;  // 64 bits so that e = 32 fits
  const int64_t rem = static_cast<int64_t>(x) & mask;
  const int64_t thr = (mask >> 1) + (x < 0 ? 1 : 0);
  return static_cast<int32_t>((static_cast<int64_t>(x) >> e) + (rem > thr ? 1 : 0));
}

int requant_ref(int32_t acc, int32_t mult, int shift, int zp) {
  const int32_t x = static_cast<int32_t>(static_cast<uint32_t>(acc) << std::max(shift, 0));
  const int32_t r = rdbpot_ref(srdhm_ref(x, mult), std::max(-shift, 0));
  return std::clamp(static_cast<int64_t>(r) + zp, int64_t{-128}, int64_t{127});
}

verif::Inputs requant_inputs(int32_t acc, int32_t mult, int shift, int zp) {
  return {{"acc", Bits(32, static_cast<uint32_t>(acc))},
          {"mult", Bits(32, static_cast<uint32_t>(mult))},
          {"shift", Bits(6, static_cast<uint64_t>(shift) & 63)},
          {"zp", Bits(8, static_cast<uint64_t>(zp) & 255)}};
}

int requant_model(int32_t acc, int32_t mult, int shift, int zp) {
  return static_cast<int>(sign_extend(eval_y("requant", requant_inputs(acc, mult, shift, zp)), 8));
}

TEST(RequantModel, HandWorkedValues) {
  // mult = 2^30 is 0.5: h = (100 * 2^30 + 2^30) / 2^31 = 50 (truncated), 50 / 4 = 12.5 rounds away
  // from zero to 13; -100 gives h = -50 and -12.5 -> -13.
  EXPECT_EQ(requant_model(100, 1 << 30, -2, -5), 13 - 5);
  EXPECT_EQ(requant_model(-100, 1 << 30, -2, -5), -13 - 5);
  // INT32_MIN * INT32_MIN saturates to INT32_MAX: / 2^24 rounds to 128, + (-1) = 127.
  EXPECT_EQ(requant_model(INT32_MIN, INT32_MIN, -24, -1), 127);
  // Left shift: 3 << 4 = 48, times 0.5 = 24, + 100 = 124; and the clamp either side.
  EXPECT_EQ(requant_model(3, 1 << 30, 4, 100), 124);
  EXPECT_EQ(requant_model(3, 1 << 30, 4, 104), 127);
  EXPECT_EQ(requant_model(-1000, 1 << 30, 0, 0), -128);
}

TEST(RequantModel, AgreesWithTheInt64Reference) {
  // The GMP model and TFLite's int64 arithmetic are separate formulations: they must agree on every
  // operand size, sign and shift of the contract.
  std::mt19937_64 rng(7);
  auto any_size = [&rng]() {
    const unsigned len = static_cast<unsigned>(rng() % 33);
    const uint32_t v = len == 0 ? 0 : static_cast<uint32_t>(rng() & ((uint64_t{1} << len) - 1));
    return static_cast<int32_t>(rng() % 2 ? v : ~v);
  };
  for (int i = 0; i < 200000; ++i) {
    const int32_t acc = any_size(), mult = any_size();
    const int shift = static_cast<int>(rng() % 40) - 32, zp = static_cast<int>(rng() % 256) - 128;
    ASSERT_EQ(requant_model(acc, mult, shift, zp), requant_ref(acc, mult, shift, zp))
        << fmt::format("acc={} mult={} shift={} zp={}", acc, mult, shift, zp);
  }
}

TEST(RequantModel, ShiftsOutsideTheContractAreUnspecified) {
  const verif::Outputs o = verif::find_model("requant")->eval(Params{}, requant_inputs(1, 1, 9, 0));
  EXPECT_TRUE(o.at("y").ok(Bits(8, 0x5a)));
  EXPECT_TRUE(o.at("y").ok(Bits(8, 0x00)));
}

// --- co-simulation ----------------------------------------------------------------------------

struct DeployCase {
  std::string block;
  std::vector<std::string> words;
  bool exhaustive;
};

void PrintTo(const DeployCase& c, std::ostream* os) { *os << test::case_name(c.block, c.words); }

class DeployCosim : public ::testing::TestWithParam<DeployCase> {};

TEST_P(DeployCosim, BitExact) {
  const DeployCase& c = GetParam();
  verif::CosimResult r = test::cosim_block(c.block, c.words, 20000);
  for (const auto& m : r.mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(r.pass) << r.summary();
  EXPECT_EQ(r.exhaustive, c.exhaustive);
  EXPECT_GE(r.vectors, c.exhaustive ? 1024u : 20000u);
}

INSTANTIATE_TEST_SUITE_P(
    Configs, DeployCosim,
    ::testing::Values(DeployCase{"tern_dot", {"n=1"}, true},  // all 1024 (a, w) pairs
                      DeployCase{"tern_dot", {"n=16"}, false},
                      DeployCase{"tern_dot", {"n=64", "stages=2"}, false},
                      DeployCase{"tern_dot", {"n=100", "depth=24"}, false},
                      DeployCase{"requant", {}, false}, DeployCase{"requant", {"stages=3"}, false},
                      DeployCase{"requant", {"depth=20"}, false}),
    [](const ::testing::TestParamInfo<DeployCase>& info) { return test::case_name(info.param.block, info.param.words); });

// One wrong gate in each block must be caught: the negative tie of RoundingDivideByPOT rounding
// away from zero, the INT32_MIN^2 saturation missing, a ternary -1 without its +1.
// depth=D holds after synthesis with the pipelined Brent-Kung product adder, in half the cycles
// ripple chunks took (22 at depth=16).
TEST(RequantPipeline, DepthHoldsAfterSynthesis) {
  Generated g = generate("requant", {"depth=16"}, "rq");
  const std::string dir = test::temp_dir("requant-depth");
  write_generated(g, dir);
  synth::Report r = synth::run(dir + "/rq.sv", "rq");
  EXPECT_LE(r.depth, 16);
  EXPECT_LE(g.latency, 12);
  std::filesystem::remove_all(dir);
}

TEST(DeployCosim, OneWrongGateFails) {
  struct Mutant {
    std::string block, from, to;
  };
  for (const Mutant& mu : {Mutant{"requant", "guard & (~h_neg | below)", "guard"},
                           Mutant{"requant", "h_raw == 32'h80000000 ? 32'h7fffffff : h_raw", "h_raw"},
                           Mutant{"tern_dot", "wire neg3 = w[7] & w[6]", "wire neg3 = 1'b0"}}) {
    Generated g = generate(mu.block, {}, mu.block);
    const size_t at = g.sv.find(mu.from);
    ASSERT_NE(at, std::string::npos) << mu.from;
    g.sv.replace(at, mu.from.size(), mu.to);
    verif::CosimResult r = verif::cosim(g, test::cosim_options(5000));
    EXPECT_FALSE(r.pass) << mu.block << ": " << mu.from;
  }
}

}  // namespace
}  // namespace qrtl
