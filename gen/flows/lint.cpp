#include "flows/lint.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "errors.h"
#include "tools/tools.h"
#include "fsutil.h"
#include "vlog/ir.h"

namespace qrtl::flows {

LintReport lint(const std::string& file, const std::string& top) {
  if (!std::filesystem::is_regular_file(file)) throw UsageError(fmt::format("no such file '{}'", file));
  if (!vlog::is_identifier(top)) throw UsageError(fmt::format("--top '{}' is not a legal Verilog identifier", top));
  tools::check_scriptable_path(file);
  LintReport rep;

  tools::RunResult v = tools::run({"verilator", "--lint-only", "-Wall", "-Wno-DECLFILENAME", "--top-module", top, file});
  rep.tools.push_back({"verilator", v.exit_code == 0 && v.output.empty(), v.output});

  std::string vvp = fmt::format("/tmp/qrtl-lint-{}-{}.vvp", ::getpid(), top);
  tools::RunResult i = tools::run({"iverilog", "-g2012", "-o", vvp, "-s", top, file});
  // A clean exit must come with the compiled output, or the tool did not really run.
  const bool compiled = std::filesystem::is_regular_file(vvp);
  ::unlink(vvp.c_str());
  if (i.exit_code == 0 && i.output.empty() && !compiled)
    i.output = fmt::format("iverilog exited 0 but wrote no {} (is '{}' a working Icarus?)\n", vvp, tools::find_tool("iverilog"));
  rep.tools.push_back({"iverilog", i.exit_code == 0 && i.output.empty(), i.output});

  // -q keeps the console quiet; the log file shows the check pass really ran.
  std::string ylog = fmt::format("/tmp/qrtl-lint-{}-{}.yosys.log", ::getpid(), top);
  std::string script = fmt::format("read_verilog -sv \"{}\"; hierarchy -check -top {}; proc; check -assert", file, top);
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
