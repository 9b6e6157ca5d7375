// External tools (Verilator, Icarus, Yosys): found on PATH once, run with argument vectors (never
// a shell string built from user input). A missing tool is a ToolError naming the tool and how to
// install it.
#pragma once
#include <string>
#include <vector>

namespace qrtl::tools {

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

// Absolute path of tool on PATH; throws ToolError (with the Debian package to install) if absent.
std::string find_tool(const std::string& tool);
// Whether an optional helper (e.g. ccache) is on PATH; never throws.
bool has_tool(const std::string& tool);
// Runs argv[0] (looked up with find_tool) in cwd (empty = current), capturing its output.
RunResult run(const std::vector<std::string>& argv, const std::string& cwd = "");
// `tool --version` first line, for cache keys and reports ("" if it fails). Asked once per
// process; with `memo_dir`, also remembered there for later processes, keyed by the executable's
// identity (path, inode, size, times; for a wrapper script TOOL also those of TOOL_bin beside it):
// `verilator --version` alone is a Perl start-up, about 0.2 s of every cosim otherwise.
std::string tool_version(const std::string& tool, const std::string& memo_dir = "");
// A path goes into a Yosys script between double quotes: throws UsageError for the few characters
// that would end the quoting (refused rather than escaped).
void check_scriptable_path(const std::string& path);

}  // namespace qrtl::tools
