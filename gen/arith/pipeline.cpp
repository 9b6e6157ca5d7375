#include "pipeline.h"

namespace qrtl::arith {

PipePlan plan_pipeline(int stages, int heap_levels) {
  PipePlan plan;
  int points = heap_levels + 2;  // inputs, each level, output
  int used = stages < points ? stages : points;
  plan.output_delays = stages - used;
  for (int s = 0; s < used; ++s) {
    int p = points - 1 - (s * points) / used;
    if (p == 0)
      plan.input_regs = true;
    else
      plan.heap_cuts.push_back(p);
  }
  return plan;
}

}  // namespace qrtl::arith
