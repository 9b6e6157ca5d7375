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

LintReport lint(const std::string& file, const std::string& top);

}  // namespace qrtl::flows
