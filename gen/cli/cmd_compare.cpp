// qrtl compare [--designs L1,L2,...] [--vectors N] [--seed S] [--signed 0|1] [--json FILE] [--list]
#include <fmt/format.h>

#include <algorithm>

#include "cli/command.h"
#include "flows/compare.h"
#include "fsutil.h"

namespace qrtl::cli {
namespace {

Command make_compare_command() {
  return {"compare", "compare precision-scalable MAC designs at 8/4/2 bit: area, depth, throughput, toggles/op",
          [](CLI::App& sub) {
            auto opts = std::make_shared<flows::CompareOptions>();
            auto json = std::make_shared<std::string>();
            auto list = std::make_shared<bool>(false);
            auto sgn = std::make_shared<int>(1);
            sub.add_option("--designs", opts->designs, "designs to compare (default: the default rows of --list; int_mac is always added)")
                ->delimiter(',');
            sub.add_option("--vectors", opts->vectors, "random operand vectors per design and precision")
                ->check(CLI::Range(2ull, 1000000ull));
            sub.add_option("--seed", opts->seed, "random seed");
            sub.add_option("--signed", *sgn, "two's complement operands")->check(CLI::IsMember({0, 1}));
            sub.add_option("--json", *json, "also write the rows as JSON");
            sub.add_option("--cache", opts->cache_dir, "Verilator build cache directory");
            sub.add_flag("--list", *list, "list the designs and exit");
            return [=]() {
              const auto designs = flows::default_designs();
              if (*list) {
                size_t wl = 0, wb = 0, wf = 0;
                for (const auto& d : designs) {
                  wl = std::max(wl, d.label.size());
                  wb = std::max(wb, d.block.size());
                  wf = std::max(wf, d.family.size());
                }
                for (const auto& d : designs)
                  fmt::print("{:<{}} {:<{}} {:<{}} {:<10} {}\n", d.label, wl, d.block, wb, d.family, wf,
                             d.by_default ? "default" : "on request", fmt::join(d.params, " "));
                return 0;
              }
              opts->is_signed = *sgn != 0;
              auto rows = flows::run_compare(designs, *opts);
              fmt::print("Precision-scalable MACs: {} random vectors per design and precision, signed={}, seed {}\n\n",
                         opts->vectors, *sgn, opts->seed);
              fmt::print("{}\n{}", flows::format_detail(rows), "\n");
              fmt::print("{}", flows::format_summary(rows));
              if (!json->empty()) atomic_write_file(*json, flows::rows_json(rows));
              return 0;
            };
          }};
}

QRTL_COMMAND(make_compare_command);

}  // namespace
}  // namespace qrtl::cli
