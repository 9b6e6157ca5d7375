// Shared pieces of the OCP Microscaling generators (mx_dot, mx_quant): the element formats and a
// logarithmic leading-zero normalizer.
#pragma once
#include <string>
#include <vector>

#include "format.h"
#include "params.h"
#include "vlog/ir.h"

namespace qrtl::blocks {

// An MX element type: one of the OCP narrow floats, or MXINT8 (two's complement with an implicit 2^-6).
struct MxElem {
  std::string name;
  bool is_int = false;
  FloatFormat f;  // float elements only
  int width = 8;  // bits per element
  int emax = 0;   // floor(log2(max finite value)) as the MX specification uses it (int8: 0)
};

const std::vector<std::string>& mx_elem_names();  // e4m3 e5m2 e3m2 e2m3 e2m1 int8
// The keys every MX block takes: fmt (element type), k (1..64, default 32).
std::vector<KeyDef> mx_keys();
MxElem mx_elem(const std::string& name);

// Leading-zero count of `sig` (w bits) by conditional shifts of 2^j, 2^(j-1), ..., 1 positions: each
// stage asks "are the top 2^j bits zero?" and shifts them out if so. The stage answers are the
// binary digits of the count (which is 2^J - 1 for an all-zero input).
struct LeadingZeroShift {
  std::string count;  // leading zeros, count_width bits
  int count_width = 0;
  std::string value;  // sig << count (w bits), when asked for
};
LeadingZeroShift shift_leading_zeros(vlog::Module& m, const std::string& prefix, const std::string& sig, int w,
                                     bool want_value);

}  // namespace qrtl::blocks
