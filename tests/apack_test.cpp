// APack: golden codec checked on hand-computed streams, table-builder optimality, round trips over
// every lane count, robustness (every truncation point, >= 10^5 single-bit flips), the CLI contract,
// and RTL cosimulation of the encoder and decoder for 1 and 4 lanes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>

#include "cosim/apack_cosim.h"
#include "fsutil.h"
#include "golden/apack.h"
#include "golden/apack_synthetic.h"
#include "test_util.h"

namespace qrtl {
namespace {

namespace fs = std::filesystem;
using namespace apack;

Table two_halves() {  // keys 0..127 and 128..255, probability 1/2 each: exactly 8 bits per value
  Table t;
  t.groups = {{7, 2048}, {7, 2048}};
  return t;
}

TEST(ApackGolden, Crc32CheckValue) {
  // The standard CRC-32 (IEEE 802.3) check value of "123456789" is 0xCBF43926.
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
}

TEST(ApackGolden, LaneStreamByHand) {
  // One value 5 (key 5, group 0, offset 5, w = 7, f = 2048, cum = 0) from x = 2^16:
  // x < f*2^(20-7) = 2^24, no word; t = 2^16*2^7 + 5 = 2^23 + 5; floor(t/2048) = 4096, t mod 2048 = 5;
  // x' = 4096*4096 + 5 + 0 = 0x01000005, stored little-endian.
  EXPECT_EQ(encode_lane(two_halves(), std::string(1, '\x05')), std::string("\x05\x00\x00\x01", 4));
  // Value 200: group 1, offset 72, cum 2048: t = 2^23 + 72, x' = 2^24 + 72 + 2048 = 0x01000848.
  EXPECT_EQ(encode_lane(two_halves(), std::string(1, '\xc8')), std::string("\x48\x08\x00\x01", 4));
  // Two values 5, 5: after the second (coded first) x = 2^24 + 5 >= 2^24 emits word 0x0005 and
  // x = 0x0100 = 256; t = 256*128 + 5 = 32773; floor(t/2048) = 16, t mod 2048 = 5: x = 16*4096 + 5
  // = 0x00010005. Decoder order: state 0x00010005, then the word 0x0005.
  EXPECT_EQ(encode_lane(two_halves(), std::string("\x05\x05", 2)), std::string("\x05\x00\x01\x00\x05\x00", 6));
  std::string out;
  decode_lane(two_halves(), std::string("\x05\x00\x01\x00\x05\x00", 6), 2, out);
  EXPECT_EQ(out, std::string("\x05\x05", 2));
  // An empty lane is just the start state 2^16.
  EXPECT_EQ(encode_lane(two_halves(), ""), std::string("\x00\x00\x01\x00", 4));
}

TEST(ApackGolden, LaneCountsDealRoundRobin) {
  // 10 values on 4 lanes: lanes 0, 1 get 3 (0,4,8 / 1,5,9), lanes 2, 3 get 2.
  EXPECT_EQ(lane_count(10, 4, 0), 3u);
  EXPECT_EQ(lane_count(10, 4, 1), 3u);
  EXPECT_EQ(lane_count(10, 4, 2), 2u);
  EXPECT_EQ(lane_count(10, 4, 3), 2u);
  EXPECT_EQ(lane_count(2, 16, 5), 0u);
}

TEST(ApackGolden, ReciprocalIsExactForEveryFrequency) {
  std::mt19937_64 rng(7);
  for (uint32_t f = 1; f <= kScale; ++f) {
    int s = 0;
    const uint64_t m = verif::apack_reciprocal(f, &s);
    ASSERT_LT(m, uint64_t{1} << 33);
    for (int k = 0; k < 64; ++k) {
      const uint64_t t = k < 4 ? (k < 2 ? 0xFFFFFFFFull - k : f * uint64_t(k) - 1) : rng() & 0xFFFFFFFFull;
      const unsigned __int128 p = static_cast<unsigned __int128>(t) * m;
      ASSERT_EQ(static_cast<uint64_t>(p >> (32 + s)), t / f) << "f=" << f << " t=" << t;
    }
  }
}

// Modelled cost of a table from first principles: ideal prefix bits + offset bits + 24 table bits
// per group; used to check the dynamic program against an exhaustive search.
double model_cost(const std::vector<int>& widths, const Histogram& h) {
  uint64_t total = 0;
  for (auto n : h) total += n;
  double bits = 24.0 * static_cast<double>(widths.size());
  int base = 0;
  for (int w : widths) {
    uint64_t n = 0;
    for (int k = base; k < base + (1 << w); ++k) n += h[static_cast<size_t>(k)];
    if (n) bits += static_cast<double>(n) * (w + std::log2(static_cast<double>(total) / static_cast<double>(n)));
    base += 1 << w;
  }
  return bits;
}

void all_tilings(int left, int max_groups, std::vector<int>& cur, std::vector<std::vector<int>>& out) {
  if (left == 0) out.push_back(cur);
  if (left == 0 || static_cast<int>(cur.size()) == max_groups) return;
  for (int w = 0; w <= 8 && (1 << w) <= left; ++w) {
    cur.push_back(w);
    all_tilings(left - (1 << w), max_groups, cur, out);
    cur.pop_back();
  }
}

TEST(ApackTable, DynamicProgramMatchesExhaustiveSearch) {
  std::vector<std::vector<int>> tilings;
  std::vector<int> cur;
  all_tilings(256, 6, cur, tilings);
  // Sanity of the enumeration: it holds the one-group and the two-halves tilings, and many more.
  EXPECT_NE(std::find(tilings.begin(), tilings.end(), std::vector<int>{8}), tilings.end());
  EXPECT_NE(std::find(tilings.begin(), tilings.end(), std::vector<int>{7, 7}), tilings.end());
  ASSERT_GT(tilings.size(), 500u);
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    const std::string data = synthetic::any_tensor(5000, seed);
    const Histogram h = histogram(data, seed % 2 == 0);
    for (int k = 1; k <= 6; ++k) {
      double best = 1e300;
      for (const auto& t : tilings)
        if (static_cast<int>(t.size()) <= k) best = std::min(best, model_cost(t, h));
      Table t = build_table(h, seed % 2 == 0, k);
      ASSERT_LE(static_cast<int>(t.groups.size()), k);
      std::vector<int> w;
      for (const auto& g : t.groups) w.push_back(g.width);
      EXPECT_NEAR(model_cost(w, h), best, 1e-6) << "seed " << seed << " k " << k;
      EXPECT_NO_THROW(t.validate());
    }
    // The greedy halving is never better than the exact program.
    Table g = build_table(h, seed % 2 == 0, 16, Method::greedy), d = build_table(h, seed % 2 == 0, 16);
    std::vector<int> wg, wd;
    for (const auto& x : g.groups) wg.push_back(x.width);
    for (const auto& x : d.groups) wd.push_back(x.width);
    EXPECT_LE(model_cost(wd, h), model_cost(wg, h) + 1e-9);
  }
}

TEST(ApackTable, TwoValuesCostOneBitEach) {
  // Keys 3 and 200 equally likely: H0 = 1 bit; singleton groups with f = 2048 code exactly 1 bit each.
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i % 2 ? 3 : 200));
  const Histogram h = histogram(data, false);
  Table t = build_table(h, false);
  EXPECT_DOUBLE_EQ(ideal_bits(t, h), 1000.0);
  EXPECT_DOUBLE_EQ(entropy_bits(h), 1000.0);
}

TEST(ApackTable, FrequenciesRespectGranules) {
  // A single outlier in a wide tail group still gets a frequency that is a multiple of 2^(w-4).
  std::string data = synthetic::laplace_weights(70000, 1.0, 3);
  data[17] = static_cast<char>(-120);
  for (bool sgn : {false, true}) {
    Table t = build_table(histogram(data, sgn), sgn);
    EXPECT_NO_THROW(t.validate());
    for (const auto& g : t.groups) EXPECT_EQ(g.freq % granule(g.width), 0u);
  }
}

std::vector<std::string> synthetic_set() {
  return {synthetic::laplace_weights(65536, 3.0, 11), synthetic::gaussian_weights(65536, 25.0, 12),
          synthetic::relu_activations(65536, 0.55, 9.0, 0, 13), synthetic::relu_activations(70000, 0.4, 30.0, 17, 14),
          synthetic::asymmetric_uint8(65536, 6.0, 131, 15)};
}

TEST(ApackCodec, RoundTripsEveryLaneCount) {
  std::vector<std::string> tensors = synthetic_set();
  for (size_t n : {0, 1, 2, 15, 17, 1000}) tensors.push_back(synthetic::any_tensor(n, n + 5));
  tensors.push_back(std::string(5000, '\x7f'));  // a constant tensor: one group of probability 1
  for (const auto& data : tensors)
    for (int lanes = 1; lanes <= kMaxLanes; ++lanes) {
      EncodeOptions o;
      o.lanes = lanes;
      const std::string file = serialize(compress("", data, false, o));
      ASSERT_EQ(decode_file(file), data) << "lanes=" << lanes << " n=" << data.size();
    }
}

TEST(ApackCodec, NearTheEntropyOnLargeTensors) {
  // Target: coded size (container included) <= 1.02 x the order-0 entropy for >= 64 Ki values.
  for (const auto& data : synthetic_set()) {
    EncodeOptions o;
    const size_t bytes = serialize(compress("", data, false, o)).size();
    const double h0 = std::min(entropy_bits(histogram(data, false)), entropy_bits(histogram(data, true)));
    EXPECT_LE(8.0 * static_cast<double>(bytes), 1.02 * h0) << "n=" << data.size();
  }
}

TEST(ApackCodec, GreedyAndFewGroupsStillRoundTrip) {
  const std::string data = synthetic::relu_activations(9000, 0.5, 20.0, 3, 21);
  for (int k : {1, 2, 5, 16}) {
    EncodeOptions o;
    o.groups = k;
    o.method = k % 2 ? Method::greedy : Method::dp;
    o.lanes = 3;
    Container c = compress("", data, false, o);
    EXPECT_LE(static_cast<int>(c.table.groups.size()), k);
    EXPECT_EQ(decode_file(serialize(c)), data);
  }
}

std::string npy_file(const std::string& descr, const std::string& shape, const std::string& data) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + dict.size() + 1) % 64) dict += ' ';
  dict += '\n';
  std::string h = std::string("\x93NUMPY\x01\x00", 8);
  h.push_back(static_cast<char>(dict.size() & 0xFF));
  h.push_back(static_cast<char>(dict.size() >> 8));
  return h + dict + data;
}

TEST(ApackNpy, SplitsHeaderAndData) {
  const std::string data = synthetic::laplace_weights(12, 2.0, 1);
  const std::string f = npy_file("|i1", "(3, 4)", data);
  Npy n = read_npy_bytes(f);
  EXPECT_EQ(n.dtype, "|i1");
  EXPECT_EQ(n.shape, (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(n.header.size() % 64, 0u);  // numpy pads the header to a multiple of 64 bytes
  EXPECT_EQ(n.header.size() + 12, f.size());
  EXPECT_EQ(n.data, data);
  TensorFile t = split_tensor_file(f);
  EXPECT_TRUE(t.npy);
  EXPECT_EQ(t.is_signed, 1);
  // A float .npy is compressed as raw bytes, with a note.
  TensorFile r = split_tensor_file(npy_file("<f4", "(3,)", std::string(12, 'x')));
  EXPECT_FALSE(r.npy);
  EXPECT_FALSE(r.note.empty());
}

// Each corrupted stream must decode to the original or fail with FormatError: nothing else.
// The piecewise decoder (qrtl apack decode's) agrees with the whole-file one: the same bytes, and
// a FormatError for exactly the same streams.
std::optional<std::string> decode_in_pieces(const std::string& file, size_t piece) {
  std::string got;
  try {
    decode_file_to(file, [&](std::string_view s) { got += s; }, uint64_t{1} << 16, piece);
  } catch (const FormatError&) {
    return std::nullopt;
  }
  return got;
}

void expect_clean(const std::string& bad, const std::string& original, bool must_fail) {
  const std::optional<std::string> pieces = decode_in_pieces(bad, 37);
  try {
    const std::string got = decode_file(bad, uint64_t{1} << 16);
    if (must_fail) ADD_FAILURE() << "a corrupted stream decoded";
    else
      EXPECT_EQ(got, original);
    EXPECT_EQ(pieces, got);
  } catch (const FormatError&) {
    EXPECT_FALSE(pieces) << "the piecewise decoder accepted a stream the whole-file decoder rejects";
  }
}

// Every truncation point, a trailing byte and every single-bit flip of `file` (which codes `data`).
void expect_every_truncation_and_flip_clean(const std::string& file, const std::string& data) {
  for (size_t n = 0; n < file.size(); ++n) expect_clean(file.substr(0, n), "", true);
  expect_clean(file + '\0', "", true);
  for (size_t bit = 0; bit < file.size() * 8; ++bit) {
    std::string bad = file;
    bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
    expect_clean(bad, data, false);
  }
}

TEST(ApackCodec, PiecewiseDecodeMatchesWholeFile) {
  const std::string data = synthetic::any_tensor(5003, 21);
  const std::string header = npy_file("|u1", "(5003,)", "");
  for (int lanes : {1, 3, 16}) {
    EncodeOptions o;
    o.lanes = lanes;
    const std::string file = serialize(compress(header, data, true, o));
    for (size_t piece : {size_t{1}, size_t{16}, size_t{100}, size_t{1} << 20})
      EXPECT_EQ(decode_in_pieces(file, piece), header + data) << lanes << " lanes, pieces of " << piece;
  }
}

TEST(ApackRobustness, EveryTruncationFails) {
  const std::string data = synthetic::any_tensor(3000, 9);
  EncodeOptions o;
  o.lanes = 3;
  const std::string header = npy_file("|u1", "(3000,)", "");
  const std::string file = serialize(compress(header, data, true, o));
  ASSERT_EQ(decode_file(file), header + data);
  for (size_t n = 0; n < file.size(); ++n) expect_clean(file.substr(0, n), "", true);
  expect_clean(file + '\0', "", true);  // and a trailing byte
}

TEST(ApackRobustness, SingleBitFlipsDecodeOrFailCleanly) {
  // Every bit of a small stream, then 10^5 random flips of a larger one.
  for (int pass = 0; pass < 2; ++pass) {
    const std::string data = synthetic::any_tensor(pass ? 4000 : 300, 30 + pass);
    EncodeOptions o;
    o.lanes = pass ? 4 : 2;
    const std::string file = serialize(compress("", data, false, o));
    std::mt19937_64 rng(99);
    const size_t flips = pass ? 100000 : file.size() * 8;
    for (size_t i = 0; i < flips; ++i) {
      const size_t bit = pass ? rng() % (file.size() * 8) : i;
      std::string bad = file;
      bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
      expect_clean(bad, data, false);
    }
  }
}

TEST(ApackRobustness, ForeignInputFails) {
  EXPECT_THROW(decode_file(""), FormatError);
  EXPECT_THROW(decode_file("hello world, not an apack stream"), FormatError);
  EXPECT_THROW(decode_file(npy_file("|i1", "(2,)", "ab")), FormatError);
}

// ---- segmented streams (container version 2) -------------------------------------------------

// A model-like file: narrow weights, then sparse activations, then wide weights, 48 Ki values each.
std::string mixed_tensors() {
  return synthetic::laplace_weights(49152, 2.0, 41) + synthetic::relu_activations(49152, 0.6, 30.0, 0, 42) +
         synthetic::laplace_weights(49152, 25.0, 43);
}

TEST(ApackSegments, BoundariesFollowTheDistributions) {
  const std::string data = mixed_tensors();
  EncodeOptions o;
  o.lanes = 4;
  const std::vector<uint64_t> b = segment_bounds(data, o);
  ASSERT_EQ(b.front(), 0u);
  ASSERT_EQ(b.back(), data.size());
  // Chunks of 16 Ki values: the three tensors start at chunks 0, 3 and 6, and each is uniform within.
  EXPECT_EQ(b, (std::vector<uint64_t>{0, 49152, 98304, 147456}));
  // Off the 16 Ki grid: the boundary moves to within one refinement step (1 Ki) of where they meet.
  const std::string off = synthetic::laplace_weights(40000, 2.0, 44) + synthetic::relu_activations(60000, 0.6, 30.0, 0, 45);
  const std::vector<uint64_t> ob = segment_bounds(off, o);
  ASSERT_EQ(ob.size(), 3u);
  EXPECT_LE(ob[1] > 40000 ? ob[1] - 40000 : 40000 - ob[1], 1024u) << ob[1];
  o.segment = 50000;
  EXPECT_EQ(segment_bounds(data, o), (std::vector<uint64_t>{0, 50000, 100000, 147456}));
  EXPECT_EQ(segment_bounds("", o), (std::vector<uint64_t>{0, 0}));
}

TEST(ApackSegments, RoundTripSmallerThanOneTable) {
  const std::string data = mixed_tensors();
  const std::string header = npy_file("|u1", "(147456,)", "");
  EncodeOptions o;
  o.lanes = 3;
  const std::string one = serialize(compress(header, data, true, o));
  const SegmentedFile f = compress_segmented(header, data, true, o);
  ASSERT_EQ(f.segments.size(), 3u);
  const std::string seg = serialize(f);
  EXPECT_TRUE(decode_file(seg) == header + data);
  std::string pieces;
  decode_file_to(seg, [&](std::string_view s) { pieces += s; }, uint64_t{1} << 32, 1000);
  EXPECT_TRUE(pieces == header + data);
  EXPECT_LT(seg.size(), one.size() * 95 / 100) << "segments must pay off on mixed tensors";
  EXPECT_THROW(parse(seg), FormatError);  // no single table to return
  // One segment is written as version 1, byte for byte what compress() writes.
  o.segment = data.size();
  EXPECT_TRUE(serialize(compress_segmented(header, data, true, o)) == one);
}

TEST(ApackSegments, EveryTruncationAndBitFlipFailsCleanly) {
  const std::string data = synthetic::any_tensor(900, 51) + synthetic::laplace_weights(700, 3.0, 52);
  EncodeOptions o;
  o.lanes = 2;
  o.segment = 400;  // 4 segments, the last of 400 values too
  const std::string file = serialize(compress_segmented("", data, false, o));
  ASSERT_EQ(decode_file(file), data);
  expect_every_truncation_and_flip_clean(file, data);
}

// ---- context mode (container version 4) ----------------------------------------------------

// An NHWC feature map of 16 channels whose values follow their left neighbour (stride 16).
std::string feature_map(size_t n) { return synthetic::spatial_activations(n, 16, 0.9, 30.0, 61); }

EncodeOptions context_options(int lanes, uint64_t stride) {
  EncodeOptions o;
  o.lanes = lanes;
  o.context = true;
  o.stride = stride;
  return o;
}

TEST(ApackContext, DistanceIsTheStrideRoundedToTheLanes) {
  EXPECT_EQ(context_distance(1, 1), 1u);
  EXPECT_EQ(context_distance(16, 4), 16u);
  EXPECT_EQ(context_distance(3, 4), 4u);   // at least one row of lanes back
  EXPECT_EQ(context_distance(6, 4), 8u);   // the nearest multiple, halves up
  EXPECT_EQ(context_distance(5, 4), 4u);
  EXPECT_EQ(context_distance(uint64_t{1} << 40, 3), kMaxDistance / 3 * 3);
}

TEST(ApackContext, CodesSpatialTensorsSmallerAndRoundTrips) {
  const std::string data = feature_map(30000);
  const std::string header = npy_file("|u1", "(30000,)", "");
  for (int lanes : {1, 2, 4, 16}) {  // lane counts that divide the stride: the neighbour is exact
    const SegmentedFile f = compress_segmented(header, data, true, context_options(lanes, 16));
    ASSERT_TRUE(f.segments.at(0).context.active()) << lanes;
    const std::string file = serialize(f);
    EXPECT_EQ(file[4], 4) << "context mode is container version 4";
    EncodeOptions plain = context_options(lanes, 16);
    plain.context = false;
    const std::string plain_file = serialize(compress_segmented(header, data, true, plain));
    EXPECT_LT(file.size(), plain_file.size() * 85 / 100) << lanes << " lanes";
    for (size_t piece : {size_t{1}, size_t{48}, size_t{1000}, size_t{1} << 20})
      EXPECT_EQ(decode_in_pieces(file, piece), header + data) << lanes << " lanes, pieces of " << piece;
  }
}

TEST(ApackContext, TablesBoundTheBucketsAndCostLittle) {
  const std::string data = feature_map(40000);
  const SegmentedFile all = compress_segmented("", data, false, context_options(4, 16));
  ASSERT_GT(all.segments.at(0).context.tables.size(), 3u) << "the builder uses more than 3 when free to";
  EncodeOptions o = context_options(4, 16);
  o.tables = 3;
  const SegmentedFile three = compress_segmented("", data, false, o);
  for (const Container& seg : three.segments) {
    ASSERT_TRUE(seg.context.active());
    EXPECT_LE(seg.context.tables.size(), 3u);
  }
  const std::string file = serialize(three);
  EXPECT_EQ(decode_file(file), data);
  EXPECT_LT(file.size(), serialize(all).size() * 110 / 100);
}

TEST(ApackContext, APredictableTensorCostsAlmostNothing) {
  // Channels 0 and 2 are always 0, channels 1 and 3 always 200: once a pixel is known the next is
  // certain, and the buckets of neighbour 0 and neighbour 200 each hold one value (a 0-bit
  // group of frequency 4096) but for the first pixel, whose neighbours are byte 0.
  std::string data;
  for (int p = 0; p < 1000; ++p) data += std::string{'\0', '\xC8', '\0', '\xC8'};
  const SegmentedFile f = compress_segmented("", data, false, context_options(1, 4));
  ASSERT_TRUE(f.segments.at(0).context.active());
  // The 4 state bytes and one word for the first pixel's two uncertain values (plain mode needs a
  // bit per value); the rest of the file is tables.
  EXPECT_LE(f.segments[0].streams.at(0).size(), 6u);
  EXPECT_EQ(decode_file(serialize(f)), data);
}

TEST(ApackContext, IndependentValuesFallBackToPlainMode) {
  const std::string data = synthetic::laplace_weights(20000, 4.0, 62);
  EncodeOptions plain = context_options(4, 16);
  plain.context = false;
  EXPECT_TRUE(serialize(compress_segmented("", data, false, context_options(4, 16))) ==
              serialize(compress_segmented("", data, false, plain)));
}

TEST(ApackContext, EveryTruncationAndBitFlipFailsCleanly) {
  const std::string data = feature_map(600) + synthetic::laplace_weights(400, 3.0, 63);
  EncodeOptions o = context_options(2, 16);
  o.segment = 600;  // a context segment and a plain one
  const SegmentedFile f = compress_segmented("", data, false, o);
  ASSERT_TRUE(f.segments.at(0).context.active());
  ASSERT_FALSE(f.segments.at(1).context.active());
  const std::string file = serialize(f);
  ASSERT_EQ(decode_file(file), data);
  expect_every_truncation_and_flip_clean(file, data);
  // The distance field (offset 38: 28 header bytes, segment flags, buckets, count) must be a
  // multiple of the 2 lanes, so that the neighbour is in the same lane.
  std::string odd = file;
  odd[38] = 17;
  EXPECT_THROW(decode_file(odd), FormatError);
}

// ---- archives (container version 3) ---------------------------------------------------------

// Every member of an archive decodes exactly or fails cleanly; the archive itself parses or fails.
void expect_clean_archive(const std::string& bad, const std::vector<std::string>& originals) {
  std::vector<ArchiveMemberView> members;
  try {
    members = parse_archive(bad);
  } catch (const FormatError&) {
    return;
  }
  ASSERT_LE(members.size(), originals.size());
  for (size_t k = 0; k < members.size(); ++k) expect_clean(std::string(members[k].container), originals[k], false);
}

TEST(ApackArchive, RoundTripAndCleanFailures) {
  const std::vector<std::string> data = {synthetic::laplace_weights(700, 3.0, 71), synthetic::any_tensor(500, 72)};
  EncodeOptions o;
  o.lanes = 2;
  std::vector<ArchiveMember> members;
  for (size_t k = 0; k < data.size(); ++k)
    members.push_back({"t" + std::to_string(k) + ".bin", serialize(compress_segmented("", data[k], false, o))});
  const std::string arc = serialize_archive(members);
  ASSERT_TRUE(is_archive(arc));
  const std::vector<ArchiveMemberView> back = parse_archive(arc);
  ASSERT_EQ(back.size(), 2u);
  for (size_t k = 0; k < back.size(); ++k) {
    EXPECT_EQ(back[k].name, members[k].name);
    EXPECT_EQ(decode_file(back[k].container), data[k]);
  }
  EXPECT_THROW(decode_file(arc), FormatError);  // a directory's worth of files, not one
  for (size_t n = 0; n < arc.size(); ++n) EXPECT_THROW(parse_archive(arc.substr(0, n)), FormatError) << n;
  EXPECT_THROW(parse_archive(arc + '\0'), FormatError);
  for (size_t bit = 0; bit < arc.size() * 8; bit += 3) {
    std::string bad = arc;
    bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
    expect_clean_archive(bad, data);
  }
  // Names that could leave the output directory, or clash, are refused on both sides.
  for (const char* name : {"", ".", "..", "a/b", "a\\b"}) {
    EXPECT_NE(check_member_name(name), "") << name;
    EXPECT_THROW(serialize_archive({{name, members[0].container}}), std::invalid_argument) << name;
  }
  std::string twice = serialize_archive({{"x", members[0].container}, {"y", members[0].container}});
  twice[twice.find('y')] = 'x';
  EXPECT_THROW(parse_archive(twice), FormatError);
}

// ---- CLI contract ---------------------------------------------------------------------------

void write(const std::string& path, const std::string& s) {
  std::ofstream f(path, std::ios::binary);
  f << s;
}

TEST(ApackCli, EncodeDecodeRestoresFilesExactly) {
  const std::string dir = test::temp_dir("apack-cli");
  const std::string npy = npy_file("|i1", "(64, 64)", synthetic::laplace_weights(4096, 4.0, 5));
  write(dir + "/w.npy", npy);
  write(dir + "/a.bin", synthetic::relu_activations(5000, 0.5, 10.0, 0, 6));
  write(dir + "/empty.bin", "");
  for (const char* name : {"w.npy", "a.bin", "empty.bin"}) {
    const std::string in = dir + "/" + name;
    auto e = test::run_qrtl({"apack", "encode", in, in + ".apk", "--lanes", "5", "--groups", "12"});
    ASSERT_EQ(e.exit_code, 0) << e.output;
    auto d = test::run_qrtl({"apack", "decode", in + ".apk", in + ".out"});
    ASSERT_EQ(d.exit_code, 0) << d.output;
    EXPECT_EQ(read_file(in + ".out"), read_file(in)) << name;
  }
  auto s = test::run_qrtl({"apack", "stats", dir + "/w.npy", dir + "/a.bin"});
  ASSERT_EQ(s.exit_code, 0) << s.output;
  EXPECT_NE(s.output.find("values            4096 (.npy"), std::string::npos) << s.output;
  EXPECT_NE(s.output.find("ratio to H0"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ApackCli, ContextModeTakesTheNpyLastDimensionAsStride) {
  const std::string dir = test::temp_dir("apack-ctx");
  write(dir + "/f.npy", npy_file("|u1", "(1, 50, 40, 16)", feature_map(32000)));
  auto e = test::run_qrtl({"apack", "encode", dir + "/f.npy", dir + "/f.apk", "--context"});
  ASSERT_EQ(e.exit_code, 0) << e.output;
  auto d = test::run_qrtl({"apack", "decode", dir + "/f.apk", dir + "/f.out"});
  ASSERT_EQ(d.exit_code, 0) << d.output;
  EXPECT_TRUE(read_file(dir + "/f.out") == read_file(dir + "/f.npy"));
  auto s = test::run_qrtl({"apack", "stats", dir + "/f.npy", "--context"});
  ASSERT_EQ(s.exit_code, 0) << s.output;
  EXPECT_NE(s.output.find("H(x | x[i-16])"), std::string::npos) << s.output;
  EXPECT_NE(s.output.find("context mode      distance 16"), std::string::npos) << s.output;
  EXPECT_NE(s.output.find("coded, plain mode"), std::string::npos) << s.output;
  fs::remove_all(dir);
}

TEST(ApackCli, BadInputLeavesNoOutput) {
  const std::string dir = test::temp_dir("apack-bad");
  write(dir + "/a.bin", synthetic::any_tensor(2000, 3));
  ASSERT_EQ(test::run_qrtl({"apack", "encode", dir + "/a.bin", dir + "/a.apk"}).exit_code, 0);
  const std::string good = read_file(dir + "/a.apk");
  write(dir + "/trunc.apk", good.substr(0, good.size() - 3));
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x10;
  write(dir + "/flip.apk", flipped);
  write(dir + "/foreign.apk", "PK\x03\x04 definitely not apack");
  for (const char* name : {"trunc.apk", "flip.apk", "foreign.apk", "missing.apk"}) {
    auto r = test::run_qrtl({"apack", "decode", dir + "/" + name, dir + "/out.bin"});
    EXPECT_NE(r.exit_code, 0) << name;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_FALSE(fs::exists(dir + "/out.bin")) << name;
    for (const auto& e : fs::directory_iterator(dir))  // nor the temporary it was decoded into
      EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
  for (const std::vector<std::string>& opts : {std::vector<std::string>{"--lanes", "17"}, {"--stride", "4"},
                                                {"--context", "--stride", "0"}}) {
    std::vector<std::string> args = {"apack", "encode", dir + "/a.bin", dir + "/x.apk"};
    args.insert(args.end(), opts.begin(), opts.end());
    auto bad = test::run_qrtl(args);
    EXPECT_EQ(bad.exit_code, 2) << opts[0] << bad.output;
    EXPECT_FALSE(fs::exists(dir + "/x.apk"));
  }
  fs::remove_all(dir);
}

TEST(ApackCli, SeveralFilesMakeAnArchiveRestoredIntoADirectory) {
  const std::string dir = test::temp_dir("apack-archive");
  fs::create_directories(dir + "/in");
  fs::create_directories(dir + "/other");
  write(dir + "/in/w.npy", npy_file("|i1", "(3000,)", synthetic::laplace_weights(3000, 4.0, 81)));
  write(dir + "/in/a.bin", synthetic::relu_activations(2000, 0.5, 10.0, 0, 82));
  write(dir + "/other/a.bin", "same name");
  auto e = test::run_qrtl({"apack", "encode", dir + "/in/w.npy", dir + "/in/a.bin", dir + "/m.apk"});
  ASSERT_EQ(e.exit_code, 0) << e.output;
  auto d = test::run_qrtl({"apack", "decode", dir + "/m.apk", dir + "/out"});
  ASSERT_EQ(d.exit_code, 0) << d.output;
  for (const char* name : {"w.npy", "a.bin"}) EXPECT_EQ(read_file(dir + "/out/" + name), read_file(dir + "/in/" + name));
  // Two inputs of the same name: a usage error, nothing written.
  auto twice = test::run_qrtl({"apack", "encode", dir + "/in/a.bin", dir + "/other/a.bin", dir + "/x.apk"});
  EXPECT_EQ(twice.exit_code, 2) << twice.output;
  EXPECT_FALSE(fs::exists(dir + "/x.apk"));
  // A damaged archive: one line, exit 1, no output directory.
  std::string bad = read_file(dir + "/m.apk");
  bad[bad.size() - 9] ^= 0x20;
  write(dir + "/bad.apk", bad);
  auto b = test::run_qrtl({"apack", "decode", dir + "/bad.apk", dir + "/bad_out"});
  EXPECT_EQ(b.exit_code, 1);
  EXPECT_EQ(std::count(b.output.begin(), b.output.end(), '\n'), 1) << b.output;
  EXPECT_FALSE(fs::exists(dir + "/bad_out"));
  fs::remove_all(dir);
}

// ---- RTL ------------------------------------------------------------------------------------

TEST(ApackRtl, LintClean) {
  const std::string dir = test::temp_dir("apack-lint");
  for (const char* block : {"apack_enc", "apack_dec"})
    for (const std::vector<std::string>& keys : {std::vector<std::string>{"lanes=2"}, {"lanes=2", "context=1", "hist=1"},
                                                 {"lanes=1", "context=1", "hist=5", "tables=2"}}) {
      std::vector<std::string> args = {"gen", block};
      args.insert(args.end(), keys.begin(), keys.end());
      args.insert(args.end(), {"--out", dir});
      ASSERT_EQ(test::run_qrtl(args).exit_code, 0);
      auto r = test::run_qrtl({"lint", dir + "/" + block + ".sv", "--top", block});
      EXPECT_EQ(r.exit_code, 0) << keys.back() << r.output;
    }
  // hist and tables belong to context mode.
  for (const char* key : {"hist=8", "tables=4"}) {
    auto bad = test::run_qrtl({"gen", "apack_dec", key, "--out", dir + "/bad"});
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_NE(bad.output.find(std::string(key) + " needs context=1"), std::string::npos) << bad.output;
    EXPECT_FALSE(fs::exists(dir + "/bad"));
  }
  fs::remove_all(dir);
}

TEST(ApackRtl, ContextModeCosimBothBlocks) {
  // A context-mode segment whose neighbour is the previous value of the lane (distance = lanes),
  // one whose neighbour is 3 lane values back, and a plain segment, on the same context=1 RTL.
  const int lanes = 2;
  std::vector<Container> jobs;
  std::vector<std::string> tensors = {synthetic::spatial_activations(3000, 2, 0.9, 30.0, 66),
                                      synthetic::spatial_activations(2400, 6, 0.9, 30.0, 64),
                                      synthetic::laplace_weights(1001, 5.0, 65)};
  for (uint64_t stride : {2, 6, 6}) {
    EncodeOptions eo = context_options(lanes, stride);
    eo.tables = 4;  // the RTL is generated with as many tables as the stream needs
    jobs.push_back(compress("", tensors[jobs.size()], false, eo));
  }
  ASSERT_TRUE(jobs[0].context.active() && jobs[1].context.active());
  ASSERT_FALSE(jobs[2].context.active());
  verif::ApackCosimOptions o;
  o.cache_dir = QRTL_TEST_CACHE;
  verif::ApackCosimResult r = verif::apack_cosim(jobs, tensors, o);
  EXPECT_TRUE(r.pass) << r.detail;
  EXPECT_EQ(r.context_jobs, 2u);
  // Still one value per cycle per lane: the encoder's wait for the neighbour costs 3 cycles a job.
  EXPECT_LE(r.enc_cycles, 6401 / lanes + 3 * 8);
  EXPECT_LE(r.dec_cycles, 6401 / lanes + 3 * 8);
  o.stall_permille = 350;
  o.seed = 5;
  r = verif::apack_cosim(jobs, tensors, o);
  EXPECT_TRUE(r.pass) << r.detail;
}

TEST(ApackRtl, CosimOneAndFourLanes) {
  for (int lanes : {1, 4}) {
    // Two tensors back to back (table reloaded in between), then again with random stalls.
    std::vector<Container> jobs;
    std::vector<std::string> tensors = {synthetic::laplace_weights(3001, 5.0, 40 + lanes),
                                        synthetic::relu_activations(2003, 0.6, 25.0, 7, 50 + lanes),
                                        std::string(lanes == 4 ? 2 : 0, '\x05')};
    for (const auto& t : tensors) {
      EncodeOptions o;
      o.lanes = lanes;
      jobs.push_back(compress("", t, false, o));
    }
    verif::ApackCosimOptions o;
    o.cache_dir = QRTL_TEST_CACHE;
    verif::ApackCosimResult r = verif::apack_cosim(jobs, tensors, o);
    EXPECT_TRUE(r.pass) << r.detail;
    // Full throughput: one value per cycle per lane, plus a few cycles per substream.
    EXPECT_LE(r.enc_cycles, (5004 + static_cast<uint64_t>(lanes) - 1) / static_cast<uint64_t>(lanes) + 3 * 8);
    o.stall_permille = 350;
    o.seed = 3;
    r = verif::apack_cosim(jobs, tensors, o);
    EXPECT_TRUE(r.pass) << r.detail;
  }
}

TEST(ApackRtl, SegmentedFileRunsSegmentBySegment) {
  // `qrtl apack cosim` on a segmented file: the host reloads the lanes' table at every boundary.
  const std::string dir = test::temp_dir("apack-seg-cosim");
  write(dir + "/m.bin", synthetic::laplace_weights(2500, 3.0, 61) + synthetic::relu_activations(2500, 0.5, 40.0, 0, 62));
  auto r = test::run_qrtl({"apack", "cosim", dir + "/m.bin", "--lanes", "2", "--segment", "1800", "--cache",
                           QRTL_TEST_CACHE});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("PASS"), std::string::npos) << r.output;
  auto s = test::run_qrtl({"apack", "stats", dir + "/m.bin", "--segment", "1800"});
  EXPECT_NE(s.output.find("segments          3, values: 1800 1800 1400"), std::string::npos) << s.output;
  fs::remove_all(dir);
}

TEST(ApackRtl, GenericCosimCommandUsesTheStreamingDriver) {
  // `qrtl cosim apack_enc|apack_dec` runs two seeded synthetic tensors, the second with stalls.
  for (const char* block : {"apack_enc", "apack_dec"}) {
    verif::CosimResult r = test::cosim_block(block, {"lanes=1"}, 4000);
    EXPECT_TRUE(r.pass) << block << (r.mismatches.empty() ? "" : r.mismatches.front());
    EXPECT_EQ(r.vectors, 4000u);
  }
}

// The decoder's err output is the rANS end-state check: it must rise exactly when the golden
// decoder finds that a lane stream does not end in the initial state. Some corruptions leave the
// end state intact (only the container's CRC-32, checked by the host, catches them): err stays low.
std::string golden_stream_error(const Container& c) {
  try {
    decompress(c);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(ApackRtl, DecoderErrIsTheEndStateCheck) {
  const std::string data = synthetic::laplace_weights(500, 3.0, 8);
  EncodeOptions eo;
  const Container clean = compress("", data, false, eo);
  // The first single-bit flips of the stream (past the initial state) that the end-state check
  // catches, and that only the CRC catches.
  std::optional<Container> bad_state, bad_crc;
  for (size_t i = 4; i < clean.streams[0].size() && !(bad_state && bad_crc); ++i) {
    Container c = clean;
    c.streams[0][i] ^= 0x01;
    const std::string why = golden_stream_error(c);
    if (!bad_state && why.find("does not end in the initial state") != std::string::npos) bad_state = c;
    if (!bad_crc && why.find("CRC-32 mismatch") != std::string::npos) bad_crc = c;
  }
  ASSERT_TRUE(bad_state && bad_crc) << "no corruption of each kind found";
  verif::ApackCosimOptions o;
  o.cache_dir = QRTL_TEST_CACHE;
  o.encoder = false;
  for (const auto& [c, want_err] : {std::pair{*bad_state, true}, std::pair{*bad_crc, false}}) {
    verif::ApackCosimResult r = verif::apack_cosim({c}, {data}, o);
    EXPECT_FALSE(r.pass);  // the decoded values differ from the tensor
    ASSERT_EQ(r.dec_err.size(), 1u);
    ASSERT_EQ(r.dec_err[0].size(), 1u);
    EXPECT_EQ(r.dec_err[0][0], want_err) << r.detail;
  }
}

}  // namespace
}  // namespace qrtl
