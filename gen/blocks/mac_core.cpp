#include "blocks/mac_core.h"

#include "arith/bitheap.h"

namespace qrtl::blocks {

std::string mac_datapath(vlog::Module& m, const MacOperands& op) {
  arith::BitHeap heap(m, "mac", op.wacc);
  heap.add_product(op.a, op.wa, op.is_signed, op.b, op.wb, op.is_signed);
  heap.add_number(op.acc, op.wacc, false);
  return heap.emit("mac_sum");
}

}  // namespace qrtl::blocks
