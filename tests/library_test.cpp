// The default library and the block registry as a whole: rtl/ is fresh, every block generates
// lint-clean RTL at its defaults, every block has a golden model (or a cosim driver), and the
// integer multiplier meets its area reference.
#include <gtest/gtest.h>

#include <filesystem>

#include "cosim/cosim.h"
#include "flows/lint.h"
#include "fsutil.h"
#include "models/model.h"
#include "precset.h"
#include "registry.h"
#include "synth/synth.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace qrtl {
namespace {

TEST(Library, RtlDirectoryIsFresh) {
  const std::string rtl = std::string(QRTL_SOURCE_DIR) + "/rtl";
  auto items = read_precision_set(rtl + "/precision-set.toml");
  std::set<std::string> expected;
  for (const auto& it : items) {
    Generated g = generate(it.block, it.words, it.top);
    for (const auto& [name, text] : {std::pair{g.top + ".sv", g.sv}, std::pair{g.top + ".json", g.manifest}}) {
      expected.insert(name);
      ASSERT_TRUE(fs::exists(rtl + "/" + name)) << name << " missing: run `make rtl`";
      EXPECT_EQ(read_file(rtl + "/" + name), text) << name << " is stale: run `make rtl`";
    }
  }
  for (const auto& e : fs::directory_iterator(rtl)) {
    std::string name = e.path().filename().string();
    if (e.path().extension() == ".sv" || e.path().extension() == ".json") {
      EXPECT_TRUE(expected.count(name)) << name << " is not in the precision set: run `make rtl`";
    }
  }
}

class EveryBlock : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryBlock, DefaultParametersLintClean) {
  const BlockDef& def = find_block(GetParam());
  Generated g = generate(def, parse_params(def, {}), def.name);
  std::string dir = test::temp_dir("lint");
  write_generated(g, dir);
  flows::LintReport r = flows::lint(dir + "/" + def.name + ".sv", def.name);
  for (const auto& t : r.tools) EXPECT_TRUE(t.ok) << t.tool << ":\n" << t.output;
  fs::remove_all(dir);
}

TEST_P(EveryBlock, HasAGoldenModelOrCosimDriver) {
  const verif::ModelDef* m = verif::find_model(GetParam());
  EXPECT_TRUE(m != nullptr || verif::has_driver(GetParam())) << "block " << GetParam() << " cannot be cosimulated";
}

std::vector<std::string> block_names() {
  std::vector<std::string> n;
  for (const auto& b : all_blocks()) n.push_back(b.name);
  return n;
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryBlock, ::testing::ValuesIn(block_names()),
                         [](const auto& info) { return info.param; });

TEST(Library, Int8x8SignedMultiplierBeatsPlainYosysMul) {
  // Reference from the foundation issue: a plain Yosys `a*b` at 8x8 signed gives about
  // 415 cells / 2964 transistors with synth/generic.ys. Ours must be no worse.
  std::string dir = test::temp_dir("area");
  write_generated(generate("int_mul", {"wa=8", "wb=8", "signed=1"}, "m"), dir);
  synth::Report r = synth::run(dir + "/m.sv", "m");
  EXPECT_GT(r.cells, 0);
  EXPECT_LE(r.transistors, 2964);
  EXPECT_LE(r.cells, 415);
  fs::remove_all(dir);
}

TEST(Synth, ParsesAYosysLog) {
  const std::string log =
      "7. Printing statistics.\n\n=== m ===\n\n   Number of wires:                 10\n"
      "   Number of cells:                 12\n     $_AND_                          5\n"
      "     $_DFF_P_                        3\n     $_XOR_                          4\n\n"
      "   Estimated number of transistors:        86\n\n"
      "8. Executing LTP pass (find longest path).\nLongest topological path in m (length=7):\n";
  synth::Report r = synth::parse_log(log, "m");
  EXPECT_EQ(r.cells, 12);
  EXPECT_EQ(r.transistors, 86);
  EXPECT_EQ(r.depth, 7);
  EXPECT_EQ(r.flops, 3);
  EXPECT_EQ(r.cell_types.at("$_XOR_"), 4);
}

}  // namespace
}  // namespace qrtl
