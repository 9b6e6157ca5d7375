#include "flows/report.h"

#include <fmt/format.h>

#include <map>

#include "flows/svgplot.h"
#include "fsutil.h"

namespace qrtl::flows {

namespace {

std::string num_or_dash(long v) { return v < 0 ? "-" : std::to_string(v); }
std::string num_or_dash(double v) { return v < 0 ? "-" : fmt::format("{:g}", v); }

std::string md_cell(std::string s) {
  for (auto& c : s)
    if (c == '|' || c == '\n') c = ' ';
  return s;
}

std::map<std::string, std::vector<const BlockResult*>> by_family(const std::vector<BlockResult>& results) {
  std::map<std::string, std::vector<const BlockResult*>> f;
  for (const auto& r : results) f[r.item.block].push_back(&r);
  return f;
}

std::string family_table(const std::vector<const BlockResult*>& rs) {
  std::string md = "| top | parameters | lint | cosim | vectors | cells | transistors | depth | flops | ops/cycle |\n"
                   "|---|---|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const BlockResult* r : rs)
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r->item.top, md_cell(r->params),
                      r->error.empty() ? r->lint : "ERROR: " + md_cell(r->error.substr(0, r->error.find('\n'))),
                      md_cell(r->cosim), r->vectors, num_or_dash(r->cells), num_or_dash(r->transistors),
                      num_or_dash(r->depth), num_or_dash(r->flops), num_or_dash(r->throughput));
  return md;
}

}  // namespace

size_t count_failed(const std::vector<BlockResult>& results) {
  size_t n = 0;
  for (const auto& r : results) n += r.ok() ? 0 : 1;
  return n;
}

std::string summary_table(const std::vector<BlockResult>& results) {
  size_t w = 4;
  for (const auto& r : results) w = std::max(w, r.item.top.size());
  std::string s = fmt::format("{:<{}}  {:<10} {:<32} {:>7} {:>11} {:>5}  {}\n", "top", w, "block", "cosim", "cells",
                              "transistors", "depth", "status");
  for (const auto& r : results)
    s += fmt::format("{:<{}}  {:<10} {:<32} {:>7} {:>11} {:>5}  {}\n", r.item.top, w, r.item.block,
                     r.cosim.substr(0, 32), num_or_dash(r.cells), num_or_dash(r.transistors), num_or_dash(r.depth),
                     r.ok() ? "ok" : (r.error.empty() ? "FAIL" : "ERROR"));
  return s;
}

std::vector<std::string> write_report(const std::vector<BlockResult>& results, const std::string& dir) {
  make_dirs(dir + "/plots");
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& r : results) j.push_back(to_json(r));

  const size_t failed = count_failed(results);
  std::string md = "# qrtl sweep report\n\n";
  md += fmt::format("{} blocks, {} passed, {} failed. Each block: generate, lint (Verilator -Wall, Icarus, Yosys), "
                    "cosim against its exact golden model (Verilator), synthesis to generic gates (Yosys; CMOS "
                    "transistor estimate, depth = longest combinational path in cells).\n\n",
                    results.size(), results.size() - failed, failed);
  for (const auto& r : results)
    if (!r.ok())
      md += fmt::format("- **{}** ({}): {}\n", r.item.top, r.item.where,
                        md_cell(r.error.empty() ? "lint " + r.lint + ", cosim " + r.cosim : r.error.substr(0, r.error.find('\n'))));
  if (failed) md += "\n";

  std::vector<std::pair<std::string, std::string>> files;
  Plot tput{"Area vs throughput", "operations per cycle", "transistors (CMOS estimate)", {}};
  for (const auto& [family, rs] : by_family(results)) {
    md += fmt::format("## {}\n\n{}\n", family, family_table(rs));
    PlotSeries area{family, {}}, tp{family, {}};
    std::string key;
    for (const BlockResult* r : rs) {
      if (r->transistors < 0) continue;
      if (r->precision >= 0) {
        area.points.push_back({r->precision, static_cast<double>(r->transistors), r->item.top});
        key = r->precision_key;
      }
      if (r->throughput >= 0) tp.points.push_back({r->throughput, static_cast<double>(r->transistors), r->item.top});
    }
    if (!area.points.empty()) {
      Plot p{fmt::format("{}: area vs precision", family), fmt::format("{} (bits)", key), "transistors (CMOS estimate)",
             {area}};
      const std::string name = fmt::format("plots/area_{}.svg", family);
      files.emplace_back(dir + "/" + name, svg_scatter(p));
      md += fmt::format("![{} area vs precision]({})\n\n", family, name);
    }
    if (!tp.points.empty()) tput.series.push_back(tp);
  }
  if (!tput.series.empty()) {
    files.emplace_back(dir + "/plots/area_vs_throughput.svg", svg_scatter(tput));
    md += "## Area vs throughput\n\n![area vs throughput](plots/area_vs_throughput.svg)\n";
  }
  files.emplace_back(dir + "/report.json", j.dump(2) + "\n");
  files.emplace_back(dir + "/report.md", md);
  atomic_write_files(files);
  std::vector<std::string> paths;
  for (const auto& [p, text] : files) paths.push_back(p);
  return paths;
}

}  // namespace qrtl::flows
