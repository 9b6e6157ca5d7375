// APack lane coder: static rANS over (group, offset) with a 32-bit state, 12-bit group frequencies
// and 16-bit renormalization words. Written from the rANS definitions with plain integer division;
// the RTL computes the same quotient another way (reciprocal multiplication).
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "golden/apack.h"

namespace qrtl::apack {

namespace {

struct KeyInfo {  // everything the encoder needs about one key
  uint32_t freq, cum, offset;
  int width;
  uint64_t x_max;  // renormalize while x >= freq * 2^(20 - width)
};

std::array<KeyInfo, 256> key_table(const Table& t) {
  std::array<KeyInfo, 256> kt{};
  for (size_t g = 0; g < t.groups.size(); ++g) {
    const Group& gr = t.groups[g];
    const int base = t.base(g);
    for (uint32_t o = 0; o < (1u << gr.width); ++o)
      kt[static_cast<size_t>(base) + o] = {gr.freq, t.cum(g), o, gr.width, static_cast<uint64_t>(gr.freq) << (20 - gr.width)};
  }
  return kt;
}

// Decoder lookup of one slot of [0, 2^12), packed in 32 bits so the 4096 slots fit 16 KiB of L1:
// bits 0..12 the group frequency, 13..24 slot - cum of the group, 25..28 the group index.
// The decoder's view of slot s (x mod 2^12): everything one step needs in one load, so that the
// state chain x -> slot -> x' holds a single table read. Bits [12:0] the group's frequency f,
// [24:13] s - cum, [28:25] its offset width w, [39:32] its first key (base).
std::vector<uint64_t> slot_table(const Table& t) {
  std::vector<uint64_t> st(kScale);
  for (size_t g = 0; g < t.groups.size(); ++g) {
    const uint32_t cum = t.cum(g);
    const uint64_t group = t.groups[g].freq | static_cast<uint64_t>(t.groups[g].width) << 25 |
                           static_cast<uint64_t>(t.base(g)) << 32;
    for (uint32_t s = cum; s < cum + t.groups[g].freq; ++s) st[s] = group | static_cast<uint64_t>(s - cum) << 13;
  }
  return st;
}

}  // namespace

uint64_t lane_count(uint64_t count, int lanes, int lane) {
  const uint64_t l = static_cast<uint64_t>(lane), n = static_cast<uint64_t>(lanes);
  return count > l ? (count - l - 1) / n + 1 : 0;
}

std::vector<std::string> encode_lanes(const Table& t, std::string_view values, int lanes) {
  const auto kt = key_table(t);
  const size_t n = static_cast<size_t>(lanes);
  // rANS is last-in first-out: the encoder runs backwards over the values and fills each lane's
  // buffer from its end, so the decoder reads forwards. A lane emits at most one word per value.
  std::vector<std::string> buf(n);
  std::vector<size_t> pos(n);
  std::vector<uint32_t> x(n, kStateLow);
  for (size_t l = 0; l < n; ++l) {
    buf[l].resize(4 + 2 * lane_count(values.size(), lanes, static_cast<int>(l)));
    pos[l] = buf[l].size();
  }
  const auto* v = reinterpret_cast<const unsigned char*>(values.data());
  for (size_t i = values.size(); i-- > 0;) {
    const size_t l = i % n;
    const KeyInfo& k = kt[static_cast<size_t>(key_of(v[i], t.is_signed))];
    if (k.freq == 0) throw std::logic_error("apack: value outside the table's non-empty groups");
    uint32_t xl = x[l];
    // Renormalize so that the coded state stays below 2^32: t = x*2^w + offset must satisfy
    // floor(t / freq) < 2^20, i.e. x < freq * 2^(20-w).
    if (xl >= k.x_max) {
      pos[l] -= 2;
      buf[l][pos[l]] = static_cast<char>(xl & 0xFF);
      buf[l][pos[l] + 1] = static_cast<char>((xl >> 8) & 0xFF);
      xl >>= kWordBits;
    }
    const uint32_t tt = (xl << k.width) | k.offset;  // < 2^20 * freq <= 2^32
    x[l] = (tt / k.freq) * kScale + tt % k.freq + k.cum;
  }
  for (size_t l = 0; l < n; ++l) {
    pos[l] -= 4;
    for (int b = 0; b < 4; ++b) buf[l][pos[l] + static_cast<size_t>(b)] = static_cast<char>((x[l] >> (8 * b)) & 0xFF);
    buf[l].erase(0, pos[l]);
  }
  return buf;
}

std::string encode_lane(const Table& t, std::string_view values) { return std::move(encode_lanes(t, values, 1)[0]); }

namespace {

struct LaneState {
  const unsigned char* next;  // the next word to read
  const unsigned char* end;   // one past the last word (the stream holds at least the 4 state bytes)
  uint32_t x;
};

struct DecodeCtx {
  const uint64_t* slots;
  uint8_t xor_mask;
  bool starved = false;
};

// One value of a lane: slot -> group; y = f*(x >> 12) + slot - cum holds the offset in its low w
// bits; x = y >> w, and a word is shifted in when x < 2^16. Branch-free word read: a lane that has
// run out of words reads word 0 and is reported after the loop (never beyond its stream).
inline uint8_t step(DecodeCtx& c, LaneState& ln) {
  const uint64_t s = c.slots[ln.x & (kScale - 1)];
  const uint32_t width = static_cast<uint32_t>(s >> 25) & 0xF, base = static_cast<uint32_t>(s >> 32);
  const uint32_t y = static_cast<uint32_t>(s & 0x1FFF) * (ln.x >> kScaleBits) +
                     (static_cast<uint32_t>(s >> 13) & 0xFFF);  // < f * 2^20 <= 2^32
  const uint8_t value = static_cast<uint8_t>((base + (y & ((1u << width) - 1))) ^ c.xor_mask);
  const uint32_t x = y >> width;
  const bool need = x < kStateLow, have = ln.next < ln.end;
  const unsigned char* at = have ? ln.next : ln.end - 2;
  const uint32_t word = at[0] | static_cast<uint32_t>(at[1]) << 8;
  c.starved |= need && !have;
  // Arithmetic, not `need ? ... : x`: the compiler makes that a branch, taken about every other
  // value at 8 bits per value, and the mispredictions cost more than the rest of the step.
  const uint32_t take = 0u - static_cast<uint32_t>(need);  // all ones when a word is shifted in
  ln.x = (x << (kWordBits & take)) | (word & take);
  ln.next += 2 * (need && have);
  return value;
}

// Full rows of N values (one per lane) with the lane count known at compile time, so the lanes'
// independent state chains are unrolled side by side and stay in registers.
template <size_t N>
void decode_rows(DecodeCtx& c, LaneState* lanes_io, uint8_t* __restrict out, uint64_t rows) {
  std::array<LaneState, N> lanes;
  std::copy(lanes_io, lanes_io + N, lanes.begin());
  DecodeCtx ctx = c;
  for (uint64_t r = 0; r < rows; ++r, out += N) {
#pragma GCC unroll 16
    for (size_t l = 0; l < N; ++l) out[l] = step(ctx, lanes[l]);
  }
  std::copy(lanes.begin(), lanes.end(), lanes_io);
  c.starved = ctx.starved;
}

template <size_t... I>
constexpr auto row_decoders(std::index_sequence<I...>) {
  return std::array<void (*)(DecodeCtx&, LaneState*, uint8_t*, uint64_t), sizeof...(I)>{&decode_rows<I + 1>...};
}

}  // namespace

struct LaneDecoder::State {
  std::vector<uint64_t> slots;
  std::vector<LaneState> lanes;
  DecodeCtx ctx{};
};

LaneDecoder::LaneDecoder(const Table& t, const std::vector<std::string_view>& streams) : s_(std::make_unique<State>()) {
  const size_t n = streams.size();
  if (n < 1 || n > kMaxLanes) throw FormatError("invalid lane count");
  s_->slots = slot_table(t);
  s_->lanes.resize(n);
  for (size_t l = 0; l < n; ++l) {
    const std::string_view s = streams[l];
    if (s.size() % 2 || s.size() < 4) throw FormatError("lane stream length is not an even number >= 4");
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    s_->lanes[l] = {p + 4, p + s.size(),
                    p[0] | p[1] << 8 | static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24};
    if (s_->lanes[l].x < kStateLow) throw FormatError("lane stream starts with an invalid state");
  }
  s_->ctx = {s_->slots.data(), static_cast<uint8_t>(t.is_signed ? 0x80 : 0x00)};
}

LaneDecoder::~LaneDecoder() = default;

size_t LaneDecoder::lanes() const { return s_->lanes.size(); }

void LaneDecoder::decode(uint8_t* out, uint64_t count) {
  static constexpr auto decoders = row_decoders(std::make_index_sequence<kMaxLanes>());
  DecodeCtx& c = s_->ctx;
  std::vector<LaneState>& lanes = s_->lanes;
  const size_t n = lanes.size();
  const uint64_t rows = count / n, rest = count % n;
  // In chunks, so that a forged value count on a short stream stops soon after the words run out.
  constexpr uint64_t kChunkRows = 1 << 14;
  for (uint64_t r = 0; r < rows && !c.starved; r += kChunkRows)
    decoders[n - 1](c, lanes.data(), out + r * n, std::min(kChunkRows, rows - r));
  for (size_t l = 0; l < rest; ++l) out[rows * n + l] = step(c, lanes[l]);
  if (c.starved) throw FormatError("lane stream is truncated");
}

void LaneDecoder::finish() const {
  for (const LaneState& ln : s_->lanes) {
    if (ln.next != ln.end) throw FormatError("lane stream has trailing data");
    if (ln.x != kStateLow) throw FormatError("lane stream does not end in the initial state");
  }
}

void decode_lanes(const Table& t, const std::vector<std::string_view>& streams, uint64_t count, uint8_t* out) {
  LaneDecoder d(t, streams);
  d.decode(out, count);
  d.finish();
}

void decode_lane(const Table& t, std::string_view stream, uint64_t count, std::string& out) {
  const size_t at = out.size();
  out.resize(at + count);
  decode_lanes(t, {stream}, count, reinterpret_cast<uint8_t*>(out.data() + at));
}

uint32_t crc32(std::string_view data, uint32_t crc) {
  // Slicing-by-8 over the reflected polynomial 0xEDB88320: table k advances a byte by k+1 positions.
  static const auto tables = [] {
    std::array<std::array<uint32_t, 256>, 8> tb{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      tb[0][i] = c;
    }
    for (size_t k = 1; k < 8; ++k)
      for (uint32_t i = 0; i < 256; ++i) tb[k][i] = (tb[k - 1][i] >> 8) ^ tb[0][tb[k - 1][i] & 0xFF];
    return tb;
  }();
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t len = data.size();
  crc = ~crc;
  for (; len >= 8; len -= 8, p += 8) {
    const uint32_t lo = crc ^ (p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24);
    crc = tables[7][lo & 0xFF] ^ tables[6][(lo >> 8) & 0xFF] ^ tables[5][(lo >> 16) & 0xFF] ^ tables[4][lo >> 24] ^
          tables[3][p[4]] ^ tables[2][p[5]] ^ tables[1][p[6]] ^ tables[0][p[7]];
  }
  for (; len; --len, ++p) crc = tables[0][(crc ^ *p) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

}  // namespace qrtl::apack
