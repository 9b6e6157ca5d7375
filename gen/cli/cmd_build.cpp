// qrtl build PRECSET.toml --out DIR
#include <fmt/format.h>

#include "cli/command.h"
#include "fsutil.h"
#include "precset.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

Command make() {
  return {"build", "generate every block of a precision-set TOML file into DIR", [](CLI::App& sub) {
            auto file = std::make_shared<std::string>();
            auto out = std::make_shared<std::string>();
            sub.add_option("precset", *file, "precision-set TOML file")->required();
            sub.add_option("--out", *out, "output directory")->required();
            return [=]() {
              std::vector<BuildItem> items = read_precision_set(*file);
              std::vector<Generated> gens;
              for (const auto& it : items) gens.push_back(generate(it.block, it.words, it.top));
              // All files are written to temporaries first and renamed together: an error
              // (unwritable directory, disk full) leaves none of them behind.
              std::vector<std::pair<std::string, std::string>> files;
              for (const auto& g : gens) {
                files.emplace_back(*out + "/" + g.top + ".sv", g.sv);
                files.emplace_back(*out + "/" + g.top + ".json", g.manifest);
              }
              make_dirs(*out);
              atomic_write_files(files);
              fmt::print("{} blocks generated into {}\n", gens.size(), *out);
              return 0;
            };
          }};
}

QRTL_COMMAND(make);

}  // namespace
}  // namespace qrtl::cli
