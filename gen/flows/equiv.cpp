#include "flows/equiv.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <tuple>

#include "errors.h"
#include "flows/equiv_netlist.h"
#include "tools/scratch.h"
#include "fsutil.h"
#include "registry.h"
#include "tools/tools.h"
#include "vlog/ir.h"

namespace qrtl::flows {

namespace {

using Clock = std::chrono::steady_clock;

class Deadline {
 public:
  explicit Deadline(int seconds) : end_(Clock::now() + std::chrono::seconds(seconds)) {}
  int seconds_left() const {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(end_ - Clock::now()).count();
    return static_cast<int>(std::max<long long>(1, left));
  }

 private:
  Clock::time_point end_;
};

constexpr int kTimedOut = 124;  // timeout(1)'s exit code when it stopped the tool

// Runs a tool under timeout(1) with what is left of the deadline.
tools::RunResult run_bounded(const std::vector<std::string>& argv, const Deadline& deadline, const std::string& cwd) {
  std::vector<std::string> cmd = {"timeout", "--kill-after=5", std::to_string(deadline.seconds_left())};
  tools::find_tool(argv[0]);  // a missing tool is a ToolError, not timeout's exit 127
  cmd.insert(cmd.end(), argv.begin(), argv.end());
  return tools::run(cmd, cwd);
}

struct TimedOut {};

// Quiet unless the caller reads the log (the SAT model table).
tools::RunResult yosys(const std::string& script, const Deadline& deadline, const std::string& cwd, bool quiet = true) {
  tools::RunResult r = run_bounded(quiet ? std::vector<std::string>{"yosys", "-q", "-p", script}
                                         : std::vector<std::string>{"yosys", "-p", script},
                                   deadline, cwd);
  if (r.exit_code == kTimedOut) throw TimedOut{};
  return r;
}

std::string first_error_line(const std::string& output) {
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    if (line.find("ERROR") != std::string::npos) return line;
  return output.substr(0, output.find('\n'));
}

// Reads one side into dir/<tag>.json as the single, flattened module qrtl_side_<tag>.
SideNetlist read_side(const EquivSide& s, const std::string& tag, const std::string& dir, const Deadline& deadline) {
  if (!std::filesystem::is_regular_file(s.file)) throw UsageError(fmt::format("no such file '{}'", s.file));
  if (!vlog::is_identifier(s.top)) throw UsageError(fmt::format("'{}' is not a legal Verilog module name", s.top));
  tools::check_scriptable_path(s.file);
  const std::string path = std::filesystem::absolute(s.file).string();
  const std::string script = fmt::format(
      "read_verilog -sv \"{0}\"; hierarchy -check -top {1}; proc; flatten; hierarchy -top {1}; opt_clean; "
      "rename {1} qrtl_side_{2}; write_json {2}.json",
      path, s.top, tag);
  tools::RunResult r = yosys(script, deadline, dir);
  if (r.exit_code != 0) throw UsageError(fmt::format("Yosys cannot read {} (top {}): {}", s.file, s.top, first_error_line(r.output)));
  return load_netlist(dir + "/" + tag + ".json");
}

bool has_clock(const SideNetlist& s) {
  return std::any_of(s.ports.begin(), s.ports.end(), [](const NetPort& p) { return p.name == "clk" && p.input; });
}

// The data ports (all but clk), in a's order; throws UsageError naming a port that differs.
std::vector<NetPort> matching_ports(const SideNetlist& a, const SideNetlist& b) {
  std::map<std::string, NetPort> in_b;
  for (const auto& p : b.ports)
    if (p.name != "clk") in_b[p.name] = p;
  std::vector<NetPort> ports;
  for (const auto& p : a.ports) {
    if (p.name == "clk") continue;
    auto it = in_b.find(p.name);
    if (it == in_b.end()) throw UsageError(fmt::format("port '{}' of a is not a port of b", p.name));
    if (it->second.input != p.input || it->second.width != p.width)
      throw UsageError(fmt::format("port '{}' differs: a has {} [{}:0], b has {} [{}:0]", p.name, p.input ? "input" : "output",
                                   p.width - 1, it->second.input ? "input" : "output", it->second.width - 1));
    in_b.erase(it);
    ports.push_back(p);
  }
  if (!in_b.empty()) throw UsageError(fmt::format("port '{}' of b is not a port of a", in_b.begin()->first));
  if (std::none_of(ports.begin(), ports.end(), [](const NetPort& p) { return !p.input; }))
    throw UsageError("the modules have no output to compare");
  return ports;
}

std::string out_name(char side, const std::string& port) { return fmt::format("qrtl_{}_{}", side, port); }

// The miter: both sides on the same inputs, each output delayed to the slower side's latency;
// qrtl_bad = an aligned output differs, once every side's pipeline holds real inputs.
std::string miter_verilog(const std::vector<NetPort>& ports, bool a_clock, bool b_clock, int la, int lb) {
  const int lmax = std::max(la, lb);
  std::string v = "module qrtl_miter (\n  input logic clk,\n";
  for (const auto& p : ports)
    if (p.input) v += fmt::format("  input logic [{}:0] {},\n", p.width - 1, p.name);
  v += "  output logic qrtl_bad\n);\n";
  std::vector<std::string> differs;
  for (auto [side, latency, clocked] : {std::tuple{'a', la, a_clock}, std::tuple{'b', lb, b_clock}}) {
    std::vector<std::string> conns;
    if (clocked) conns.push_back(".clk(clk)");
    for (const auto& p : ports) {
      if (p.input) {
        conns.push_back(fmt::format(".{0}({0})", p.name));
        continue;
      }
      std::string raw = out_name(side, p.name) + "_raw";
      v += fmt::format("  logic [{}:0] {};\n", p.width - 1, raw);
      conns.push_back(fmt::format(".{}({})", p.name, raw));
      std::string prev = raw;
      for (int d = 1; d <= lmax - latency; ++d) {
        std::string q = fmt::format("{}_d{}", out_name(side, p.name), d);
        v += fmt::format("  logic [{0}:0] {1};\n  always_ff @(posedge clk) {1} <= {2};\n", p.width - 1, q, prev);
        prev = q;
      }
      v += fmt::format("  wire [{}:0] {}_al = {};\n", p.width - 1, out_name(side, p.name), prev);
    }
    v += fmt::format("  qrtl_side_{0} u_{0} ({1});\n", side, fmt::join(conns, ", "));
  }
  for (const auto& p : ports)
    if (!p.input) differs.push_back(fmt::format("{}_al != {}_al", out_name('a', p.name), out_name('b', p.name)));
  std::string valid = "1'b1";
  if (lmax > 0) {
    v += fmt::format("  logic [{}:0] qrtl_valid = '0;  // cycle >= {}: every pipeline holds real inputs\n", lmax - 1, lmax);
    v += lmax == 1 ? "  always_ff @(posedge clk) qrtl_valid <= 1'b1;\n"
                   : fmt::format("  always_ff @(posedge clk) qrtl_valid <= {{qrtl_valid[{}:0], 1'b1}};\n", lmax - 2);
    valid = fmt::format("qrtl_valid[{}]", lmax - 1);
  }
  v += fmt::format("  assign qrtl_bad = {} && ({});\nendmodule\n", valid, fmt::join(differs, " || "));
  return v;
}

// Yosys commands that read the miter over two side netlists (prefix of a script run in dir).
std::string read_miter(const std::string& side_a, const std::string& side_b, const std::string& miter) {
  return fmt::format("read_json {}; read_json {}; read_verilog -sv {}; hierarchy -check -top qrtl_miter; proc; flatten; "
                     "opt_clean; ", side_a, side_b, miter);
}

enum class Abc { proved, refuted, undecided };
struct AbcAnswer {
  Abc answer = Abc::undecided;
  int frame = -1;  // the cycle a sequential counterexample fails at, when ABC says
};

// ABC's dprove on the miter (a Yosys read_miter prefix) in dir.
AbcAnswer abc_dprove(const std::string& dir, const std::string& miter, const Deadline& deadline) {
  tools::RunResult y = yosys(miter +
                                 "opt -fast -nodffe -nosdff; setundef -zero; dffunmap; techmap; opt -fast -nodffe -nosdff; "
                                 "dffunmap; aigmap; opt_clean; write_aiger -zinit miter.aig",
                             deadline, dir);
  if (y.exit_code != 0) throw ToolError("Yosys could not build the miter: " + first_error_line(y.output));
  tools::RunResult r = run_bounded({"yosys-abc", "-c", "read_aiger miter.aig; strash; dprove"}, deadline, dir);
  if (r.exit_code == kTimedOut) throw TimedOut{};
  const std::string& o = r.output;
  AbcAnswer ans;
  std::smatch m;
  if (o.find("Networks are equivalent") != std::string::npos || o.find("UNSATISFIABLE") != std::string::npos) {
    ans.answer = Abc::proved;
  } else if (o.find("Networks are not equivalent") != std::string::npos || o.find("SATISFIABLE") != std::string::npos) {
    ans.answer = Abc::refuted;
    if (std::regex_search(o, m, std::regex("asserted in frame (\\d+)"))) ans.frame = std::stoi(m[1]);
  } else if (r.exit_code != 0 && o.find("UNDECIDED") == std::string::npos) {
    throw ToolError("yosys-abc failed: " + first_error_line(o));
  }
  return ans;
}

std::string hex_of(const std::string& bin) {
  if (bin.find_first_not_of("01") != std::string::npos) return bin;  // x or z: as is
  std::string hex;
  for (size_t end = bin.size(); end > 0; end = end >= 4 ? end - 4 : 0) {
    size_t begin = end >= 4 ? end - 4 : 0;
    hex.insert(hex.begin(), "0123456789abcdef"[std::stoi(bin.substr(begin, end - begin), nullptr, 2)]);
  }
  return "0x" + hex;
}

// Yosys's SAT-based BMC over `steps` cycles from all-zero registers: one failing input sequence
// and the aligned outputs, or "" if it finds none.
std::string counterexample(const std::string& dir, const std::vector<NetPort>& ports, int steps, int lmax,
                           const EquivSide& a, const EquivSide& b, const Deadline& deadline) {
  std::vector<std::string> shown;
  for (const auto& p : ports)
    if (!p.input) shown.push_back(out_name('a', p.name) + "_al"), shown.push_back(out_name('b', p.name) + "_al");
  tools::RunResult r = yosys(read_miter("a.json", "b.json", "miter.sv") +
                                 fmt::format("sat -seq {} -set-init-zero -prove qrtl_bad 0 -show-inputs -show {}", steps,
                                             fmt::join(shown, ",")),
                             deadline, dir, false);
  if (r.output.find("model found: FAIL") == std::string::npos) return "";
  std::map<int, std::map<std::string, std::string>> by_step;  // step -> signal -> binary
  std::regex row(R"(^\s*(\d+)\s+\\(\S+)\s+\S+\s+\S+\s+([01xz]+)\s*$)");
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row)) by_step[std::stoi(m[1])][m[2]] = m[3];
  }
  // The first step whose aligned outputs differ, once valid.
  int fail = -1;
  for (const auto& [step, sig] : by_step) {
    if (step <= lmax) continue;
    for (const auto& p : ports)
      if (!p.input && sig.count(out_name('a', p.name) + "_al") &&
          sig.at(out_name('a', p.name) + "_al") != sig.at(out_name('b', p.name) + "_al"))
        fail = step;
    if (fail >= 0) break;
  }
  if (fail < 0) return "";
  const int first = fail - lmax;  // the cycle (1-based step) whose inputs the failing outputs belong to
  std::vector<std::string> cycles;  // every input up to the failure: an irregular side may read later ones
  for (int step = 1; step <= fail; ++step) {
    std::vector<std::string> vals;
    for (const auto& p : ports)
      if (p.input) vals.push_back(fmt::format("{}={}", p.name, hex_of(by_step[step][p.name])));
    cycles.push_back(fail == 1 ? fmt::format("{}", fmt::join(vals, " "))
                                : fmt::format("cycle {}: {}", step - 1, fmt::join(vals, " ")));
  }
  std::vector<std::string> ya, yb;
  for (const auto& p : ports) {
    if (p.input) continue;
    ya.push_back(fmt::format("{}={}", p.name, hex_of(by_step[fail][out_name('a', p.name) + "_al"])));
    yb.push_back(fmt::format("{}={}", p.name, hex_of(by_step[fail][out_name('b', p.name) + "_al"])));
  }
  return fmt::format("{} -> a (cycle {}): {}; b (cycle {}): {}", fmt::join(cycles, "; "), first - 1 + a.latency,
                     fmt::join(ya, " "), first - 1 + b.latency, fmt::join(yb, " "));
}

}  // namespace

EquivResult check_against_twin(const Generated& g, const std::string& file, int timeout_seconds) {
  std::vector<std::string> words;
  for (const auto& [key, value] : g.params.items())
    if (key != "stages" && key != "depth") words.push_back(key + "=" + value);
  words.push_back("stages=0");
  tools::ScratchDir dir("equiv-twin");
  Generated twin = generate(g.def->name, words, g.top);
  write_generated(twin, dir.path());
  return check_equivalence({file, g.top, g.latency}, {dir.path() + "/" + g.top + ".sv", g.top, twin.latency},
                           timeout_seconds);
}

EquivResult check_equivalence(const EquivSide& a, const EquivSide& b, int timeout_seconds) {
  for (const EquivSide* s : {&a, &b})
    if (s->latency < 0 || s->latency > 1000)
      throw UsageError(fmt::format("latency {} of {} is not in 0..1000", s->latency, s->top));
  const auto start = Clock::now();
  const Deadline deadline(timeout_seconds);
  tools::ScratchDir scratch("equiv");
  const std::string& dir = scratch.path();
  EquivResult res;
  auto finish = [&](EquivResult r) {
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return r;
  };
  try {
    SideNetlist na = read_side(a, "a", dir, deadline);
    SideNetlist nb = read_side(b, "b", dir, deadline);
    std::vector<NetPort> ports = matching_ports(na, nb);
    for (auto [side, net] : {std::pair{&a, &na}, std::pair{&b, &nb}})
      if (side->latency > 0 && !has_clock(*net))
        throw UsageError(fmt::format("{} has latency {} but no clk port", side->top, side->latency));

    // The sequential miter is the contract itself; plain pipelines of the claimed latencies are
    // compared through their combinational functions instead, a much easier proof.
    const int lmax = std::max(a.latency, b.latency);
    atomic_write_file(dir + "/miter.sv", miter_verilog(ports, has_clock(na), has_clock(nb), a.latency, b.latency));
    const std::optional<int> regs_a = pipeline_registers(na), regs_b = pipeline_registers(nb);
    const bool combinational = regs_a == a.latency && regs_b == b.latency;
    std::string miter = read_miter("a.json", "b.json", "miter.sv");
    if (combinational) {
      atomic_write_file(dir + "/a_comb.json", registers_as_wires(na, "qrtl_side_a"));
      atomic_write_file(dir + "/b_comb.json", registers_as_wires(nb, "qrtl_side_b"));
      atomic_write_file(dir + "/miter_comb.sv", miter_verilog(ports, has_clock(na), has_clock(nb), 0, 0));
      miter = read_miter("a_comb.json", "b_comb.json", "miter_comb.sv");
      res.method = fmt::format("plain pipelines of {} and {} registers, so their combinational functions were "
                               "compared (ABC dprove)", a.latency, b.latency);
    } else {
      res.method = "sequential miter from all-zero registers (ABC dprove: induction, signal correspondence)";
      // The likeliest mistake: a plain pipeline given with a latency that is not its register count.
      for (auto [name, regs, claimed] : {std::tuple{"a", regs_a, a.latency}, std::tuple{"b", regs_b, b.latency}})
        if (regs && *regs != claimed)
          res.method += fmt::format("; note: {} is a plain pipeline of {} registers, given latency {}", name, *regs, claimed);
    }
    AbcAnswer ans = abc_dprove(dir, miter, deadline);
    if (ans.answer == Abc::proved) res.verdict = EquivVerdict::equivalent;
    if (ans.answer == Abc::undecided) res.method = "ABC's dprove could not decide the " + res.method;
    if (ans.answer == Abc::refuted) {
      res.verdict = EquivVerdict::different;
      res.counterexample = counterexample(dir, ports, std::max(lmax, ans.frame) + 1, lmax, a, b, deadline);
      if (res.counterexample.empty())
        res.counterexample = fmt::format("(ABC refuted the miter; Yosys's BMC found no sequence within {} cycles)",
                                         std::max(lmax, ans.frame) + 1);
    }
    return finish(res);
  } catch (const TimedOut&) {
    res.verdict = EquivVerdict::unknown;
    res.method = fmt::format("the {} s timeout ran out", timeout_seconds);
    return finish(res);
  }
}

}  // namespace qrtl::flows
