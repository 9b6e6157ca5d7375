// Lint flow: the generated file must be read cleanly by three tools.
//   verilator --lint-only -Wall -Wno-DECLFILENAME   (must print nothing)
//   iverilog -g2012                                 (must print nothing)
//   yosys: read_verilog -sv; hierarchy -check; proc; check -assert
#pragma once
#include <string>
#include <vector>

namespace qrtl::flows {

struct ToolVerdict {
  std::string tool;
  bool ok = false;
  std::string output;
};

struct LintReport {
  std::vector<ToolVerdict> tools;
  bool ok() const {
    for (const auto& t : tools)
      if (!t.ok) return false;
    return !tools.empty();
  }
};

struct LintTarget {
  std::string file, top;
};

LintReport lint(const std::string& file, const std::string& top);

// Several files, each tool started once for all of them (a tool's start-up is most of the time a
// small file takes): every top is elaborated (Verilator without --top-module and MULTITOP waived,
// Icarus with one -s per top, Yosys's hierarchy without -top). The tops' module names must not
// collide (CONTRACTS.md: every module in NAME.sv is NAME or NAME_*). A failure does not say which
// file: lint the files one by one to find it.
LintReport lint(const std::vector<LintTarget>& targets);

}  // namespace qrtl::flows
