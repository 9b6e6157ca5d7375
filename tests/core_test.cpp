// The arithmetic core: the expression parser of the IR, the IR's checks, the depth model, the
// pipelining pass and the adder/shifter builders, checked on their own (the block suites check
// them again through cosimulation).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "arith/adder.h"
#include "arith/bitheap.h"
#include "arith/pipeline.h"
#include "arith/shift.h"
#include "errors.h"
#include "tools/tools.h"
#include "registry.h"
#include "synth/synth.h"
#include "test_util.h"
#include "vlog/cost.h"
#include "vlog/emit.h"
#include "vlog/expr.h"

namespace qrtl {
namespace {

using vlog::Module;

TEST(Expr, ParsesWhatGeneratorsWrite) {
  EXPECT_EQ(vlog::identifiers("a[3:0] + {2{b}} ^ ~c[i*8 +: W] ? 8'hff : MAG_W'(d)"),
            (std::vector<std::string>{"a", "b", "c", "i", "W", "MAG_W", "d"}));
  EXPECT_EQ(vlog::identifiers("$signed(x) < $signed(12'd1)"), std::vector<std::string>{"x"});
  EXPECT_EQ(vlog::identifiers("32'h0001_0000 | '0"), std::vector<std::string>{});
  EXPECT_THROW(vlog::parse_expr("a + "), std::logic_error);
  EXPECT_THROW(vlog::parse_expr("(a"), std::logic_error);
}

TEST(Expr, RenamesWholeIdentifiersOnly) {
  EXPECT_EQ(vlog::rename_identifiers("a + ab + a[3] + 8'ha", {{"a", "a_q1"}}), "a_q1 + ab + a_q1[3] + 8'ha");
}

TEST(Expr, ReportsConstantSelectsAndNarrowingCasts) {
  vlog::NameInfo info;
  info.value = [](const std::string& n) -> std::optional<int64_t> { return n == "W" ? std::optional<int64_t>(8) : std::nullopt; };
  info.width = [](const std::string& n) { return n == "x" ? 16 : -1; };
  auto u = vlog::uses("x[2*W +: W] + x[3] + 4'(x) + x[i]", info);
  ASSERT_EQ(u.size(), 5u);  // x[2*W +: W], x[3], 4'(x), x[i] and i
  EXPECT_EQ(u[0].lo, 16);
  EXPECT_EQ(u[0].hi, 23);
  EXPECT_EQ(u[1].lo, 3);
  EXPECT_EQ(u[2].hi, 3);  // the cast reads the 4 low bits
  EXPECT_EQ(u[3].lo, -1);  // variable select: the whole signal
  EXPECT_EQ(u[4].name, "i");
}

TEST(Expr, DepthModelFollowsTheCalibration) {
  vlog::NameInfo info;
  info.width = [](const std::string&) { return 16; };
  info.depth = [](const std::string& n) { return n == "late" ? 10 : 0; };
  auto depth = [&](const std::string& e) { return vlog::expr_depth(*vlog::parse_expr(e), info); };
  EXPECT_EQ(depth("a & b"), 1);
  EXPECT_EQ(depth("a | b | c | d"), 2);           // a balanced tree, not a chain
  EXPECT_EQ(depth("late | b | c | d"), 11);       // the late operand joins last
  EXPECT_EQ(depth("a + b"), vlog::cost::add(16));
  EXPECT_EQ(depth("a + 16'd1"), vlog::cost::add_const(16));
  EXPECT_EQ(depth("a + b + 16'(c[0])"), vlog::cost::add(16) + 1);  // a carry-in is one adder
  EXPECT_EQ(depth("8'd3 + 8'd4"), 0);             // folded
  EXPECT_EQ(depth("a >> c[3:0]"), vlog::cost::shift(4));
}

TEST(Ir, RefusesUndeclaredNamesAndSecondDrivers) {
  Module m("t");
  m.input("a", 4);
  m.output("y", 4);
  EXPECT_THROW(m.wire("x", 4, "a & b"), std::logic_error);  // b is not declared
  m.wire("x", 4, "a & 4'd3");
  EXPECT_THROW(m.wire("x", 4, "a"), std::logic_error);  // declared twice
  m.assign("y", "x");
  EXPECT_THROW(m.assign("y", "a"), std::logic_error);  // two drivers
  EXPECT_THROW(m.wire("z", 4, "~4'(a)"), std::logic_error);  // Yosys misreads ~N'(x)
}

TEST(Ir, EmitsRegistersWithResetAndEnable) {
  vlog::Design d;
  d.top = "t";
  Module& m = d.modules.emplace_back("t");
  m.input("clk", 1);
  m.input("rst_n", 1);
  m.input("en", 1);
  m.input("a", 4);
  m.output("y", 4);
  m.signal("q", 4);
  m.regs("clk", {{"q", "a", "4'd0"}}, "en", "rst_n");
  m.assign("y", "q");
  const std::string sv = vlog::emit(d);
  EXPECT_NE(sv.find("if (!rst_n) begin\n      q <= 4'd0;\n    end else if (en) begin\n      q <= a;"), std::string::npos) << sv;
}

// A combinational design with a chain of named steps: a + b, then that + c, then the top bit.
vlog::Design chain(int w) {
  vlog::Design d;
  d.top = "t";
  Module& m = d.modules.emplace_back("t");
  m.input("a", w);
  m.input("b", w);
  m.input("c", w);
  m.output("y", w);
  m.wire("s1", w, "a + b");
  m.wire("s2", w, "s1 + c");
  m.assign("y", "s2 ^ a");
  return d;
}

// The smallest depth=D whose model budget reaches `gates`.
int depth_for(int gates) {
  int d = gates;
  while (arith::model_budget(d) < gates) ++d;
  return d;
}

TEST(Pipeline, DepthPlacesRegistersBetweenSteps) {
  vlog::Design d = chain(8);
  arith::PipeSpec spec;
  spec.depth = depth_for(vlog::cost::add(8) + 1);  // one adder per stage
  arith::PipeResult r = arith::pipeline(d, spec);
  EXPECT_EQ(r.latency, 1);
  EXPECT_LE(r.worst_depth, arith::model_budget(spec.depth));
  const std::string sv = vlog::emit(d);
  // s1 is registered for s2, and a travels beside it for the final XOR.
  EXPECT_NE(sv.find("s1_q1 <= s1;"), std::string::npos) << sv;
  EXPECT_NE(sv.find("a_q1 <= a;"), std::string::npos) << sv;
  EXPECT_NE(sv.find("input  logic          clk"), std::string::npos) << sv;
}

TEST(Pipeline, StagesRegisterTheOutputAndSplitTheRest) {
  vlog::Design d = chain(8);
  arith::PipeSpec spec;
  spec.stages = 2;
  arith::PipeResult r = arith::pipeline(d, spec);
  EXPECT_EQ(r.latency, 2);
  const std::string sv = vlog::emit(d);
  EXPECT_NE(sv.find("y_comb_q"), std::string::npos) << sv;  // the output register
  EXPECT_NE(sv.find("s1_q1 <= s1;"), std::string::npos) << sv;
}

TEST(Pipeline, RegistersOnlyTheBitsReadLate) {
  vlog::Design d;
  d.top = "t";
  Module& m = d.modules.emplace_back("t");
  m.input("a", 16);
  m.input("b", 16);
  m.output("y", 4);
  m.wire("s", 16, "a + b");
  m.wire("t2", 16, "s + a");
  m.wire("t3", 16, "t2 + b");
  m.assign("y", "t3[3:0] ^ s[7:4]");  // s[7:4] is read two stages after s
  arith::PipeSpec spec;
  spec.depth = depth_for(vlog::cost::add(16) + 1);
  arith::pipeline(d, spec);
  const std::string sv = vlog::emit(d);
  EXPECT_NE(sv.find("logic [3:0]    s_q2;"), std::string::npos) << sv;  // only s[7:4] travels two stages
}

TEST(Pipeline, DepthBelowTheDeepestStepIsAUsageError) {
  vlog::Design d = chain(16);
  arith::PipeSpec spec;
  spec.depth = 4;
  EXPECT_THROW(arith::pipeline(d, spec), UsageError);
}

// Builders, cosimulated exhaustively through Icarus against C++ arithmetic.
struct Table {
  std::vector<std::pair<std::string, uint64_t>> in;
  uint64_t out;
};

// Simulates a combinational design with Icarus on `rows`; returns the outputs printed.
std::vector<uint64_t> simulate(const vlog::Design& d, const std::vector<std::vector<uint64_t>>& rows) {
  const std::string dir = test::temp_dir("core");
  std::string tb = vlog::emit(d) + "\nmodule tb;\n";
  const Module& m = d.top_module();
  std::string conns;
  for (const auto& p : m.ports()) {
    tb += fmt::format("  logic [{}:0] {};\n", p.width - 1, p.name);
    conns += fmt::format("{}.{}({})", conns.empty() ? "" : ", ", p.name, p.name);
  }
  tb += fmt::format("  {} dut({});\n  initial begin\n", m.name(), conns);
  for (const auto& r : rows) {
    size_t i = 0;
    for (const auto& p : m.ports())
      if (p.dir == vlog::Dir::in) tb += fmt::format("    {} = {}'d{};\n", p.name, p.width, r[i++]);
    tb += "    #1 $display(\"%0d\", y);\n";
  }
  tb += "  end\nendmodule\n";
  {
    std::ofstream(dir + "/tb.sv") << tb;
  }
  tools::RunResult c = tools::run({"iverilog", "-g2012", "-o", dir + "/tb", dir + "/tb.sv"});
  EXPECT_EQ(c.exit_code, 0) << c.output;
  tools::RunResult r = tools::run({"vvp", "-n", dir + "/tb"});
  std::vector<uint64_t> out;
  std::istringstream is(r.output);
  std::string line;
  while (std::getline(is, line))
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) out.push_back(std::stoull(line));
  return out;
}

TEST(Builders, PrefixAddersAddExactly) {
  for (arith::Adder arch : {arith::Adder::ripple, arith::Adder::brent_kung, arith::Adder::sklansky, arith::Adder::kogge_stone}) {
    vlog::Design d;
    d.top = "t";
    Module& m = d.modules.emplace_back("t");
    m.input("a", 6);
    m.input("b", 6);
    m.input("ci", 1);
    m.output("y", 6);
    m.assign("y", arith::add(m, "s", "a", "b", 6, "ci", arch));
    std::vector<std::vector<uint64_t>> rows;
    for (uint64_t a = 0; a < 64; a += 3)
      for (uint64_t b = 0; b < 64; b += 5) rows.push_back({a, b, (a ^ b) & 1});
    auto out = simulate(d, rows);
    ASSERT_EQ(out.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
      EXPECT_EQ(out[i], (rows[i][0] + rows[i][1] + rows[i][2]) & 63) << static_cast<int>(arch);
  }
}

TEST(Builders, ShiftsIncrementsAndLeadingZeros) {
  vlog::Design d;
  d.top = "t";
  Module& m = d.modules.emplace_back("t");
  m.input("x", 7);
  m.input("s", 3);
  m.output("y", 32);
  arith::shift_left(m, "l", "x", 7, "s", 3, 6, 12);
  arith::shift_right(m, "r", "x", 7, "s", 3);
  arith::increment(m, "i", "x", 7, "s[0]");
  arith::leading_zeros(m, "z", "x", 7);
  m.assign("y", "{l, r_any, r_all, r, i, z}");  // 12 + 1 + 1 + 7 + 8 + 3 = 32 bits
  std::vector<std::vector<uint64_t>> rows;
  for (uint64_t x = 0; x < 128; ++x)
    for (uint64_t s = 0; s < 8; ++s) rows.push_back({x, s});
  auto out = simulate(d, rows);
  ASSERT_EQ(out.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const uint64_t x = rows[i][0], s = rows[i][1];
    const uint64_t sl = std::min<uint64_t>(s, 6);  // the amount never exceeds 6 by contract; 7 is not used
    if (s == 7) continue;
    const uint64_t lost = x & ((1u << s) - 1);
    int lz = 0;
    for (int b = 6; b >= 0 && !((x >> b) & 1); --b) ++lz;
    const uint64_t want = ((x << sl) & 0xfff) << 20 | (lost != 0) << 19 | (lost == ((1u << s) - 1)) << 18 |
                          (x >> s) << 11 | (x + (s & 1)) << 3 | static_cast<uint64_t>(lz);
    EXPECT_EQ(out[i], want) << "x=" << x << " s=" << s;
  }
}

// The depth guarantee, checked by synthesis: every register-to-register path of a depth=D design
// is at most D generic gates deep (ltp -noff), for a small block of each kind of datapath.
TEST(Pipeline, DepthHoldsAfterSynthesis) {
  for (const auto& [block, words] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"int_mac", {"depth=16"}}, {"fp_mul", {"depth=16"}}, {"mx_dot", {"fmt=e2m1", "k=4", "depth=16"}}}) {
    Generated g = generate(block, words, "dp");
    const std::string dir = test::temp_dir("depth");
    write_generated(g, dir);
    synth::Report r = synth::run(dir + "/dp.sv", "dp");
    EXPECT_LE(r.depth, 16) << block;
    EXPECT_GT(g.latency, 0) << block;
  }
}

}  // namespace
}  // namespace qrtl
