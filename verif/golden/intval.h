// Exact integer views of bit vectors (GMP), for golden models.
#pragma once
#include <gmpxx.h>

#include "bits.h"

namespace qrtl::golden {

// The integer a bit vector (or a field of it) stands for: unsigned, or two's complement.
mpz_class value_of(const Bits& x, bool is_signed);
mpz_class field_value(const Bits& x, unsigned lo, unsigned n, bool is_signed);
// v modulo 2^width as a bit vector (two's complement wrap-around for negative v).
Bits to_bits(const mpz_class& v, unsigned width);

}  // namespace qrtl::golden
