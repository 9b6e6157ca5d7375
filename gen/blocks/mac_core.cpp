#include "blocks/mac_core.h"

#include <fmt/format.h>

#include "arith/bitheap.h"
#include "arith/pipeline.h"
#include "blocks/common.h"

namespace qrtl::blocks {

std::string mac_datapath(vlog::Module& m, const MacOperands& op, int stages) {
  auto fill = [&](arith::BitHeap& h, const std::string& a, const std::string& b, const std::string& acc) {
    h.add_product(a, op.wa, op.is_signed, b, op.wb, op.is_signed);
    h.add_number(acc, op.wacc, false);
  };
  arith::BitHeap probe(m, "probe", op.wacc);
  fill(probe, op.a, op.b, op.acc);
  arith::PipePlan plan = arith::plan_pipeline(stages, probe.levels());

  std::string a = op.a, b = op.b, acc = op.acc;
  if (plan.input_regs) {
    a = m.reg("clk", "a_q", op.wa, op.a, "stage-1 register of " + op.a);
    b = m.reg("clk", "b_q", op.wb, op.b, "stage-1 register of " + op.b);
    acc = m.reg("clk", "acc_q", op.wacc, op.acc, "stage-1 register of " + op.acc);
  }
  arith::BitHeap heap(m, "mac", op.wacc);
  fill(heap, a, b, acc);
  std::string sum = heap.emit("mac_sum", plan.heap_cuts);
  return delay(m, "clk", sum, op.wacc, plan.output_delays);
}

}  // namespace qrtl::blocks
