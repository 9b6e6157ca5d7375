// Bits: an unsigned bit vector of fixed width, the value type that crosses the boundary between
// stimulus, golden models and simulated RTL ports. Bit i of the vector is bit i of the port.
#pragma once
#include <bit>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace qrtl {

class Bits {
 public:
  Bits() = default;
  explicit Bits(unsigned width, uint64_t value = 0);

  unsigned width() const { return width_; }
  bool bit(unsigned i) const;
  void set_bit(unsigned i, bool v);
  // Field [lo, lo+n) as an unsigned integer; n <= 64.
  uint64_t field(unsigned lo, unsigned n) const;
  void set_field(unsigned lo, unsigned n, uint64_t v);
  // Field [lo, lo+n) sign-extended from its top bit; n in 1..64.
  int64_t sfield(unsigned lo, unsigned n) const;
  uint64_t u64() const { return field(0, width_ < 64 ? width_ : 64); }

  // 32-bit little-endian words, the layout the cosim harness exchanges with Verilator.
  unsigned words32() const { return (width_ + 31) / 32; }
  uint32_t word32(unsigned i) const;
  void set_word32(unsigned i, uint32_t v);

  std::string hex() const;  // most significant digit first, ceil(width/4) digits
  bool operator==(const Bits& o) const { return width_ == o.width_ && w_ == o.w_; }
  bool operator!=(const Bits& o) const { return !(*this == o); }

 private:
  void mask_top();
  unsigned width_ = 0;
  std::vector<uint64_t> w_;
};

// ceil(log2(n)): the bits that tell n things apart (0 for n <= 1).
constexpr int clog2(uint64_t n) { return n <= 1 ? 0 : static_cast<int>(std::bit_width(n - 1)); }
// Bits of the unsigned value v, at least 1: the width that holds 0..v.
constexpr int bits_of(uint64_t v) { return v == 0 ? 1 : static_cast<int>(std::bit_width(v)); }

// Uniform random bits of the given width: one rng() per 32-bit word, low word first (stimulus
// streams depend on this order).
Bits random_bits(unsigned width, std::mt19937_64& rng);

}  // namespace qrtl
