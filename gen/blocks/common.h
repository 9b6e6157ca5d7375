// Small building blocks shared by block generators.
#pragma once
#include <string>

#include "vlog/ir.h"

namespace qrtl::blocks {

// Delays `sig` by n clock cycles through registers named sig_d1..sig_dn; returns the last name
// (or sig itself when n == 0).
std::string delay(vlog::Module& m, const std::string& clk, const std::string& sig, int width, int n);

}  // namespace qrtl::blocks
