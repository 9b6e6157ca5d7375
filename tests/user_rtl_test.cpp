// ctest-label: slow
// `qrtl cosim BLOCK ... --rtl FILE --top NAME`: the user's own file is what gets simulated. The
// unmodified generated file passes; one-gate mutants of it (one XOR turned into an OR) fail; a file
// whose ports do not match the block's contract is refused (exit 2), a design that stops making
// progress fails cleanly (exit 1) instead of hanging.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "cosim/user_rtl.h"
#include "fsutil.h"
#include "test_util.h"

namespace qrtl {
namespace {

struct UserCase {
  std::string block;
  std::vector<std::string> words;
  int mutants;  // one-gate mutants tried (Verilator builds: few for the large APack files)
};

void PrintTo(const UserCase& c, std::ostream* os) { *os << test::case_name(c.block, c.words); }

std::string write_tmp(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  atomic_write_file(path, text);
  return path;
}

// Offsets of the XORs a mutant may turn into an OR: every " ^ " of the code (not of a comment)
// except those inside the carry term of an adder, x&y | z&(x^y), where x|y gives the same majority
// function (an equivalent mutant).
std::vector<size_t> xor_sites(const std::string& sv) {
  std::vector<size_t> sites;
  for (size_t at = sv.find(" ^ "); at != std::string::npos; at = sv.find(" ^ ", at + 1)) {
    const size_t line = sv.rfind('\n', at) + 1;  // npos + 1 == 0
    if (sv.find("//", line) < at) continue;
    size_t open = at;  // the innermost '(' enclosing this XOR on its line
    for (int depth = 0; open > 0 && sv[open - 1] != '\n'; --open) {
      if (sv[open - 1] == ')') ++depth;
      if (sv[open - 1] == '(' && depth-- == 0) break;
    }
    const bool carry_term = open >= 3 && sv[open - 1] == '(' && sv.compare(open - 3, 2, "& ") == 0;
    if (!carry_term) sites.push_back(at);
  }
  return sites;
}

std::string xor_to_or(const std::string& sv, size_t at) { return sv.substr(0, at) + " | " + sv.substr(at + 3); }

class UserRtl : public ::testing::TestWithParam<UserCase> {};

// Mutants at XORs spread evenly over the file; most of them (more than half) must be detected. Not
// all: random stimulus rarely reaches an error in the low columns of a wide product whose low half
// is dropped (the APack encoder's reciprocal division), and some mutants are equivalent (the APack
// decoder's frequency f <= 2^12 never has bit 12 and bit 11 set together, so an adder of those two
// partial-product bits computes the same with OR); docs/results/mutation.md has the full rates.
TEST_P(UserRtl, GeneratedFilePassesAndOneGateMutantsFail) {
  const UserCase& c = GetParam();
  const std::string top = "user_" + c.block;
  const Generated g = generate(c.block, c.words, top);
  const std::string dir = test::temp_dir("user-rtl");
  verif::CosimOptions opts = test::cosim_options(20000);

  const Generated same = verif::adopt_rtl(g, write_tmp(dir, top + ".sv", g.sv), top);
  verif::CosimResult r = verif::cosim(same, opts);
  EXPECT_TRUE(r.pass) << r.summary();

  const std::vector<size_t> sites = xor_sites(g.sv);
  ASSERT_GE(sites.size(), static_cast<size_t>(c.mutants)) << "too few XORs to mutate";
  int killed = 0;
  for (int m = 0; m < c.mutants; ++m) {
    const size_t k = (2 * static_cast<size_t>(m) + 1) * sites.size() / (2 * static_cast<size_t>(c.mutants));
    const std::string mutant = xor_to_or(g.sv, sites[k]);
    ASSERT_NE(mutant, g.sv);
    const Generated user = verif::adopt_rtl(g, write_tmp(dir, fmt::format("{}_m{}.sv", top, m), mutant), top);
    verif::CosimResult mr = verif::cosim(user, opts);
    if (!mr.pass) ++killed;
    EXPECT_EQ(mr.mismatch_count > 0, !mr.pass) << "mutant at XOR " << k;
  }
  EXPECT_GT(2 * killed, c.mutants) << killed << " of " << c.mutants << " mutants detected";
}

INSTANTIATE_TEST_SUITE_P(Blocks, UserRtl,
                         ::testing::Values(UserCase{"fp_mul", {"a=e4m3", "b=e4m3", "out=e4m3"}, 3},
                                           UserCase{"mx_dot", {"fmt=e2m1", "k=8"}, 3},
                                           UserCase{"bs_dot", {"lanes=4"}, 3},
                                           UserCase{"apack_enc", {"lanes=1"}, 3},
                                           UserCase{"apack_dec", {"lanes=1"}, 3}),
                         [](const auto& info) { return test::case_name(info.param.block, info.param.words); });

// Through the CLI: the exit codes of the contract.
TEST(UserRtlCli, ExitCodes) {
  const std::string dir = test::temp_dir("user-rtl-cli");
  const std::vector<std::string> fp = {"cosim", "fp_mul", "a=e4m3", "b=e4m3", "out=e4m3", "--cache",
                                       test::cosim_options().cache_dir};
  auto with = [&](std::vector<std::string> base, std::vector<std::string> more) {
    base.insert(base.end(), more.begin(), more.end());
    return base;
  };
  ASSERT_EQ(test::run_qrtl({"gen", "fp_mul", "a=e4m3", "b=e4m3", "out=e4m3", "--top", "mine", "--out", dir}).exit_code, 0);
  const std::string file = dir + "/mine.sv";
  test::CliResult ok = test::run_qrtl(with(fp, {"--rtl", file}));  // --top defaults to the file's name
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("PASS 65536 vectors (exhaustive)"), std::string::npos) << ok.output;

  const std::string sv = read_file(file);
  const std::string mutant = write_tmp(dir, "mutant.sv", xor_to_or(sv, xor_sites(sv).front()));
  test::CliResult bad = test::run_qrtl(with(fp, {"--rtl", mutant, "--top", "mine"}));
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("FAIL"), std::string::npos) << bad.output;

  // An fp_mul file offered as mx_dot: the first port that differs is named.
  test::CliResult wrong = test::run_qrtl({"cosim", "mx_dot", "fmt=e2m1", "k=8", "--rtl", file, "--top", "mine"});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.output;
  EXPECT_NE(wrong.output.find("port a of mine is input [7:0]"), std::string::npos) << wrong.output;
  // A renamed port, a missing module, a missing file: exit 2, one line.
  std::string renamed = std::regex_replace(sv, std::regex(R"(\by\b)"), "prod");
  test::CliResult ren = test::run_qrtl(with(fp, {"--rtl", write_tmp(dir, "renamed.sv", renamed), "--top", "mine"}));
  EXPECT_EQ(ren.exit_code, 2) << ren.output;
  EXPECT_NE(ren.output.find("no port y"), std::string::npos) << ren.output;
  for (const auto& args : {with(fp, {"--rtl", file, "--top", "nosuch"}), with(fp, {"--rtl", dir + "/absent.sv"})}) {
    test::CliResult r = test::run_qrtl(args);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
}

// A decoder that never accepts its input stream: the driver's cycle limit ends the run, exit 1.
TEST(UserRtlCli, AHungHandshakeFailsCleanly) {
  const std::string dir = test::temp_dir("user-rtl-hang");
  ASSERT_EQ(test::run_qrtl({"gen", "apack_dec", "lanes=1", "--top", "dec", "--out", dir}).exit_code, 0);
  const std::string sv = read_file(dir + "/dec.sv");
  const std::string hung = std::regex_replace(sv, std::regex(R"(assign in_ready = [^;]*;)"), "assign in_ready = 1'b0;");
  ASSERT_NE(hung, sv);
  test::CliResult r = test::run_qrtl({"cosim", "apack_dec", "lanes=1", "--vectors", "2000", "--rtl",
                                      write_tmp(dir, "dec.sv", hung), "--cache", test::cosim_options().cache_dir});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("timeout"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace qrtl
