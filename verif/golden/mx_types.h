// OCP Microscaling (MX v1.0) element types and E8M0 scales as exact values, for golden models.
// The emax column is the specification's table (not derived from the format), so it cross-checks
// FloatFormat::emax() used by the generators.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "format.h"
#include "golden/fp_exact.h"

namespace qrtl::golden {

struct MxType {
  std::string name;
  bool is_int = false;  // MXINT8: two's complement, value = code * 2^-6
  FloatFormat f;        // float element types only
  int width = 8;
  int emax = 0;         // exponent of the largest power of two the element type can hold
};

const std::vector<std::string>& mx_type_names();  // e4m3 e5m2 e3m2 e2m3 e2m1 int8
MxType mx_type(const std::string& name);           // throws std::invalid_argument for other names

XReal mx_decode(const MxType& t, uint64_t code);
// E8M0 scale 2^(s-127); 0xFF is NaN.
XReal e8m0_decode(unsigned s);
// Round an exact rational to the nearest integer, ties to even.
mpz_class round_half_even(const mpq_class& v);

}  // namespace qrtl::golden
