// qrtl vectors BLOCK [key=value ...] --out DIR [--top NAME] [--count N] [--seed S] [--no-exhaustive]
#include <fmt/format.h>

#include "cli/command.h"
#include "flows/vectors.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

Command make_vectors_command() {
  return {"vectors", "golden $readmemh vectors, the RTL and a self-checking SV testbench for any simulator",
          [](CLI::App& sub) {
            auto args = add_block_args(sub);
            auto top = std::make_shared<std::string>();
            auto opts = std::make_shared<flows::VectorsOptions>();
            auto no_exhaustive = std::make_shared<bool>(false);
            sub.add_option("--out", opts->out_dir, "output directory (created if missing)")->required();
            sub.add_option("--top", *top, "top module name (default: the block name)");
            sub.add_option("--count", opts->count, "random vectors after the corner cases (when not exhaustive)")
                ->check(CLI::Range(1ull, 10000000ull));
            sub.add_option("--seed", opts->seed, "random seed (the same as qrtl cosim --seed)");
            sub.add_flag("--no-exhaustive", *no_exhaustive, "corners + random even when every input fits in 2^20");
            return [=]() {
              Generated g = generate(args->block, args->words, top->empty() ? args->block : *top);
              flows::VectorsOptions o = *opts;
              o.exhaustive = !*no_exhaustive;
              flows::VectorsResult r = flows::write_vectors(g, o);
              for (const auto& f : r.files) fmt::print("{}/{}\n", o.out_dir, f);
              fmt::print("{} vectors{}, {} expected/mask pair(s), {} relaxed port checks{}\n", r.vectors,
                         r.exhaustive ? " (exhaustive)" : "", r.alternatives, r.relaxed,
                         r.strict ? fmt::format(" ({} stricter than the contract)", r.strict) : "");
              fmt::print("run: cd {} && iverilog -g2012 -o tb_{}.vvp tb_{}.sv {}.sv && vvp tb_{}.vvp\n", o.out_dir, g.top,
                         g.top, g.top, g.top);
              return 0;
            };
          }};
}

QRTL_COMMAND(make_vectors_command);

}  // namespace
}  // namespace qrtl::cli
