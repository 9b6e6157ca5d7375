#include "golden/dpred.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "golden/precision.h"

namespace qrtl::golden {

void BitStream::append(uint64_t value, int n) {
  for (int k = 0; k < n; ++k, ++bits_) {
    if (bits_ % 64 == 0) words_.push_back(0);
    if ((value >> k) & 1) words_.back() |= uint64_t{1} << (bits_ % 64);
  }
}

uint64_t BitStream::read(uint64_t at, int n) const {
  if (at + static_cast<uint64_t>(n) > bits_) throw std::out_of_range("BitStream::read past the end");
  uint64_t v = 0;
  for (int k = 0; k < n; ++k) v |= ((words_[(at + k) / 64] >> ((at + k) % 64)) & 1) << k;
  return v;
}

int group_precision(const int64_t* v, size_t n, bool is_signed) {
  int p = is_signed ? 1 : 0;  // an empty group still has a well-defined (minimal) header
  for (size_t i = 0; i < n; ++i) p = std::max(p, precision(v[i], is_signed));
  if (p > kDpredMaxPrecision)
    throw std::invalid_argument("dpred: a group needs " + std::to_string(p) + " bits, the header holds at most 15");
  return p;
}

int dpred_append_group(BitStream& out, const int64_t* v, size_t n, bool is_signed) {
  const int p = group_precision(v, n, is_signed);
  out.append(static_cast<uint64_t>(p), kDpredHeaderBits);
  for (size_t i = 0; i < n; ++i) out.append(static_cast<uint64_t>(v[i]), p);  // low p bits
  return p;
}

uint64_t dpred_read_group(const BitStream& in, uint64_t at, size_t n, bool is_signed, int max_p, int64_t* v) {
  const int p = std::min(static_cast<int>(in.read(at, kDpredHeaderBits)), max_p);
  at += kDpredHeaderBits;
  for (size_t i = 0; i < n; ++i, at += static_cast<uint64_t>(p)) {
    int64_t x = static_cast<int64_t>(in.read(at, p));
    // Sign extension: a p-bit field with its top bit set stands for x - 2^p.
    if (is_signed && p > 0 && ((x >> (p - 1)) & 1)) x -= int64_t{1} << p;
    v[i] = x;
  }
  return at;
}

BitStream dpred_pack(const std::vector<int64_t>& values, size_t group, bool is_signed) {
  if (group == 0) throw std::invalid_argument("dpred: group must be >= 1");
  BitStream s;
  for (size_t i = 0; i < values.size(); i += group)
    dpred_append_group(s, values.data() + i, std::min(group, values.size() - i), is_signed);
  return s;
}

std::vector<int64_t> dpred_unpack(const BitStream& s, size_t count, size_t group, bool is_signed) {
  if (group == 0) throw std::invalid_argument("dpred: group must be >= 1");
  std::vector<int64_t> v(count);
  uint64_t at = 0;
  for (size_t i = 0; i < count; i += group)
    at = dpred_read_group(s, at, std::min(group, count - i), is_signed, kDpredMaxPrecision, v.data() + i);
  return v;
}

}  // namespace qrtl::golden
