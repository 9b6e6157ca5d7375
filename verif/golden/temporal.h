// Exact reference arithmetic and cycle counts of the temporal (bit-/digit-/term-serial) dot products
// bs_dot, loom_dot and term_dot. Everything here follows the algorithms' definitions (Stripes,
// Loom, Laconic/Booth radix-4), never the generated RTL: values are plain integers, the cycle
// counts are the formulas the papers define, and Booth digits come from their arithmetic definition.
#pragma once
#include <cstdint>
#include <vector>

namespace qrtl::golden {

// The precision a unit really uses for a runtime precision port value `p` of a `width`-bit operand:
// 0 and values above `width` select full precision.
int effective_precision(uint64_t p, int width);

// The value of the low `p` bits of `raw` (unsigned, or two's complement with the sign at bit p-1).
int64_t low_bits_value(uint64_t raw, int p, bool is_signed);

// Radix-4 Booth digits of x, a `width`-bit number (two's complement when is_signed, else unsigned),
// least significant first: x = sum_j d_j * 4^j with d_j in {-2..2}. A signed number has
// ceil(width/2) digits; an unsigned one is first widened by a zero sign bit: ceil((width+1)/2).
std::vector<int> booth4_digits(int64_t x, int width, bool is_signed);
int booth4_digit_count(int width, bool is_signed);
// Number of non-zero Booth radix-4 digits = number of signed power-of-two terms of x.
int booth4_terms(int64_t x, int width, bool is_signed);

// Cycle counts per dot product.
inline int stripes_cycles(int pa) { return pa; }  // one activation bit per cycle
inline int ceil_div(int a, int b) { return (a + b - 1) / b; }
inline int loom_cycles(int pa, int pw, int bpc) { return ceil_div(pa, bpc) * ceil_div(pw, bpc); }
// Laconic: every lane processes its non-zero term pairs, one per cycle; lanes run in lock step so the
// dot product takes the longest lane, and at least one cycle to deliver the result.
int laconic_cycles(const std::vector<int64_t>& a, int wa, bool a_signed, const std::vector<int64_t>& w, int ww,
                   bool w_signed);

}  // namespace qrtl::golden
