// Cnvlutin, Tartan and Bit-Tactical: the measurements of flows/sparsity.h and the cycle models of
// flows/perf_model.h on small examples worked by hand, `qrtl profile --layer` and `qrtl perf` on
// them, and the shipped measured profiles.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "flows/perf_model.h"
#include "flows/sparsity.h"
#include "test_util.h"

namespace qrtl {
namespace {

using flows::LayerKind;

TEST(Cnvlutin, BusiestLanePerWindowByHand) {
  // 2x2 pixels of 4 channels, 1x1 kernel, 2 lanes: lane 0 owns channels 0-1, lane 1 channels 2-3,
  // B = 2. Pixels (NHWC): [0 0 1 0] -> busiest 1; [1 1 1 1] -> 2; [0 0 0 0] -> 0; [1 0 0 0] -> 1.
  flows::ActGeometry g;
  g.h = g.w = 2;
  g.c = 4;
  g.out_h = g.out_w = 2;
  const std::vector<int64_t> x = {0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, -3, 0, 0, 0};
  EXPECT_EQ(flows::cnvlutin_window_hist(x, g, 2), (std::vector<uint64_t>{1, 2, 1}));
  // One lane, 3x3 kernel, stride 1, SAME padding on a 3x3 image of ones: a window holds the
  // positions inside the image, 4 at a corner, 6 at an edge, 9 in the middle (B = 9).
  flows::ActGeometry s;
  s.h = s.w = s.kh = s.kw = s.out_h = s.out_w = 3;
  std::vector<uint64_t> expect(10, 0);
  expect[4] = 4;
  expect[6] = 4;
  expect[9] = 1;
  EXPECT_EQ(flows::cnvlutin_window_hist(std::vector<int64_t>(9, 1), s, 1), expect);
  // Stride 2 on a 4x4 image to 2x2 with a 3x3 kernel: padding total (2-1)*2+3-4 = 1, none before,
  // so the windows start at rows/columns 0 and 2; the bottom-right window loses a row and a column.
  s.h = s.w = 4;
  s.stride = 2;
  s.out_h = s.out_w = 2;
  expect.assign(10, 0);
  expect[4] = 1;
  expect[6] = 2;
  expect[9] = 1;
  EXPECT_EQ(flows::cnvlutin_window_hist(std::vector<int64_t>(16, 7), s, 1), expect);
}

TEST(Cnvlutin, DepthwiseWindowsAreChannelGroups) {
  // Depthwise, 3 channels, multiplier 2 (6 output channels, o reads o / 2), 4 lanes, 1x1 kernel,
  // one pixel [5, 0, 2]: output channels 0..3 in the first window read 5 5 0 0 (busiest 1), 4..5
  // in the second read 2 2 (busiest 1); B = 1.
  flows::ActGeometry g;
  g.kind = LayerKind::depthwise;
  g.c = 3;
  g.multiplier = 2;
  EXPECT_EQ(flows::cnvlutin_window_hist({5, 0, 2}, g, 4), (std::vector<uint64_t>{0, 2}));
  EXPECT_THROW(flows::cnvlutin_window_hist({5, 0}, g, 4), std::invalid_argument);
}

// Weights of one filter row as steps x lanes, into OHWI order for o = 1, kh = kw = 1, c = steps * lanes.
std::vector<int64_t> steps_of(const std::vector<std::vector<int64_t>>& steps) {
  std::vector<int64_t> w;
  for (const auto& s : steps) w.insert(w.end(), s.begin(), s.end());
  return w;
}

TEST(Tactical, ScheduleByHand) {
  flows::WeightGeometry g;
  g.c = 8;  // 4 steps of 2 lanes
  // steps [1 0] [0 0] [1 1] [0 1]. T<0,0>: the empty step is skipped, 3 cycles.
  const auto w = steps_of({{1, 0}, {0, 0}, {1, 1}, {0, 1}});
  auto c = flows::tactical_schedule(w, g, 2, 1, 0, 0);
  EXPECT_EQ(c.dense, 4u);
  EXPECT_EQ(c.steps, 3u);
  // T<2,0>: cycle 1 takes s0.l0 and (lookahead 2) s2.l1; cycle 2 s2.l0 and s3.l1: 2 cycles.
  EXPECT_EQ(flows::tactical_schedule(w, g, 2, 1, 2, 0).steps, 2u);
  // T<1,0>: lane 1 sees only s1 (zero) in cycle 1: 3 cycles.
  EXPECT_EQ(flows::tactical_schedule(w, g, 2, 1, 1, 0).steps, 3u);
  // Lookaside: steps [0 1] [0 1] [1 0] (c = 6). T<0,1>: lane 0 takes s1.l1 from its neighbour in
  // cycle 1 (with lane 1's own s0.l1), so s1 is used up; cycle 2 takes s2.l0: 2 cycles, 3 without.
  flows::WeightGeometry g3 = g;
  g3.c = 6;
  const auto w3 = steps_of({{0, 1}, {0, 1}, {1, 0}});
  EXPECT_EQ(flows::tactical_schedule(w3, g3, 2, 1, 0, 1).steps, 2u);
  EXPECT_EQ(flows::tactical_schedule(w3, g3, 2, 1, 0, 0).steps, 3u);
}

TEST(Tactical, RowsShareTheActivationWindow) {
  // Two filters (rows) of 2 steps x 2 lanes: row 0 [1 1] [0 0], row 1 [0 0] [1 1]. Alone each
  // would take 1 step; sharing the window, T<0,0> takes 2 (row 1 waits for step 1), T<1,0> 1.
  flows::WeightGeometry g;
  g.o = 2;
  g.c = 4;
  const std::vector<int64_t> w = {1, 1, 0, 0, 0, 0, 1, 1};
  EXPECT_EQ(flows::tactical_schedule(w, g, 2, 2, 0, 0).steps, 2u);
  EXPECT_EQ(flows::tactical_schedule(w, g, 2, 2, 1, 0).steps, 1u);
  // With one row per tile the two tiles take 1 step each, 2 in all, of 4 dense.
  auto c = flows::tactical_schedule(w, g, 2, 1, 0, 0);
  EXPECT_EQ(c.steps, 2u);
  EXPECT_EQ(c.dense, 4u);
  // An all-zero tile still takes a step.
  EXPECT_EQ(flows::tactical_schedule(std::vector<int64_t>(8, 0), g, 2, 2, 2, 5).steps, 1u);
  // Depthwise: lanes are channels (separate dot products), so no lookaside. 1x2 kernel, 2
  // channels, 1HWC: tap 0 [0 1], tap 1 [1 0]. T<0,5> takes 2 steps (lane 0 may not take lane 1's
  // weight), T<1,0> 1 (lane 0 looks ahead to its own tap 1).
  flows::WeightGeometry d;
  d.kind = LayerKind::depthwise;
  d.kw = 2;
  d.c = 2;
  const std::vector<int64_t> dw = {0, 1, 1, 0};
  EXPECT_EQ(flows::tactical_schedule(dw, d, 2, 16, 0, 5).steps, 2u);
  EXPECT_EQ(flows::tactical_schedule(dw, d, 2, 16, 1, 0).steps, 1u);
}

TEST(ZeroSkipPerf, ModelsByHand) {
  flows::PerfConfig c;
  c.base_bits = 8;
  c.lanes = 2;
  flows::LayerProfile l;
  l.pa = 8;
  l.pw = 4;
  // Cnvlutin: windows of B = 2 with busiest lanes 0, 1, 1, 2: max(1, k) cycles = 1 + 1 + 1 + 2 = 5
  // of 4 * 2 = 8 baseline cycles.
  l.a_window_max = {1, 2, 1};
  EXPECT_DOUBLE_EQ(flows::relative_time("cnvlutin", l, c), 5.0 / 8.0);
  // Tartan: a conv layer is bit-serial in its activations (pa = 8: no gain), an fc layer in its
  // weights (pw = 4 of 8 cycles).
  EXPECT_DOUBLE_EQ(flows::relative_time("tartan", l, c), 1.0);
  l.kind = LayerKind::fc;
  EXPECT_DOUBLE_EQ(flows::relative_time("tartan", l, c), 0.5);
  EXPECT_DOUBLE_EQ(flows::units_per_baseline("tartan", l, c), 8.0);
  // Bit-Tactical: activations with 0 or 2 Booth terms, half each; two lanes in lock step take
  // max(1, max T) cycles a step: 1 when both are zero (p = 1/4), else 2: 1.75. 3 of 4 weight steps
  // after scheduling; Tmax of a signed 8-bit value is 4: 0.75 * 1.75 / 4.
  l.a_signed = true;
  l.a_terms = {1, 0, 1};
  l.w_schedule = {{2, 5, 3, 4}, {1, 0, 4, 4}};
  EXPECT_DOUBLE_EQ(flows::tactical_step_cycles(l, c), 1.75);
  EXPECT_DOUBLE_EQ(flows::relative_time("tactical", l, c), 0.75 * 1.75 / 4);
  c.tactical_lookahead = 1;
  c.tactical_lookaside = 0;
  EXPECT_DOUBLE_EQ(flows::tactical_step_ratio(l, c), 1.0);
  c.tactical_lookahead = 3;
  EXPECT_THROW(flows::tactical_step_ratio(l, c), std::invalid_argument);
  // Without measurements nothing is skipped.
  flows::LayerProfile bare;
  EXPECT_DOUBLE_EQ(flows::cnvlutin_relative_time(bare), 1.0);
  EXPECT_DOUBLE_EQ(flows::tactical_step_ratio(bare, c), 1.0);
}

TEST(ZeroSkipCli, ProfileMeasuresLayers) {
  const std::string dir = test::temp_dir("zskip");
  // The 2x2x4 activations and the 4-step weights of the hand examples, as raw int8.
  auto write = [&](const std::string& name, const std::vector<int64_t>& v) {
    std::ofstream f(dir + "/" + name, std::ios::binary);
    for (int64_t x : v) f.put(static_cast<char>(x));
    return dir + "/" + name;
  };
  const std::string a = write("a.bin", {0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, -3, 0, 0, 0});
  auto r = test::run_qrtl({"profile", a, "--dtype", "int8", "--layer", "conv", "--shape", "1,2,2,4", "--window",
                           "1,1,1,2,2", "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // 16 lanes: lane l owns channel l (slice 1), B = 1; busiest lane per pixel 1, 1, 0, 1.
  const auto layer = nlohmann::json::parse(r.output)[0]["layer"];
  EXPECT_EQ(layer["cnvlutin"]["window"], 1);
  EXPECT_EQ(layer["cnvlutin"]["busiest_lane_hist"], nlohmann::json::parse("[1, 3]"));
  EXPECT_DOUBLE_EQ(layer["zero_fraction"].get<double>(), 10.0 / 16);
  const std::string w = write("w.bin", std::vector<int64_t>(32, 0));
  r = test::run_qrtl({"profile", w, "--dtype", "int8", "--layer", "fc", "--shape", "2,16", "--weights"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Bit-Tactical T<2,5>: 1 of 1 weight steps"), std::string::npos) << r.output;
  // Mistakes: a clear line and exit 2.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"profile", a, "--dtype", "int8", "--shape", "1,2,2,4"},
           {"profile", a, "--dtype", "int8", "--layer", "conv", "--shape", "1,2,2,3", "--window", "1,1,1,2,2"},
           {"profile", a, "--dtype", "int8", "--layer", "conv", "--shape", "1,2,2,4"},
           {"profile", a, "--dtype", "int8", "--layer", "pool"},
           {"profile", a, "--dtype", "int8", "--layer", "conv", "--shape", "1,2,2,4", "--window", "1,1,1,3,3"},
           {"profile", a, "--dtype", "int8", "--layer", "conv", "--shape", "1,2,2,4", "--window", "65,1,1,2,2"},
           {"profile", w, "--dtype", "int8", "--layer", "depthwise", "--shape", "2,1,1,16", "--weights"}}) {
    auto e = test::run_qrtl(args);
    EXPECT_EQ(e.exit_code, 2) << e.output;
    EXPECT_EQ(std::count(e.output.begin(), e.output.end(), '\n'), 1) << e.output;
  }
  std::filesystem::remove_all(dir);
}

TEST(ZeroSkipCli, PerfColumnsAndWindowOption) {
  const std::string dir = test::temp_dir("zperf");
  // One fc layer of 8192 MACs (2 baseline cycles) on an 8-bit baseline, weights at 4 bits.
  std::ofstream(dir + "/p.toml") << "[accelerator]\nbase_bits = 8\nlanes = 2\n[[layer]]\nname = \"fc1\"\nmacs = 8192\n"
                                    "pa = 8\npw = 4\nkind = \"fc\"\na_signed = true\na_terms = [1, 0, 1]\n"
                                    "a_window_max = [1, 2, 1]\nw_schedule = [[2, 5, 3, 4], [1, 0, 4, 4]]\n";
  auto r = test::run_qrtl({"perf", dir + "/p.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // cnvlutin 8/5 = 1.60x, tartan 2.00x, tactical 4 / (0.75 * 1.75) = 3.05x.
  EXPECT_NE(r.output.find("1.60x    2.00x    3.05x"), std::string::npos) << r.output;
  r = test::run_qrtl({"perf", dir + "/p.toml", "--tactical", "1,0"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1.60x    2.00x    2.29x"), std::string::npos) << r.output;  // 4 / 1.75
  r = test::run_qrtl({"perf", dir + "/p.toml", "--tactical", "3,3"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no weight schedule for T<3,3>"), std::string::npos) << r.output;
  std::ofstream(dir + "/bad.toml") << "[[layer]]\nname = \"c\"\nmacs = 1\npa = 8\nkind = \"pool\"\n";
  r = test::run_qrtl({"perf", dir + "/bad.toml"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("'kind' must be"), std::string::npos) << r.output;
  // Bad [lookahead, lookaside, steps, dense] entries: steps above dense or zero, a fractional or
  // too large window, three numbers, a string.
  for (const char* entry :
       {"[2, 5, 5, 4]", "[2, 5, 0, 4]", "[2.5, 5, 3, 4]", "[65, 5, 3, 4]", "[2, 5, 3]", "[2, \"5\", 3, 4]"}) {
    std::ofstream(dir + "/sched.toml") << "[[layer]]\nname = \"c\"\nmacs = 1\npa = 8\nw_schedule = [" << entry << "]\n";
    r = test::run_qrtl({"perf", dir + "/sched.toml"});
    EXPECT_EQ(r.exit_code, 2) << entry << "\n" << r.output;
    EXPECT_NE(r.output.find("a 'w_schedule' entry is"), std::string::npos) << entry << "\n" << r.output;
  }
  std::filesystem::remove_all(dir);
}

// Issue 19's acceptance: every measured profile carries the fields and `qrtl perf` prints a
// numeric speedup of at least 1.00x for the three designs on every layer.
TEST(ZeroSkipCli, MeasuredProfilesHaveTheColumns) {
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(QRTL_SOURCE_DIR) + "/docs/profiles/measured")) {
    if (e.path().extension() != ".toml") continue;
    ++files;
    std::ifstream in(e.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string t = text.str();
    size_t n_layers = 0;
    for (size_t p = 0; (p = t.find("[[layer]]", p)) != std::string::npos; ++p) ++n_layers;
    for (const char* key : {"\nkind = ", "\na_window_max = ", "\nw_schedule = "}) {
      size_t n = 0;
      for (size_t p = 0; (p = t.find(key, p)) != std::string::npos; ++p) ++n;
      EXPECT_EQ(n, n_layers) << e.path() << " " << key;
    }
    auto r = test::run_qrtl({"perf", e.path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // The first table: header, one row per layer, total. Its last three columns are ours.
    std::istringstream lines(r.output);
    std::string line;
    bool in_table = false;
    size_t rows = 0;
    const std::regex row(R"(^(\S+) .* (\d+\.\d\d)x +(\d+\.\d\d)x +(\d+\.\d\d)x$)");
    while (std::getline(lines, line)) {
      if (line.rfind("layer ", 0) == 0) {
        EXPECT_NE(line.find("cnvlutin   tartan tactical"), std::string::npos) << line;
        in_table = true;
        continue;
      }
      if (!in_table) continue;
      if (line.empty()) break;
      std::smatch m;
      ASSERT_TRUE(std::regex_match(line, m, row)) << e.path() << ": " << line;
      for (int i = 2; i <= 4; ++i) EXPECT_GE(std::stod(m[i]), 1.0) << e.path() << ": " << line;
      ++rows;
    }
    EXPECT_EQ(rows, n_layers + 1) << e.path();  // + the total
  }
  EXPECT_EQ(files, 3);
}

}  // namespace
}  // namespace qrtl
