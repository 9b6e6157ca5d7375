// Invalid input, for every registered block and through the CLI: each mistake is a one-line
// UsageError naming the block and the key (exit code 2) and nothing is written. Complements
// cli_test.cpp (which covers one example of each mistake for int_mul/int_mac) by deriving the
// invalid values from every block's own key declarations, and by covering --top/--out/path and
// precision-set (qrtl build) errors.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "errors.h"
#include "fsutil.h"
#include "param_gen.h"
#include "precset.h"
#include "registry.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace qrtl {
namespace {

using test::run_qrtl;

bool one_line(const std::string& s) { return std::count(s.begin(), s.end(), '\n') == (s.empty() || s.back() != '\n' ? 0 : 1); }

// The UsageError message of parse_params(def, words), or "" if it accepts them.
std::string usage_error(const BlockDef& def, const std::vector<std::string>& words) {
  try {
    parse_params(def, words);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

class EveryBlockRejects : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryBlockRejects, InvalidValueOfEveryKeyNamingBlockAndKey) {
  const BlockDef& def = find_block(GetParam());
  for (const auto& k : def.keys) {
    for (const auto& [value, fragment] : test::invalid_values(k)) {
      const std::string word = k.name + "=" + value;
      std::string msg = usage_error(def, {word});
      ASSERT_FALSE(msg.empty()) << def.name << " accepted " << word;
      EXPECT_NE(msg.find(def.name + ":"), std::string::npos) << msg;
      EXPECT_NE(msg.find(k.name), std::string::npos) << msg;
      EXPECT_NE(msg.find(fragment), std::string::npos) << word << ": " << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
  }
}

TEST_P(EveryBlockRejects, UnknownDuplicateAndMalformedWords) {
  const BlockDef& def = find_block(GetParam());
  EXPECT_NE(usage_error(def, {"no_such_key=1"}).find("unknown key 'no_such_key'"), std::string::npos);
  EXPECT_NE(usage_error(def, {"no_equals_sign"}).find("key=value"), std::string::npos);
  EXPECT_NE(usage_error(def, {"=1"}).find("key=value"), std::string::npos);
  // User text with a newline or control character is escaped: the message stays one line.
  const std::string ctl = usage_error(def, {"bad\nkey\x01=1"});
  EXPECT_NE(ctl.find("unknown key 'bad\\nkey\\x01'"), std::string::npos) << ctl;
  if (!def.keys.empty()) {
    const std::string w = def.keys.front().name + "=" + def.keys.front().def;
    EXPECT_NE(usage_error(def, {w, w}).find("given twice"), std::string::npos);
  }
}

// Random candidates from the declared ranges (some violate cross-key constraints): each is either
// accepted and then generates (a check that passes followed by a build that throws is a bug), or
// refused with a one-line UsageError naming the block. Any other exception is a bug. Generation is
// pure C++ (no external tool), so this covers many more configurations than the property test.
// Under ASan/UBSan (make test-asan) a third as many: the sanitizers need each generator path once,
// the normal build covers the volume, and sanitized generation is about ten times slower.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kCandidates = 50;
#else
constexpr int kCandidates = 100;
#endif

TEST_P(EveryBlockRejects, RandomCandidatesGenerateOrFailCleanly) {
  const BlockDef& def = find_block(GetParam());
  std::mt19937_64 rng(7 ^ fnv1a64(def.name));
  int accepted = 0;
  for (int i = 0; i < kCandidates; ++i) {
    std::vector<std::string> words = test::draw_candidate(rng, def);
    const std::string cmd = fmt::format("qrtl gen {} {}", def.name, fmt::join(words, " "));
    try {
      Generated g = generate(def.name, words, "cand");
      ++accepted;
      // Every module in NAME.sv is NAME or NAME_* (CONTRACTS.md), the first one is the top.
      // (A line scan, not std::regex: the regex engine takes seconds on the largest files.)
      int modules = 0;
      std::istringstream lines(g.sv);
      for (std::string line; std::getline(lines, line);) {
        if (line.rfind("module ", 0) != 0) continue;
        const std::string name = line.substr(7, line.find_first_of(" (#;", 7) - 7);
        EXPECT_TRUE(modules > 0 ? name.rfind("cand_", 0) == 0 : name == "cand") << cmd << ": module " << name;
        ++modules;
      }
      EXPECT_GT(modules, 0) << cmd;
    } catch (const UsageError& e) {
      std::string msg = e.what();
      EXPECT_NE(msg.find(def.name), std::string::npos) << cmd << ": " << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << cmd << ": " << msg;
    } catch (const std::exception& e) {
      ADD_FAILURE() << cmd << ": not a UsageError but " << e.what();
    }
  }
  EXPECT_GT(accepted, 0) << def.name << ": no random candidate was valid";
}

// Through the CLI, for every block: exit 2, one line, the output directory stays empty.
TEST_P(EveryBlockRejects, CliExit2OneLineNothingWritten) {
  const BlockDef& def = find_block(GetParam());
  std::vector<std::vector<std::string>> cases = {{"no_such_key=1"}};
  for (const auto& k : def.keys) cases.push_back({k.name + "=" + test::invalid_values(k).back().first});
  for (const auto& words : cases) {
    std::string dir = test::temp_dir("inv");
    std::vector<std::string> args = {"gen", def.name};
    args.insert(args.end(), words.begin(), words.end());
    args.insert(args.end(), {"--out", dir + "/out"});
    auto r = run_qrtl(args);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(one_line(r.output)) << r.output;
    EXPECT_NE(r.output.find(def.name), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir + "/out")) << "output directory created on error";
    fs::remove_all(dir);
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryBlockRejects, ::testing::ValuesIn(test::registered_block_names()),
                         [](const auto& info) { return info.param; });

// Format contradictions at the parameter level (independent of which blocks have format keys).
TEST(InvalidInput, FormatWithNoFiniteCodeLeft) {
  std::vector<KeyDef> keys = {KeyDef::format("f", "e4m3", "")};
  // fp:1.0.fn: one exponent bit, no mantissa: codes 0 (zero) and 1 (all ones = NaN under fn).
  // fp:1.0.ieee: code 1 is Inf. Either way no non-zero finite value is left.
  for (const char* f : {"fp:1.0.fn", "fp:1.0.ieee", "fp:1.0.u.fn"}) {
    try {
      Params::parse("blk", keys, {std::string("f=") + f});
      ADD_FAILURE() << f << " accepted";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("blk: f: format '"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("no non-zero finite value"), std::string::npos) << e.what();
    }
  }
  // fp:1.1.fn has codes 0, 1 (subnormal 0.5*2^(1-bias)), 2 (1.0*2^(1-bias)), 3 (NaN): valid.
  EXPECT_NO_THROW(Params::parse("blk", keys, {"f=fp:1.1.fn"}));
}

// --top names: illegal, reserved, or unusable as a file name. Exit 2, nothing written.
class BadTop : public ::testing::TestWithParam<std::string> {};

TEST_P(BadTop, Exit2NothingWritten) {
  std::string dir = test::temp_dir("top");
  auto r = run_qrtl({"gen", "int_mul", "--top", GetParam(), "--out", dir + "/out"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(one_line(r.output)) << r.output;
  EXPECT_NE(r.output.find("--top"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/out"));
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Names, BadTop,
    ::testing::Values("logic", "always_ff", "endmodule", "interface", "wire", "reg", "assign", "begin",
                      "a b", "a-b", "a/b", "/tmp/x", "..", "$x", "\\esc", "x.sv", "_x;", "é",
                      std::string(2000, 'a')),
    [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(InvalidInput, TopNamesThatAreLegalStillWork) {
  // Verilog is case-sensitive: MODULE is not the keyword module; _ and $ after the first character.
  std::string dir = test::temp_dir("topok");
  for (const char* top : {"MODULE", "_x", "a$b", "Logic_1"}) {
    auto r = run_qrtl({"gen", "int_mul", "wa=2", "wb=2", "--top", top, "--out", dir});
    EXPECT_EQ(r.exit_code, 0) << top << ": " << r.output;
    EXPECT_TRUE(fs::exists(dir + "/" + top + ".sv")) << top;
  }
  fs::remove_all(dir);
}

TEST(InvalidInput, OutIsAFileOrUnwritable) {
  std::string dir = test::temp_dir("outfile");
  { std::ofstream(dir + "/plain") << "x"; }
  for (const std::string& out : {dir + "/plain", dir + "/plain/sub", std::string("/proc/qrtl-no")}) {
    auto r = run_qrtl({"gen", "int_mul", "--out", out});
    EXPECT_EQ(r.exit_code, 2) << out << ": " << r.output;
    EXPECT_TRUE(one_line(r.output)) << r.output;
    EXPECT_NE(r.output.find(out), std::string::npos) << "the message names the path: " << r.output;
  }
  EXPECT_EQ(read_file(dir + "/plain"), "x");
  fs::remove_all(dir);
}

// Precision sets through `qrtl build`: the message names FILE:LINE, exit 2, nothing written even
// when the mistake is in a later entry than valid ones.
struct BadSet {
  std::string toml;
  std::string fragment;
};

void PrintTo(const BadSet& b, std::ostream* os) { *os << '"' << b.fragment << '"'; }

class BadPrecisionSet : public ::testing::TestWithParam<BadSet> {};

TEST_P(BadPrecisionSet, Exit2FileLineNothingWritten) {
  std::string dir = test::temp_dir("ps");
  const std::string valid = "[[block]]\nkind = \"int_mul\"\ntop = \"first\"\n\n";
  { std::ofstream(dir + "/set.toml") << valid << GetParam().toml; }
  auto r = run_qrtl({"build", dir + "/set.toml", "--out", dir + "/out"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(one_line(r.output)) << r.output;
  EXPECT_NE(r.output.find(dir + "/set.toml:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(GetParam().fragment), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/out")) << "written despite the error";
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadPrecisionSet,
    ::testing::Values(
        BadSet{"[[block]\nkind = \"int_mul\"\n", ""},                                    // TOML syntax
        // Found by precset_fuzz: the TOML library's message quoted the newline after "t".
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"x2\"\nwb = t\n", "saw 't\\n'"},
        BadSet{"[[block]]\nkind = \"int_mul\"\nkind = \"int_mac\"\n", ""},              // duplicate key
        BadSet{"[[blocks]]\nkind = \"int_mul\"\n", "unknown section 'blocks'"},
        BadSet{"[sweep]\nkind = \"int_mul\"\n", "array of tables"},
        BadSet{"[[block]]\nwa = 4\n", "no string key 'kind'"},
        BadSet{"[[block]]\nkind = 5\n", "no string key 'kind'"},
        BadSet{"[[block]]\nkind = \"nope\"\n", "unknown block 'nope'"},
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"x2\"\nwq = 4\n", "unknown key 'wq'"},
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"x2\"\nwa = 99\n", "out of range"},
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"x2\"\nwa = 4.5\n", "must be an integer, string or boolean"},
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"x2\"\nwa = { x = 1 }\n", "must be an integer, string or boolean"},
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"x2\"\nwa = [4, 8]\n", "lists belong in [[sweep]]"},
        BadSet{"[[sweep]]\nkind = \"int_mul\"\nwa = []\n", "empty list"},
        BadSet{"[[sweep]]\nkind = \"int_mul\"\ntop = \"s\"\nwa = [4, 8]\n", "cannot set 'top'"},
        BadSet{"[[sweep]]\nkind = \"int_mul\"\nwa = [4, 17]\n", "out of range"},
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"first\"\n", "used twice"},
        BadSet{"[[block]]\nkind = \"int_mac\"\ntop = \"x2\"\nwacc = 4\n", "wacc"},
        // A top that would leave the output directory, or is not a Verilog name.
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"../escape\"\n", "not a legal Verilog identifier"},
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"/tmp/abs\"\n", "not a legal Verilog identifier"},
        BadSet{"[[block]]\nkind = \"int_mul\"\ntop = \"module\"\n", "not a legal Verilog identifier"}),
    [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(InvalidInput, MissingPrecisionSetFile) {
  std::string dir = test::temp_dir("psmiss");
  auto r = run_qrtl({"build", dir + "/nope.toml", "--out", dir + "/out"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(one_line(r.output)) << r.output;
  EXPECT_NE(r.output.find("nope.toml"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/out"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qrtl
