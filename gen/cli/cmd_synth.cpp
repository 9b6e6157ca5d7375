// qrtl synth FILE.sv --top NAME [--json OUT] [--liberty LIB]
#include <fmt/format.h>

#include "cli/command.h"
#include "fsutil.h"
#include "synth/synth.h"

namespace qrtl::cli {
namespace {

Command make_synth_command() {
  return {"synth", "synthesize with Yosys; report cells, CMOS transistors and logic depth", [](CLI::App& sub) {
            auto rtl = add_rtl_args(sub);
            auto json = std::make_shared<std::string>();
            auto liberty = std::make_shared<std::string>();
            sub.add_option("--json", *json, "write the report as JSON");
            sub.add_option("--liberty", *liberty, "map to this Liberty cell library instead of generic gates");
            return [=]() {
              synth::Report r = synth::run(rtl->file, rtl->top, *liberty);
              fmt::print("{:<24} {}\n", rtl->top, r.line());
              if (!json->empty()) atomic_write_file(*json, r.json());
              return 0;
            };
          }};
}

QRTL_COMMAND(make_synth_command);

}  // namespace
}  // namespace qrtl::cli
