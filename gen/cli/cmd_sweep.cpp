// qrtl sweep PRECSET.toml --out DIR: generate, lint, cosim and synthesize every block; report.
#include <fmt/format.h>

#include "cli/command.h"
#include "flows/sweep.h"

namespace qrtl::cli {
namespace {

Command make() {
  return {"sweep", "gen -> lint -> cosim -> synth for every block of a precision set, with a report", [](CLI::App& sub) {
            auto file = std::make_shared<std::string>();
            auto opts = std::make_shared<flows::SweepOptions>();
            sub.add_option("precset", *file, "precision-set TOML file")->required();
            sub.add_option("--out", opts->out_dir, "output directory")->required();
            sub.add_option("--vectors", opts->vectors, "random cosim vectors per block (when not exhaustive)");
            sub.add_option("--cache", opts->cache_dir, "Verilator build cache directory");
            return [=]() {
              auto results = flows::sweep(read_precision_set(*file), *opts);
              std::string md = flows::write_report(results, *opts);
              size_t failed = 0;
              for (const auto& r : results) failed += r.ok() ? 0 : 1;
              fmt::print("{}\n{} blocks, {} failed; report: {}/report.md {}/report.json\n", md, results.size(), failed,
                         opts->out_dir, opts->out_dir);
              return failed ? 1 : 0;
            };
          }};
}

QRTL_COMMAND(make);

}  // namespace
}  // namespace qrtl::cli
