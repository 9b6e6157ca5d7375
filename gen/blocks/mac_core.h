// The bit-parallel MAC datapath shared by int_mac and dg_mac: y = acc + a*b modulo 2^wacc, the
// product's partial products and the accumulator in one BitHeap.
#pragma once
#include <string>

#include "vlog/ir.h"

namespace qrtl::blocks {

struct MacOperands {
  std::string a, b, acc;  // signal names in m
  int wa = 8, wb = 8, wacc = 32;
  bool is_signed = true;  // a and b two's complement
};

// Builds the datapath in m; returns the name carrying y.
std::string mac_datapath(vlog::Module& m, const MacOperands& op);

}  // namespace qrtl::blocks
