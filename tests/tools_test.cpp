// External tools missing or failing: never a silent pass. A missing Verilator/Icarus/Yosys is
// exit code 3 with a message naming the tool and how to install it; a tool that fails (exit 1),
// or that exits 0 without doing its work (a stub), fails lint (exit 1) or synth/cosim (exit 3).
// The qrtl binary runs with a PATH built for each case: links to the real tools, minus one, or
// with a fake script in front.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tools/tools.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace qrtl {
namespace {

const std::string kSv = std::string(QRTL_SOURCE_DIR) + "/rtl/int_mul_s8x8.sv";
const std::string kTop = "int_mul_s8x8";

// Runs qrtl with PATH set to `path` (the test process's own PATH is restored afterwards).
test::CliResult run_with_path(const std::vector<std::string>& args, const std::string& path) {
  std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", path.c_str(), 1);
  test::CliResult r = test::run_qrtl(args);
  ::setenv("PATH", saved.c_str(), 1);
  return r;
}

// A directory of links to the real tools (and what they run: make and the compiler for Verilator
// builds, sh for scripts), leaving out `missing`.
std::string tool_dir(const std::string& missing) {
  std::string dir = test::temp_dir("tools");
  for (const char* t : {"verilator", "verilator_bin", "iverilog", "vvp", "yosys", "yosys-abc", "make", "g++", "c++",
                        "gcc", "cc", "ld", "as", "ar", "sh", "bash", "perl", "python3", "ccache"}) {
    if (t == missing) continue;
    std::string real;
    try {
      real = tools::find_tool(t);
    } catch (const std::exception&) {
      continue;  // not installed here; nothing to link
    }
    fs::create_symlink(real, dir + "/" + t);
  }
  return dir;
}

// A fake tool script `name` in a fresh directory: prints `say` and exits with `code`.
std::string fake_dir(const std::string& name, int code, const std::string& say) {
  std::string dir = test::temp_dir("fake");
  {
    std::ofstream f(dir + "/" + name);
    f << "#!/bin/sh\n" << (say.empty() ? "" : "echo '" + say + "'\n") << "exit " << code << "\n";
  }
  fs::permissions(dir + "/" + name, fs::perms::owner_all);
  return dir;
}

std::string real_path() { return std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"; }

class MissingTool : public ::testing::TestWithParam<std::string> {};

TEST_P(MissingTool, LintExit3NamesToolAndInstall) {
  const std::string tool = GetParam();
  std::string dir = tool_dir(tool);
  auto r = run_with_path({"lint", kSv, "--top", kTop}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("'" + tool + "' not found on PATH"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("scripts/install-deps.sh"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Debian package"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Tools, MissingTool, ::testing::Values("verilator", "iverilog", "yosys"));

TEST(MissingTools, SynthWithoutYosysIsExit3) {
  std::string dir = tool_dir("yosys");
  auto r = run_with_path({"synth", kSv, "--top", kTop}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("'yosys' not found on PATH"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

TEST(MissingTools, CosimWithoutVerilatorIsExit3) {
  std::string dir = tool_dir("verilator");
  std::string cache = test::temp_dir("nocache");  // fresh: no cached simulator to fall back on
  auto r = run_with_path({"cosim", "int_mul", "wa=3", "wb=3", "--cache", cache}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("'verilator' not found on PATH"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("PASS"), std::string::npos) << r.output;
  fs::remove_all(dir);
  fs::remove_all(cache);
}

TEST(MissingTools, EmptyPathStillGeneratesButCannotLint) {
  // Generation needs no external tool; lint does.
  std::string dir = test::temp_dir("emptypath");
  auto gen = run_with_path({"gen", "int_mul", "--out", dir}, dir);
  EXPECT_EQ(gen.exit_code, 0) << gen.output;
  auto lint = run_with_path({"lint", dir + "/int_mul.sv", "--top", "int_mul"}, dir);
  EXPECT_EQ(lint.exit_code, 3) << lint.output;
  fs::remove_all(dir);
}

struct Fake {
  std::string tool;
  int code;
  std::string say;
};

void PrintTo(const Fake& f, std::ostream* os) { *os << f.tool << " exit " << f.code; }

class FailingToolFailsLint : public ::testing::TestWithParam<Fake> {};

TEST_P(FailingToolFailsLint, Exit1NamingTheTool) {
  const Fake& f = GetParam();
  std::string dir = fake_dir(f.tool, f.code, f.say);
  auto r = run_with_path({"lint", kSv, "--top", kTop}, dir + ":" + real_path());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  // The failing tool's line says FAIL; the others stay clean.
  EXPECT_NE(r.output.find(f.tool), std::string::npos) << r.output;
  std::string line = r.output.substr(r.output.find(f.tool));
  line = line.substr(0, line.find('\n'));
  EXPECT_NE(line.find("FAIL"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Fakes, FailingToolFailsLint,
    ::testing::Values(Fake{"yosys", 1, "ERROR: fake yosys failure"}, Fake{"yosys", 0, ""},
                      Fake{"iverilog", 1, "fake iverilog failure"}, Fake{"iverilog", 0, ""},
                      Fake{"verilator", 1, "%Error: fake verilator failure"},
                      Fake{"verilator", 0, "%Warning-WIDTH: fake"}),
    [](const auto& info) { return info.param.tool + "_exit" + std::to_string(info.param.code); });

TEST(FailingTools, SynthWithFailingOrStubYosysIsExit3) {
  for (int code : {1, 0}) {
    std::string dir = fake_dir("yosys", code, code ? "ERROR: fake yosys failure" : "");
    auto r = run_with_path({"synth", kSv, "--top", kTop}, dir + ":" + real_path());
    EXPECT_EQ(r.exit_code, 3) << "yosys exit " << code << ": " << r.output;
    EXPECT_NE(r.output.find("yosys"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("cells"), std::string::npos) << "a report from a broken yosys: " << r.output;
    fs::remove_all(dir);
  }
}

TEST(FailingTools, CosimWithFailingVerilatorIsExit3) {
  std::string dir = fake_dir("verilator", 1, "%Error: fake verilator failure");
  std::string cache = test::temp_dir("failcache");
  auto r = run_with_path({"cosim", "int_mul", "wa=3", "wb=3", "--cache", cache}, dir + ":" + real_path());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("verilator"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("PASS"), std::string::npos) << r.output;
  fs::remove_all(dir);
  fs::remove_all(cache);
}

// Every model of a cache directory is compiled against one Verilator runtime: the runtime objects
// and verilated.h precompiled, which GCC must actually load (a header it refused would only be
// slower, so this is the one place that notices). Checked in the suites' own cache, where the
// runtime already exists when other tests ran first (building it takes seconds).
TEST(CosimBuild, ModelsShareOnePrecompiledRuntime) {
  const std::string cache = test::cosim_options().cache_dir;
  for (const char* wb : {"wb=3", "wb=4"}) {
    auto r = test::run_qrtl({"cosim", "int_mul", "wa=3", wb, "--cache", cache});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("PASS"), std::string::npos) << r.output;
  }
  // The newest int_mul model (another test's, at another level, may be newer than these cache
  // hits): its makefile names the runtime, and the driver's compile command as make gives it, run
  // with -H, shows the precompiled header loaded ("!").
  fs::path model;
  for (const auto& e : fs::directory_iterator(cache))
    if (e.path().filename().string().rfind("int_mul-", 0) == 0 &&
        (model.empty() || fs::last_write_time(e.path()) > fs::last_write_time(model)))
      model = e.path();
  ASSERT_FALSE(model.empty());
  const std::string obj = model.string() + "/obj";
  // With the make variables the model was built with (its optimisation level picks the runtime).
  tools::RunResult dry =
      tools::run({"sh", "-c", "make -n -B -f V*.mk $(cat make.vars) harness.o | grep -- '-o harness.o'"}, obj);
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  std::string cmd = dry.output.substr(0, dry.output.find('\n'));
  const size_t inc = cmd.find("-include ");
  ASSERT_NE(inc, std::string::npos) << cmd;
  const std::string header = cmd.substr(inc + 9, cmd.find(' ', inc + 9) - inc - 9);
  EXPECT_EQ(fs::path(header).parent_path().parent_path(), fs::path(cache));
  ASSERT_TRUE(fs::exists(header + ".gch")) << header;
  cmd.replace(cmd.find("-o harness.o"), 12, "-o /dev/null -H");
  tools::RunResult h = tools::run({"sh", "-c", cmd}, obj);
  EXPECT_EQ(h.exit_code, 0) << h.output;
  EXPECT_NE(h.output.find("! " + header + ".gch"), std::string::npos) << h.output.substr(0, 2000);
}

}  // namespace
}  // namespace qrtl
