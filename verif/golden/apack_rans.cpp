// APack lane coder: static rANS over (group, offset) with a 32-bit state, 12-bit group frequencies
// and 16-bit renormalization words. Written from the rANS definitions with plain integer division;
// the RTL computes the same quotient another way (reciprocal multiplication).
#include <fmt/format.h>

#include "golden/apack.h"

namespace qrtl::apack {

namespace {

struct KeyInfo {
  uint32_t freq, cum, offset;
  int width;
};

std::array<KeyInfo, 256> key_table(const Table& t) {
  std::array<KeyInfo, 256> kt{};
  uint32_t cum = 0;
  for (size_t g = 0, base = 0; g < t.groups.size(); ++g) {
    const Group& gr = t.groups[g];
    for (uint32_t o = 0; o < (1u << gr.width); ++o) kt[base + o] = {gr.freq, cum, o, gr.width};
    base += size_t{1} << gr.width;
    cum += gr.freq;
  }
  return kt;
}

void put16(std::string& s, uint32_t w) {
  s.push_back(static_cast<char>(w & 0xFF));
  s.push_back(static_cast<char>((w >> 8) & 0xFF));
}

}  // namespace

uint64_t lane_count(uint64_t count, int lanes, int lane) {
  const uint64_t l = static_cast<uint64_t>(lane), n = static_cast<uint64_t>(lanes);
  return count > l ? (count - l - 1) / n + 1 : 0;
}

std::string encode_lane(const Table& t, std::string_view values) {
  const auto kt = key_table(t);
  // The encoder runs backwards over the values so the decoder reads forwards; words are collected in
  // emission order and reversed at the end.
  std::vector<uint16_t> words;
  uint32_t x = kStateLow;
  for (size_t i = values.size(); i-- > 0;) {
    const KeyInfo& k = kt[key_of(static_cast<uint8_t>(values[i]), t.is_signed)];
    if (k.freq == 0) throw std::logic_error("apack: value outside the table's non-empty groups");
    // Renormalize so that the coded state stays below 2^32: t = x*2^w + offset must satisfy
    // floor(t / freq) < 2^20, i.e. x < freq * 2^(20-w).
    const uint64_t x_max = static_cast<uint64_t>(k.freq) << (20 - k.width);
    if (x >= x_max) {
      words.push_back(static_cast<uint16_t>(x & 0xFFFF));
      x >>= kWordBits;
    }
    const uint64_t tt = (static_cast<uint64_t>(x) << k.width) | k.offset;
    const uint64_t coded = (tt / k.freq) * kScale + tt % k.freq + k.cum;
    x = static_cast<uint32_t>(coded);
  }
  std::string out;
  out.reserve(4 + 2 * words.size());
  put16(out, x & 0xFFFF);
  put16(out, x >> 16);
  for (size_t i = words.size(); i-- > 0;) put16(out, words[i]);
  return out;
}

void decode_lane_strided(const Table& t, std::string_view stream, uint64_t count, uint8_t* out, size_t stride) {
  // slot -> group, group -> (freq, cum, width, first key)
  std::array<uint8_t, kScale> slot_group;
  struct G {
    uint32_t freq, cum;
    int width, base;
  };
  std::vector<G> gs;
  uint32_t cum = 0;
  int base = 0;
  for (size_t g = 0; g < t.groups.size(); ++g) {
    gs.push_back({t.groups[g].freq, cum, t.groups[g].width, base});
    for (uint32_t s = cum; s < cum + t.groups[g].freq; ++s) slot_group[s] = static_cast<uint8_t>(g);
    cum += t.groups[g].freq;
    base += 1 << t.groups[g].width;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(stream.data());
  const size_t words = stream.size() / 2;
  if (stream.size() % 2 || words < 2) throw FormatError("lane stream length is not an even number >= 4");
  uint32_t x = p[0] | p[1] << 8 | static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
  if (x < kStateLow) throw FormatError("lane stream starts with an invalid state");
  size_t next = 2;
  const uint8_t xor_mask = t.is_signed ? 0x80 : 0x00;
  for (uint64_t i = 0; i < count; ++i) {
    const uint32_t slot = x & (kScale - 1);
    const G& g = gs[slot_group[slot]];
    const uint64_t y = static_cast<uint64_t>(g.freq) * (x >> kScaleBits) + slot - g.cum;
    const uint32_t offset = static_cast<uint32_t>(y) & ((1u << g.width) - 1);
    out[i * stride] = static_cast<uint8_t>(g.base + static_cast<int>(offset)) ^ xor_mask;
    x = static_cast<uint32_t>(y >> g.width);
    if (x < kStateLow) {
      if (next >= words) throw FormatError("lane stream is truncated");
      x = (x << kWordBits) | p[2 * next] | static_cast<uint32_t>(p[2 * next + 1]) << 8;
      ++next;
    }
  }
  if (next != words) throw FormatError("lane stream has trailing data");
  if (x != kStateLow) throw FormatError("lane stream does not end in the initial state");
}

void decode_lane(const Table& t, std::string_view stream, uint64_t count, std::string& out) {
  const size_t at = out.size();
  out.resize(at + count);
  decode_lane_strided(t, stream, count, reinterpret_cast<uint8_t*>(out.data() + at), 1);
}

uint32_t crc32(std::string_view data, uint32_t crc) {
  static const auto table = [] {
    std::array<uint32_t, 256> tb{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      tb[i] = c;
    }
    return tb;
  }();
  crc = ~crc;
  for (unsigned char b : data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

}  // namespace qrtl::apack
