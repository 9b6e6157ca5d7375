// qrtl lint FILE.sv --top NAME
#include <fmt/format.h>

#include "cli/command.h"
#include "flows/lint.h"

namespace qrtl::cli {
namespace {

Command make_lint_command() {
  return {"lint", "lint a file with Verilator -Wall, Icarus (-g2012) and Yosys", [](CLI::App& sub) {
            auto rtl = add_rtl_args(sub);
            return [=]() {
              flows::LintReport r = flows::lint(rtl->file, rtl->top);
              for (const auto& t : r.tools) {
                fmt::print("{:<10} {}\n", t.tool, t.ok ? "clean" : "FAIL");
                if (!t.ok) fmt::print("{}", t.output);
              }
              return r.ok() ? 0 : 1;
            };
          }};
}

QRTL_COMMAND(make_lint_command);

}  // namespace
}  // namespace qrtl::cli
