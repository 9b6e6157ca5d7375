// Shared datapath pieces of the narrow floating-point blocks (fp_mul, fp_cvt): decoding an operand
// of any FloatFormat into sign / significand / exponent / class flags, and rounding + packing an
// unnormalised significand into an output format with one shifter, one increment and one compare.
#pragma once
#include <string>

#include "format.h"
#include "vlog/ir.h"

namespace qrtl::blocks::fp {

// One decoded operand. Strings are signal names or constant literals ("1'b0").
struct Operand {
  std::string sign;  // "1'b0" for unsigned formats
  std::string eff;   // effective biased exponent: the exponent field, 1 for subnormals (width e)
  std::string sig;   // significand {hidden bit, mantissa} (width m+1)
  std::string zero, inf, nan;
};

// Decodes input port `port` of format f; signals are named PREFIX_*.
Operand decode(vlog::Module& m, const std::string& port, const FloatFormat& f, const std::string& prefix);

enum class Rounding { rne, rtz, sr };

// An exact value (-1)^sign * P * 2^(k) to be rounded into `out`, described for the generator:
// P is `sig` (`wp` bits, unsigned); when P's top bit is set, the value's biased exponent in `out`
// is eb + c, where eb is the unsigned signal `eb` (`ebw` bits) taking values in [eb_min, eb_max].
struct Unrounded {
  std::string sig;
  int wp = 1;
  std::string eb;
  int ebw = 1;
  long eb_min = 0, eb_max = 0;
  long c = 0;
  // Largest left shift normalisation can need (leading zeros of P that a result can shed while
  // staying normal); the leading-zero count saturates there.
  int lz_cap = 0;
  std::string sign;      // product/operand sign ("1'b0" if none)
  std::string nan, inf;  // the exact result is NaN / an exact infinity
};

struct RoundSpec {
  FloatFormat out;
  Rounding mode = Rounding::rne;
  bool sat = false;
  bool nan_max = false;  // NaN due where out has no NaN: +max (else any code; we also give +max)
  int sr_bits = 0;
  std::string rnd;  // sr: random bits added below the kept LSB
};

// Rounds `u` into spec.out once and drives output `y` (or the signal named `y`).
void round_pack(vlog::Module& m, const Unrounded& u, const RoundSpec& spec, const std::string& y);

// Number of bits to hold the unsigned value v (at least 1).
int bits_for(unsigned long long v);

}  // namespace qrtl::blocks::fp
