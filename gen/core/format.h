// Narrow floating-point formats: a value type that describes an encoding (field widths, bias, sign,
// special-value policy). Shared by generators and golden models; it does no arithmetic for the RTL.
//
// Named formats: e4m3 e5m2 (OCP FP8), e3m2 e2m3 (OCP FP6), e2m1 (OCP FP4), fp16, bf16, fp32.
// Custom: fp:E.M[.bBIAS][.u][.fn|.ieee|.none], e.g. fp:4.3.b9.u.none (E 1..8, M 0..10).
// Policies: ieee = all-ones exponent is Inf (mantissa 0) / NaN; fn = no Inf, only the all-ones
// code (exponent and mantissa) is NaN, as OCP E4M3; none = every code is finite.
// Subnormals are always supported: exponent field 0 has value 0.m * 2^(1-bias).
#pragma once
#include <cstdint>
#include <string>

namespace qrtl {

enum class Specials { ieee, fn, none };

struct FloatFormat {
  std::string name;  // canonical spelling: a named format, or fp:E.M.bBIAS[.u].POLICY
  int e = 4;         // exponent width
  int m = 3;         // mantissa (fraction) width
  int bias = 7;
  bool is_signed = true;
  Specials specials = Specials::fn;

  int width() const { return e + m + (is_signed ? 1 : 0); }
  int emin() const { return 1 - bias; }  // unbiased exponent of the smallest normal
  bool has_inf() const { return specials == Specials::ieee; }
  // An ieee format with no mantissa bits has Inf but no NaN code.
  bool has_nan() const { return specials == Specials::fn || (specials == Specials::ieee && m > 0); }

  // Field access on a code (the low width() bits of `code`).
  bool sign(uint64_t code) const { return is_signed && ((code >> (e + m)) & 1); }
  uint64_t exp_field(uint64_t code) const { return (code >> m) & ((uint64_t{1} << e) - 1); }
  uint64_t man_field(uint64_t code) const { return code & ((uint64_t{1} << m) - 1); }
  uint64_t exp_all_ones() const { return (uint64_t{1} << e) - 1; }
  uint64_t man_all_ones() const { return (uint64_t{1} << m) - 1; }
  uint64_t sign_bit() const { return is_signed ? uint64_t{1} << (e + m) : 0; }

  bool is_nan(uint64_t code) const;
  bool is_inf(uint64_t code) const;
  uint64_t max_finite_code() const;  // positive largest finite code
  uint64_t nan_code() const;         // positive canonical NaN (requires has_nan())
  uint64_t inf_code() const;         // positive Inf (requires has_inf())
  // floor(log2(max finite value)): the "emax" of the OCP MX specification.
  int emax() const;

  bool operator==(const FloatFormat& o) const { return name == o.name; }
};

// Parses a format name; throws UsageError with a one-line reason.
FloatFormat parse_format(const std::string& text);
// What parse_format accepts, for help and error text: "e4m3 e5m2 ... fp32 | fp:E.M[...]".
std::string format_syntax();

}  // namespace qrtl
