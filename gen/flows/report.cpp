#include "flows/report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <map>

#include "flows/svgplot.h"
#include "flows/throughput.h"
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

// "4" for one precision, "8b: 4, 4b: 8, 2b: 16" for several.
std::string ops_cell(const BlockResult& r) {
  if (r.throughputs.size() < 2) return num_or_dash(r.throughput);
  std::string s;
  for (const auto& t : r.throughputs) s += fmt::format("{}{}b: {:g}", s.empty() ? "" : ", ", t.bits, t.ops_per_cycle);
  return s;
}

// The value of `key` in a canonical "k1=v1 k2=v2" list, or "".
std::string param_value(const std::string& params, const std::string& key) {
  const std::string k = key + "=";
  for (size_t at = 0; at < params.size();) {
    size_t end = params.find(' ', at);
    if (end == std::string::npos) end = params.size();
    if (params.compare(at, k.size(), k) == 0) return params.substr(at + k.size(), end - at - k.size());
    at = end + 1;
  }
  return "";
}

// A point of an area-vs-precision plot: the top name, and the format when the name does not show
// it (e4m3 and e5m2 are both 8 bits wide).
std::string precision_label(const BlockResult& r) {
  const std::string v = param_value(r.params, r.precision_key);
  if (v.empty() || std::isdigit(static_cast<unsigned char>(v[0])) || r.item.top.find(v) != std::string::npos)
    return r.item.top;
  return fmt::format("{} ({}={})", r.item.top, r.precision_key, v);
}

// One design in the area-vs-throughput plot: a point per precision labelled "TOP 4b", precisions
// with the same throughput merged into one point ("dg_mac 8/4/2b"), joined by a line.
PlotSeries throughput_series(const BlockResult& r) {
  const std::string caveat = throughput_caveat(r.item.block);
  PlotSeries s{caveat.empty() ? r.item.block : fmt::format("{} ({})", r.item.block, caveat), {}, true};
  std::vector<std::vector<int>> bits;  // the precisions of each point
  for (const auto& t : r.throughputs) {
    if (s.points.empty() || s.points.back().x != t.ops_per_cycle) {
      s.points.push_back({t.ops_per_cycle, static_cast<double>(r.transistors), ""});
      bits.emplace_back();
    }
    if (t.bits > 0) bits.back().push_back(t.bits);
  }
  for (size_t i = 0; i < s.points.size(); ++i)
    s.points[i].label = bits[i].empty() ? r.item.top : fmt::format("{} {}b", r.item.top, fmt::join(bits[i], "/"));
  return s;
}

std::map<std::string, std::vector<const BlockResult*>> by_family(const std::vector<BlockResult>& results) {
  std::map<std::string, std::vector<const BlockResult*>> f;
  for (const auto& r : results) f[r.item.block].push_back(&r);
  return f;
}

std::string family_table(const std::vector<const BlockResult*>& rs) {
  std::string md = "| top | parameters | lint | cosim | equiv | vectors | cells | transistors | depth | flops | ops/cycle |\n"
                   "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const BlockResult* r : rs)
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r->item.top, md_cell(r->params),
                      r->error.empty() ? r->lint : "ERROR: " + md_cell(r->error.substr(0, r->error.find('\n'))),
                      md_cell(r->cosim), md_cell(r->equiv), r->vectors, num_or_dash(r->cells), num_or_dash(r->transistors),
                      num_or_dash(r->depth), num_or_dash(r->flops), ops_cell(*r));
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
                    "cosim against its exact golden model (Verilator), a pipelined block proved equal to its stages=0 twin "
                    "(qrtl equiv), synthesis to generic gates (Yosys; CMOS "
                    "transistor estimate, depth = longest combinational path in cells).\n\n",
                    results.size(), results.size() - failed, failed);
  for (const auto& r : results)
    if (!r.ok())
      md += fmt::format("- **{}** ({}): {}\n", r.item.top, r.item.where,
                        md_cell(r.error.empty() ? "lint " + r.lint + ", cosim " + r.cosim + ", equiv " + r.equiv : r.error.substr(0, r.error.find('\n'))));
  if (failed) md += "\n";

  std::vector<std::pair<std::string, std::string>> files;
  Plot tput;
  tput.title = "Area vs throughput";
  tput.note = "each point: top, operand precision; a line joins one design's run-time precisions";
  tput.xlabel = "operations per cycle (multiplies, MACs or dot-product terms)";
  tput.ylabel = "transistors (CMOS estimate)";
  tput.xscale = Scale::log2;
  tput.yscale = Scale::log10;
  tput.pareto = true;
  tput.width = 960;
  tput.height = 600;
  for (const auto& [family, rs] : by_family(results)) {
    md += fmt::format("## {}\n\n{}\n", family, family_table(rs));
    PlotSeries area{family, {}};
    std::string key;
    for (const BlockResult* r : rs) {
      if (r->transistors < 0) continue;
      if (r->precision >= 0) {
        area.points.push_back({r->precision, static_cast<double>(r->transistors), precision_label(*r)});
        key = r->precision_key;
      }
      if (!r->throughputs.empty()) tput.series.push_back(throughput_series(*r));
    }
    if (!area.points.empty()) {
      Plot p;
      p.title = fmt::format("{}: area vs precision", family);
      p.xlabel = fmt::format("{} (bits)", key);
      p.ylabel = "transistors (CMOS estimate)";
      p.series = {area};
      p.width = 720;
      p.height = 460;
      const std::string name = fmt::format("plots/area_{}.svg", family);
      files.emplace_back(dir + "/" + name, svg_scatter(p));
      md += fmt::format("![{} area vs precision]({})\n\n", family, name);
    }
  }
  if (!tput.series.empty()) {
    files.emplace_back(dir + "/plots/area_vs_throughput.svg", svg_scatter(tput));
    md += "## Area vs throughput\n\nEvery block with a known throughput, at each precision it supports (run-time "
          "precision: `prec` port or precision inputs; term_dot at its worst case, every Booth term non-zero). The "
          "Pareto front (dashed, ringed) joins the points no other point dominates (as many or more operations "
          "per cycle for as few or fewer transistors), across precisions.\n\n![area vs throughput](plots/area_vs_throughput.svg)\n";
  }
  files.emplace_back(dir + "/report.json", j.dump(2) + "\n");
  files.emplace_back(dir + "/report.md", md);
  atomic_write_files(files);
  std::vector<std::string> paths;
  for (const auto& [p, text] : files) paths.push_back(p);
  return paths;
}

}  // namespace qrtl::flows
