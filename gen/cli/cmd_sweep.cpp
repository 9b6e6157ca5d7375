// qrtl sweep PRECSET.toml --out DIR [-j N] ...: generate, lint, cosim and synthesize every block,
// in parallel and cached; report.json, report.md and SVG plots in DIR.
// qrtl sweep PRECSET.toml --emit-jobs DIR / qrtl sweep --collect DIR: the same on a cluster.
#include <fmt/format.h>

#include <filesystem>

#include "cli/command.h"
#include "errors.h"
#include "flows/jobs.h"
#include "flows/report.h"
#include "flows/sweep.h"

namespace qrtl::cli {
namespace {

int print_results(const std::vector<flows::BlockResult>& results, const std::string& dir) {
  std::vector<std::string> files = flows::write_report(results, dir);
  const size_t failed = flows::count_failed(results);
  fmt::print("{}\n{} blocks, {} passed, {} failed\n", flows::summary_table(results), results.size(),
             results.size() - failed, failed);
  for (const auto& f : files)
    if (f.ends_with(".md") || f.ends_with(".json")) fmt::print("report: {}\n", f);
  fmt::print("plots:  {}/plots/\n", dir);
  return failed ? 1 : 0;
}

Command make_sweep_command() {
  return {"sweep", "gen -> lint -> cosim -> synth for every block of a precision set, with a report", [](CLI::App& sub) {
            auto file = std::make_shared<std::string>();
            auto opts = std::make_shared<flows::SweepOptions>();
            auto only = std::make_shared<std::vector<std::string>>();
            auto emit = std::make_shared<std::string>();
            auto collect = std::make_shared<std::string>();
            auto flags = std::make_shared<std::array<bool, 6>>();  // no-cache, -progress, -lint, -cosim, -synth, -equiv
            sub.add_option("precset", *file, "precision-set TOML file");
            sub.add_option("--out", opts->out_dir, "output directory");
            sub.add_option("-j,--jobs", opts->jobs, "blocks run in parallel")->check(CLI::Range(1u, 256u));
            sub.add_option("--vectors", opts->vectors, "random cosim vectors per block (when not exhaustive)")
                ->check(CLI::Range(1ull, 100000000ull));
            sub.add_option("--seed", opts->seed, "cosim random seed");
            sub.add_option("--cache", opts->cache_dir, "cache directory (Verilator builds, results)");
            sub.add_option("--only", *only, "run only the block with this top name (repeatable)")->allow_extra_args(false);
            sub.add_flag("--no-cache", (*flags)[0], "rerun every block even if a cached result exists");
            sub.add_flag("--no-progress", (*flags)[1], "no progress output on stderr");
            sub.add_flag("--no-lint", (*flags)[2], "skip lint");
            sub.add_flag("--no-cosim", (*flags)[3], "skip cosim");
            sub.add_flag("--no-synth", (*flags)[4], "skip synthesis");
            sub.add_flag("--no-equiv", (*flags)[5], "skip the proofs of pipelined blocks against their stages=0 twins");
            sub.add_option("--emit-jobs", *emit, "write cluster job files (one command per block, SLURM, GNU parallel) into DIR");
            sub.add_option("--collect", *collect, "merge the results of --emit-jobs DIR into DIR's report");
            return [=]() {
              flows::SweepOptions o = *opts;
              o.use_cache = !(*flags)[0];
              o.progress = !(*flags)[1];
              o.lint = !(*flags)[2];
              o.cosim = !(*flags)[3];
              o.synth = !(*flags)[4];
              o.equiv = !(*flags)[5];
              if (!collect->empty()) {
                if (!file->empty() || !emit->empty()) throw UsageError("sweep: --collect DIR takes no precision set and no --emit-jobs");
                return print_results(flows::collect(*collect), *collect);
              }
              if (file->empty()) throw UsageError("sweep: a precision-set file is required (or --collect DIR)");
              auto items = flows::select_tops(read_precision_set(*file), *only);
              if (!emit->empty()) {
                const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
                flows::JobFiles jf = flows::emit_jobs(items, self, *file, o, *emit);
                fmt::print("{} jobs\n", jf.jobs);
                for (const auto& f : jf.files) fmt::print("{}\n", f);
                fmt::print("run: sbatch {0}/slurm.sh  or  bash {0}/parallel.sh  or  bash {0}/jobs.txt; then: qrtl sweep --collect {0}\n",
                           *emit);
                return 0;
              }
              if (o.out_dir.empty()) throw UsageError("sweep: --out DIR is required");
              return print_results(flows::sweep(items, o), o.out_dir);
            };
          }};
}

QRTL_COMMAND(make_sweep_command);

}  // namespace
}  // namespace qrtl::cli
