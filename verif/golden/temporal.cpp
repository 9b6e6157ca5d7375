#include "golden/temporal.h"

#include <algorithm>
#include <stdexcept>

namespace qrtl::golden {

int effective_precision(uint64_t p, int width) {
  return p == 0 || p > static_cast<uint64_t>(width) ? width : static_cast<int>(p);
}

int64_t low_bits_value(uint64_t raw, int p, bool is_signed) {
  const uint64_t span = uint64_t{1} << p;
  const int64_t v = static_cast<int64_t>(raw & (span - 1));
  return is_signed && v >= static_cast<int64_t>(span / 2) ? v - static_cast<int64_t>(span) : v;
}

int booth4_digit_count(int width, bool is_signed) { return (width + (is_signed ? 0 : 1) + 1) / 2; }

std::vector<int> booth4_digits(int64_t x, int width, bool is_signed) {
  // Bit k of x in two's complement, for any k >= -1 (bit -1 is 0; bits above the width repeat the
  // sign, which is 0 for an unsigned number).
  auto bit = [&](int k) { return k < 0 ? 0 : static_cast<int>((x >> std::min(k, 62)) & 1); };
  const int n = booth4_digit_count(width, is_signed);
  std::vector<int> d(n);
  int64_t check = 0, weight = 1;
  for (int j = 0; j < n; ++j) {
    d[j] = bit(2 * j - 1) + bit(2 * j) - 2 * bit(2 * j + 1);
    check += d[j] * weight;
    weight *= 4;
  }
  if (check != x) throw std::logic_error("booth4_digits: digits do not sum to the value");
  return d;
}

int booth4_terms(int64_t x, int width, bool is_signed) {
  auto d = booth4_digits(x, width, is_signed);
  return static_cast<int>(std::count_if(d.begin(), d.end(), [](int v) { return v != 0; }));
}

int laconic_cycles(const std::vector<int64_t>& a, int wa, bool a_signed, const std::vector<int64_t>& w, int ww,
                   bool w_signed) {
  int longest = 0;
  for (size_t i = 0; i < a.size(); ++i)
    longest = std::max(longest, booth4_terms(a[i], wa, a_signed) * booth4_terms(w[i], ww, w_signed));
  return std::max(1, longest);
}

}  // namespace qrtl::golden
