// The qrtl CLI contract: exit codes, one-line errors, nothing written on error, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "fsutil.h"
#include "flows/lint.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace qrtl {
namespace {

using test::run_qrtl;

size_t lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

TEST(Cli, GenWritesSvAndManifest) {
  std::string dir = test::temp_dir("gen");
  auto r = run_qrtl({"gen", "int_mul", "wa=4", "wb=6", "signed=0", "--top", "m46", "--out", dir});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::string sv = read_file(dir + "/m46.sv");
  EXPECT_NE(sv.find("module m46 ("), std::string::npos);
  EXPECT_NE(sv.find("qrtl gen int_mul wa=4 wb=6 signed=0 stages=0 depth=0 --top m46"), std::string::npos);
  EXPECT_NE(sv.find("output logic [9:0]"), std::string::npos);
  std::string js = read_file(dir + "/m46.json");
  EXPECT_NE(js.find("\"block\": \"int_mul\""), std::string::npos);
  EXPECT_NE(js.find("\"latency\": 0"), std::string::npos);
  fs::remove_all(dir);
}

struct BadCase {
  std::vector<std::string> args;
  std::string message;  // a fragment the one-line error must contain
};

class CliBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(CliBadInput, OneLineErrorExit2NothingWritten) {
  std::string dir = test::temp_dir("bad");
  std::vector<std::string> args = GetParam().args;
  for (auto& a : args)
    if (a == "DIR") a = dir;
  auto r = run_qrtl(args);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(lines(r.output), 1u) << r.output;
  EXPECT_NE(r.output.find(GetParam().message), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(dir)) << "files were written on error";
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadInput,
    ::testing::Values(BadCase{{"gen", "no_such_block", "--out", "DIR"}, "unknown block 'no_such_block'"},
                      BadCase{{"gen", "int_mul", "wq=3", "--out", "DIR"}, "unknown key 'wq'"},
                      BadCase{{"gen", "int_mul", "wa=x", "--out", "DIR"}, "not an integer"},
                      BadCase{{"gen", "int_mul", "wa=17", "--out", "DIR"}, "out of range"},
                      BadCase{{"gen", "int_mul", "wa", "--out", "DIR"}, "key=value"},
                      BadCase{{"gen", "int_mul", "wa=4", "wa=5", "--out", "DIR"}, "given twice"},
                      BadCase{{"gen", "int_mul", "signed=2", "--out", "DIR"}, "not allowed"},
                      BadCase{{"gen", "int_mac", "wacc=8", "--out", "DIR"}, "wacc"},
                      BadCase{{"gen", "int_mul", "--top", "module", "--out", "DIR"}, "not a legal Verilog identifier"},
                      BadCase{{"gen", "int_mul", "--top", "9abc", "--out", "DIR"}, "not a legal Verilog identifier"},
                      BadCase{{"gen", "int_mul", "--top", "../evil", "--out", "DIR"}, "not a legal Verilog identifier"},
                      BadCase{{"gen", "int_mul", "--top", "a", "--out", "DIR"}, "has a port or signal named 'a'"},
                      BadCase{{"gen", "mx_dot", "fmt=e2m1", "k=4", "--top", "t", "--out", "DIR"}, "choose another top name"},
                      BadCase{{"gen", "int_mul", "--bogus-flag", "--out", "DIR"}, "bogus"}));

TEST(Cli, UnwritableOutIsAUsageError) {
  auto r = run_qrtl({"gen", "int_mul", "--out", "/proc/qrtl-cannot-write-here"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(lines(r.output), 1u) << r.output;
}

TEST(Cli, GenerationIsDeterministic) {
  std::string d1 = test::temp_dir("det1"), d2 = test::temp_dir("det2");
  ASSERT_EQ(run_qrtl({"gen", "int_mac", "stages=3", "--top", "m", "--out", d1}).exit_code, 0);
  ASSERT_EQ(run_qrtl({"gen", "int_mul", "--top", "other", "--out", d2}).exit_code, 0);
  ASSERT_EQ(run_qrtl({"gen", "int_mac", "stages=3", "--top", "m", "--out", d2}).exit_code, 0);
  EXPECT_EQ(read_file(d1 + "/m.sv"), read_file(d2 + "/m.sv"));
  EXPECT_EQ(read_file(d1 + "/m.json"), read_file(d2 + "/m.json"));
  fs::remove_all(d1);
  fs::remove_all(d2);
}

TEST(Cli, ListShowsKeysDefaultsAndAllowedValues) {
  auto r = run_qrtl({"list"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("int_mul"), std::string::npos);
  EXPECT_NE(r.output.find("int_mac"), std::string::npos);
  auto one = run_qrtl({"list", "int_mac"});
  ASSERT_EQ(one.exit_code, 0);
  EXPECT_NE(one.output.find("wacc"), std::string::npos);
  EXPECT_NE(one.output.find("2..64"), std::string::npos);
  EXPECT_EQ(run_qrtl({"list", "nope"}).exit_code, 2);
}

TEST(Cli, LintCosimSynthEndToEnd) {
  std::string dir = test::temp_dir("e2e");
  ASSERT_EQ(run_qrtl({"gen", "int_mul", "wa=5", "wb=5", "--top", "m55", "--out", dir}).exit_code, 0);
  auto lint = run_qrtl({"lint", dir + "/m55.sv", "--top", "m55"});
  EXPECT_EQ(lint.exit_code, 0) << lint.output;
  auto cos = run_qrtl({"cosim", "int_mul", "wa=5", "wb=5", "--cache", QRTL_TEST_CACHE});
  EXPECT_EQ(cos.exit_code, 0) << cos.output;
  EXPECT_NE(cos.output.find("PASS 1024 vectors (exhaustive)"), std::string::npos) << cos.output;
  auto syn = run_qrtl({"synth", dir + "/m55.sv", "--top", "m55", "--json", dir + "/m55.synth.json"});
  EXPECT_EQ(syn.exit_code, 0) << syn.output;
  EXPECT_NE(read_file(dir + "/m55.synth.json").find("\"transistors\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(Cli, LintFailsOnBrokenVerilog) {
  std::string dir = test::temp_dir("broken");
  {
    std::ofstream f(dir + "/bad.sv");
    f << "module bad(input logic [3:0] a, output logic [1:0] y);\n  assign y = a;\nendmodule\n";
  }
  auto r = run_qrtl({"lint", dir + "/bad.sv", "--top", "bad"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("WIDTH"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

// Verilator's makefiles cannot build in a directory whose path has a blank: refused up front, one
// line, exit 2, nothing created.
TEST(Cli, CosimCacheWithABlankIsAUsageError) {
  const std::string cache = test::temp_dir("blank") + "/a cache";
  auto r = run_qrtl({"cosim", "fp_mul", "--cache", cache});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  EXPECT_NE(r.output.find("blank"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(cache));
  fs::remove_all(fs::path(cache).parent_path());
}

// Several files linted in one run of each tool: each tool must still see every top, not only the
// first (a warning in the last file fails all three; Icarus and Yosys on an undeclared module).
TEST(Lint, SeveralFilesInOneRunCheckEveryTop) {
  std::string dir = test::temp_dir("batch");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name + ".sv") << text;
    return flows::LintTarget{dir + "/" + name + ".sv", name};
  };
  const flows::LintTarget good1 = write("good1", "module good1(input [3:0] a, output [3:0] y);\n  assign y = ~a;\nendmodule\n");
  const flows::LintTarget good2 = write("good2", "module good2(input [1:0] a, output y);\n  assign y = ^a;\nendmodule\n");
  const flows::LintTarget narrow =
      write("narrow", "module narrow(input [3:0] a, output [1:0] y);\n  assign y = a;\nendmodule\n");
  const flows::LintTarget missing =
      write("missing", "module missing(input a, output y);\n  nowhere u(.a(a), .y(y));\nendmodule\n");
  EXPECT_TRUE(flows::lint({good1, good2}).ok());
  flows::LintReport w = flows::lint({good1, good2, narrow});
  ASSERT_EQ(w.tools.size(), 3u);
  EXPECT_FALSE(w.tools[0].ok) << "verilator";
  EXPECT_NE(w.tools[0].output.find("WIDTH"), std::string::npos) << w.tools[0].output;
  flows::LintReport m = flows::lint({good1, good2, missing});
  for (const auto& t : m.tools) EXPECT_FALSE(t.ok) << t.tool << " accepted an undeclared module";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qrtl
