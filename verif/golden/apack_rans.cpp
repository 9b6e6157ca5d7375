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

namespace {

// The encoder of both modes: value i takes the key table of context[v[i - distance]] (plain mode:
// one table, distance 0, every value context 0).
std::vector<std::string> encode_with(const std::vector<std::array<KeyInfo, 256>>& kts, bool is_signed,
                                     const std::array<uint8_t, 256>& context, uint32_t distance,
                                     std::string_view values, int lanes) {
  const size_t n = static_cast<size_t>(lanes), d = distance;
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
    const auto& kt = kts[d ? context[i >= d ? v[i - d] : 0] : 0];
    const KeyInfo& k = kt[static_cast<size_t>(key_of(v[i], is_signed))];
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

}  // namespace

std::vector<std::string> encode_lanes(const Table& t, std::string_view values, int lanes) {
  return encode_with({key_table(t)}, t.is_signed, {}, 0, values, lanes);
}

std::vector<std::string> encode_context_lanes(const ContextTables& c, std::string_view values, int lanes) {
  std::vector<std::array<KeyInfo, 256>> kts;
  for (const Table& t : c.tables) kts.push_back(key_table(t));
  return encode_with(kts, c.tables.at(0).is_signed, c.bucket_of_byte(), c.distance, values, lanes);
}

std::string encode_lane(const Table& t, std::string_view values) { return std::move(encode_lanes(t, values, 1)[0]); }

// The decoder's state types are named by LaneDecoder::State, which has external linkage: they
// cannot live in the anonymous namespace (GCC's -Wsubobject-linkage in the unity build).
struct LaneState {
  const unsigned char* next;  // the next word to read
  const unsigned char* end;   // one past the last word (the stream holds at least the 4 state bytes)
  uint32_t x;
};

struct DecodeCtx {
  const uint64_t* slots;
  uint8_t xor_mask;
  bool starved = false;
  // Context mode: slot table of each neighbour byte's bucket (an offset into `first`).
  const uint64_t* first = nullptr;
  const uint32_t* offset_of_byte = nullptr;
};

namespace {

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
// Context mode: `neighbour` is the same buffer as `out`, d values back (hence no __restrict).
template <size_t N, bool Context>
void decode_rows(DecodeCtx& c, LaneState* lanes_io, uint8_t* out, const uint8_t* neighbour, uint64_t rows) {
  std::array<LaneState, N> lanes;
  std::copy(lanes_io, lanes_io + N, lanes.begin());
  DecodeCtx ctx = c;
  for (uint64_t r = 0; r < rows; ++r, out += N) {
#pragma GCC unroll 16
    for (size_t l = 0; l < N; ++l) {
      if constexpr (Context) ctx.slots = ctx.first + ctx.offset_of_byte[neighbour[l]];
      out[l] = step(ctx, lanes[l]);
    }
    if constexpr (Context) neighbour += N;
  }
  std::copy(lanes.begin(), lanes.end(), lanes_io);
  c.starved = ctx.starved;
}

using RowDecoder = void (*)(DecodeCtx&, LaneState*, uint8_t*, const uint8_t*, uint64_t);
template <bool Context, size_t... I>
constexpr auto row_decoders(std::index_sequence<I...>) {
  return std::array<RowDecoder, sizeof...(I)>{&decode_rows<I + 1, Context>...};
}

}  // namespace

struct LaneDecoder::State {
  std::vector<uint64_t> slots;  // kScale entries per context
  std::vector<LaneState> lanes;
  DecodeCtx ctx{};
  // Context mode: the slot-table offset of each neighbour byte, and a window holding the last
  // `distance` values decoded (zeros before the first), then the piece being decoded.
  uint32_t distance = 0;
  std::array<uint32_t, 256> offset_of_byte{};
  std::vector<uint8_t> window;
  void init_lanes(const std::vector<std::string_view>& streams);
};

void LaneDecoder::State::init_lanes(const std::vector<std::string_view>& streams) {
  const size_t n = streams.size();
  if (n < 1 || n > kMaxLanes) throw FormatError("invalid lane count");
  lanes.resize(n);
  for (size_t l = 0; l < n; ++l) {
    const std::string_view s = streams[l];
    if (s.size() % 2 || s.size() < 4) throw FormatError("lane stream length is not an even number >= 4");
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    lanes[l] = {p + 4, p + s.size(),
                p[0] | p[1] << 8 | static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24};
    if (lanes[l].x < kStateLow) throw FormatError("lane stream starts with an invalid state");
  }
}

LaneDecoder::LaneDecoder(const Table& t, const std::vector<std::string_view>& streams) : s_(std::make_unique<State>()) {
  s_->init_lanes(streams);
  s_->slots = slot_table(t);
  s_->ctx = {s_->slots.data(), static_cast<uint8_t>(t.is_signed ? 0x80 : 0x00)};
}

LaneDecoder::LaneDecoder(const ContextTables& c, const std::vector<std::string_view>& streams)
    : s_(std::make_unique<State>()) {
  s_->init_lanes(streams);
  c.validate(static_cast<int>(streams.size()));
  for (const Table& t : c.tables) {
    const std::vector<uint64_t> st = slot_table(t);
    s_->slots.insert(s_->slots.end(), st.begin(), st.end());
  }
  const std::array<uint8_t, 256> bucket = c.bucket_of_byte();
  for (size_t b = 0; b < 256; ++b) s_->offset_of_byte[b] = bucket[b] * kScale;
  s_->distance = c.distance;
  s_->window.assign(c.distance, 0);
  s_->ctx = {s_->slots.data(), static_cast<uint8_t>(c.tables[0].is_signed ? 0x80 : 0x00), false, s_->slots.data(),
             s_->offset_of_byte.data()};
}

LaneDecoder::~LaneDecoder() = default;

size_t LaneDecoder::lanes() const { return s_->lanes.size(); }

void LaneDecoder::decode(uint8_t* out, uint64_t count) {
  static constexpr auto plain = row_decoders<false>(std::make_index_sequence<kMaxLanes>());
  static constexpr auto context = row_decoders<true>(std::make_index_sequence<kMaxLanes>());
  State& s = *s_;
  DecodeCtx& c = s.ctx;
  const size_t n = s.lanes.size(), d = s.distance;
  // Context mode decodes into the window behind the previous `distance` values: the neighbour of
  // window[d + i] is window[i].
  uint8_t* dst = out;
  const uint8_t* neighbour = nullptr;
  if (d) {
    s.window.resize(d + count);
    dst = s.window.data() + d;
    neighbour = s.window.data();
  }
  const uint64_t rows = count / n, rest = count % n;
  // In chunks, so that a forged value count on a short stream stops soon after the words run out.
  constexpr uint64_t kChunkRows = 1 << 14;
  for (uint64_t r = 0; r < rows && !c.starved; r += kChunkRows)
    (d ? context : plain)[n - 1](c, s.lanes.data(), dst + r * n, d ? neighbour + r * n : dst,
                                 std::min(kChunkRows, rows - r));
  for (size_t l = 0; l < rest && !c.starved; ++l) {
    if (d) c.slots = c.first + c.offset_of_byte[neighbour[rows * n + l]];
    dst[rows * n + l] = step(c, s.lanes[l]);
  }
  if (c.starved) throw FormatError("lane stream is truncated");
  if (d) {
    std::copy(dst, dst + count, out);
    std::copy(s.window.end() - static_cast<std::ptrdiff_t>(d), s.window.end(), s.window.begin());
  }
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
