// qrtl lint FILE.sv --top NAME
#include <fmt/format.h>

#include "cli/command.h"
#include "flows/lint.h"

namespace qrtl::cli {
namespace {

Command make() {
  return {"lint", "lint a file with Verilator -Wall, Icarus (-g2012) and Yosys", [](CLI::App& sub) {
            auto file = std::make_shared<std::string>();
            auto top = std::make_shared<std::string>();
            sub.add_option("file", *file, "SystemVerilog file")->required();
            sub.add_option("--top", *top, "top module")->required();
            return [=]() {
              flows::LintReport r = flows::lint(*file, *top);
              for (const auto& t : r.tools) {
                fmt::print("{:<10} {}\n", t.tool, t.ok ? "clean" : "FAIL");
                if (!t.ok) fmt::print("{}", t.output);
              }
              return r.ok() ? 0 : 1;
            };
          }};
}

QRTL_COMMAND(make);

}  // namespace
}  // namespace qrtl::cli
