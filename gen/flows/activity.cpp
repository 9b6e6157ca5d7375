// Gate-level activity for the comparison flow: synthesize with the generic-gate script, write
// the netlist, simulate it with Verilator (VCD trace) and count bit flips of every net.
// Counting on the gate netlist, not the RTL, makes the proxy independent of how a generator
// names its intermediate signals: every net is a gate output, a flip-flop or a port.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "errors.h"
#include "flows/compare.h"
#include "flows/scratch.h"
#include "flows/tools.h"
#include "fsutil.h"
#include "synth/synth.h"

namespace qrtl::embedded {
extern const char* const synth_generic_ys;
}

namespace qrtl::flows {

GateNetlist synthesize_netlist(const Generated& g) {
  ScratchDir scratch("netlist");
  const std::string& dir = scratch.path();
  atomic_write_file(dir + "/" + g.top + ".sv", g.sv);
  // The generic script, then: drop every name that is not a port or a gate output (so no net
  // is counted twice through an alias), give the internal nets plain names (Verilator does not
  // trace names starting with "_"), and write the netlist.
  std::string script = embedded::synth_generic_ys;
  for (auto [key, value] : {std::pair<std::string, std::string>{"{file}", g.top + ".sv"}, {"{top}", g.top}})
    for (size_t p = 0; (p = script.find(key, p)) != std::string::npos; p += value.size()) script.replace(p, key.size(), value);
  script += "opt_clean -purge\nrename -enumerate -pattern n%\nwrite_verilog -noattr netlist.v\n";
  atomic_write_file(dir + "/netlist.ys", script);
  RunResult r = run({"yosys", "-s", "netlist.ys"}, dir);
  if (r.exit_code != 0) throw ToolError(fmt::format("yosys failed on {} (exit code {})", g.top, r.exit_code));
  synth::Report rep = synth::parse_log(r.output, g.top);
  GateNetlist out;
  out.cells = rep.cells;
  out.transistors = rep.transistors;
  out.depth = rep.depth;
  out.netlist = g;
  // Output bits that share a net (a sign extension) are written as y[30:16] = {y[31], ...}:
  // correct, but Verilator's scheduler calls it circular. This netlist is a simulation artefact
  // for the activity count, not delivered RTL, so the warning is waived here.
  out.netlist.sv = "/* verilator lint_off UNOPTFLAT */\n" + read_file(dir + "/netlist.v");
  return out;
}

Activity count_vcd_toggles(const std::string& vcd_path, const std::vector<std::string>& excluded) {
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
      bool is_input = depth <= 2 && std::find(excluded.begin(), excluded.end(), name) != excluded.end();
      if (is_input)
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
  auto apply = [&](const std::string& id, std::string v) {
    auto it = nets.find(id);
    if (it == nets.end()) return;
    Net& n = it->second;
    for (char& c : v) c = c == '1' ? '1' : '0';  // 2-state simulation: no x or z
    if (v.size() < n.value.size()) v.insert(0, n.value.size() - v.size(), '0');
    if (steps > 1)
      for (size_t i = 0; i < n.value.size(); ++i) act.toggles += n.value[i] != v[i];
    n.value = v;
  };
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '$') continue;
    if (line[0] == '#') {
      ++steps;
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
