#include "golden/intval.h"

namespace qrtl::golden {

mpz_class field_value(const Bits& x, unsigned lo, unsigned n, bool is_signed) {
  mpz_class v = 0;
  for (int i = static_cast<int>(n) - 1; i >= 0; --i) v = v * 2 + (x.bit(lo + i) ? 1 : 0);
  if (is_signed && n > 0 && x.bit(lo + n - 1)) {
    mpz_class span = 1;
    mpz_mul_2exp(span.get_mpz_t(), span.get_mpz_t(), n);
    v -= span;
  }
  return v;
}

mpz_class value_of(const Bits& x, bool is_signed) { return field_value(x, 0, x.width(), is_signed); }

Bits to_bits(const mpz_class& v, unsigned width) {
  mpz_class span = 1;
  mpz_mul_2exp(span.get_mpz_t(), span.get_mpz_t(), width);
  mpz_class r;
  mpz_fdiv_r(r.get_mpz_t(), v.get_mpz_t(), span.get_mpz_t());
  Bits out(width);
  for (unsigned i = 0; i < width; ++i) out.set_bit(i, mpz_tstbit(r.get_mpz_t(), i));
  return out;
}

}  // namespace qrtl::golden
