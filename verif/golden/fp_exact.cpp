#include "fp_exact.h"

#include <stdexcept>

namespace qrtl::golden {

XReal XReal::finite(const mpq_class& v, bool neg_zero) {
  XReal r;
  r.kind = Kind::finite;
  r.neg = v < 0 || (v == 0 && neg_zero);
  r.mag = abs(v);
  return r;
}

mpq_class pow2(long k) {
  mpz_class one = 1;
  mpq_class r;
  if (k >= 0) {
    mpz_class n;
    mpz_mul_2exp(n.get_mpz_t(), one.get_mpz_t(), static_cast<mp_bitcnt_t>(k));
    r = mpq_class(n);
  } else {
    mpz_class d;
    mpz_mul_2exp(d.get_mpz_t(), one.get_mpz_t(), static_cast<mp_bitcnt_t>(-k));
    r = mpq_class(one, d);
  }
  return r;
}

long floor_log2(const mpq_class& x) {
  if (x <= 0) throw std::domain_error("floor_log2 of a non-positive value");
  long e = static_cast<long>(mpz_sizeinbase(x.get_num_mpz_t(), 2)) -
           static_cast<long>(mpz_sizeinbase(x.get_den_mpz_t(), 2));
  // 2^(e-1) < x < 2^(e+1): one comparison settles it.
  return x >= pow2(e) ? e : e - 1;
}

XReal decode(const FloatFormat& f, uint64_t code) {
  bool neg = f.sign(code);
  if (f.is_nan(code)) return XReal::nan();
  if (f.is_inf(code)) return XReal::inf(neg);
  uint64_t ef = f.exp_field(code), mf = f.man_field(code);
  mpz_class sig = ef == 0 ? mpz_class(static_cast<unsigned long>(mf))
                          : mpz_class(static_cast<unsigned long>(mf | (uint64_t{1} << f.m)));
  long scale = (ef == 0 ? f.emin() : static_cast<long>(ef) - f.bias) - f.m;
  XReal r;
  r.neg = neg;
  r.mag = mpq_class(sig) * pow2(scale);
  return r;
}

XReal mul(const XReal& a, const XReal& b) {
  if (a.is_nan() || b.is_nan()) return XReal::nan();
  bool neg = a.neg != b.neg;
  if ((a.is_inf() && b.is_zero()) || (a.is_zero() && b.is_inf())) return XReal::nan();
  if (a.is_inf() || b.is_inf()) return XReal::inf(neg);
  XReal r;
  r.neg = neg;
  r.mag = a.mag * b.mag;
  return r;
}

bool Expected::accepts(const FloatFormat& f, uint64_t got) const {
  switch (how) {
    case How::exact: return got == code;
    case How::any_nan: return f.is_nan(got);
    case How::any: return true;
  }
  return false;
}

uint64_t encode_exact(const FloatFormat& f, bool neg, const mpq_class& mag) {
  uint64_t sign = neg ? f.sign_bit() : 0;
  if (mag == 0) return sign;
  long e = floor_log2(mag);
  uint64_t ef = 0;
  long quantum;  // exponent of the LSB
  if (e < f.emin()) {
    quantum = f.emin() - f.m;
  } else {
    ef = static_cast<uint64_t>(e + f.bias);
    quantum = e - f.m;
  }
  mpq_class units = mag / pow2(quantum);
  if (units.get_den() != 1) throw std::logic_error("encode_exact: value not on the format's grid");
  uint64_t sig = units.get_num().get_ui();
  uint64_t mf = ef == 0 ? sig : sig - (uint64_t{1} << f.m);
  return sign | (ef << f.m) | mf;
}

namespace {

Expected exact(uint64_t c) { return {Expected::How::exact, c}; }

// The result for an infinite value (exact Inf input or product): Inf, else NaN, else max.
Expected infinite_result(const FloatFormat& f, bool neg) {
  uint64_t sign = neg ? f.sign_bit() : 0;
  if (f.has_inf()) return exact(sign | f.inf_code());
  if (f.has_nan()) return {Expected::How::any_nan, f.nan_code()};
  return exact(sign | f.max_finite_code());
}

}  // namespace

Expected round_to(const FloatFormat& f, const XReal& x, const RoundOpts& opts) {
  if (x.is_nan()) return f.has_nan() ? Expected{Expected::How::any_nan, f.nan_code()}
                                     : Expected{Expected::How::any, 0};
  if (!f.is_signed && x.neg) {
    // Unsigned formats: negative values clamp to the smallest value, zero (documented choice).
    if (x.is_inf() || x.mag != 0) return exact(0);
  }
  if (x.is_inf()) return infinite_result(f, x.neg);
  bool neg = x.neg && f.is_signed;
  uint64_t sign = neg ? f.sign_bit() : 0;
  if (x.mag == 0) return exact(sign);

  long e = floor_log2(x.mag);
  long quantum = (e < f.emin() ? f.emin() : e) - f.m;
  mpq_class n = x.mag / pow2(quantum);
  mpz_class q;
  switch (opts.mode) {
    case Round::rtz:
      mpz_fdiv_q(q.get_mpz_t(), n.get_num_mpz_t(), n.get_den_mpz_t());
      break;
    case Round::rne: {
      mpz_fdiv_q(q.get_mpz_t(), n.get_num_mpz_t(), n.get_den_mpz_t());
      mpq_class rem = n - mpq_class(q);
      mpq_class half(1, 2);
      if (rem > half || (rem == half && mpz_odd_p(q.get_mpz_t()))) q += 1;
      break;
    }
    case Round::sr: {
      mpq_class shifted = n + mpq_class(mpz_class(static_cast<unsigned long>(opts.sr_rand))) /
                                  pow2(static_cast<long>(opts.sr_bits));
      mpz_fdiv_q(q.get_mpz_t(), shifted.get_num_mpz_t(), shifted.get_den_mpz_t());
      break;
    }
  }
  mpq_class rounded = mpq_class(q) * pow2(quantum);
  mpq_class maxv = decode(f, f.max_finite_code()).mag;
  if (rounded > maxv) {
    if (opts.sat || f.specials == Specials::none) return exact(sign | f.max_finite_code());
    return infinite_result(f, neg);
  }
  return exact(encode_exact(f, neg, rounded));
}

}  // namespace qrtl::golden
