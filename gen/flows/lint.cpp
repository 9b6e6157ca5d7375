#include "flows/lint.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "errors.h"
#include "tools/tools.h"
#include "fsutil.h"
#include "vlog/ir.h"

namespace qrtl::flows {

LintReport lint(const std::string& file, const std::string& top) { return lint(std::vector<LintTarget>{{file, top}}); }

LintReport lint(const std::vector<LintTarget>& targets) {
  if (targets.empty()) throw std::logic_error("lint: no file");
  for (const auto& t : targets) {
    if (!std::filesystem::is_regular_file(t.file)) throw UsageError(fmt::format("no such file '{}'", t.file));
    if (!vlog::is_identifier(t.top)) throw UsageError(fmt::format("--top '{}' is not a legal Verilog identifier", t.top));
    tools::check_scriptable_path(t.file);
  }
  const bool one = targets.size() == 1;
  const std::string& first = targets.front().top;
  LintReport rep;

  std::vector<std::string> vcmd = {"verilator", "--lint-only", "-Wall", "-Wno-DECLFILENAME"};
  if (one)
    vcmd.insert(vcmd.end(), {"--top-module", first});
  else
    vcmd.push_back("-Wno-MULTITOP");  // several tops on purpose: each is elaborated
  for (const auto& t : targets) vcmd.push_back(t.file);
  tools::RunResult v = tools::run(vcmd);
  rep.tools.push_back({"verilator", v.exit_code == 0 && v.output.empty(), v.output});

  std::string vvp = fmt::format("/tmp/qrtl-lint-{}-{}.vvp", ::getpid(), first);
  std::vector<std::string> icmd = {"iverilog", "-g2012", "-o", vvp};
  for (const auto& t : targets) icmd.insert(icmd.end(), {"-s", t.top});
  for (const auto& t : targets) icmd.push_back(t.file);
  tools::RunResult i = tools::run(icmd);
  // A clean exit must come with the compiled output, or the tool did not really run.
  const bool compiled = std::filesystem::is_regular_file(vvp);
  ::unlink(vvp.c_str());
  if (i.exit_code == 0 && i.output.empty() && !compiled)
    i.output = fmt::format("iverilog exited 0 but wrote no {} (is '{}' a working Icarus?)\n", vvp, tools::find_tool("iverilog"));
  rep.tools.push_back({"iverilog", i.exit_code == 0 && i.output.empty(), i.output});

  // -q keeps the console quiet; the log file shows the check pass really ran.
  std::string ylog = fmt::format("/tmp/qrtl-lint-{}-{}.yosys.log", ::getpid(), first);
  std::string script;
  for (const auto& t : targets) script += fmt::format("read_verilog -sv \"{}\"; ", t.file);
  script += one ? fmt::format("hierarchy -check -top {}; ", first) : "hierarchy -check; ";
  script += "proc; check -assert";
  tools::RunResult y = tools::run({"yosys", "-q", "-l", ylog, "-p", script});
  std::string ylog_text;
  try {
    ylog_text = read_file(ylog);
  } catch (const UsageError&) {
  }
  ::unlink(ylog.c_str());
  if (y.exit_code == 0 && ylog_text.find("CHECK pass") == std::string::npos)
    y.output += fmt::format("yosys exited 0 but its log shows no check pass (is '{}' a working Yosys?)\n", tools::find_tool("yosys"));
  rep.tools.push_back({"yosys", y.exit_code == 0 && y.output.find("Warning") == std::string::npos &&
                                    ylog_text.find("CHECK pass") != std::string::npos, y.output});
  return rep;
}

}  // namespace qrtl::flows
