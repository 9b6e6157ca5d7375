// qrtl cosim BLOCK [key=value ...] [--vectors N] [--seed S] [--vcd FILE] [--rtl FILE.sv [--top NAME]]
#include <fmt/format.h>

#include <filesystem>

#include "cli/command.h"
#include "cosim/cosim.h"
#include "cosim/user_rtl.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

Command make_cosim_command() {
  return {"cosim", "co-simulate a block (Verilator) against its golden model", [](CLI::App& sub) {
            auto args = add_block_args(sub);
            auto opts = std::make_shared<verif::CosimOptions>();
            auto rtl = std::make_shared<std::string>();
            auto top = std::make_shared<std::string>();
            sub.add_option("--vectors", opts->vectors, "random vectors when not exhaustive")->check(CLI::Range(1ull, 100000000ull));
            sub.add_option("--seed", opts->seed, "random seed");
            sub.add_option("--vcd", opts->vcd, "dump a waveform of the run");
            sub.add_option("--cache", opts->cache_dir, "Verilator build cache directory");
            auto* rtl_opt = sub.add_option("--rtl", *rtl, "simulate this Verilog file (its ports must match the block's) instead of generating it");
            sub.add_option("--top", *top, "top module of --rtl (default: the file's name without .sv/.v)")->needs(rtl_opt);
            return [=]() {
              const std::string name = rtl->empty() ? args->block
                                       : top->empty() ? std::filesystem::path(*rtl).stem().string()
                                                      : *top;
              Generated g = generate(args->block, args->words, name);
              if (!rtl->empty()) g = verif::adopt_rtl(g, *rtl, name);
              verif::CosimResult r = verif::cosim(g, *opts);
              for (const auto& m : r.mismatches) fmt::print("{}\n", m);
              fmt::print("{}\n", r.summary());
              return r.pass ? 0 : 1;
            };
          }};
}

QRTL_COMMAND(make_cosim_command);

}  // namespace
}  // namespace qrtl::cli
