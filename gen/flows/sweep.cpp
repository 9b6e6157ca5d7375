#include "flows/sweep.h"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cosim/cosim.h"
#include "errors.h"
#include "flows/lint.h"
#include "fsutil.h"
#include "registry.h"
#include "synth/synth.h"

namespace qrtl::flows {

bool BlockResult::ok() const {
  return generated && error.empty() && lint.rfind("FAIL", 0) != 0 && cosim.rfind("FAIL", 0) != 0;
}

std::vector<BlockResult> sweep(const std::vector<BuildItem>& items, const SweepOptions& opts) {
  std::vector<BlockResult> results;
  make_dirs(opts.out_dir);
  for (const auto& item : items) {
    BlockResult r;
    r.item = item;
    try {
      Generated g = generate(item.block, item.words, item.top);
      r.params = g.params.to_string();
      write_generated(g, opts.out_dir);
      r.generated = true;
      const std::string file = opts.out_dir + "/" + g.top + ".sv";
      if (opts.lint) {
        LintReport lr = lint(file, g.top);
        r.lint = "clean";
        for (const auto& t : lr.tools)
          if (!t.ok) r.lint = "FAIL " + t.tool;
      }
      if (opts.cosim) {
        verif::CosimOptions co;
        co.vectors = opts.vectors;
        co.cache_dir = opts.cache_dir;
        verif::CosimResult cr = verif::cosim(g, co);
        r.cosim = cr.summary();
      }
      if (opts.synth) {
        synth::Report sr = synth::run(file, g.top);
        r.cells = sr.cells;
        r.transistors = sr.transistors;
        r.depth = sr.depth;
        r.flops = sr.flops;
      }
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    std::fprintf(stderr, "%-36s %s\n", item.top.c_str(), r.ok() ? "ok" : ("FAIL " + r.error + " " + r.lint + " " + r.cosim).c_str());
    results.push_back(std::move(r));
  }
  return results;
}

std::string write_report(const std::vector<BlockResult>& results, const SweepOptions& opts) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  std::string md = "| top | block | parameters | lint | cosim | cells | transistors | depth | flops |\n"
                   "|---|---|---|---|---|---:|---:|---:|---:|\n";
  for (const auto& r : results) {
    j.push_back({{"top", r.item.top}, {"block", r.item.block}, {"params", r.params}, {"ok", r.ok()},
                 {"lint", r.lint}, {"cosim", r.cosim}, {"cells", r.cells}, {"transistors", r.transistors},
                 {"depth", r.depth}, {"flops", r.flops}, {"error", r.error}});
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r.item.top, r.item.block, r.params,
                      r.error.empty() ? r.lint : "ERROR: " + r.error, r.cosim, r.cells, r.transistors, r.depth,
                      r.flops);
  }
  atomic_write_files({{opts.out_dir + "/report.json", j.dump(2) + "\n"}, {opts.out_dir + "/report.md", md}});
  return md;
}

}  // namespace qrtl::flows
