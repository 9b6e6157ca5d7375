// APack container: layout in docs/apack-format.md. parse() checks every field before anything is
// decoded; decompress() checks each lane's end state and the CRC-32 of the restored file.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "golden/apack.h"
#include "golden/apack_bytes.h"

namespace qrtl::apack {

namespace {

constexpr int kVersion = 1;
constexpr int kVersionSegmented = 2;  // several segments, each with its own table
constexpr int kVersionContext = 4;    // segments as in version 2, each plain or in context mode
constexpr unsigned kFlagSigned = 1, kFlagNpy = 2;
constexpr unsigned kSegmentContext = 2;  // segment flag of version 4

// Lane streams and table bytes of a coded segment: what its mode and key order decide.
uint64_t coded_bytes(const Container& c) {
  uint64_t n = 0;
  for (const auto& st : c.streams) n += st.size();
  if (!c.context.active()) return n + 3 * c.table.groups.size();
  n += 4 + c.context.tables.size();  // distance, bucket boundaries and group counts
  for (const Table& t : c.context.tables) n += 3 * t.groups.size();
  return n;
}

// The key order with the smaller modelled size, in plain or in context mode.
Container coded_segment(std::string_view data, const EncodeOptions& o, bool context) {
  Container best;
  double best_bits = 0;
  bool have = false;
  for (int sgn = 0; sgn < 2; ++sgn) {
    if (o.is_signed >= 0 && sgn != o.is_signed) continue;
    Container c;
    double bits = 0;
    if (context) {
      c.context = build_context(data, sgn, context_distance(o.stride, o.lanes), o.tables, o.groups, o.method, &bits);
      c.table.is_signed = sgn;
    } else {
      const Histogram h = histogram(data, sgn);
      c.table = build_table(h, sgn, o.groups, o.method);
      bits = ideal_bits(c.table, h) + 24.0 * static_cast<double>(c.table.groups.size());
    }
    if (!have || bits < best_bits) {
      best = std::move(c);
      best_bits = bits;
      have = true;
    }
  }
  best.streams = best.context.active() ? encode_context_lanes(best.context, data, o.lanes)
                                       : encode_lanes(best.table, data, o.lanes);
  best.lanes = o.lanes;
  best.count = data.size();
  return best;
}

// One segment's values in plain mode or, with o.context, in the smaller of plain and context mode
// (counted in coded bytes); `plain`, when given, also receives the plain-mode coding.
Container code_segment(std::string_view data, const EncodeOptions& o, Container* plain) {
  if (o.lanes < 1 || o.lanes > kMaxLanes) throw std::invalid_argument("apack: lanes out of range 1..16");
  Container best = coded_segment(data, o, false);
  if (o.context) {
    Container c = coded_segment(data, o, true);
    if (coded_bytes(c) < coded_bytes(best)) {
      if (plain) *plain = std::move(best);
      best = std::move(c);
    } else if (plain) {
      *plain = best;
    }
  }
  return best;
}

}  // namespace

Container compress(std::string_view header, std::string_view data, bool npy, const EncodeOptions& o) {
  Container best = code_segment(data, o, nullptr);
  best.npy = npy;
  best.header = std::string(header);
  best.crc = crc32(data, crc32(header));
  return best;
}

std::string serialize(const Container& c) {
  if (c.context.active()) {  // a single segment in context mode: version 4
    SegmentedFile f{c.npy, c.header, c.count, {c}, c.crc};
    f.segments[0].header.clear();
    return serialize(f);
  }
  std::string s(kMagic, 4);
  put(s, static_cast<uint64_t>(c.version), 1);
  put(s, (c.table.is_signed ? kFlagSigned : 0) | (c.npy ? kFlagNpy : 0), 1);
  put(s, static_cast<uint64_t>(c.lanes), 1);
  put(s, c.table.groups.size(), 1);
  put(s, c.count, 8);
  put(s, c.header.size(), 4);
  s += c.header;
  for (const Group& g : c.table.groups) {
    put(s, static_cast<uint64_t>(g.width), 1);
    put(s, g.freq, 2);
  }
  for (const auto& st : c.streams) put(s, st.size(), 4);
  put(s, c.crc, 4);
  for (const auto& st : c.streams) s += st;
  return s;
}

namespace {

// Histogram of bytes [a, b) of p (byte values, not keys: entropy does not depend on the order).
Histogram byte_histogram(const unsigned char* p, uint64_t a, uint64_t b) {
  Histogram h{};
  for (uint64_t i = a; i < b; ++i) ++h[p[i]];
  return h;
}

// The dynamic program over chunks: segment ends at chunk boundaries minimizing the segments'
// order-0 entropy plus `overhead` bits each.
std::vector<uint64_t> chunk_bounds(const unsigned char* p, uint64_t n, uint64_t chunk, double overhead) {
  const size_t chunks = static_cast<size_t>((n + chunk - 1) / chunk);
  std::vector<Histogram> prefix(chunks + 1);  // prefix[c]: bytes of chunks 0..c-1
  prefix[0].fill(0);
  for (size_t c = 0; c < chunks; ++c) {
    const Histogram h = byte_histogram(p, c * chunk, std::min(n, (c + 1) * chunk));
    for (size_t v = 0; v < 256; ++v) prefix[c + 1][v] = prefix[c][v] + h[v];
  }
  auto cost = [&](size_t a, size_t b) {  // chunks a..b-1 as one segment
    Histogram h;
    for (size_t v = 0; v < 256; ++v) h[v] = prefix[b][v] - prefix[a][v];
    return entropy_bits(h) + overhead;
  };
  std::vector<double> best(chunks + 1, 0.0);
  std::vector<size_t> from(chunks + 1, 0);
  for (size_t b = 1; b <= chunks; ++b) {
    best[b] = -1;
    for (size_t a = 0; a < b; ++a) {
      const double c = best[a] + cost(a, b);
      if (best[b] < 0 || c < best[b]) {
        best[b] = c;
        from[b] = a;
      }
    }
  }
  std::vector<uint64_t> bounds;
  for (size_t b = chunks; b > 0; b = from[b]) bounds.push_back(std::min(n, b * chunk));
  bounds.push_back(0);
  std::reverse(bounds.begin(), bounds.end());
  return bounds;
}

// Tensors rarely meet on a chunk boundary: each inner boundary moves, in steps of `step`, to where
// its two segments' entropies add up to the least within `reach` either side.
void refine_bounds(const unsigned char* p, std::vector<uint64_t>& bounds, uint64_t reach, uint64_t step) {
  for (size_t k = 1; k + 1 < bounds.size(); ++k) {
    const uint64_t a = bounds[k - 1], c = bounds[k + 1];
    const uint64_t lo = std::max(a + 1, bounds[k] > reach ? bounds[k] - reach : 0);
    const uint64_t hi = std::min(c - 1, bounds[k] + reach);
    Histogram left = byte_histogram(p, a, lo), right = byte_histogram(p, lo, c);
    double best_bits = entropy_bits(left) + entropy_bits(right);
    uint64_t best_at = lo;
    for (uint64_t at = lo; at < hi;) {
      for (const uint64_t next = std::min(hi, at + step); at < next; ++at) {
        ++left[p[at]];
        --right[p[at]];
      }
      const double bits = entropy_bits(left) + entropy_bits(right);
      if (bits < best_bits) {
        best_bits = bits;
        best_at = at;
      }
    }
    bounds[k] = best_at;
  }
}

// A chunk that straddled two tensors may have become a short segment of its own: neighbours merge
// while one table serves both for fewer bits than two.
void merge_bounds(const unsigned char* p, std::vector<uint64_t>& bounds, double overhead) {
  std::vector<Histogram> hist;
  for (size_t k = 0; k + 1 < bounds.size(); ++k) hist.push_back(byte_histogram(p, bounds[k], bounds[k + 1]));
  for (size_t k = 0; k + 1 < hist.size();) {
    Histogram merged = hist[k];
    for (size_t v = 0; v < 256; ++v) merged[v] += hist[k + 1][v];
    if (entropy_bits(merged) < entropy_bits(hist[k]) + entropy_bits(hist[k + 1]) + overhead) {
      hist[k] = merged;
      hist.erase(hist.begin() + static_cast<std::ptrdiff_t>(k) + 1);
      bounds.erase(bounds.begin() + static_cast<std::ptrdiff_t>(k) + 1);
      if (k > 0) --k;  // the merged segment may now join its left neighbour too
    } else {
      ++k;
    }
  }
}

}  // namespace

std::vector<uint64_t> segment_bounds(std::string_view data, const EncodeOptions& o) {
  const uint64_t n = data.size();
  if (o.segment > 0) {
    std::vector<uint64_t> bounds;
    for (uint64_t at = 0; at < n; at += o.segment) bounds.push_back(at);
    if (bounds.empty()) bounds.push_back(0);
    bounds.push_back(n);
    return bounds;
  }
  const uint64_t chunk = std::max<uint64_t>(uint64_t{1} << 14, (n + 1023) / 1024);
  if (n <= chunk) return {0, n};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  // A segment's own bytes: its header (10), a table of up to 16 groups (48), per lane a length,
  // a final state and half a word of rounding (10).
  const double overhead = 8.0 * (58.0 + 10.0 * o.lanes);
  std::vector<uint64_t> bounds = chunk_bounds(p, n, chunk, overhead);
  refine_bounds(p, bounds, chunk, std::max<uint64_t>(1, chunk / 16));
  merge_bounds(p, bounds, overhead);
  return bounds;
}

SegmentedFile compress_segmented(std::string_view header, std::string_view data, bool npy, const EncodeOptions& o) {
  SegmentedFile f;
  f.npy = npy;
  f.header = std::string(header);
  f.count = data.size();
  f.crc = crc32(data, crc32(header));
  SegmentedFile plain = f;  // the same segments all in plain mode (context mode only)
  const std::vector<uint64_t> bounds = segment_bounds(data, o);
  for (size_t k = 0; k + 1 < bounds.size(); ++k) {
    Container p;
    f.segments.push_back(code_segment(data.substr(bounds[k], bounds[k + 1] - bounds[k]), o, o.context ? &p : nullptr));
    if (o.context) plain.segments.push_back(std::move(p));
  }
  // A version-4 header is longer: a file of plain segments may still be smaller.
  if (o.context && serialize(plain).size() <= serialize(f).size()) return plain;
  return f;
}

std::string serialize(const SegmentedFile& f) {
  const bool context = std::any_of(f.segments.begin(), f.segments.end(), [](const Container& c) { return c.context.active(); });
  if (f.segments.size() == 1 && !context) {  // version 1: the file's header and CRC in the one container
    Container c = f.segments[0];
    c.npy = f.npy;
    c.header = f.header;
    c.crc = f.crc;
    return serialize(c);
  }
  std::string s(kMagic, 4);
  put(s, context ? kVersionContext : kVersionSegmented, 1);
  put(s, f.npy ? kFlagNpy : 0, 1);
  put(s, static_cast<uint64_t>(f.segments.at(0).lanes), 1);
  put(s, 0, 1);
  put(s, f.count, 8);
  put(s, f.header.size(), 4);
  s += f.header;
  put(s, f.segments.size(), 4);
  put(s, f.crc, 4);
  auto put_table = [&s](const Table& t) {
    for (const Group& g : t.groups) {
      put(s, static_cast<uint64_t>(g.width), 1);
      put(s, g.freq, 2);
    }
  };
  for (const Container& c : f.segments) {
    const ContextTables& ctx = c.context;
    put(s, (c.table.is_signed ? kFlagSigned : 0) | (ctx.active() ? kSegmentContext : 0), 1);
    put(s, ctx.active() ? ctx.tables.size() : c.table.groups.size(), 1);
    put(s, c.count, 8);
    if (ctx.active()) {
      put(s, ctx.distance, 4);
      for (size_t b = 1; b < ctx.first_key.size(); ++b) put(s, static_cast<uint64_t>(ctx.first_key[b]), 1);
      for (const Table& t : ctx.tables) {
        put(s, t.groups.size(), 1);
        put_table(t);
      }
    } else {
      put_table(c.table);
    }
    for (const auto& st : c.streams) put(s, st.size(), 4);
    for (const auto& st : c.streams) s += st;
  }
  return s;
}

namespace {

// One segment as views into the parsed bytes.
struct SegmentView {
  Table table;  // plain mode; in context mode only its key order
  ContextTables context;
  uint64_t count = 0;
  std::vector<std::string_view> streams;
};

// A parsed container of either version: the file-level fields in `meta` (its table and streams
// unused), the npy header and the segments as views into the bytes.
struct ContainerView {
  Container meta;
  std::string_view header;
  std::vector<SegmentView> segments;
};

Table read_table(Reader& r, int groups, bool is_signed) {
  Table t;
  t.is_signed = is_signed;
  for (int g = 0; g < groups; ++g) {
    Group gr;
    gr.width = static_cast<int>(r.get(1, "table"));
    gr.freq = static_cast<uint32_t>(r.get(2, "table"));
    t.groups.push_back(gr);
  }
  t.validate();
  return t;
}

int read_group_count(Reader& r);

ContextTables read_context(Reader& r, int buckets, bool is_signed, int lanes) {
  ContextTables ctx;
  ctx.distance = static_cast<uint32_t>(r.get(4, "context header"));
  ctx.first_key.push_back(0);
  for (int b = 1; b < buckets; ++b) ctx.first_key.push_back(static_cast<int>(r.get(1, "context header")));
  for (int b = 0; b < buckets; ++b) ctx.tables.push_back(read_table(r, read_group_count(r), is_signed));
  ctx.validate(lanes);
  return ctx;
}

int read_group_count(Reader& r) {
  const int groups = static_cast<int>(r.get(1, "header"));
  if (groups < 1 || groups > kMaxGroups) throw FormatError(fmt::format("invalid group count {}", groups));
  return groups;
}

std::vector<uint64_t> read_lane_lengths(Reader& r, int lanes) {
  std::vector<uint64_t> len(static_cast<size_t>(lanes));
  for (auto& l : len) {
    l = r.get(4, "lane lengths");
    if (l < 4 || l % 2) throw FormatError("invalid lane stream length");
  }
  return len;
}

void read_npy_header(Reader& r, ContainerView& v) {
  const uint64_t hlen = r.get(4, "header");
  v.header = r.take(hlen, "npy header");
  if (!v.meta.npy && hlen) throw FormatError("header bytes present without the npy flag");
  if (v.meta.npy) {
    Npy n = read_npy_bytes(v.header);  // the header alone: its data part must be empty
    uint64_t elems = 1;
    for (uint64_t d : n.shape) elems = d && elems > UINT64_MAX / d ? UINT64_MAX : elems * d;
    if (elems != v.meta.count || !n.data.empty()) throw FormatError("npy header does not match the value count");
  }
}

ContainerView parse_view(std::string_view bytes, uint64_t max_count) {
  Reader r{bytes};
  ContainerView v;
  Container& c = v.meta;
  if (bytes.size() < 4 || bytes.substr(0, 4) != std::string_view(kMagic, 4)) throw FormatError("not an APack stream (bad magic)");
  r.at = 4;
  c.version = static_cast<int>(r.get(1, "header"));
  if (c.version == 3) throw FormatError("an APack archive of several files: decode it into a directory");
  if (c.version != kVersion && c.version != kVersionSegmented && c.version != kVersionContext)
    throw FormatError(fmt::format("unsupported APack version {}", c.version));
  const bool segmented = c.version != kVersion;
  const unsigned flags = static_cast<unsigned>(r.get(1, "header"));
  // Version 2 keeps the key order per segment: its file flags have only the npy bit.
  if (flags & ~(segmented ? kFlagNpy : kFlagSigned | kFlagNpy)) throw FormatError("unknown flags in APack header");
  c.npy = flags & kFlagNpy;
  c.lanes = static_cast<int>(r.get(1, "header"));
  if (c.lanes < 1 || c.lanes > kMaxLanes) throw FormatError(fmt::format("invalid lane count {}", c.lanes));
  const int groups = segmented ? 0 : read_group_count(r);
  if (segmented && r.get(1, "header") != 0) throw FormatError("reserved header byte is not 0");
  c.count = r.get(8, "header");
  if (c.count > max_count) throw FormatError(fmt::format("value count {} exceeds the limit {}", c.count, max_count));
  read_npy_header(r, v);
  if (!segmented) {
    SegmentView sv;
    sv.table = read_table(r, groups, flags & kFlagSigned);
    sv.count = c.count;
    const std::vector<uint64_t> len = read_lane_lengths(r, c.lanes);
    c.crc = static_cast<uint32_t>(r.get(4, "checksum"));
    uint64_t total = 0;
    for (uint64_t l : len) total += l;
    if (total != bytes.size() - r.at)
      throw FormatError(total > bytes.size() - r.at ? "truncated APack stream (lane data)"
                                                    : "trailing bytes after the APack stream");
    for (uint64_t l : len) sv.streams.push_back(r.take(l, "lane data"));
    v.segments.push_back(std::move(sv));
    return v;
  }
  const uint64_t segments = r.get(4, "header");
  if (segments < 1) throw FormatError("a segmented APack stream without segments");
  c.crc = static_cast<uint32_t>(r.get(4, "checksum"));
  uint64_t values = 0;
  for (uint64_t k = 0; k < segments; ++k) {
    SegmentView sv;
    const unsigned seg_flags = static_cast<unsigned>(r.get(1, "segment header"));
    const unsigned known = kFlagSigned | (c.version == kVersionContext ? kSegmentContext : 0);
    if (seg_flags & ~known) throw FormatError("unknown flags in an APack segment header");
    const bool sgn = seg_flags & kFlagSigned;
    const int seg_groups = read_group_count(r);  // in context mode: the bucket count
    sv.count = r.get(8, "segment header");
    if (sv.count < 1 || sv.count > c.count - values) throw FormatError("segment value counts do not add up to the total");
    values += sv.count;
    sv.table.is_signed = sgn;
    if (seg_flags & kSegmentContext)
      sv.context = read_context(r, seg_groups, sgn, c.lanes);
    else
      sv.table = read_table(r, seg_groups, sgn);
    for (uint64_t l : read_lane_lengths(r, c.lanes)) sv.streams.push_back(r.take(l, "lane data"));
    v.segments.push_back(std::move(sv));
  }
  if (values != c.count) throw FormatError("segment value counts do not add up to the total");
  if (r.at != bytes.size()) throw FormatError("trailing bytes after the APack stream");
  return v;
}

}  // namespace

Container parse(std::string_view bytes, uint64_t max_count) {
  ContainerView v = parse_view(bytes, max_count);
  if (v.segments.size() != 1 || v.meta.version != kVersion)
    throw FormatError(fmt::format("an APack stream of version {} has no single table: decode it with decode_file",
                                  v.meta.version));
  Container c = std::move(v.meta);
  c.header = std::string(v.header);
  c.table = v.segments[0].table;
  for (std::string_view s : v.segments[0].streams) c.streams.emplace_back(s);
  return c;
}

std::string decompress(const Container& c) {
  std::string out = c.header;
  const size_t at = out.size();
  out.resize(at + c.count);
  std::vector<std::string_view> streams(c.streams.begin(), c.streams.end());
  decode_lanes(c.table, streams, c.count, reinterpret_cast<uint8_t*>(out.data() + at));
  if (crc32(out) != c.crc) throw FormatError("CRC-32 mismatch: the stream is corrupted");
  return out;
}

std::string decode_file(std::string_view bytes, uint64_t max_count) {
  std::string out;
  decode_file_to(bytes, [&](std::string_view s) { out += s; }, max_count);
  return out;
}

void decode_file_to(std::string_view bytes, const std::function<void(std::string_view)>& sink, uint64_t max_count,
                    size_t piece) {
  const ContainerView v = parse_view(bytes, max_count);
  uint32_t crc = crc32(v.header);
  if (!v.header.empty()) sink(v.header);
  std::vector<uint8_t> buf;
  for (const SegmentView& seg : v.segments) {
    LaneDecoder dec = seg.context.active() ? LaneDecoder(seg.context, seg.streams) : LaneDecoder(seg.table, seg.streams);
    // Pieces of whole rows (one value per lane), small enough to stay in cache until written.
    // (No bigger than the segment: a small file should not pay for zeroing a 1 MiB buffer.)
    const uint64_t rows_per_piece = std::max<uint64_t>(1, piece / dec.lanes());
    const uint64_t piece_values = std::min<uint64_t>(rows_per_piece * dec.lanes(), seg.count);
    if (buf.size() < piece_values) buf.resize(piece_values);
    for (uint64_t done = 0; done < seg.count;) {
      const uint64_t n = std::min<uint64_t>(piece_values, seg.count - done);
      dec.decode(buf.data(), n);
      const std::string_view chunk(reinterpret_cast<const char*>(buf.data()), n);
      crc = crc32(chunk, crc);
      sink(chunk);
      done += n;
    }
    dec.finish();
  }
  if (crc != v.meta.crc) throw FormatError("CRC-32 mismatch: the stream is corrupted");
}

}  // namespace qrtl::apack
