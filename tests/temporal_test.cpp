// bs_dot / loom_dot / term_dot: Booth digits, cycle formulas and golden models checked on values
// worked out by hand, the performance model on hand-computed cases and the qrtl perf CLI, then
// transaction-level cosimulation (result AND cycle count, 10^4 random transactions plus corners per
// configuration) and checks that the cosim driver catches a wrong result and a wrong cycle count.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <toml++/toml.h>

#include "flows/perf_model.h"
#include "golden/temporal.h"
#include "models/model.h"
#include "registry.h"
#include "test_util.h"

namespace qrtl {
namespace {

using verif::Inputs;

TEST(TemporalGolden, BoothDigitsByHand) {
  // 7 = 0111 (4-bit signed): d0 = x[-1] + x0 - 2*x1 = 0 + 1 - 2 = -1, d1 = x1 + x2 - 2*x3 = 2; -1 + 2*4 = 7.
  EXPECT_EQ(golden::booth4_digits(7, 4, true), (std::vector<int>{-1, 2}));
  // 255 unsigned 8-bit, widened to 9 bits: d0 = -1, d1..d3 = 0, d4 = x7 = 1; -1 + 256 = 255.
  EXPECT_EQ(golden::booth4_digits(255, 8, false), (std::vector<int>{-1, 0, 0, 0, 1}));
  // -128 signed 8-bit: only d3 = x5 + x6 - 2*x7 = -2; -2 * 4^3 = -128.
  EXPECT_EQ(golden::booth4_digits(-128, 8, true), (std::vector<int>{0, 0, 0, -2}));
  // 0xAAAA unsigned 16-bit: d0 = -2, d1..d7 = 1 + 0 - 2 = -1, d8 = x15 = 1: all nine digits non-zero.
  EXPECT_EQ(golden::booth4_terms(0xAAAA, 16, false), 9);
  EXPECT_EQ(golden::booth4_terms(0, 16, true), 0);
  EXPECT_EQ(golden::booth4_terms(-1, 16, true), 1);  // ...1111: d0 = 0 + 1 - 2 = -1, the rest 0
}

TEST(TemporalGolden, CycleFormulas) {
  EXPECT_EQ(golden::loom_cycles(9, 16, 2), 5 * 8);
  EXPECT_EQ(golden::loom_cycles(5, 7, 4), 2 * 2);
  EXPECT_EQ(golden::loom_cycles(1, 1, 4), 1);
  EXPECT_EQ(golden::effective_precision(0, 8), 8);
  EXPECT_EQ(golden::effective_precision(9, 8), 8);
  EXPECT_EQ(golden::effective_precision(3, 8), 3);
  // Laconic, 4-bit signed: T(7) = 2, T(3) = 2 (3 = -1 + 4), lane 1 has a zero activation.
  EXPECT_EQ(golden::laconic_cycles({7, 0}, 4, true, {3, 5}, 4, true), 4);
  EXPECT_EQ(golden::laconic_cycles({0, 0}, 4, true, {3, 5}, 4, true), 1);  // nothing to do: one cycle
}

verif::Outputs eval(const std::string& block, const std::vector<std::string>& words, const Inputs& in) {
  return verif::find_model(block)->eval(parse_params(find_block(block), words), in);
}

TEST(TemporalModel, BsDotByHand) {
  // lanes=2, 4-bit signed operands, WY = 4 + 4 + 1 = 9. w = {3, -2 = 0xe}, a = {-8 = 0x8, 5}.
  const std::vector<std::string> k = {"lanes=2", "wa=4", "ww=4", "asigned=1", "wsigned=1"};
  Inputs in = {{"w", Bits(8, 0xe3)}, {"a", Bits(8, 0x58)}, {"p", Bits(3, 4)}};
  auto o = eval("bs_dot", k, in);
  EXPECT_EQ(o.at("y").value.u64(), 512u - 34u);  // 3*-8 + -2*5 = -34
  EXPECT_EQ(o.at("cycles").value.u64(), 4u);
  in["p"] = Bits(3, 2);  // low 2 bits: 0b00 = 0 and 0b01 = 1: y = -2
  o = eval("bs_dot", k, in);
  EXPECT_EQ(o.at("y").value.u64(), 510u);
  EXPECT_EQ(o.at("cycles").value.u64(), 2u);
}

TEST(TemporalModel, LoomDotByHand) {
  // One lane, a = 200 unsigned, w = 0x9c = -100 signed, WY = 16: -20000 = 0xb1e0, 2*2 cycles at bpc=4.
  const std::vector<std::string> k = {"lanes=1", "wa=8", "ww=8", "asigned=0", "wsigned=1", "bpc=4"};
  Inputs in = {{"a", Bits(8, 200)}, {"w", Bits(8, 0x9c)}, {"pa", Bits(4, 8)}, {"pw", Bits(4, 8)}};
  auto o = eval("loom_dot", k, in);
  EXPECT_EQ(o.at("y").value.u64(), 0xb1e0u);
  EXPECT_EQ(o.at("cycles").value.u64(), 4u);
  // pw = 3: low 3 bits of 0x9c = 0b100 = -4; 200 * -4 = -800 = 0xfce0; ceil(8/4) * ceil(3/4) = 2 cycles.
  in["pw"] = Bits(4, 3);
  o = eval("loom_dot", k, in);
  EXPECT_EQ(o.at("y").value.u64(), 0xfce0u);
  EXPECT_EQ(o.at("cycles").value.u64(), 2u);
}

TEST(TemporalModel, TermDotByHand) {
  // lanes=2, 4-bit signed: a = {7, 0}, w = {3, 5}: y = 21, cycles = T(7) * T(3) = 4.
  auto o = eval("term_dot", {"lanes=2", "wa=4", "ww=4", "asigned=1"}, {{"a", Bits(8, 0x07)}, {"w", Bits(8, 0x53)}});
  EXPECT_EQ(o.at("y").value.u64(), 21u);
  EXPECT_EQ(o.at("cycles").value.u64(), 4u);
}

TEST(TemporalPerf, ModelByHand) {
  flows::PerfConfig c;  // 16-bit baseline, 16 lanes
  flows::LayerProfile l;
  l.pa = 8;
  EXPECT_DOUBLE_EQ(flows::relative_time("stripes", l, c), 0.5);
  l.pa = 5;
  l.pw = 7;  // Loom 2 bits/cycle: ceil(5/2) * ceil(7/2) = 12 of ceil(16/2)^2 = 64
  EXPECT_DOUBLE_EQ(flows::relative_time("loom2", l, c), 12.0 / 64.0);
  // Worst case Booth terms at 16 bits: 8 signed (ceil(16/2)), 9 unsigned (0xAAAA above).
  EXPECT_EQ(flows::laconic_worst_cycles(c, false, true), 9 * 8);
  // Two lanes, a in {1, 2, 3} uniform with T = 1, 2, 2 (2 = -2 + 4 and 3 = -1 + 4: radix-4 Booth is
  // not a minimal-term code), w = 1 (T = 1): a lane needs 2 cycles with probability 2/3; the max of
  // two lanes is 1 with probability 1/9, else 2: E = 1/9 + 2 * 8/9 = 17/9.
  flows::LayerProfile t;
  t.pa = 2;
  t.a_zero = 0;
  t.pw = 1;
  t.w_signed = false;
  t.w_zero = 0;
  c.lanes = 2;
  EXPECT_NEAR(flows::laconic_expected_cycles(t, c), 17.0 / 9.0, 1e-12);
  // Network: two layers of 4096 MACs, pa = 8 and 16: baseline 2 cycles, Stripes 0.5 + 1 = 1.5.
  flows::LayerProfile a, b;
  a.macs = b.macs = 4096;
  a.pa = 8;
  b.pa = 16;
  auto total = flows::network_times({a, b}, flows::PerfConfig{});
  EXPECT_DOUBLE_EQ(total[0].cycles, 2.0);
  EXPECT_DOUBLE_EQ(total[1].cycles, 1.5);
  EXPECT_NEAR(total[1].speedup, 4.0 / 3.0, 1e-12);
}

TEST(TemporalPerf, MeasuredHistogramsByHand) {
  flows::PerfConfig c;
  c.base_bits = 8;
  flows::LayerProfile l;
  l.pa = 4;
  // Dynamic Stripes: groups at p = 0 (still one cycle), 2, 2 and 4: (1 + 2 + 2 + 4) / 4 cycles of 8.
  l.a_groups = {1, 0, 2, 0, 1};
  EXPECT_DOUBLE_EQ(flows::dstripes_expected_cycles(l, c), 9.0 / 4.0);
  EXPECT_DOUBLE_EQ(flows::relative_time("dstripes", l, c), 9.0 / 32.0);
  EXPECT_DOUBLE_EQ(flows::relative_time("stripes", l, c), 4.0 / 8.0);  // the layer's pa, not the groups
  EXPECT_DOUBLE_EQ(flows::units_per_baseline("dstripes", l, c), 8.0);
  l.a_groups.clear();  // no histogram: every group at pa, i.e. Stripes
  EXPECT_DOUBLE_EQ(flows::relative_time("dstripes", l, c), 0.5);
  // Laconic from term histograms: the hand case of ModelByHand (T(a) = 1 w.p. 1/3, 2 w.p. 2/3;
  // T(w) = 1; two lanes) given as counts instead of a value distribution: 17/9.
  flows::LayerProfile t;
  t.a_terms = {0, 1, 2};
  t.w_terms = {0, 5};
  c.lanes = 2;
  EXPECT_NEAR(flows::laconic_expected_cycles(t, c), 17.0 / 9.0, 1e-12);
  // A term count is a property of the value: the same at every width that holds it (the profile
  // counts at 18 bits, the units have 8 or 16).
  for (int64_t v = -255; v <= 255; ++v) {
    ASSERT_EQ(golden::booth4_terms(v, 18, true), golden::booth4_terms(v, 9, true)) << v;
    if (v >= 0) {
      ASSERT_EQ(golden::booth4_terms(v, 18, true), golden::booth4_terms(v, 8, false)) << v;
    }
    if (v >= -128 && v < 128) {
      ASSERT_EQ(golden::booth4_terms(v, 18, true), golden::booth4_terms(v, 8, true)) << v;
    }
  }
  EXPECT_EQ(flows::booth4_max_terms(8, true), 4);
  EXPECT_EQ(flows::booth4_max_terms(8, false), 5);
}

TEST(TemporalPerf, EqualAreaByHand) {
  flows::PerfConfig c;  // 16-bit baseline
  flows::LayerProfile l;
  // Stripes needs 16 units per baseline unit; with a unit of 2 and a baseline unit of 64 area, the
  // baseline's area buys 32 units: twice the equal-throughput count, factor 64 / (2 * 16) = 2.
  EXPECT_DOUBLE_EQ(flows::equal_area_factor("stripes", l, c, 2, 64), 2.0);
  // Loom b=2 needs ceil(16/2)^2 = 64 units; 64 / (4 * 64) = 0.25.
  EXPECT_DOUBLE_EQ(flows::equal_area_factor("loom2", l, c, 4, 64), 0.25);
  EXPECT_DOUBLE_EQ(flows::units_per_baseline("loom4", l, c), 16.0);
}

TEST(TemporalPerf, CliOnAlexNetProfile) {
  auto r = test::run_qrtl({"perf", std::string(QRTL_SOURCE_DIR) + "/docs/profiles/alexnet.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Stripes total: sum(MACs) / sum(MACs * pa / 16) = 665,784,864 / (4,571,951,904 / 16) = 2.330.
  EXPECT_NE(r.output.find("2.33x"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("conv5"), std::string::npos);
  // Equal area: 2.330 * 179424 / (20184 * 16) = 2.330 * 0.5556 = 1.294.
  auto ea = r.output.find("equal area");
  ASSERT_NE(ea, std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1.29x", ea), std::string::npos) << r.output;
}

TEST(TemporalPerf, CliUsesMeasuredHistograms) {
  std::string dir = test::temp_dir("perfm");
  // One 8-bit layer of 4096 MACs (one baseline cycle): half of its 16-activation groups need 2
  // bits and half 6, so Dynamic Stripes takes (2 + 6) / 2 = 4 of 8 cycles (2.00x) while Stripes,
  // bound to the layer's pa = 6, takes 6 (1.33x).
  std::ofstream(dir + "/m.toml") << "[accelerator]\nbase_bits = 8\n[[layer]]\nname = \"c1\"\nmacs = 4096\n"
                                    "pa = 6\npw = 8\na_groups = [0, 0, 5, 0, 0, 0, 5]\n";
  auto r = test::run_qrtl({"perf", dir + "/m.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1.33x    2.00x"), std::string::npos) << r.output;
  std::filesystem::remove_all(dir);
}

TEST(TemporalPerf, ShippedProfilesRun) {
  int n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(QRTL_SOURCE_DIR) + "/docs/profiles")) {
    if (e.path().extension() != ".toml") continue;
    auto r = test::run_qrtl({"perf", e.path().string()});
    EXPECT_EQ(r.exit_code, 0) << e.path() << "\n" << r.output;
    EXPECT_NE(r.output.find("total"), std::string::npos) << e.path();
    ++n;
  }
  EXPECT_GE(n, 4);
}

// The measured person_detect profile's MACs (benchmarks/measured_profiles.py derives them from the
// tensor shapes) against MobileNet v1 (Howard et al. 2017, Table 1) at width 0.25 on a 96x96x1
// input: a 3x3 stride-2 conv to 8 channels, then 13 depthwise 3x3 / pointwise 1x1 pairs (stride 2
// in pairs 2, 4, 6 and 12), a global average pool and a 256 -> 2 fully-connected layer.
TEST(TemporalPerf, MeasuredProfileMacsMatchTheArchitecture) {
  struct Pair { int cout; bool stride2; };
  const Pair pairs[13] = {{16, false}, {32, true},  {32, false},  {64, true},   {64, false},   {128, true}, {128, false},
                          {128, false}, {128, false}, {128, false}, {128, false}, {256, true}, {256, false}};
  std::map<std::string, double> expected, inputs;  // MACs and input activations per layer
  int hw = 48, c = 8;
  expected["Conv2d_0"] = double(hw) * hw * 9 * 1 * c;
  inputs["Conv2d_0"] = 96 * 96;
  for (int i = 0; i < 13; ++i) {
    const std::string dw = fmt::format("Conv2d_{}_depthwise", i + 1), pw = fmt::format("Conv2d_{}_pointwise", i + 1);
    inputs[dw] = double(hw) * hw * c;
    if (pairs[i].stride2) hw /= 2;
    expected[dw] = double(hw) * hw * 9 * c;
    inputs[pw] = double(hw) * hw * c;
    expected[pw] = double(hw) * hw * c * pairs[i].cout;
    c = pairs[i].cout;
  }
  expected["Conv2d_1c_1x1"] = double(c) * 2;
  inputs["Conv2d_1c_1x1"] = c;
  toml::table t = toml::parse_file(std::string(QRTL_SOURCE_DIR) + "/docs/profiles/measured/person_detect.toml");
  const toml::array* layers = t["layer"].as_array();
  ASSERT_NE(layers, nullptr);
  ASSERT_EQ(layers->size(), expected.size());
  for (const auto& node : *layers) {
    const toml::table& l = *node.as_table();
    const std::string name = l["name"].value_or(std::string{});
    ASSERT_TRUE(expected.count(name)) << name;
    EXPECT_EQ(l["macs"].value_or(0.0), expected[name]) << name;
    // The histograms cover the layer's input on both images: 2 * ceil(n / 16) groups, 2 * n values.
    ASSERT_NE(l["a_groups"].as_array(), nullptr) << name;
    ASSERT_NE(l["a_terms"].as_array(), nullptr) << name;
    double groups = 0, terms = 0;
    for (const auto& g : *l["a_groups"].as_array()) groups += g.value_or(0.0);
    for (const auto& v : *l["a_terms"].as_array()) terms += v.value_or(0.0);
    EXPECT_EQ(groups, 2 * std::ceil(inputs[name] / 16)) << name;
    EXPECT_EQ(terms, 2 * inputs[name]) << name;
  }
}

TEST(TemporalPerf, CliRejectsBadProfiles) {
  std::string dir = test::temp_dir("perf");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  auto r = test::run_qrtl({"perf", write("p0.toml", "[[layer]]\nname = \"c1\"\nmacs = 10\npa = 0\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("p0.toml:4: layer 'c1': 'pa' must be an integer in 1..16"), std::string::npos) << r.output;
  r = test::run_qrtl({"perf", write("nolayer.toml", "[network]\nname = \"x\"\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("no [[layer]] entries"), std::string::npos) << r.output;
  r = test::run_qrtl({"perf", write("typo.toml", "[[layer]]\nname = \"c1\"\nmacs = 10\npa = 4\nwp = 3\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("unknown key 'wp'"), std::string::npos) << r.output;
  const std::string head = "[accelerator]\nbase_bits = 8\n[[layer]]\nname = \"c1\"\nmacs = 10\npa = 4\n";
  r = test::run_qrtl({"perf", write("g.toml", head + "a_groups = [0, 0, 0, 0, 1, 1]\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("g.toml:7: layer 'c1': 'a_groups' counts values at bin 5, above pa = 4"),
            std::string::npos)
      << r.output;
  r = test::run_qrtl({"perf", write("t.toml", head + "w_terms = [1, 0, 0, 0, 0, 1]\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("'w_terms' counts values at bin 5, above the most Booth terms = 4"), std::string::npos)
      << r.output;
  r = test::run_qrtl({"perf", write("z.toml", head + "a_zero = 0.5\na_terms = [1, 2]\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("give 'a_zero' or 'a_terms', not both"), std::string::npos) << r.output;
  r = test::run_qrtl({"perf", write("e.toml", head + "a_groups = [0, 0]\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("'a_groups' counts nothing"), std::string::npos) << r.output;
}

TEST(TemporalBlocks, BadParameters) {
  auto r = test::run_qrtl({"gen", "loom_dot", "bpc=4", "wa=3", "--out", test::temp_dir("loom")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("loom_dot: wa=3 is narrower than one digit (bpc=4)"), std::string::npos) << r.output;
  r = test::run_qrtl({"gen", "bs_dot", "lanes=0", "--out", test::temp_dir("bs")});
  EXPECT_EQ(r.exit_code, 2);
}

struct Case {
  std::string block;
  std::vector<std::string> words;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.block;
  for (const auto& w : c.words) *os << ' ' << w;
}

class TemporalCosim : public ::testing::TestWithParam<Case> {};

TEST_P(TemporalCosim, ResultAndCycles) {
  verif::CosimResult r = test::cosim_block(GetParam().block, GetParam().words, 10000);
  for (const auto& m : r.mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(r.pass) << r.summary();
  EXPECT_GT(r.vectors, 10000u);  // corners + 10^4 random transactions
}

INSTANTIATE_TEST_SUITE_P(
    Configs, TemporalCosim,
    ::testing::Values(Case{"bs_dot", {"lanes=3", "wa=7", "ww=5", "asigned=1", "wsigned=1"}},
                      Case{"loom_dot", {"lanes=2", "wa=7", "ww=6", "bpc=2", "asigned=1", "wsigned=1"}},
                      Case{"term_dot", {"lanes=2", "wa=7", "ww=6", "asigned=0", "wsigned=1"}}),
    [](const ::testing::TestParamInfo<Case>& i) { return i.param.block; });

// The driver must fail when the model expects another result or another cycle count: cosim the
// same generated RTL (cached simulator) against a model told different parameters.
verif::CosimResult cosim_with_model_params(const std::string& block, const std::vector<std::string>& rtl,
                                           const std::vector<std::string>& model) {
  Generated g = generate(block, rtl, block);
  g.params = parse_params(find_block(block), model);
  return verif::cosim(g, test::cosim_options(200));
}

TEST(TemporalCosimNegative, CatchesWrongResult) {
  auto r = cosim_with_model_params("bs_dot", {"lanes=3", "wa=7", "ww=5", "asigned=1", "wsigned=1"},
                                   {"lanes=3", "wa=7", "ww=5", "asigned=0", "wsigned=1"});
  EXPECT_FALSE(r.pass);
  ASSERT_FALSE(r.mismatches.empty());
  EXPECT_NE(r.mismatches[0].find("y: expected"), std::string::npos) << r.mismatches[0];
}

TEST(TemporalCosimNegative, CatchesWrongCycleCount) {
  // Same values, but the model believes 1 bit per cycle: only the cycle counts differ.
  auto r = cosim_with_model_params("loom_dot", {"lanes=2", "wa=7", "ww=6", "bpc=2", "asigned=1", "wsigned=1"},
                                   {"lanes=2", "wa=7", "ww=6", "bpc=1", "asigned=1", "wsigned=1"});
  EXPECT_FALSE(r.pass);
  ASSERT_FALSE(r.mismatches.empty());
  EXPECT_NE(r.mismatches[0].find("cycles: expected"), std::string::npos) << r.mismatches[0];
  EXPECT_EQ(r.mismatches[0].find("y: expected"), std::string::npos) << r.mismatches[0];
}

}  // namespace
}  // namespace qrtl
