// APack golden codec (Lascorz et al.): each 8-bit value is coded as the index of the group of the
// 256-value space that contains it (an entropy-coded PREFIX) followed by its raw OFFSET inside the
// group. Groups are contiguous ranges of power-of-two size 2^w, so the offset is exactly w bits.
// The prefix and the offset share one rANS state per lane (see docs/apack-format.md for why):
//   encode  t = (x << w) | offset;  x' = floor(t / f) * 2^12 + (t mod f) + cum
// with 32-bit state x in [2^16, 2^32), 12-bit group frequencies f (sum 4096) and 16-bit-word
// renormalization: every value moves at most one 16-bit word, so one value per cycle per lane in
// hardware needs no multi-word ports. The container (magic, version, count, signedness, lanes,
// table, per-lane lengths, CRC-32) is specified in docs/apack-format.md.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace qrtl::apack {

inline constexpr int kScaleBits = 12;                   // group frequencies sum to 2^12
inline constexpr uint32_t kScale = 1u << kScaleBits;
inline constexpr uint32_t kStateLow = 1u << 16;         // rANS state lives in [2^16, 2^32)
inline constexpr int kWordBits = 16;                    // renormalization unit
inline constexpr int kMaxGroups = 16;
inline constexpr int kMaxLanes = 16;
inline constexpr int kMaxWidth = 8;                     // offset bits of a 256-value group
inline constexpr int kMaxContexts = 16;                 // context mode: tables per segment
inline constexpr uint32_t kMaxDistance = 1u << 16;      // context mode: farthest neighbour

// A corrupted, truncated or foreign stream: decoding stops with this one-line message.
struct FormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Values are ordered by "key" before grouping: the byte itself (unsigned) or byte ^ 0x80 (signed,
// so -128..127 are contiguous and the groups around zero are contiguous too).
inline int key_of(uint8_t byte, bool is_signed) { return is_signed ? byte ^ 0x80 : byte; }
inline uint8_t byte_of(int key, bool is_signed) { return static_cast<uint8_t>(is_signed ? key ^ 0x80 : key); }

struct Group {
  int width = 0;      // offset bits; the group holds 2^width consecutive keys
  uint32_t freq = 0;  // normalized frequency out of 2^12 (0 = the group never occurs)
};

struct Table {
  bool is_signed = false;
  std::vector<Group> groups;  // in key order; sizes sum to 256
  int base(size_t g) const;   // first key of group g
  uint32_t cum(size_t g) const;  // sum of the frequencies of groups before g
  // Throws FormatError unless the table is codable: 1..16 groups, widths 0..8 tiling the 256 keys,
  // frequencies summing to 2^12, each a multiple of granule(width).
  void validate() const;
};

// A group of width w needs freq * 2^(4-w) to be an integer (see docs/apack-format.md): the frequency
// of a group wider than 16 keys is a multiple of 2^(w-4).
inline uint32_t granule(int width) { return width > 4 ? 1u << (width - 4) : 1u; }

using Histogram = std::array<uint64_t, 256>;  // indexed by key
Histogram histogram(std::string_view bytes, bool is_signed);

enum class Method { dp, greedy };
// Chooses at most max_groups groups minimizing the modelled coded size (ideal prefix entropy +
// offset bits + table bits): an exact dynamic program over group boundaries (Method::dp), or
// greedy halving (Method::greedy). Then normalizes the frequencies (normalize()).
Table build_table(const Histogram& h, bool is_signed, int max_groups = kMaxGroups, Method m = Method::dp);
// Integer frequencies for the given group widths: sum 2^12, multiples of granule(w), non-zero
// exactly where the group's count is non-zero, chosen greedily to minimize the coded size.
void normalize(Table& t, const Histogram& h);
// Exact coded size in bits of the values of h under t (the rANS stream is within a few bits of it).
double ideal_bits(const Table& t, const Histogram& h);
double entropy_bits(const Histogram& h);  // order-0 entropy of the whole histogram, in bits

// Context mode (container version 4): value i is coded with the table of the bucket holding the
// key of value i - distance, which is in the same lane (distance is a multiple of the lane count)
// and was decoded before it; the first `distance` values of a segment see the key of byte 0.
// Buckets are contiguous key ranges; the builder picks them and each bucket's groups.
struct ContextTables {
  uint32_t distance = 0;       // 0: plain mode, one table codes every value
  std::vector<int> first_key;  // bucket c holds neighbour keys [first_key[c], first_key[c+1]); [0] = 0
  std::vector<Table> tables;   // one per bucket, all in the same key order
  bool active() const { return distance != 0; }
  // bucket index of each byte value (not key) of the neighbour
  std::array<uint8_t, 256> bucket_of_byte() const;
  // Throws FormatError unless codable: 1..16 buckets with increasing first keys, every table
  // valid and in one key order, distance 1..2^16 and a multiple of `lanes`.
  void validate(int lanes) const;
};
// The neighbour distance for a spatial stride S (values) on N lanes: S rounded to the nearest
// multiple of N (at least N, at most kMaxDistance rounded down to a multiple of N).
uint32_t context_distance(uint64_t stride, int lanes);
// Joint histogram of (neighbour key, key) of values at the given distance; [nk][k].
std::vector<Histogram> context_histograms(std::string_view values, bool is_signed, uint32_t distance);
// Chooses at most max_buckets buckets (an exact dynamic program over neighbour-key ranges weighing
// each bucket's order-0 entropy against its table bytes) and each bucket's table (build_table). The modelled
// coded size, tables included, is returned in *bits.
ContextTables build_context(std::string_view values, bool is_signed, uint32_t distance, int max_buckets,
                            int max_groups, Method m, double* bits);
// Conditional entropy in bits of the values given the key of the neighbour at `distance`.
double conditional_entropy_bits(const std::vector<Histogram>& joint);
std::vector<std::string> encode_context_lanes(const ContextTables& c, std::string_view values, int lanes);

// One lane: the rANS stream of `values` (bytes) in decoder order: 32-bit final state (little-
// endian), then the renormalization words (16-bit little-endian) in the order the decoder reads them.
std::string encode_lane(const Table& t, std::string_view values);
// Decodes count values from a lane stream into out (appending). Throws FormatError on any
// inconsistency (stream too short or too long, a final state other than 2^16).
void decode_lane(const Table& t, std::string_view stream, uint64_t count, std::string& out);
// All lanes at once (value i belongs to lane i mod N), the way compress()/decompress() use them: the
// lanes' independent state chains interleave, which keeps a CPU core busy.
std::vector<std::string> encode_lanes(const Table& t, std::string_view values, int lanes);
// Decodes count values into out[0..count) from the N lane streams. Throws FormatError.
void decode_lanes(const Table& t, const std::vector<std::string_view>& streams, uint64_t count, uint8_t* out);
// The same in pieces: decode() the values in order, every piece but the last a multiple of the lane
// count, then finish() checks that every lane ended exactly (no trailing words, initial state).
// The streams must outlive the decoder. Throws FormatError.
class LaneDecoder {
 public:
  LaneDecoder(const Table& t, const std::vector<std::string_view>& streams);
  LaneDecoder(const ContextTables& c, const std::vector<std::string_view>& streams);  // context mode
  ~LaneDecoder();
  size_t lanes() const;
  void decode(uint8_t* out, uint64_t count);
  void finish() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Value count of lane l when count values are dealt round-robin to lanes (value i -> lane i mod N).
uint64_t lane_count(uint64_t count, int lanes, int lane);

uint32_t crc32(std::string_view data, uint32_t crc = 0);  // IEEE 802.3 (zip, png)

// The container.
struct Container {
  int version = 1;
  int lanes = 1;
  bool npy = false;     // the original file was .npy: `header` holds its header verbatim
  std::string header;   // bytes before the tensor data in the original file (npy header)
  uint64_t count = 0;   // values
  Table table;          // plain mode; in context mode only its key order (is_signed) is used
  ContextTables context;  // context mode when context.active()
  std::vector<std::string> streams;  // one per lane
  uint32_t crc = 0;     // CRC-32 of the whole original file (header + data)
};

struct EncodeOptions {
  int lanes = 1;
  int groups = kMaxGroups;
  Method method = Method::dp;
  int is_signed = -1;  // -1: try both key orders and keep the smaller stream
  // compress_segmented: values per segment; 0 = boundaries chosen by segment_bounds().
  uint64_t segment = 0;
  // Context mode with the spatial neighbour `stride` values earlier (context_distance); each
  // segment still takes plain mode when that codes smaller.
  bool context = false;
  uint64_t stride = 1;
  int tables = kMaxContexts;  // context mode: at most this many buckets (a context=1 block's tables)
};

// Compresses `data` (the tensor values) preceded in the original file by `header` (may be empty).
Container compress(std::string_view header, std::string_view data, bool npy, const EncodeOptions& o);
std::string serialize(const Container& c);
// A file coded in segments (container version 2; version 1 when there is one segment): each
// segment is a Container of its own consecutive values, with its own table, key order and lane
// streams (its header is empty and its crc unused); the file's npy header and CRC-32 are here.
struct SegmentedFile {
  bool npy = false;
  std::string header;
  uint64_t count = 0;
  std::vector<Container> segments;
  uint32_t crc = 0;
};
// Where segments start: 0, ..., data.size() (so segments = bounds.size() - 1). With o.segment = 0
// a dynamic program over chunks of max(16 Ki, n/1024) values minimizes the order-0 entropy of
// every segment plus its header and table bytes, then each boundary moves within a chunk, in
// steps of chunk/16, to where its two segments' entropies add up to the least: a file mixing
// tensors splits where their value distributions change.
std::vector<uint64_t> segment_bounds(std::string_view data, const EncodeOptions& o);
SegmentedFile compress_segmented(std::string_view header, std::string_view data, bool npy, const EncodeOptions& o);
std::string serialize(const SegmentedFile& f);
// Parses and validates the container structure (not the streams). max_count bounds the value count
// accepted (memory). Throws FormatError.
Container parse(std::string_view bytes, uint64_t max_count = uint64_t{1} << 32);
// Decodes a parsed container into the original file bytes, checking the CRC. Throws FormatError.
std::string decompress(const Container& c);
// Any container version (1: one segment, 2: segmented) back to the original file; checks everything
// parse() and decompress() check, per segment. Throws FormatError.
std::string decode_file(std::string_view bytes, uint64_t max_count = uint64_t{1} << 32);
// The same without holding the decoded file: hands it to `sink` in order, in pieces of about
// `piece` bytes, and returns after the CRC check. On a FormatError the pieces already handed over
// are not the file: a caller writing them must discard what it wrote.
void decode_file_to(std::string_view bytes, const std::function<void(std::string_view)>& sink,
                    uint64_t max_count = uint64_t{1} << 32, size_t piece = size_t{1} << 20);

// Several files in one container (an archive, version 3): each member is a complete container
// (version 1 or 2) of one file, stored under the file's name (1..255 bytes, no path separator).
struct ArchiveMember {
  std::string name;
  std::string container;
};
struct ArchiveMemberView {
  std::string_view name, container;
};
bool is_archive(std::string_view bytes);
std::string serialize_archive(const std::vector<ArchiveMember>& members);
// The members in stored order, their containers not yet parsed. Throws FormatError.
std::vector<ArchiveMemberView> parse_archive(std::string_view bytes);
// "" when `name` can be a member's name, else why not.
std::string check_member_name(std::string_view name);

// Minimal .npy reader (int8/uint8 only for APack; other dtypes are reported, not decoded).
struct Npy {
  std::string dtype;               // numpy descr, e.g. "|i1"
  std::vector<uint64_t> shape;
  std::string header;              // magic .. end of header padding, verbatim
  std::string data;                // the array bytes
};
bool looks_like_npy(std::string_view bytes);
Npy read_npy_bytes(std::string_view bytes);  // throws FormatError on a malformed header
Npy read_npy(const std::string& path);

// An input file for `qrtl apack encode`: an int8/uint8 .npy (header kept verbatim, signedness from
// the dtype) or raw bytes (any file: is_signed = -1, the encoder picks the better key order).
struct TensorFile {
  std::string header, data;
  bool npy = false;
  int is_signed = -1;
  uint64_t last_dim = 1;  // a .npy's last dimension (context mode's default stride), 1 for raw bytes
  std::string note;  // why a file that looked like .npy is treated as raw bytes ("" otherwise)
};
TensorFile split_tensor_file(std::string_view bytes);

}  // namespace qrtl::apack
