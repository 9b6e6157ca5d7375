// The one pipelining policy of qrtl. A pipelined block's generator builds its function as a
// combinational design; this pass then places the registers, with the depth model of vlog/cost.h:
//
//  - depth=D: every signal gets the earliest stage in which its gate depth, counted from the
//    stage's registers (or the inputs), stays within D (FloPoCo's frequency-driven scheduling).
//    The outputs are registered only if the logic does not fit in D; latency = the last stage.
//  - stages=N: the output is registered and N-1 more register stages split the logic: the pass
//    searches the smallest D for which the schedule needs at most N-1 internal cuts (more stages
//    than the logic has steps delay the output further). Latency = N.
//
// Signals read in a later stage than they are computed in are delayed by register chains
// (NAME_q1, NAME_q2, ...), shared by all their readers. Helper modules (instances) are scheduled
// once with the latest arrival depth of their inputs and get a clk port when they hold registers.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "params.h"
#include "vlog/ir.h"

namespace qrtl::arith {

// The shallowest depth=D every pipelined block supports (its builders keep single steps this short).
inline constexpr int kMinDepth = 16;

struct PipeSpec {
  int stages = 0;  // > 0: this many register stages, output registered
  int depth = 0;   // > 0: at most this many gate levels between registers
  bool active() const { return stages > 0 || depth > 0; }
};

// The keys every pipelined block takes, and the spec they set; `stages` and `depth` together is a
// usage error (check_pipe_keys).
std::vector<KeyDef> pipe_keys();
PipeSpec pipe_spec(const Params& p);
void check_pipe_keys(const std::string& block, const Params& p);

struct PipeResult {
  int latency = 0;
  int worst_depth = 0;   // model depth of the deepest register-to-register (or I/O) path
  int min_depth = 0;     // the deepest single assignment: no schedule can beat it
};

// Pipelines design `d` (its top module and helpers) per spec; a combinational design and an
// inactive spec are left unchanged (latency 0). Registers are clocked by a `clk` port, added where
// needed. Throws UsageError when depth=D is below the deepest single step of the design.
PipeResult pipeline(vlog::Design& d, const PipeSpec& spec);

// The model depth the pass schedules depth=D for: D less a margin of one eighth, for what ABC's
// mapping adds to the model on some paths (measured: up to 8% on mx_dot; tests/core_test.cpp
// checks the synthesized depth).
int model_budget(int depth);

// Model depth of the combinational design (no registers placed): for reports and tests.
int model_depth(const vlog::Design& d);

// The whole policy for a pipelined block: `build` adds the combinational function to `d`, then
// pipeline() places the registers. Builders split long carry chains into steps that fit the
// budget (StepBudgetScope): model_budget(D) for depth=D; for stages=N the combinational depth over
// N+1, measured on a first, unsplit build. worst_depth is the model depth of the result (the whole
// design's when it stays combinational).
PipeResult build_pipelined(vlog::Design& d, const PipeSpec& spec, const std::function<void(vlog::Design&)>& build);

}  // namespace qrtl::arith
