// DPRed storage format: a tensor stored group by group, each group at its detected precision.
// This is the contract of the dpred_pack / dpred_unpack blocks and of the software packer that
// measures footprints (qrtl profile, docs/results/value-aware.md).
//
// One group record, bit 0 first:
//   bits [0, 4)                 p, the group's precision (unsigned): the max over its elements of
//                               the unsigned precision (leading-one index + 1, 0 for zero) or of
//                               the minimal two's-complement width (signed, >= 1)
//   bits [4 + p*i, 4 + p*(i+1)) element i's low p bits, i = 0 .. n-1; reading them back with
//                               zero extension (unsigned) or sign extension (signed) is exact
//                               because every element fits in p bits
// A record is 4 + n*p bits. A tensor of N values (C order) is cut into groups of G consecutive
// values, the last one holding N mod G values when G does not divide N, and the records are
// concatenated LSB-first into one bit stream, without padding.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace qrtl::golden {

inline constexpr int kDpredHeaderBits = 4;
inline constexpr int kDpredMaxPrecision = 15;  // what the header can hold

// A growable bit stream, bit 0 first.
class BitStream {
 public:
  void append(uint64_t value, int n);                  // low n bits of value, n in 0..64
  uint64_t read(uint64_t at, int n) const;             // n bits from position at
  uint64_t size() const { return bits_; }

 private:
  std::vector<uint64_t> words_;
  uint64_t bits_ = 0;
};

// The precision of a group (see above). Throws std::invalid_argument when it exceeds 15 bits.
int group_precision(const int64_t* v, size_t n, bool is_signed);

// Appends the record of one group to out; returns its precision.
int dpred_append_group(BitStream& out, const int64_t* v, size_t n, bool is_signed);
// Reads the record of a group of n elements at bit position `at`; returns the position after it.
// Header values above max_p are read as max_p (what the dpred_unpack block does with a w-bit
// datapath; the packer never writes them).
uint64_t dpred_read_group(const BitStream& in, uint64_t at, size_t n, bool is_signed, int max_p, int64_t* v);

BitStream dpred_pack(const std::vector<int64_t>& values, size_t group, bool is_signed);
std::vector<int64_t> dpred_unpack(const BitStream& s, size_t count, size_t group, bool is_signed);

}  // namespace qrtl::golden
