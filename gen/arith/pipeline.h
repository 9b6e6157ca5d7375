// Where a block with `stages=N` puts its N register stages. The candidate points of a datapath
// built on a BitHeap are: 0 = the block inputs, k = after Dadda level k (1..L), L+1 = the output.
// Registers go at the output first (so no input reaches an output combinationally), then spread
// evenly back towards the inputs; stages beyond the available points delay the output further.
#pragma once
#include <vector>

namespace qrtl::arith {

struct PipePlan {
  bool input_regs = false;    // register the block inputs
  std::vector<int> heap_cuts;  // BitHeap::emit cuts (1..L+1)
  int output_delays = 0;      // extra register stages on the output
};

PipePlan plan_pipeline(int stages, int heap_levels);

}  // namespace qrtl::arith
