// Exact reference arithmetic for narrow floating point: decode any FloatFormat code into an exact
// rational, and round an exact rational into a format (RNE, RTZ, stochastic) with the overflow,
// infinity and NaN rules of ../shared/CONTRACTS.md. Uses GMP rationals, never host floats, so the
// reference cannot inherit a rounding of its own.
#pragma once
#include <gmpxx.h>

#include <cstdint>

#include "format.h"

namespace qrtl::golden {

// An extended real: a finite exact rational (with the sign of zero kept), +-Inf, or NaN.
struct XReal {
  enum class Kind { finite, inf, nan };
  Kind kind = Kind::finite;
  bool neg = false;  // sign; for zero it is the sign of the zero
  mpq_class mag;     // |value| when finite, >= 0

  static XReal nan() { return {Kind::nan, false, 0}; }
  static XReal inf(bool neg) { return {Kind::inf, neg, 0}; }
  static XReal finite(const mpq_class& v, bool neg_zero = false);
  bool is_nan() const { return kind == Kind::nan; }
  bool is_inf() const { return kind == Kind::inf; }
  bool is_zero() const { return kind == Kind::finite && mag == 0; }
  mpq_class value() const { return neg ? mpq_class(-mag) : mag; }  // finite only
};

XReal decode(const FloatFormat& f, uint64_t code);
// IEEE-754 product rules: NaN propagates, Inf*0 = NaN, sign = xor of signs (zeros included).
XReal mul(const XReal& a, const XReal& b);

// 2^k as an exact rational (k may be negative).
mpq_class pow2(long k);
// floor(log2(x)) for x > 0.
long floor_log2(const mpq_class& x);

enum class Round { rne, rtz, sr };

struct RoundOpts {
  Round mode = Round::rne;
  bool sat = false;       // clamp finite overflow to +-max
  unsigned sr_bits = 0;   // stochastic rounding: number of random bits ...
  uint64_t sr_rand = 0;   // ... and their value, added below the kept LSB before truncation
};

// What a correct output may be. `exact`: exactly `code`. `any_nan`: any NaN code of the format.
// `any`: any code (a NaN due in a format with no NaN; CONTRACTS.md leaves it unspecified).
struct Expected {
  enum class How { exact, any_nan, any };
  How how = How::exact;
  uint64_t code = 0;
  bool accepts(const FloatFormat& f, uint64_t got) const;
};

// Rounds x once into f. Finite overflow is decided after rounding with unbounded exponent
// (IEEE 754 7.4). A negative non-zero value in an unsigned format becomes +0.
Expected round_to(const FloatFormat& f, const XReal& x, const RoundOpts& opts = {});

// Encodes a value known to be representable exactly in f (magnitude <= max, on the grid).
uint64_t encode_exact(const FloatFormat& f, bool neg, const mpq_class& mag);

}  // namespace qrtl::golden
