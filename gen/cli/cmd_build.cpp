// qrtl build PRECSET.toml --out DIR: every block (NAME.sv, NAME.json) plus one FuseSoC core and
// one filelist for the whole set (DIR/SET.core, DIR/SET.f, SET = the file's stem).
#include <fmt/format.h>

#include <filesystem>

#include "cli/command.h"
#include "flows/package.h"
#include "fsutil.h"
#include "precset.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

Command make_build_command() {
  return {"build", "generate every block of a precision-set TOML file into DIR (+ SET.core, SET.f)", [](CLI::App& sub) {
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
              const std::string stem = std::filesystem::path(*file).stem().string();
              flows::CoreSpec spec{flows::package_name(stem), fmt::format("qrtl precision set {}", stem), {}};
              for (const auto& g : gens) spec.tops.push_back(g.top);
              const std::string core = *out + "/" + spec.name + ".core", f = *out + "/" + spec.name + ".f";
              files.emplace_back(core, flows::capi2_core(spec));
              files.emplace_back(f, flows::filelist(spec));
              make_dirs(*out);
              atomic_write_files(files);
              fmt::print("{} blocks generated into {}\n{}\n{}\n", gens.size(), *out, core, f);
              return 0;
            };
          }};
}

QRTL_COMMAND(make_build_command);

}  // namespace
}  // namespace qrtl::cli
