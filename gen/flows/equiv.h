// Formal equivalence of two modules with the same data ports (docs/flows.md, `qrtl equiv`): for
// every input sequence, the outputs of a at cycle t + latency_a equal those of b at t + latency_b.
//
// Method. Yosys reads each side (proc; flatten) and qrtl checks whether it is a plain pipeline
// (equiv_netlist.h). When both are, and their register counts are the claimed latencies, the
// claim is exactly the equivalence of the two combinational functions, which ABC proves on the
// miter by SAT sweeping (dprove on a latch-free miter). Otherwise ABC's sequential prover
// (dprove: signal correspondence, induction) runs on the sequential miter, registers starting at
// zero. A failed proof is turned into a readable input sequence by Yosys's SAT-based BMC.
#pragma once
#include <string>

#include "registry.h"

namespace qrtl::flows {

struct EquivSide {
  std::string file;
  std::string top;
  int latency = 0;
};

enum class EquivVerdict { equivalent, different, unknown };

struct EquivResult {
  EquivVerdict verdict = EquivVerdict::unknown;
  std::string method;          // how the verdict was reached, one line
  std::string counterexample;  // when different: inputs by cycle and both outputs, one line
  double seconds = 0;
};

// Throws UsageError for a missing file or top, a port mismatch (naming the port) or a latency
// without a clk port; ToolError when Yosys or ABC is missing or fails.
EquivResult check_equivalence(const EquivSide& a, const EquivSide& b, int timeout_seconds);

// A pipelined configuration g, written to `file`, against its combinational twin: the same
// parameters with stages=0 and no depth=.
EquivResult check_against_twin(const Generated& g, const std::string& file, int timeout_seconds);

}  // namespace qrtl::flows
