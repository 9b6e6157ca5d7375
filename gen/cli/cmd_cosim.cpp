// qrtl cosim BLOCK [key=value ...] [--vectors N] [--seed S] [--vcd FILE]
#include <fmt/format.h>

#include "cli/command.h"
#include "cosim/cosim.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

Command make() {
  return {"cosim", "co-simulate a block (Verilator) against its golden model", [](CLI::App& sub) {
            auto block = std::make_shared<std::string>();
            auto words = std::make_shared<std::vector<std::string>>();
            auto opts = std::make_shared<verif::CosimOptions>();
            sub.add_option("block", *block, "block name")->required();
            sub.add_option("params", *words, "parameters, key=value");
            sub.add_option("--vectors", opts->vectors, "random vectors when not exhaustive")->check(CLI::Range(1ull, 100000000ull));
            sub.add_option("--seed", opts->seed, "random seed");
            sub.add_option("--vcd", opts->vcd, "dump a waveform of the run");
            sub.add_option("--cache", opts->cache_dir, "Verilator build cache directory");
            return [=]() {
              Generated g = generate(*block, *words, *block);
              verif::CosimResult r = verif::cosim(g, *opts);
              for (const auto& m : r.mismatches) fmt::print("{}\n", m);
              fmt::print("{}\n", r.summary());
              return r.pass ? 0 : 1;
            };
          }};
}

QRTL_COMMAND(make);

}  // namespace
}  // namespace qrtl::cli
