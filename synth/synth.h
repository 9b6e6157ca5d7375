// Synthesis flow: runs Yosys with synth/generic.ys (or synth/liberty.ys) and parses its report.
#pragma once
#include <map>
#include <string>

namespace qrtl::synth {

struct Report {
  std::string top;
  long cells = 0;
  long transistors = 0;   // CMOS estimate (generic script only)
  long depth = 0;         // longest combinational path, in cells
  long flops = 0;
  double area = 0;        // library area (liberty script only)
  std::string liberty;    // empty for the generic script
  std::map<std::string, long> cell_types;
  std::string log;        // full Yosys log

  std::string json() const;
  std::string line() const;  // "cells 399  transistors 2866  depth 30"
};

// Runs Yosys on file/top. liberty empty = generic gates. Throws ToolError if Yosys fails.
Report run(const std::string& file, const std::string& top, const std::string& liberty = "");
// The generic-gate script (synth/generic.ys) with {file}/{top} unsubstituted, for flows that extend
// it (the gate-netlist writer) and for cache keys of synthesis results (editing it invalidates them).
const char* generic_script();
// Parses a Yosys log of one of the scripts (exposed for tests).
Report parse_log(const std::string& log, const std::string& top);

}  // namespace qrtl::synth
