// APack container: layout in docs/apack-format.md. parse() checks every field before anything is
// decoded; decompress() checks each lane's end state and the CRC-32 of the restored file.
#include <fmt/format.h>

#include "golden/apack.h"

namespace qrtl::apack {

namespace {

constexpr char kMagic[4] = {'A', 'P', 'A', 'K'};
constexpr int kVersion = 1;
constexpr unsigned kFlagSigned = 1, kFlagNpy = 2;

void put(std::string& s, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

struct Reader {
  std::string_view b;
  size_t at = 0;
  std::string_view take(size_t n, const char* what) {
    if (b.size() - at < n) throw FormatError(fmt::format("truncated APack stream (in the {})", what));
    std::string_view r = b.substr(at, n);
    at += n;
    return r;
  }
  uint64_t get(int bytes, const char* what) {
    std::string_view r = take(static_cast<size_t>(bytes), what);
    uint64_t v = 0;
    for (int i = bytes; i-- > 0;) v = v << 8 | static_cast<unsigned char>(r[static_cast<size_t>(i)]);
    return v;
  }
};

}  // namespace

Container compress(std::string_view header, std::string_view data, bool npy, const EncodeOptions& o) {
  if (o.lanes < 1 || o.lanes > kMaxLanes) throw std::invalid_argument("apack: lanes out of range 1..16");
  Container best;
  double best_bits = 0;
  for (int sgn = 0; sgn < 2; ++sgn) {
    if (o.is_signed >= 0 && sgn != o.is_signed) continue;
    Table t = build_table(histogram(data, sgn), sgn, o.groups, o.method);
    const double bits = ideal_bits(t, histogram(data, sgn)) + 24.0 * static_cast<double>(t.groups.size());
    if (best.table.groups.empty() || bits < best_bits) {
      best.table = std::move(t);
      best_bits = bits;
    }
  }
  best.lanes = o.lanes;
  best.npy = npy;
  best.header = std::string(header);
  best.count = data.size();
  best.streams = encode_lanes(best.table, data, o.lanes);
  best.crc = crc32(data, crc32(header));
  return best;
}

std::string serialize(const Container& c) {
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

// The container with its npy header and lane streams as views into `bytes`.
struct ContainerView {
  Container meta;  // every field but header and streams
  std::string_view header;
  std::vector<std::string_view> streams;
};

ContainerView parse_view(std::string_view bytes, uint64_t max_count) {
  Reader r{bytes};
  ContainerView v;
  Container& c = v.meta;
  if (bytes.size() < 4 || bytes.substr(0, 4) != std::string_view(kMagic, 4)) throw FormatError("not an APack stream (bad magic)");
  r.at = 4;
  c.version = static_cast<int>(r.get(1, "header"));
  if (c.version != kVersion) throw FormatError(fmt::format("unsupported APack version {}", c.version));
  const unsigned flags = static_cast<unsigned>(r.get(1, "header"));
  if (flags & ~(kFlagSigned | kFlagNpy)) throw FormatError("unknown flags in APack header");
  c.table.is_signed = flags & kFlagSigned;
  c.npy = flags & kFlagNpy;
  c.lanes = static_cast<int>(r.get(1, "header"));
  if (c.lanes < 1 || c.lanes > kMaxLanes) throw FormatError(fmt::format("invalid lane count {}", c.lanes));
  const int groups = static_cast<int>(r.get(1, "header"));
  if (groups < 1 || groups > kMaxGroups) throw FormatError(fmt::format("invalid group count {}", groups));
  c.count = r.get(8, "header");
  if (c.count > max_count) throw FormatError(fmt::format("value count {} exceeds the limit {}", c.count, max_count));
  const uint64_t hlen = r.get(4, "header");
  v.header = r.take(hlen, "npy header");
  if (!c.npy && hlen) throw FormatError("header bytes present without the npy flag");
  if (c.npy) {
    Npy n = read_npy_bytes(v.header);  // the header alone: its data part must be empty
    uint64_t elems = 1;
    for (uint64_t d : n.shape) elems = d && elems > UINT64_MAX / d ? UINT64_MAX : elems * d;
    if (elems != c.count || !n.data.empty()) throw FormatError("npy header does not match the value count");
  }
  for (int g = 0; g < groups; ++g) {
    Group gr;
    gr.width = static_cast<int>(r.get(1, "table"));
    gr.freq = static_cast<uint32_t>(r.get(2, "table"));
    c.table.groups.push_back(gr);
  }
  c.table.validate();
  std::vector<uint64_t> len(static_cast<size_t>(c.lanes));
  uint64_t total = 0;
  for (auto& l : len) {
    l = r.get(4, "lane lengths");
    if (l < 4 || l % 2) throw FormatError("invalid lane stream length");
    total += l;
  }
  c.crc = static_cast<uint32_t>(r.get(4, "checksum"));
  if (total != bytes.size() - r.at)
    throw FormatError(total > bytes.size() - r.at ? "truncated APack stream (lane data)" : "trailing bytes after the APack stream");
  for (uint64_t l : len) v.streams.push_back(r.take(l, "lane data"));
  return v;
}

}  // namespace

Container parse(std::string_view bytes, uint64_t max_count) {
  ContainerView v = parse_view(bytes, max_count);
  Container c = std::move(v.meta);
  c.header = std::string(v.header);
  for (std::string_view s : v.streams) c.streams.emplace_back(s);
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

std::string decode_file(std::string_view bytes, uint64_t max_count) { return decompress(parse(bytes, max_count)); }

void decode_file_to(std::string_view bytes, const std::function<void(std::string_view)>& sink, uint64_t max_count,
                    size_t piece) {
  const ContainerView v = parse_view(bytes, max_count);
  LaneDecoder dec(v.meta.table, v.streams);
  uint32_t crc = crc32(v.header);
  if (!v.header.empty()) sink(v.header);
  // Pieces of whole rows (one value per lane), small enough to stay in cache until written.
  const uint64_t rows_per_piece = std::max<uint64_t>(1, piece / dec.lanes());
  std::vector<uint8_t> buf(rows_per_piece * dec.lanes());
  for (uint64_t done = 0; done < v.meta.count;) {
    const uint64_t n = std::min<uint64_t>(buf.size(), v.meta.count - done);
    dec.decode(buf.data(), n);
    const std::string_view chunk(reinterpret_cast<const char*>(buf.data()), n);
    crc = crc32(chunk, crc);
    sink(chunk);
    done += n;
  }
  dec.finish();
  if (crc != v.meta.crc) throw FormatError("CRC-32 mismatch: the stream is corrupted");
}

}  // namespace qrtl::apack
