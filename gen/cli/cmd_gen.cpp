// qrtl gen BLOCK [key=value ...] --top NAME --out DIR [--fusesoc] [--filelist]
#include <fmt/format.h>

#include "cli/command.h"
#include "flows/package.h"
#include "fsutil.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

Command make_gen_command() {
  return {"gen", "generate one block: writes DIR/NAME.sv and DIR/NAME.json", [](CLI::App& sub) {
            auto args = add_block_args(sub);
            auto top = std::make_shared<std::string>();
            auto out = std::make_shared<std::string>(".");
            auto fusesoc = std::make_shared<bool>(false);
            auto flist = std::make_shared<bool>(false);
            sub.add_option("--top", *top, "top module name (default: the block name)");
            sub.add_option("--out", *out, "output directory (created if missing)");
            sub.add_flag("--fusesoc", *fusesoc, "also write DIR/NAME.core (FuseSoC CAPI2)");
            sub.add_flag("--filelist", *flist, "also write DIR/NAME.f (filelist)");
            return [=]() {
              Generated g = generate(args->block, args->words, top->empty() ? args->block : *top);
              write_generated(g, *out);
              fmt::print("{}/{}.sv\n", *out, g.top);
              flows::CoreSpec spec{g.top, fmt::format("qrtl {} {}: {}", g.def->name, g.params.to_string(), g.def->summary),
                                   {g.top}};
              std::vector<std::pair<std::string, std::string>> extra;
              if (*fusesoc) extra.emplace_back(*out + "/" + g.top + ".core", flows::capi2_core(spec));
              if (*flist) extra.emplace_back(*out + "/" + g.top + ".f", flows::filelist(spec));
              atomic_write_files(extra);
              for (const auto& [path, text] : extra) fmt::print("{}\n", path);
              return 0;
            };
          }};
}

QRTL_COMMAND(make_gen_command);

}  // namespace
}  // namespace qrtl::cli
