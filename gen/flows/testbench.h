// A plain-SystemVerilog self-checking testbench for a combinational or fixed-latency block, reading
// the $readmemh files written by `qrtl vectors` (see vectors.h for their layout). Icarus (-g2012),
// Questa, VCS and Xcelium read it; it needs no qrtl, no DPI and no UVM.
#pragma once
#include <string>
#include <vector>

#include "vlog/ir.h"

namespace qrtl::flows {

struct TestbenchSpec {
  std::string top;                  // the block's module
  std::vector<vlog::Port> in, out;  // data ports in the order of the hex lines (first = most significant)
  bool clocked = false;
  int latency = 0;
  uint64_t vectors = 0;
  size_t alternatives = 1;          // expected/mask file pairs
  std::vector<std::string> header;  // comment lines (how the vectors were made)
};

std::string hex_file(const std::string& top, const std::string& kind, size_t alt = 0);  // "TOP_exp0.hex"
std::string testbench(const TestbenchSpec& s);

}  // namespace qrtl::flows
