// Carry-propagate adders as a generator decision. Every adder of the arithmetic core (a bit heap's
// final adder, rounding increments, negations) goes through here:
//  - ripple: one `+`, the smallest; Yosys and ABC map it to a ripple carry chain (depth ~2 gates/bit).
//    When the block is pipelined the chain is cut into chunks (step_budget), so that registers can
//    go between them (FloPoCo's pipelined IntAdder).
//  - brent_kung, sklansky, kogge_stone: parallel-prefix carries, written with multiplexer
//    composition (g = p_hi ? g_lo : g_hi), the form ABC's area rewriting keeps logarithmic.
//    Measured with the generic flow (42 bits): ripple 1590 T / depth 75; Brent-Kung 1970 / 31;
//    Sklansky 2080 / 30; Kogge-Stone 3222 / 17 (benchmarks/calibrate_depth.py).
#pragma once
#include <string>

#include "vlog/ir.h"

namespace qrtl::arith {

enum class Adder { ripple, brent_kung, sklansky, kogge_stone };

// The largest model depth one emitted step should have, set while a pipelined block is built
// (0 = no limit): builders split long carry chains into steps no deeper than this.
int step_budget();
class StepBudgetScope {
 public:
  explicit StepBudgetScope(int budget);
  ~StepBudgetScope();
  StepBudgetScope(const StepBudgetScope&) = delete;
  StepBudgetScope& operator=(const StepBudgetScope&) = delete;

 private:
  int saved_;
};

// Declares `name` (`width` bits) = a + b (+ cin) modulo 2^width. a and b are expressions of
// `width` bits (wider ones are truncated by the caller); cin is a 1-bit expression or "".
std::string add(vlog::Module& m, const std::string& name, const std::string& a, const std::string& b, int width,
                const std::string& cin = "", Adder arch = Adder::ripple, const std::string& comment = "");

// Declares `name` = a + bit (a 1-bit expression) modulo 2^width: an increment, as a ripple chain
// (in chunks when pipelined, twice as long as an adder's: only ANDs propagate the carry).
std::string add_bit(vlog::Module& m, const std::string& name, const std::string& a, const std::string& bit, int width,
                    const std::string& comment = "");

// Declares `name` (n bits): bit i = AND of x[i..0] (x an n-bit expression), a parallel prefix of
// the given structure (not ripple): the carries of an increment.
std::string prefix_and(vlog::Module& m, const std::string& name, const std::string& x, int n, Adder arch,
                       const std::string& comment = "");

// Model depth (vlog/cost.h) of a `width`-bit adder of the given structure, as emitted.
int adder_depth(int width, Adder arch);

}  // namespace qrtl::arith
