#include "bits.h"

#include <stdexcept>

namespace qrtl {

Bits::Bits(unsigned width, uint64_t value) : width_(width), w_((width + 63) / 64, 0) {
  if (!w_.empty()) w_[0] = value;
  mask_top();
}

void Bits::mask_top() {
  if (width_ % 64 != 0 && !w_.empty()) w_.back() &= (uint64_t{1} << (width_ % 64)) - 1;
}

bool Bits::bit(unsigned i) const { return i < width_ && ((w_[i / 64] >> (i % 64)) & 1); }

void Bits::set_bit(unsigned i, bool v) {
  if (i >= width_) throw std::out_of_range("Bits::set_bit");
  uint64_t m = uint64_t{1} << (i % 64);
  w_[i / 64] = v ? (w_[i / 64] | m) : (w_[i / 64] & ~m);
}

uint64_t Bits::field(unsigned lo, unsigned n) const {
  uint64_t v = 0;
  for (unsigned k = 0; k < n; ++k) v |= uint64_t{bit(lo + k)} << k;
  return v;
}

void Bits::set_field(unsigned lo, unsigned n, uint64_t v) {
  for (unsigned k = 0; k < n; ++k) set_bit(lo + k, (v >> k) & 1);
}

int64_t Bits::sfield(unsigned lo, unsigned n) const {
  uint64_t v = field(lo, n);
  if (n < 64 && (v >> (n - 1)) & 1) v |= ~uint64_t{0} << n;
  return static_cast<int64_t>(v);
}

uint32_t Bits::word32(unsigned i) const {
  if (i / 2 >= w_.size()) return 0;
  return static_cast<uint32_t>(w_[i / 2] >> (32 * (i % 2)));
}

void Bits::set_word32(unsigned i, uint32_t v) {
  if (i / 2 >= w_.size()) return;
  unsigned sh = 32 * (i % 2);
  w_[i / 2] = (w_[i / 2] & ~(uint64_t{0xffffffffu} << sh)) | (uint64_t{v} << sh);
  mask_top();
}

std::string Bits::hex() const {
  static const char* digits = "0123456789abcdef";
  unsigned n = (width_ + 3) / 4;
  std::string s(n == 0 ? 1 : n, '0');
  for (unsigned d = 0; d < n; ++d) s[n - 1 - d] = digits[field(4 * d, 4)];
  return s;
}

Bits random_bits(unsigned width, std::mt19937_64& rng) {
  Bits b(width);
  for (unsigned w = 0; w < b.words32(); ++w) b.set_word32(w, static_cast<uint32_t>(rng()));
  return b;
}

}  // namespace qrtl
