// ctest-label: slow
// `qrtl equiv`: pipelined blocks are proved equal to their combinational twins; a wrong latency,
// a one-gate mutant and a misplaced register are refuted, the mutant's counterexample replays as
// a mismatch in Verilator; a rewrite that changes the text but not the function is proved; usage
// errors exit 2, a missing tool 3, a timeout 4.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "fsutil.h"
#include "test_util.h"
#include "tools/tools.h"

namespace qrtl {
namespace {

using test::run_qrtl;

struct Twin {
  std::vector<std::string> words;  // block, then its parameters
};

void PrintTo(const Twin& c, std::ostream* os) {
  *os << test::case_name(c.words[0], {c.words.begin() + 1, c.words.end()});
}

class EquivTwins : public ::testing::TestWithParam<Twin> {};

TEST_P(EquivTwins, PipelinedConfigurationEqualsItsCombinationalTwin) {
  std::vector<std::string> args = {"equiv"};
  args.insert(args.end(), GetParam().words.begin(), GetParam().words.end());
  auto r = run_qrtl(args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("EQUIVALENT (proved)"), std::string::npos) << r.output;
}

INSTANTIATE_TEST_SUITE_P(
    Blocks, EquivTwins,
    ::testing::Values(Twin{{"int_mul", "wa=8", "wb=8", "stages=2"}}, Twin{{"int_mac", "stages=2"}},
                      Twin{{"fp_mul", "a=e4m3", "b=e4m3", "out=e4m3", "stages=2"}},
                      Twin{{"fp_cvt", "in=fp32", "out=e4m3", "stages=1"}},
                      Twin{{"mx_dot", "fmt=e2m1", "k=8", "stages=3"}}, Twin{{"ps_dot", "lanes=2", "stages=2"}},
                      Twin{{"bb_dot", "stages=2"}}, Twin{{"swp_mul", "stages=2"}},
                      Twin{{"int_mul", "wa=8", "wb=8", "depth=16"}}),
    [](const auto& info) {
      return test::case_name(info.param.words[0], {info.param.words.begin() + 1, info.param.words.end()});
    });

// The default library's pipelined files (as checked in) against freshly generated twins.
TEST(Equiv, DefaultLibraryPipelinedBlocksAreProved) {
  int proved = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(QRTL_SOURCE_DIR) + "/rtl")) {
    if (entry.path().extension() != ".json") continue;
    auto manifest = nlohmann::json::parse(read_file(entry.path().string()));
    if (manifest.value("latency", 0) <= 0 || !manifest["params"].contains("stages")) continue;
    const std::string top = entry.path().stem().string();
    std::vector<std::string> twin = {"gen", manifest["block"].get<std::string>()};
    for (const auto& [k, v] : manifest["params"].items())
      if (k != "stages" && k != "depth") twin.push_back(k + "=" + v.get<std::string>());
    const std::string dir = test::temp_dir("equiv-lib");
    twin.insert(twin.end(), {"stages=0", "--top", top, "--out", dir});
    ASSERT_EQ(run_qrtl(twin).exit_code, 0);
    const std::string sv = std::filesystem::path(entry.path()).replace_extension(".sv").string();
    auto r = run_qrtl({"equiv", "--a", sv + ":" + top + ":" + std::to_string(manifest["latency"].get<int>()),
                       "--b", dir + "/" + top + ".sv:" + top + ":0"});
    EXPECT_EQ(r.exit_code, 0) << top << "\n" << r.output;
    ++proved;
    std::filesystem::remove_all(dir);
  }
  EXPECT_GE(proved, 2);  // int_mac_s8x8_acc24_p2, int_mul_u8x8_p2
}

struct Pair {
  std::string dir, comb, piped;  // int_mul s8x8: combinational and stages=2
};

Pair int_mul_pair() {
  Pair p{test::temp_dir("equiv"), "", ""};
  EXPECT_EQ(run_qrtl({"gen", "int_mul", "stages=0", "--top", "m", "--out", p.dir + "/c"}).exit_code, 0);
  EXPECT_EQ(run_qrtl({"gen", "int_mul", "stages=2", "--top", "m", "--out", p.dir + "/p"}).exit_code, 0);
  p.comb = p.dir + "/c/m.sv";
  p.piped = p.dir + "/p/m.sv";
  return p;
}

TEST(Equiv, WrongLatencyIsRefuted) {
  Pair p = int_mul_pair();
  auto r = run_qrtl({"equiv", "--a", p.comb + ":m:0", "--b", p.piped + ":m:1"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("DIFFERENT"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("counterexample: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("b is a plain pipeline of 2 registers, given latency 1"), std::string::npos) << r.output;
  EXPECT_EQ(run_qrtl({"equiv", "--a", p.comb + ":m:0", "--b", p.piped + ":m:2"}).exit_code, 0);
  std::filesystem::remove_all(p.dir);
}

// The sum bit of the first half adder (x ^ y) turned into x | y.
std::string mutate_first_sum(const std::string& sv) {
  std::smatch m;
  std::regex sum(R"((wire \[\d+:0\] \w+s = \w+) \^ (\w+;))");
  EXPECT_TRUE(std::regex_search(sv, m, sum));
  return m.prefix().str() + m[1].str() + " | " + m[2].str() + m.suffix().str();
}

// The XOR inside an adder's carry, x&y | z&(x^y), turned into an OR: the same majority function.
std::string mutate_first_carry(const std::string& sv) {
  std::smatch m;
  std::regex carry(R"((\((\w+) & (\w+)\) \| \((\w+) & \()\2 \^ \3\)\))");
  EXPECT_TRUE(std::regex_search(sv, m, carry));
  return m.prefix().str() + m[1].str() + m[2].str() + " | " + m[3].str() + "))" + m.suffix().str();
}

long long hex_field(const std::string& text, const std::string& pattern) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(text, m, std::regex(pattern))) << pattern << " in " << text;
  return m.empty() ? -1 : std::stoll(m[1].str(), nullptr, 16);
}

long long sext8(long long v) { return v >= 128 ? v - 256 : v; }

TEST(Equiv, OneGateMutantIsRefutedAndItsCounterexampleReplaysInVerilator) {
  Pair p = int_mul_pair();
  const std::string mutant = p.dir + "/mutant.sv";
  atomic_write_file(mutant, mutate_first_sum(read_file(p.comb)));
  auto r = run_qrtl({"equiv", "--a", p.comb + ":m:0", "--b", mutant + ":m:0"});
  ASSERT_EQ(r.exit_code, 1) << r.output;
  // counterexample: a=0x.. b=0x.. -> a (cycle 0): y=0x....; b (cycle 0): y=0x....
  const long long a = hex_field(r.output, "counterexample: a=0x([0-9a-f]+)");
  const long long b = hex_field(r.output, " b=0x([0-9a-f]+) ->");
  const long long ya = hex_field(r.output, "a \\(cycle 0\\): y=0x([0-9a-f]+)");
  const long long yb = hex_field(r.output, "b \\(cycle 0\\): y=0x([0-9a-f]+)");
  const long long exact = (sext8(a) * sext8(b)) & 0xffff;
  EXPECT_EQ(ya, exact);  // the unmodified side computes the product
  EXPECT_NE(yb, exact);

  // Replay: the mutant under Verilator, driven with the counterexample, prints the b output.
  atomic_write_file(p.dir + "/tb.sv", fmt::format(R"(module tb;
  logic [7:0] a = 8'h{:02x}, b = 8'h{:02x};
  logic [15:0] y;
  m dut(.a(a), .b(b), .y(y));
  initial begin #1 $display("y=%h", y); $finish; end
endmodule
)", a, b));
  auto v = tools::run({"verilator", "--binary", "-Wno-fatal", "-Wno-lint", "-Wno-style", "--top-module", "tb",
                       "-Mdir", p.dir + "/obj", p.dir + "/tb.sv", mutant});
  ASSERT_EQ(v.exit_code, 0) << v.output;
  auto sim = tools::run({p.dir + "/obj/Vtb"});
  EXPECT_EQ(hex_field(sim.output, "y=([0-9a-f]+)"), yb) << sim.output;
  EXPECT_NE(hex_field(sim.output, "y=([0-9a-f]+)"), exact) << sim.output;
  std::filesystem::remove_all(p.dir);
}

TEST(Equiv, RewriteThatKeepsTheFunctionIsProved) {
  Pair p = int_mul_pair();
  const std::string rewrite = p.dir + "/rewrite.sv";
  atomic_write_file(rewrite, mutate_first_carry(read_file(p.piped)));
  ASSERT_NE(read_file(rewrite), read_file(p.piped));
  auto r = run_qrtl({"equiv", "--a", p.comb + ":m:0", "--b", rewrite + ":m:2"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::filesystem::remove_all(p.dir);
}

// Hand-written pipelines whose registers are not one clean cut (a path with fewer registers, or an
// input that reaches the output through logic that cancels it) take the sequential proof.
TEST(Equiv, IrregularPipelinesTakeTheSequentialProof) {
  const std::string dir = test::temp_dir("equiv-seq");
  atomic_write_file(dir + "/add.sv", R"(module add (input logic [7:0] a, input logic [7:0] b, output logic [8:0] y);
  assign y = a + b;
endmodule
)");
  atomic_write_file(dir + "/good.sv", R"(module good (input logic clk, input logic [7:0] a, input logic [7:0] b,
             output logic [8:0] y);
  logic [7:0] a_q, b_q;
  always_ff @(posedge clk) begin a_q <= a; b_q <= b; end
  assign y = a_q + b_q + {1'b0, a & 8'h00};  // a unregistered, but multiplied by zero
endmodule
)");
  atomic_write_file(dir + "/bad.sv", R"(module bad (input logic clk, input logic [7:0] a, input logic [7:0] b,
             output logic [8:0] y);
  logic [7:0] a_q;
  always_ff @(posedge clk) a_q <= a;
  assign y = a_q + b;  // b is a cycle early
endmodule
)");
  auto good = run_qrtl({"equiv", "--a", dir + "/add.sv:add:0", "--b", dir + "/good.sv:good:1"});
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_NE(good.output.find("sequential"), std::string::npos) << good.output;
  auto bad = run_qrtl({"equiv", "--a", dir + "/add.sv:add:0", "--b", dir + "/bad.sv:bad:1"});
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("counterexample: cycle 0: "), std::string::npos) << bad.output;
  std::filesystem::remove_all(dir);
}

TEST(Equiv, BadRequestsExit2) {
  Pair p = int_mul_pair();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"equiv", "bs_dot"}, "not a combinational/pipelined block"},
      {{"equiv", "no_such_block"}, "no_such_block"},
      {{"equiv", "int_mul", "stages=-1"}, "stages"},
      {{"equiv"}, "give either --a and --b"},
      {{"equiv", "--a", p.comb + ":m:0"}, "give either --a and --b"},
      {{"equiv", "--a", p.comb + ":m", "--b", p.comb + ":m:0"}, "FILE.sv:TOP:LATENCY"},
      {{"equiv", "--a", p.dir + "/none.sv:m:0", "--b", p.comb + ":m:0"}, "no such file"},
      {{"equiv", "--a", p.comb + ":nomod:0", "--b", p.comb + ":m:0"}, "nomod"},
      {{"equiv", "--a", p.comb + ":m:1", "--b", p.comb + ":m:0"}, "no clk port"},
  };
  for (const auto& [args, message] : cases) {
    auto r = run_qrtl(args);
    EXPECT_EQ(r.exit_code, 2) << fmt::format("{}", fmt::join(args, " ")) << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << r.output;
  }
  // A port of another width is named.
  ASSERT_EQ(run_qrtl({"gen", "int_mul", "wa=6", "--top", "m", "--out", p.dir + "/w6"}).exit_code, 0);
  auto r = run_qrtl({"equiv", "--a", p.comb + ":m:0", "--b", p.dir + "/w6/m.sv:m:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("port 'a' differs"), std::string::npos) << r.output;
  std::filesystem::remove_all(p.dir);
}

TEST(Equiv, MissingProverExits3AndTimeoutExits4) {
  Pair p = int_mul_pair();
  // A PATH with timeout(1) but no Yosys.
  const std::string bin = p.dir + "/bin";
  std::filesystem::create_directories(bin);
  std::filesystem::create_symlink(tools::find_tool("timeout"), bin + "/timeout");
  auto r = tools::run({"env", "PATH=" + bin, QRTL_BINARY, "equiv", "--a", p.comb + ":m:0", "--b", p.piped + ":m:2"});
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("yosys"), std::string::npos) << r.output;
  // One second is not enough to read a k=32 MX dot product, let alone prove it.
  ASSERT_EQ(run_qrtl({"gen", "mx_dot", "fmt=e4m3", "k=32", "--top", "big", "--out", p.dir + "/big"}).exit_code, 0);
  const std::string big = p.dir + "/big/big.sv:big:0";
  auto u = run_qrtl({"equiv", "--a", big, "--b", big, "--timeout", "1"});
  EXPECT_EQ(u.exit_code, 4) << u.output;
  EXPECT_NE(u.output.find("UNKNOWN"), std::string::npos) << u.output;
  std::filesystem::remove_all(p.dir);
}

}  // namespace
}  // namespace qrtl
