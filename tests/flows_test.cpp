// Flows a hardware team uses: vectors + testbench for any simulator (run here in Icarus), the
// parallel cached sweep with its reports, cluster job files, packaging and Liberty mapping.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "flows/accept_cubes.h"
#include "flows/svgplot.h"
#include "flows/testbench.h"
#include "cosim/stimulus.h"
#include "tools/tools.h"
#include "fsutil.h"
#include "registry.h"
#include "synth/synth.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace qrtl {
namespace {

using test::run_qrtl;

std::vector<std::string> file_lines(const std::string& path) {
  std::istringstream ss(read_file(path));
  std::vector<std::string> out;
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  atomic_write_file(path, s);
}

// Compiles tb_TOP.sv with TOP.sv in Icarus and runs it in dir; returns the simulator's output.
std::string run_icarus(const std::string& dir, const std::string& top) {
  tools::RunResult c = tools::run({"iverilog", "-g2012", "-o", "tb.vvp", "tb_" + top + ".sv", top + ".sv"}, dir);
  EXPECT_EQ(c.exit_code, 0) << c.output;
  EXPECT_EQ(c.output, "") << "iverilog warnings";
  return tools::run({"vvp", "-n", "tb.vvp"}, dir).output;
}

TEST(Vectors, HexLayoutMatchesHandComputedProducts) {
  std::string dir = test::temp_dir("vec");
  auto r = run_qrtl({"vectors", "int_mul", "wa=4", "wb=4", "signed=1", "--top", "m44", "--out", dir});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto in = file_lines(dir + "/m44_in.hex"), exp = file_lines(dir + "/m44_exp0.hex"),
       mask = file_lines(dir + "/m44_mask0.hex");
  ASSERT_EQ(in.size(), 256u);  // exhaustive: 2^(4+4)
  ASSERT_EQ(exp.size(), 256u);
  // Exhaustive order puts a in the low bits of the index; lines are {a, b}, a most significant.
  // Index 0x35: a=5, b=3 -> 15 = 0x0f.  Index 0x3f: a=-1, b=3 -> -3 = 0xfd (8-bit product).
  EXPECT_EQ(in[0x35], "53");
  EXPECT_EQ(exp[0x35], "0f");
  EXPECT_EQ(in[0x3f], "f3");
  EXPECT_EQ(exp[0x3f], "fd");
  // Index 0x88: a=-8, b=-8 -> 64 = 0x40.
  EXPECT_EQ(exp[0x88], "40");
  EXPECT_EQ(mask[0x88], "ff");
  EXPECT_TRUE(fs::exists(dir + "/m44.sv"));
  EXPECT_TRUE(fs::exists(dir + "/tb_m44.sv"));
  fs::remove_all(dir);
}

TEST(Vectors, CombinationalIntMulPassesInIcarus) {
  std::string dir = test::temp_dir("vec");
  auto r = run_qrtl({"vectors", "int_mul", "wa=7", "wb=6", "signed=0", "--out", dir});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // 2^(7+6) = 8192 input combinations, all checked.
  EXPECT_NE(run_icarus(dir, "int_mul").find("PASS 8192 vectors"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Vectors, PipelinedIntMacPassesAndTamperingFails) {
  std::string dir = test::temp_dir("vec");
  auto r = run_qrtl({"vectors", "int_mac", "stages=2", "--count", "200", "--out", dir, "--top", "mac2"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // 5 extremes of a, b and acc (125 corner vectors) + 200 random.
  std::string out = run_icarus(dir, "mac2");
  EXPECT_NE(out.find("PASS 325 vectors"), std::string::npos) << out;

  // One wrong expected value (bit 0 of vector 9 flipped): exactly that vector fails.
  auto exp = file_lines(dir + "/mac2_exp0.hex");
  ASSERT_EQ(exp[9].size(), 8u);
  exp[9][7] = "0123456789abcdef"[std::stoi(exp[9].substr(7), nullptr, 16) ^ 1];
  write_lines(dir + "/mac2_exp0.hex", exp);
  out = run_icarus(dir, "mac2");
  EXPECT_NE(out.find("vector 9: y expected"), std::string::npos) << out;
  EXPECT_NE(out.find("FAIL 1 of 325 vectors mismatch"), std::string::npos) << out;

  // The same bit masked out (mask digit 0xf -> 0xe) is no longer compared.
  auto mask = file_lines(dir + "/mac2_mask0.hex");
  mask[9][7] = 'e';
  write_lines(dir + "/mac2_mask0.hex", mask);
  EXPECT_NE(run_icarus(dir, "mac2").find("PASS 325 vectors"), std::string::npos);

  // The testbench aligns outputs by the latency: a wrong latency fails most vectors.
  std::string tb = read_file(dir + "/tb_mac2.sv");
  size_t at = tb.find("LATENCY = 2;");
  ASSERT_NE(at, std::string::npos);
  tb.replace(at, 12, "LATENCY = 1;");
  atomic_write_file(dir + "/tb_mac2.sv", tb);
  EXPECT_NE(run_icarus(dir, "mac2").find("FAIL"), std::string::npos);
  fs::remove_all(dir);
}

// Two expected/mask alternatives: a port passes when either matches. 3x3 unsigned products by
// hand: vector v has a = v % 8, b = v / 8, y = a*b. Alternative 0 is right for even v, 1 for odd v.
TEST(Vectors, TestbenchAcceptsAnyAlternative) {
  std::string dir = test::temp_dir("vec");
  Generated g = generate("int_mul", {"wa=3", "wb=3", "signed=0"}, "m33");
  write_generated(g, dir);
  verif::Stimulus ports = verif::data_ports(g);
  flows::TestbenchSpec spec{"m33", ports.in, ports.out, false, 0, 64, 2, {"two alternatives"}};
  atomic_write_file(dir + "/tb_m33.sv", flows::testbench(spec));
  std::vector<std::string> in, exp0, exp1, mask;
  for (int v = 0; v < 64; ++v) {
    const int a = v % 8, b = v / 8, y = a * b;
    in.push_back(fmt::format("{:02x}", a << 3 | b));
    exp0.push_back(fmt::format("{:02x}", v % 2 == 0 ? y : y ^ 1));
    exp1.push_back(fmt::format("{:02x}", v % 2 == 1 ? y : y ^ 2));
    mask.push_back("3f");
  }
  write_lines(dir + "/m33_in.hex", in);
  write_lines(dir + "/m33_exp0.hex", exp0);
  write_lines(dir + "/m33_exp1.hex", exp1);
  write_lines(dir + "/m33_mask0.hex", mask);
  write_lines(dir + "/m33_mask1.hex", mask);
  std::string out = run_icarus(dir, "m33");
  EXPECT_NE(out.find("PASS 64 vectors"), std::string::npos) << out;
  exp1[5] = fmt::format("{:02x}", (5 % 8) * (5 / 8) ^ 4);  // vector 5: neither alternative is right now
  write_lines(dir + "/m33_exp1.hex", exp1);
  out = run_icarus(dir, "m33");
  EXPECT_NE(out.find("FAIL 1 of 64 vectors mismatch"), std::string::npos) << out;
  fs::remove_all(dir);
}

TEST(Vectors, HandshakeOrUnknownBlocksAreUsageErrors) {
  std::string dir = test::temp_dir("vec");
  auto r = run_qrtl({"vectors", "no_such_block", "--out", dir});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

// e5m2 NaN codes: exponent bits [6:2] all ones and mantissa [1:0] != 0, either sign:
// 0x7d 0x7e 0x7f 0xfd 0xfe 0xff. Two cubes cover them exactly: s11111 1x and s11111 x1.
TEST(AcceptCubes, CoversAnE5m2NanSetExactly) {
  auto is_nan = [](const Bits& c) { return c.field(2, 5) == 0x1f && c.field(0, 2) != 0; };
  verif::Expect e{Bits(8, 0x7e), is_nan};
  bool exact = false;
  auto cubes = flows::accept_cubes(e, 16, exact);
  EXPECT_TRUE(exact);
  ASSERT_EQ(cubes.size(), 2u);
  for (uint64_t c = 0; c < 256; ++c) {
    bool admitted = false;
    for (const auto& cube : cubes) admitted = admitted || cube.admits(Bits(8, c));
    EXPECT_EQ(admitted, is_nan(Bits(8, c))) << c;
  }
  // With one cube allowed, the cover is a strict subset and says so.
  auto one = flows::accept_cubes(e, 1, exact);
  EXPECT_FALSE(exact);
  EXPECT_EQ(one.size(), 1u);
}

TEST(AcceptCubes, WideQuietNanCubeAndExactValues) {
  // binary32 NaN: exponent [30:23] all ones, fraction != 0. Grown from the canonical quiet NaN
  // 0x7fc00000, the cube frees the sign and fraction bits 21..0 and keeps bit 22 set (freeing it
  // would admit the infinity 0x7f800000).
  auto is_nan = [](const Bits& c) { return c.field(23, 8) == 0xff && c.field(0, 23) != 0; };
  bool exact = true;
  auto cubes = flows::accept_cubes(verif::Expect{Bits(32, 0x7fc00000), is_nan}, 16, exact);
  EXPECT_FALSE(exact);
  ASSERT_EQ(cubes.size(), 1u);
  EXPECT_EQ(cubes[0].mask.u64(), 0x7fc00000u);
  EXPECT_EQ(cubes[0].value.u64(), 0x7fc00000u);
  // An unspecified 32-bit output: every bit free, exact.
  auto any = flows::accept_cubes(verif::Expect{Bits(32, 0), [](const Bits&) { return true; }}, 16, exact);
  EXPECT_TRUE(exact);
  ASSERT_EQ(any.size(), 1u);
  EXPECT_EQ(any[0].mask.u64(), 0u);
  // No predicate: the value under a full mask.
  auto plain = flows::accept_cubes(verif::Expect{Bits(12, 0x123), nullptr}, 16, exact);
  EXPECT_TRUE(exact);
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].mask.u64(), 0xfffu);
}

// A small precision set: two blocks that pass and one whose output file cannot be written.
const char* const kSweepSet = R"([[block]]
kind = "int_mul"
top = "m33"
wa = 3
wb = 3
signed = 0

[[block]]
kind = "int_mac"
top = "mac2"
wa = 2
wb = 2
wacc = 4
stages = 1

[[block]]
kind = "int_mul"
top = "blocked"
wa = 4
wb = 4
)";

nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(read_file(path)); }

TEST(Sweep, ParallelCachedReportsAndClusterJobs) {
  std::string dir = test::temp_dir("sweep");
  const std::string set = dir + "/set.toml", out = dir + "/out", cache = dir + "/cache";
  atomic_write_file(set, kSweepSet);
  fs::create_directories(out + "/blocked.sv");  // a directory where the block's file must go
  auto r = run_qrtl({"sweep", set, "--out", out, "-j", "2", "--cache", cache});
  EXPECT_EQ(r.exit_code, 1) << r.output;  // one block failed, the sweep went on
  EXPECT_NE(r.output.find("3 blocks, 2 passed, 1 failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("[3/3]"), std::string::npos) << r.output;  // plain progress lines (no TTY)
  auto j = read_json(out + "/report.json");
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["top"], "m33");
  EXPECT_EQ(j[0]["cosim"], "PASS 64 vectors (exhaustive)");  // 2^(3+3)
  EXPECT_EQ(j[1]["cosim"], "PASS 256 vectors (exhaustive)");  // 2^(2+2+4)
  EXPECT_EQ(j[1]["lint"], "clean");
  EXPECT_GT(j[1]["transistors"].get<long>(), 0);
  EXPECT_EQ(j[1]["flops"].get<long>() > 0, true);  // stages=1
  EXPECT_EQ(j[1]["equiv"], "proved");              // against its stages=0 twin
  EXPECT_EQ(j[0]["equiv"], "-");                   // combinational
  EXPECT_EQ(j[2]["ok"], false);
  EXPECT_NE(j[2]["error"].get<std::string>(), "");
  const std::string md = read_file(out + "/report.md");
  EXPECT_NE(md.find("## int_mac"), std::string::npos);
  EXPECT_NE(md.find("## int_mul"), std::string::npos);
  EXPECT_NE(md.find("| m33 | wa=3 wb=3 signed=0 stages=0 depth=0 | clean | PASS 64 vectors (exhaustive) | - | 64 |"), std::string::npos) << md;
  for (const char* svg : {"/plots/area_int_mul.svg", "/plots/area_int_mac.svg", "/plots/area_vs_throughput.svg"})
    EXPECT_EQ(read_file(out + svg).rfind("<svg ", 0), 0u) << svg;

  // Second run: both passing blocks come from the cache, with identical reports.
  auto again = run_qrtl({"sweep", set, "--out", out, "--cache", cache});
  EXPECT_NE(again.output.find("m33: ok (cached)"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("mac2: ok (cached)"), std::string::npos) << again.output;
  EXPECT_EQ(read_file(out + "/report.md"), md);

  // Cluster: one command per block; run two of them, collect reports the third as missing.
  const std::string jobs = dir + "/jobs";
  auto e = run_qrtl({"sweep", set, "--emit-jobs", jobs, "--cache", cache, "-j", "4"});
  ASSERT_EQ(e.exit_code, 0) << e.output;
  auto lines = file_lines(jobs + "/jobs.txt");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find("'--only' 'm33'"), std::string::npos) << lines[0];
  EXPECT_NE(read_file(jobs + "/slurm.sh").find("#SBATCH --array=1-3"), std::string::npos);
  EXPECT_NE(read_file(jobs + "/parallel.sh").find("parallel --jobs 4"), std::string::npos);
  for (int i : {0, 1}) EXPECT_EQ(tools::run({"bash", "-c", lines[i]}).exit_code, 0) << lines[i];
  auto c = run_qrtl({"sweep", "--collect", jobs});
  EXPECT_EQ(c.exit_code, 1) << c.output;
  EXPECT_NE(c.output.find("3 blocks, 2 passed, 1 failed"), std::string::npos) << c.output;
  auto cj = read_json(jobs + "/report.json");
  ASSERT_EQ(cj.size(), 3u);
  EXPECT_EQ(cj[1]["transistors"], j[1]["transistors"]);
  EXPECT_NE(cj[2]["error"].get<std::string>().find("no result"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Sweep, UsageErrors) {
  auto r = run_qrtl({"sweep", "--out", "/tmp/x"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  std::string dir = test::temp_dir("sweep");
  atomic_write_file(dir + "/set.toml", kSweepSet);
  r = run_qrtl({"sweep", dir + "/set.toml", "--out", dir + "/o", "--only", "nope"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no block with top 'nope'"), std::string::npos);
  fs::remove_all(dir);
}

// Layout: a 680x408 canvas with margins 80 (left), 120 (right, the legend), 48 (top) and 60 (bottom)
// leaves a plot area of x 80..560 and y 48..348. Points (1,10) and (9,90) give axes 0..10 (step 2)
// and 0..100 (step 20), so they land at (80 + 48, 348 - 30) and (80 + 432, 348 - 270).
TEST(SvgPlot, PointsLandOnHandComputedPixels) {
  flows::Plot p;
  p.series = {{"s", {{1, 10, "a"}, {9, 90, "b"}}}};
  p.width = 680;
  p.height = 408;
  std::string svg = flows::svg_scatter(p);
  EXPECT_NE(svg.find("cx=\"128.0\" cy=\"318.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("cx=\"512.0\" cy=\"78.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find(">20</text>"), std::string::npos);
  EXPECT_EQ(svg, flows::svg_scatter(p));
}

// Point labels as the SVG draws them: text, anchor (x, baseline y).
struct SvgLabel {
  std::string text;
  double x, y;
};
std::vector<SvgLabel> svg_labels(const std::string& svg) {
  static const std::regex re(R"re(<text class="label" x="([-0-9.]+)" y="([-0-9.]+)"[^>]*>([^<]*)</text>)re");
  std::vector<SvgLabel> out;
  for (std::sregex_iterator it(svg.begin(), svg.end(), re), end; it != end; ++it)
    out.push_back({(*it)[3], std::stod((*it)[1]), std::stod((*it)[2])});
  return out;
}

// The distance in pixels from the point whose tooltip is `label` to the label's text (its box:
// about 6.4 px per character, 12 px high around the baseline); -1 when either is missing.
double label_distance(const std::string& svg, const std::string& label) {
  const std::regex point("<circle cx=\"([-0-9.]+)\" cy=\"([-0-9.]+)\"[^>]*><title>" + label + "</title>");
  std::smatch m;
  if (!std::regex_search(svg, m, point)) return -1;
  const double px = std::stod(m[1]), py = std::stod(m[2]);
  for (const auto& l : svg_labels(svg))
    if (l.text == label) {
      const double w = 6.4 * static_cast<double>(label.size());
      const double nx = std::clamp(px, l.x, l.x + w), ny = std::clamp(py, l.y - 9, l.y + 3);
      return std::hypot(nx - px, ny - py);
    }
  return -1;
}

TEST(SvgPlot, LabelsEveryPointWithoutOverlapsAndMarksTheParetoFront) {
  // Four points on one spot and a fifth nearby: every label is drawn, none covers another.
  flows::Plot p;
  p.series = {{"s", {{2, 50, "same_a"}, {2, 50, "same_b"}, {2, 50, "same_c"}, {2, 50, "same_d"}, {2.1, 52, "near_e"}}}};
  const std::string svg = flows::svg_scatter(p);
  const auto labels = svg_labels(svg);
  ASSERT_EQ(labels.size(), 5u) << svg;
  for (size_t i = 0; i < labels.size(); ++i)
    for (size_t j = i + 1; j < labels.size(); ++j) {
      const bool apart = std::abs(labels[i].y - labels[j].y) >= 12 || std::abs(labels[i].x - labels[j].x) >= 6.4 * 6;
      EXPECT_TRUE(apart) << labels[i].text << " covers " << labels[j].text << "\n" << svg;
    }
  for (const auto& l : labels) EXPECT_LT(label_distance(svg, l.text), 60) << l.text;

  // Throughput (x, more is better) against area (y, less is better): c is beaten by b (more x,
  // less y); a, b and d are the front, ringed and in the legend.
  flows::Plot q;
  q.series = {{"one", {{1, 100, "a"}, {4, 120, "b"}}, true}, {"two", {{2, 300, "c"}, {8, 500, "d"}}, true}};
  q.xscale = flows::Scale::log2;
  q.yscale = flows::Scale::log10;
  q.pareto = true;
  const std::string front = flows::svg_scatter(q);
  EXPECT_NE(front.find(">Pareto front</text>"), std::string::npos) << front;
  size_t rings = 0;
  for (size_t at = 0; (at = front.find("r=\"8\" fill=\"none\"", at)) != std::string::npos; ++at) ++rings;
  EXPECT_EQ(rings, 3u) << front;
  EXPECT_NE(front.find(">8</text>"), std::string::npos);  // log2 ticks 1, 2, 4, 8
  p.pareto = false;
  EXPECT_EQ(flows::svg_scatter(p).find("Pareto"), std::string::npos);
}

// The spatial precision-scalable designs and the integer baseline, kept tiny: synthesis only.
const char* const kThroughputSet = R"([[block]]
kind = "int_mac"
top = "mac3"
wa = 3
wb = 3
wacc = 6

[[block]]
kind = "dg_mac"
top = "dg16"
wacc = 16

[[block]]
kind = "swp_mul"
top = "swp"

[[block]]
kind = "ps_dot"
top = "ps1"
lanes = 1

[[block]]
kind = "bb_dot"
top = "bb1"
lanes = 1
)";

TEST(Sweep, AreaVsThroughputNamesEveryDesignBesideItsPoints) {
  std::string dir = test::temp_dir("tput");
  const std::string set = dir + "/set.toml", out = dir + "/out", cache = dir + "/cache";
  atomic_write_file(set, kThroughputSet);
  auto r = run_qrtl({"sweep", set, "--out", out, "--cache", cache, "--no-lint", "--no-cosim"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = read_file(out + "/plots/area_vs_throughput.svg");
  // One point per precision (dg_mac does one MAC at each: one point), each labelled beside it.
  for (const char* label : {"mac3 3b", "dg16 8/4/2b", "swp 8b", "swp 4b", "swp 2b", "ps1 8b", "ps1 4b", "ps1 2b",
                            "bb1 8b", "bb1 4b", "bb1 2b"}) {
    const double d = label_distance(svg, label);
    EXPECT_GE(d, 0) << label << " missing\n" << svg;
    EXPECT_LT(d, 30) << label << " is not beside its point\n" << svg;
  }
  EXPECT_EQ(svg_labels(svg).size(), 11u);
  EXPECT_NE(svg.find(">Pareto front</text>"), std::string::npos);
  auto j = read_json(out + "/report.json");
  EXPECT_EQ(j[3]["throughput_by_precision"].dump(),
            R"([{"bits":8,"ops_per_cycle":1.0},{"bits":4,"ops_per_cycle":2.0},{"bits":2,"ops_per_cycle":4.0}])");
  EXPECT_NE(read_file(out + "/report.md").find("| 8b: 1, 4b: 2, 2b: 4 |"), std::string::npos);
  // Deterministic: the cached rerun writes the same bytes.
  ASSERT_EQ(run_qrtl({"sweep", set, "--out", out, "--cache", cache, "--no-lint", "--no-cosim"}).exit_code, 0);
  EXPECT_EQ(read_file(out + "/plots/area_vs_throughput.svg"), svg);
  fs::remove_all(dir);
}

TEST(Package, GenWritesCoreAndFilelistBuildWritesOneCoreForTheSet) {
  std::string dir = test::temp_dir("pkg");
  auto r = run_qrtl({"gen", "int_mul", "wa=4", "wb=6", "--top", "m46", "--out", dir, "--fusesoc", "--filelist"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string core = read_file(dir + "/m46.core");
  EXPECT_EQ(core.rfind("CAPI=2:\n", 0), 0u);
  EXPECT_NE(core.find("\nname: qrtl:generated:m46:0.1.0\n"), std::string::npos) << core;
  EXPECT_NE(core.find("      - m46.sv\n    file_type: systemVerilogSource\n"), std::string::npos) << core;
  EXPECT_NE(core.find("    toplevel: m46\n"), std::string::npos);
  EXPECT_EQ(read_file(dir + "/m46.f"), "m46.sv\n");
  // Without the flags, neither is written.
  ASSERT_EQ(run_qrtl({"gen", "int_mul", "--top", "plain", "--out", dir}).exit_code, 0);
  EXPECT_FALSE(fs::exists(dir + "/plain.core"));
  EXPECT_FALSE(fs::exists(dir + "/plain.f"));

  atomic_write_file(dir + "/My Set.toml", kSweepSet);
  auto b = run_qrtl({"build", dir + "/My Set.toml", "--out", dir + "/set"});
  ASSERT_EQ(b.exit_code, 0) << b.output;
  const std::string set_core = read_file(dir + "/set/my_set.core");
  for (const char* top : {"m33", "mac2", "blocked"}) {
    EXPECT_NE(set_core.find(fmt::format("      - {}.sv\n", top)), std::string::npos) << set_core;
    EXPECT_NE(set_core.find(fmt::format("  lint_{}:\n", top)), std::string::npos) << set_core;
  }
  EXPECT_EQ(read_file(dir + "/set/my_set.f"), "m33.sv\nmac2.sv\nblocked.sv\n");
  // The filelist is usable as is: Verilator lints one top through it, silently.
  auto v = tools::run({"verilator", "--lint-only", "-Wall", "-Wno-DECLFILENAME", "-f", "my_set.f", "--top-module", "mac2"},
                      dir + "/set");
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_EQ(v.output, "");
  fs::remove_all(dir);
}

// Cell areas of tests/data/tiny_cells.lib, read off the file.
const std::map<std::string, double> kTinyAreas = {{"BUF", 1.25}, {"INV", 1.0}, {"NAND2", 1.5}, {"NOR2", 1.75}, {"DFF", 6.0}};

TEST(Liberty, MapsToTheTinyLibraryAndReportsItsArea) {
  const std::string lib = std::string(QRTL_SOURCE_DIR) + "/tests/data/tiny_cells.lib";
  std::string dir = test::temp_dir("lib");
  Generated g = generate("int_mul", {"wa=4", "wb=4", "stages=1"}, "mul4p");
  write_generated(g, dir);
  synth::Report r = synth::run(dir + "/mul4p.sv", "mul4p", lib);
  double area = 0;
  long cells = 0;
  for (const auto& [name, n] : r.cell_types) {
    ASSERT_TRUE(kTinyAreas.count(name)) << "cell " << name << " is not in the library";
    area += kTinyAreas.at(name) * static_cast<double>(n);
    cells += n;
  }
  EXPECT_EQ(cells, r.cells);
  EXPECT_DOUBLE_EQ(r.area, area);
  // stages=1 registers either both 4-bit operands or the 8-bit product: 8 flip-flops.
  EXPECT_EQ(r.flops, 8);
  EXPECT_EQ(r.cell_types["DFF"], 8);
  EXPECT_GT(r.depth, 0);
  EXPECT_NE(r.json().find("\"area\""), std::string::npos);

  auto missing = run_qrtl({"synth", dir + "/mul4p.sv", "--top", "mul4p", "--liberty", dir + "/none.lib"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("no such liberty file"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qrtl
