#include "synth.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "errors.h"
#include "tools/tools.h"
#include "fsutil.h"
#include "vlog/ir.h"

namespace qrtl::embedded {
extern const char* const synth_generic_ys;
extern const char* const synth_liberty_ys;
}  // namespace qrtl::embedded

namespace qrtl::synth {

const char* generic_script() { return embedded::synth_generic_ys; }

namespace {
// Names of the sequential cells (those with an ff or latch group) of a Liberty file, read line by
// line: flip-flop names differ between libraries (DFF_X1, sky130_fd_sc_hd__dfxtp_1, ...).
std::set<std::string> sequential_cells(const std::string& liberty) {
  static const std::regex cell_re(R"re(^\s*cell\s*\(\s*"?([^"\s)]+)"?\s*\))re");
  static const std::regex seq_re(R"(^\s*(ff|latch|ff_bank|latch_bank)\s*\()");
  std::set<std::string> seq;
  std::istringstream in(read_file(liberty));
  std::string line, cell;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.find("cell") != std::string::npos && std::regex_search(line, m, cell_re))
      cell = m[1];
    else if (!cell.empty() && (line.find("ff") != std::string::npos || line.find("latch") != std::string::npos) &&
             std::regex_search(line, seq_re))
      seq.insert(cell);
  }
  return seq;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
}
}  // namespace

Report parse_log(const std::string& log, const std::string& top) {
  Report r;
  r.top = top;
  r.log = log;
  // The last "Printing statistics" section is the final netlist; take cells and types from it.
  size_t last = log.rfind("Printing statistics");
  std::string stat = last == std::string::npos ? log : log.substr(last);
  std::smatch m;
  static const std::regex cells_re(R"(Number of cells:\s+(\d+))");
  static const std::regex tr_re(R"(Estimated number of transistors:\s+(\d+))");
  static const std::regex area_re(R"(Chip area for (?:top )?module .*?:\s+([0-9.eE+-]+))");
  static const std::regex ltp_re(R"(Longest topological path in \S+ \(length=(\d+)\))");
  if (std::regex_search(stat, m, cells_re)) r.cells = std::stol(m[1]);
  size_t cells_pos = stat.find("Number of cells:");
  if (cells_pos != std::string::npos) {
    std::istringstream ss(stat.substr(cells_pos));
    std::string line;
    std::getline(ss, line);
    while (std::getline(ss, line)) {
      std::istringstream ls(line);
      std::string name;
      long n;
      if (!(ls >> name >> n) || name.find(':') != std::string::npos) break;
      r.cell_types[name] = n;
      if (name.find("DFF") != std::string::npos || name.find("dff") != std::string::npos) r.flops += n;
    }
  }
  for (auto it = std::sregex_iterator(log.begin(), log.end(), tr_re); it != std::sregex_iterator(); ++it)
    r.transistors = std::stol((*it)[1]);
  for (auto it = std::sregex_iterator(log.begin(), log.end(), area_re); it != std::sregex_iterator(); ++it)
    r.area = std::stod((*it)[1]);
  if (std::regex_search(log, m, ltp_re)) r.depth = std::stol(m[1]);
  return r;
}

Report run(const std::string& file, const std::string& top, const std::string& liberty) {
  if (!std::filesystem::is_regular_file(file)) throw UsageError(fmt::format("no such file '{}'", file));
  if (!vlog::is_identifier(top)) throw UsageError(fmt::format("--top '{}' is not a legal Verilog identifier", top));
  if (!liberty.empty() && !std::filesystem::is_regular_file(liberty))
    throw UsageError(fmt::format("no such liberty file '{}'", liberty));
  for (const std::string& p : {file, liberty})
    if (p.find_first_of("\"\n;{}") != std::string::npos)
      throw UsageError(fmt::format("path '{}' contains a quote, brace, semicolon or newline", p));
  std::string script = liberty.empty() ? embedded::synth_generic_ys : embedded::synth_liberty_ys;
  replace_all(script, "{file}", file);
  replace_all(script, "{top}", top);
  replace_all(script, "{liberty}", liberty);
  std::string path = fmt::format("{}/qrtl-synth-{}-{}.ys", std::filesystem::temp_directory_path().string(), ::getpid(), top);
  atomic_write_file(path, script);
  tools::RunResult res = tools::run({"yosys", "-s", path});
  ::unlink(path.c_str());
  if (res.exit_code != 0) {
    size_t err = res.output.find("ERROR");
    throw ToolError(fmt::format("yosys failed on {}: {}", file,
                                err == std::string::npos ? "exit code " + std::to_string(res.exit_code)
                                                         : res.output.substr(err, res.output.find('\n', err) - err)));
  }
  // A Yosys that exits 0 without printing statistics (a broken install, a stub on PATH) must not
  // pass as a design of zero cells.
  if (res.output.find("Number of cells:") == std::string::npos)
    throw ToolError(fmt::format("yosys printed no statistics for {} (is '{}' a working Yosys? install it "
                                "with scripts/install-deps.sh)", file, tools::find_tool("yosys")));
  Report r = parse_log(res.output, top);
  r.liberty = liberty;
  if (!liberty.empty()) {
    const std::set<std::string> seq = sequential_cells(liberty);
    r.flops = 0;
    for (const auto& [name, n] : r.cell_types)
      if (seq.count(name)) r.flops += n;
  }
  return r;
}

std::string Report::line() const {
  if (!liberty.empty()) return fmt::format("cells {:>6}  area {:>10.2f}  depth {:>3}  flops {:>4}", cells, area, depth, flops);
  return fmt::format("cells {:>6}  transistors {:>7}  depth {:>3}  flops {:>4}", cells, transistors, depth, flops);
}

std::string Report::json() const {
  nlohmann::ordered_json j;
  j["top"] = top;
  j["cells"] = cells;
  if (liberty.empty())
    j["transistors"] = transistors;
  else {
    j["liberty"] = liberty;
    j["area"] = area;
  }
  j["depth"] = depth;
  j["flops"] = flops;
  j["cell_types"] = cell_types;
  return j.dump(2) + "\n";
}

}  // namespace qrtl::synth
