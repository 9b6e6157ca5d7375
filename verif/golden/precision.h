// Precision of integers, from the definition: the fewest bits that represent a value. Values are
// int64 (exact: the blocks and tensors that use this carry at most 16-bit elements).
#pragma once
#include <cstdint>

namespace qrtl::golden {

// Smallest n >= 0 with 0 <= v < 2^n (v must be >= 0).
int unsigned_precision(int64_t v);
// Smallest n >= 1 with -2^(n-1) <= v < 2^(n-1): the minimal two's-complement width.
int signed_precision(int64_t v);
inline int precision(int64_t v, bool is_signed) { return is_signed ? signed_precision(v) : unsigned_precision(v); }

}  // namespace qrtl::golden
