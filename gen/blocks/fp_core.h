// Shared datapath pieces of the narrow floating-point blocks (fp_mul, fp_cvt): decoding an operand
// of any FloatFormat into sign / significand / exponent / class flags, and rounding + packing an
// unnormalised significand into an output format with one shifter, one increment and one compare.
#pragma once
#include <string>
#include <vector>

#include "format.h"
#include "params.h"
#include "vlog/ir.h"

namespace qrtl::blocks::fp {

// One decoded operand. Strings are signal names or constant literals ("1'b0").
struct Operand {
  std::string sign;    // "1'b0" for unsigned formats
  std::string field;   // exponent field (width e)
  std::string man;     // mantissa field (width m; "" when m == 0)
  std::string normal;  // exponent field non-zero: the hidden bit
  std::string eff;     // effective biased exponent, an expression: the field, 1 for subnormals (width e)
  std::string sig;     // significand {hidden bit, mantissa} (width m+1)
  std::string zero, inf, nan;
};

// Decodes input port `port` of format f; signals are named PREFIX_*.
Operand decode(vlog::Module& m, const std::string& port, const FloatFormat& f, const std::string& prefix);

// Normalises a subnormal significand: shifts out its leading zeros (saturating at `cap`, the
// most that can matter for the result) and lowers the exponent by as much.
struct Normalized {
  std::string man;   // fraction after normalisation (width m; "" when m == 0 or when a partial
                     // normalisation with want_sig leaves it unread)
  std::string sig;   // {hidden bit, fraction} after normalisation (width m+1), when asked for
  std::string exp;   // exponent field after normalisation, eff - shift (two's complement, ew bits)
  bool full = false; // cap == m: every non-zero operand comes out normalised (hidden bit = non-zero)
};
Normalized normalize(vlog::Module& m, const Operand& o, const FloatFormat& f, int cap, int ew, bool want_sig,
                     const std::string& prefix);

// Bits of a two's-complement number holding every value in [lo, hi].
int signed_bits(long lo, long hi);

enum class Rounding { rne, rtz, sr };

// An exact value (-1)^sign * P * 2^k to be rounded into `out`, described for the generator:
// P is `sig` (`wp` bits, unsigned) and `exp` (two's complement, `ew` bits, in [exp_min, exp_max])
// is the biased exponent in `out` of P's bit wp-1. With `norm1` (a product of two normalised
// significands, P in [2^(wp-2), 2^wp)), `exp` belongs to bit wp-2 instead and a one-bit
// normalisation is done here; `ew` must then also hold exp_max + 1.
// If P has more leading zeros than that (a zero, or a normalisation saturated on purpose), the
// result must be subnormal in `out`, i.e. the exponent at P's top bit position must be <= 1.
struct Unrounded {
  std::string sig;
  int wp = 1;
  bool norm1 = false;
  bool exp_has_top = false;  // norm1: `exp` already includes P's top bit (added in the exponent heap)
  std::string exp;
  int ew = 1;
  long exp_min = 0, exp_max = 0;
  std::string sign;      // product/operand sign ("1'b0" if none)
  std::string nan, inf;  // the exact result is NaN / an exact infinity
  std::string zero = "1'b0";  // force a zero result (P is not 0 for a zero operand)
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

// A block's own keys followed by the keys every fp block shares (sat, nan); the rounding spec they set.
std::vector<KeyDef> with_common_keys(std::vector<KeyDef> keys);
RoundSpec common_spec(const Params& p, const FloatFormat& out);

// Number of bits to hold the unsigned value v (at least 1).
int bits_for(unsigned long long v);

}  // namespace qrtl::blocks::fp
