// qrtl gen BLOCK [key=value ...] --top NAME --out DIR
#include <fmt/format.h>

#include "cli/command.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

Command make() {
  return {"gen", "generate one block: writes DIR/NAME.sv and DIR/NAME.json", [](CLI::App& sub) {
            auto block = std::make_shared<std::string>();
            auto words = std::make_shared<std::vector<std::string>>();
            auto top = std::make_shared<std::string>();
            auto out = std::make_shared<std::string>(".");
            sub.add_option("block", *block, "block name (see qrtl list)")->required();
            sub.add_option("params", *words, "parameters, key=value");
            sub.add_option("--top", *top, "top module name (default: the block name)");
            sub.add_option("--out", *out, "output directory (created if missing)");
            return [=]() {
              Generated g = generate(*block, *words, top->empty() ? *block : *top);
              write_generated(g, *out);
              fmt::print("{}/{}.sv\n", *out, g.top);
              return 0;
            };
          }};
}

QRTL_COMMAND(make);

}  // namespace
}  // namespace qrtl::cli
