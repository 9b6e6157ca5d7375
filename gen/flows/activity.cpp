// Gate-level activity for the comparison flow: synthesize with the generic-gate script, write
// the netlist, simulate it with Verilator (VCD trace) and count bit flips of every net.
// Counting on the gate netlist, not the RTL, makes the proxy independent of how a generator
// names its intermediate signals: every net is a gate output, a flip-flop or a port.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "errors.h"
#include "cosim/cosim.h"
#include "flows/compare.h"
#include "tools/scratch.h"
#include "tools/tools.h"
#include "fsutil.h"
#include "synth/synth.h"

namespace qrtl::flows {

namespace fs = std::filesystem;

namespace {

// The simulation top: the original ports, wired bit by bit to the split ports of TOP_gates.
std::string wrapper(const Generated& g) {
  std::vector<std::string> ports, conns;
  for (const auto& p : g.ports) {
    ports.push_back(fmt::format("{} wire {}{}", vlog::keyword(p.dir), vlog::range(p.width), p.name));
    if (p.width == 1)
      conns.push_back(fmt::format(".{0}({0})", p.name));
    else
      for (int k = 0; k < p.width; ++k) conns.push_back(fmt::format(".{0}_{1}_({0}[{1}])", p.name, k));
  }
  return fmt::format("module {0} (\n  {1}\n);\n  {0}_gates gates (\n    {2}\n  );\nendmodule\n\n", g.top,
                     fmt::join(ports, ",\n  "), fmt::join(conns, ",\n    "));
}

// `name` is one of `excluded` or a bit of one split by splitnets: NAME_<index>_.
bool is_excluded(const std::string& name, const std::vector<std::string>& excluded) {
  for (const auto& e : excluded) {
    if (name == e) return true;
    if (name.size() > e.size() + 2 && name.compare(0, e.size() + 1, e + "_") == 0 && name.back() == '_' &&
        name.find_first_not_of("0123456789", e.size() + 1) == name.size() - 1)
      return true;
  }
  return false;
}

}  // namespace

GateNetlist synthesize_netlist(const Generated& g, const std::string& cache_dir_in) {
  // The generic script, then: drop every name that is not a port or a gate output (so no net
  // is counted twice through an alias), give the internal nets plain names (Verilator does not
  // trace names starting with "_"), split the ports into bits (output bits that share a net,
  // e.g. a sign extension, would otherwise read their own vector, which Verilator cannot order)
  // and write the netlist as module TOP_gates.
  std::string script = synth::generic_script();
  for (auto [key, value] : {std::pair<std::string, std::string>{"{file}", g.top + ".sv"}, {"{top}", g.top}})
    for (size_t p = 0; (p = script.find(key, p)) != std::string::npos; p += value.size()) script.replace(p, key.size(), value);
  script += fmt::format("opt_clean -purge\nrename -enumerate -pattern n%\nsplitnets -ports -format __\n"
                        "rename {0} {0}_gates\nwrite_verilog -noattr netlist.v\n", g.top);
  // Synthesis of the larger designs takes minutes: keep netlist and figures in the cache.
  const std::string cache_dir = cache_dir_in.empty() ? verif::default_cache_dir() : cache_dir_in;
  const std::string cached = fmt::format("{}/netlist-{}-{:016x}", cache_dir, g.top,
                                         fnv1a64(g.sv + script + tools::tool_version("yosys", cache_dir)));
  GateNetlist out;
  out.netlist = g;
  if (!fs::exists(cached + "/figures.txt")) {
    tools::ScratchDir scratch("netlist");
    const std::string& dir = scratch.path();
    atomic_write_file(dir + "/" + g.top + ".sv", g.sv);
    atomic_write_file(dir + "/netlist.ys", script);
    tools::RunResult r = tools::run({"yosys", "-s", "netlist.ys"}, dir);
    if (r.exit_code != 0) throw ToolError(fmt::format("yosys failed on {} (exit code {})", g.top, r.exit_code));
    synth::Report rep = synth::parse_log(r.output, g.top);
    make_dirs(cached);
    atomic_write_files({{cached + "/netlist.v", read_file(dir + "/netlist.v")},
                        {cached + "/figures.txt", fmt::format("{} {} {}\n", rep.cells, rep.transistors, rep.depth)}});
  }
  std::istringstream fig(read_file(cached + "/figures.txt"));
  if (!(fig >> out.cells >> out.transistors >> out.depth)) throw ToolError("corrupt synthesis cache " + cached);
  out.netlist.sv = wrapper(g) + read_file(cached + "/netlist.v");
  return out;
}

Activity count_vcd_toggles(const std::string& vcd_path, const std::vector<std::string>& excluded, int min_depth,
                           uint64_t from, uint64_t to) {
  std::ifstream f(vcd_path);
  if (!f) throw ToolError("cannot read " + vcd_path);
  struct Net {
    int width = 1;
    std::string value;  // current bits, most significant first
  };
  std::map<std::string, Net> nets;  // id code -> net (skipped nets are absent)
  std::vector<std::string> skipped;
  int depth = 0;
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream ls(line);
    std::string tok;
    ls >> tok;
    if (tok == "$scope") ++depth;
    if (tok == "$upscope") --depth;
    if (tok == "$var") {
      std::string type, id, name;
      int width = 0;
      ls >> type >> width >> id >> name;
      if (depth < min_depth || is_excluded(name, excluded))
        skipped.push_back(id);
      else if (!nets.count(id))
        nets[id] = Net{width, std::string(static_cast<size_t>(width), '0')};
    }
    if (tok == "$enddefinitions") break;
  }
  for (const auto& id : skipped) nets.erase(id);

  Activity act;
  for (const auto& [id, n] : nets) act.nets += static_cast<uint64_t>(n.width);
  long long steps = 0;  // time stamps seen; changes in the first one are the initial values
  uint64_t now = 0;     // the current time stamp
  auto apply = [&](const std::string& id, std::string v) {
    auto it = nets.find(id);
    if (it == nets.end()) return;
    Net& n = it->second;
    for (char& c : v) c = c == '1' ? '1' : '0';  // 2-state simulation: no x or z
    if (v.size() < n.value.size()) v.insert(0, n.value.size() - v.size(), '0');
    if (steps > 1 && now >= from && now < to)
      for (size_t i = 0; i < n.value.size(); ++i) act.toggles += n.value[i] != v[i];
    n.value = v;
  };
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '$') continue;
    if (line[0] == '#') {
      ++steps;
      now = std::strtoull(line.c_str() + 1, nullptr, 10);
      continue;
    }
    if (line[0] == 'b' || line[0] == 'B') {
      size_t sp = line.find(' ');
      if (sp != std::string::npos) apply(line.substr(sp + 1), line.substr(1, sp - 1));
    } else {
      apply(line.substr(1), line.substr(0, 1));
    }
  }
  act.cycles = steps > 1 ? static_cast<uint64_t>(steps - 1) : 0;
  return act;
}

}  // namespace qrtl::flows
