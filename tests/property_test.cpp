// ctest-label: slow
// Property test over the configuration space of every registered block: a seeded generator draws
// random VALID parameter sets from each block's own key declarations (Int ranges, Choice lists,
// Format keys: allowed names or random named/custom formats), keeps those the block's check
// accepts, and requires of each one that
//   - generation succeeds (a check that passes but a build that throws is a bug),
//   - the RTL is lint-clean (Verilator -Wall, Icarus, Yosys) — for QRTL_PROPERTY_LINT configs
//     (a block's files linted together, one run of each tool),
//   - it cosimulates bit-exactly against the golden model — for the first QRTL_PROPERTY_COUNT,
//   - regenerating every configuration afterwards, in reverse order, gives the same bytes.
// Nothing here names a block: blocks added to the registry are covered automatically.
//
// Environment (defaults sized for CI, about 80 s of CPU with warm caches; `make soak N=...` raises them):
//   QRTL_PROPERTY_COUNT    configurations cosimulated, over all blocks   (default 30)
//   QRTL_PROPERTY_LINT     configurations linted, over all blocks         (default max(300, 3 x COUNT))
//   QRTL_PROPERTY_LINT_KB  RTL linted per block, in KiB; 0 = no limit     (default 256; soak: 0)
//   QRTL_PROPERTY_SEED     generator seed                                  (default 1)
//   QRTL_PROPERTY_BLOCK    only this block (to reproduce a failure quickly)
//
// Why a size budget loses no coverage worth its time: lint and cosim time grow with the RTL's size,
// and the largest configurations of a block are the same generator code paths replicated (64 lanes
// instead of 41, k=64 elements instead of 47): a few of them cost more than all the other draws of
// the block together. Every drawn configuration is still generated and checked for determinism,
// and linted while the block's budget lasts (a configuration that would overrun it is skipped, the
// smaller ones after it are not); the cosimulated one is the first draw of at most kCosimBytes.
// A soak run (non-default seed) has no budget.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>

#include "cosim/cosim.h"
#include "errors.h"
#include "flows/lint.h"
#include "format.h"
#include "fsutil.h"
#include "models/model.h"
#include "param_gen.h"
#include "registry.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace qrtl {
namespace {

uint64_t env_u64(const char* name, uint64_t def) {
  const char* v = std::getenv(name);
  if (!v || !*v) return def;
  char* end = nullptr;
  unsigned long long x = std::strtoull(v, &end, 10);
  if (*end != '\0') throw std::invalid_argument(std::string(name) + " is not a number: " + v);
  return x;
}

constexpr uint64_t kDefaultSeed = 1;
uint64_t seed() { return env_u64("QRTL_PROPERTY_SEED", kDefaultSeed); }
uint64_t cosim_total() { return env_u64("QRTL_PROPERTY_COUNT", 30); }
// Linting is cheap (a block's files go to each tool in one run), so CI lints a few hundred
// configurations even though it cosimulates one per block.
uint64_t lint_total() { return env_u64("QRTL_PROPERTY_LINT", std::max<uint64_t>(300, 3 * cosim_total())); }
// Bytes of RTL linted per block (0: no limit), and the largest configuration cosimulated in CI.
uint64_t lint_budget() { return env_u64("QRTL_PROPERTY_LINT_KB", seed() == kDefaultSeed ? 256 : 0) * 1024; }
constexpr size_t kCosimBytes = 256 * 1024;

// This block's share of a total spread over all blocks (at least 1 when the total is non-zero).
uint64_t share(uint64_t total) {
  const uint64_t n = all_blocks().size();
  return total == 0 ? 0 : std::max<uint64_t>(1, total / n);
}

std::string repro(const BlockDef& def, const Params& p) {
  return "qrtl gen " + def.name + " " + p.to_string() + "   (QRTL_PROPERTY_SEED=" + std::to_string(seed()) +
         " QRTL_PROPERTY_BLOCK=" + def.name + ")";
}

unsigned input_bits(const Generated& g) {
  unsigned bits = 0;
  for (const auto& p : g.ports)
    if (p.dir == vlog::Dir::in && p.name != "clk") bits += static_cast<unsigned>(p.width);
  return bits;
}

// A block's files in one run of each tool; when that fails, each file alone says which (`how`: the
// command that regenerates it).
void expect_lint_clean(const std::vector<std::pair<flows::LintTarget, std::string>>& to_lint) {
  std::vector<flows::LintTarget> targets;
  for (const auto& t : to_lint) targets.push_back(t.first);
  if (targets.empty()) return;
  const flows::LintReport together = flows::lint(targets);
  if (together.ok()) return;
  bool alone_ok = true;
  for (const auto& [target, how] : to_lint) {
    flows::LintReport r = flows::lint(target.file, target.top);
    for (const auto& t : r.tools) EXPECT_TRUE(t.ok) << how << "\n" << t.tool << ":\n" << t.output;
    alone_ok = alone_ok && r.ok();
  }
  for (const auto& t : together.tools)
    EXPECT_TRUE(t.ok || !alone_ok) << "every file lints clean alone, but not together (module names collide?)\n"
                                   << t.tool << ":\n" << t.output;
}

class Property : public ::testing::TestWithParam<std::string> {};

TEST_P(Property, RandomValidConfigsAreLintCleanExactAndDeterministic) {
  const BlockDef& def = find_block(GetParam());
  if (const char* only = std::getenv("QRTL_PROPERTY_BLOCK"); only && *only && def.name != only)
    GTEST_SKIP() << "QRTL_PROPERTY_BLOCK=" << only;
  const bool can_cosim = verif::find_model(def.name) != nullptr || verif::has_driver(def.name);
  const uint64_t n_lint = share(lint_total()), n_cosim = share(cosim_total());
  // Each block draws from its own stream (seed, block name), so adding a block elsewhere in the
  // registry does not change the configurations another block gets.
  std::mt19937_64 rng(seed() ^ fnv1a64(def.name));

  // A non-default seed is a soak run: its Verilator builds are not worth caching.
  const bool soak = seed() != kDefaultSeed;
  const std::string dir = test::temp_dir("prop");
  std::vector<Generated> done;
  const uint64_t n = std::max(n_lint, can_cosim ? n_cosim : 0), budget = lint_budget();
  uint64_t linted_bytes = 0, cosimulated = 0;
  std::vector<std::pair<flows::LintTarget, std::string>> to_lint;  // file and top, and how to regenerate it
  for (uint64_t i = 0; i < n; ++i) {
    std::optional<std::vector<std::string>> words = test::draw_valid_params(rng, def);
    if (!words) {
      ADD_FAILURE() << def.name << ": no valid parameter set in 500 random draws; keys or check inconsistent?";
      break;
    }
    Params p = parse_params(def, *words);
    const std::string top = "prop_" + def.name + "_" + std::to_string(i);
    SCOPED_TRACE(repro(def, p));
    Generated g;
    try {
      g = generate(def, p, top);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "check accepted the parameters but generation threw: " << e.what();
      continue;
    }
    if (i < n_lint && (budget == 0 || linted_bytes + g.sv.size() <= budget)) {
      linted_bytes += g.sv.size();
      write_generated(g, dir);
      to_lint.push_back({{dir + "/" + top + ".sv", top}, repro(def, p)});
    }
    const bool small = budget == 0 || g.sv.size() <= kCosimBytes;
    if (can_cosim && cosimulated < n_cosim && small) {
      ++cosimulated;
      verif::CosimOptions o = test::cosim_options(300, seed() + i);
      if (soak) o.cache_dir = test::temp_dir("prop-cache");
      // Every input when there are at most 2^20 (about a second of simulation), else 300 random.
      const unsigned bits = input_bits(g);
      verif::CosimResult r = verif::cosim(g, o);
      EXPECT_TRUE(r.pass) << r.summary() << "\n" << fmt::format("{}", fmt::join(r.mismatches, "\n"));
      if (!verif::has_driver(def.name)) {  // transaction drivers choose their own stimulus
        EXPECT_EQ(r.exhaustive, bits <= 20) << bits << " input bits";
        if (bits <= 20) {
          EXPECT_EQ(r.vectors, uint64_t{1} << bits);
        }
      }
      if (soak) fs::remove_all(o.cache_dir);
    }
    done.push_back(std::move(g));
  }
  if (can_cosim) {
    EXPECT_EQ(cosimulated, n_cosim) << def.name << ": too few configurations small enough to cosimulate";
  }
  EXPECT_GT(linted_bytes, 0u) << def.name << ": nothing linted";
  expect_lint_clean(to_lint);
  // Determinism: every configuration again, in reverse order, byte for byte.
  for (auto it = done.rbegin(); it != done.rend(); ++it) {
    Generated again = generate(def, it->params, it->top);
    EXPECT_EQ(again.sv, it->sv) << repro(def, it->params) << ": SystemVerilog differs on regeneration";
    EXPECT_EQ(again.manifest, it->manifest) << repro(def, it->params) << ": manifest differs on regeneration";
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Registry, Property, ::testing::ValuesIn(test::registered_block_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace qrtl
