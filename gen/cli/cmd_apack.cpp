// qrtl apack encode IN... OUT [--lanes N] [--groups K] [--greedy] [--segment N] [--context [--stride S] [--tables K]]
// qrtl apack decode IN OUT        (an archive of several files: OUT is a directory)
// qrtl apack stats IN... [--lanes N] [--groups K] [--greedy] [--segment N] [--context [--stride S] [--tables K]]
// qrtl apack cosim IN [--lanes N] [--groups K] [--segment N]   (see apack_cosim.h)
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <new>
#include <set>

#include "cli/command.h"
#include "cosim/apack_cosim.h"
#include "errors.h"
#include "fsutil.h"
#include "golden/apack.h"

namespace qrtl::cli {
namespace {

struct CodecOpts {
  // Four interleaved lanes decode about twice as fast in software as one (the lanes' rANS state
  // chains overlap in the CPU) for 12 more bytes of lane headers.
  int lanes = 4;
  int groups = apack::kMaxGroups;
  bool greedy = false;
  uint64_t segment = 0;  // values per segment; 0 = chosen by the encoder
  bool context = false;
  uint64_t stride = 0;  // 0: a .npy's last dimension, 1 for raw bytes
  int tables = apack::kMaxContexts;
};

void add_codec_options(CLI::App* a, CodecOpts& o) {
  a->add_option("--lanes", o.lanes, "independent rANS lanes (1..16, default 4)")->check(CLI::Range(1, apack::kMaxLanes));
  a->add_option("--groups", o.groups, "maximum number of groups (1..16)")->check(CLI::Range(1, apack::kMaxGroups));
  a->add_flag("--greedy", o.greedy, "greedy group splitting instead of the exact dynamic program");
  a->add_option("--segment", o.segment,
                "values per segment, each with its own table (default: boundaries where the value "
                "distribution changes)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 32));
  CLI::Option* ctx = a->add_flag("--context", o.context,
                                 "context mode: each value's table chosen by the value S earlier (plain mode "
                                 "where that codes smaller)");
  a->add_option("--stride", o.stride,
                "context mode: distance S in values to the spatial neighbour (default: a .npy's last "
                "dimension, 1 for raw bytes)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{apack::kMaxDistance}))
      ->needs(ctx);
  a->add_option("--tables", o.tables,
                "context mode: at most K tables per segment (2..16, default 16; apack_enc/dec tables=K)")
      ->check(CLI::Range(2, apack::kMaxContexts))
      ->needs(ctx);
}

// An input tensor file, read once, and its values coded.
struct Coded {
  apack::TensorFile tensor;
  apack::SegmentedFile file;
};

// Context mode's spatial stride: --stride, else a .npy's last dimension (1 for raw bytes).
uint64_t stride(const apack::TensorFile& t, const CodecOpts& o) { return o.stride ? o.stride : t.last_dim; }

// A tensor file's values coded with the command's options.
apack::SegmentedFile code_tensor(const apack::TensorFile& t, const CodecOpts& o) {
  apack::EncodeOptions eo;
  eo.lanes = o.lanes;
  eo.groups = o.groups;
  eo.method = o.greedy ? apack::Method::greedy : apack::Method::dp;
  eo.is_signed = t.is_signed;
  eo.segment = o.segment;
  eo.context = o.context;
  eo.stride = stride(t, o);
  eo.tables = o.tables;
  return apack::compress_segmented(t.header, t.data, t.npy, eo);
}

Coded compress_file(const std::string& path, const CodecOpts& o) {
  apack::TensorFile t = apack::split_tensor_file(read_file(path));
  if (!t.note.empty()) fmt::print(stderr, "qrtl: note: {}: {}\n", path, t.note);
  if (t.data.size() > (uint64_t{1} << 32))
    throw UsageError(fmt::format("apack: {} has {} values; at most 2^32 per tensor", path, t.data.size()));
  apack::SegmentedFile f = code_tensor(t, o);
  return {std::move(t), std::move(f)};
}

// IN... OUT: one input gives a container of it, several an archive of their containers, each
// under the input's file name (names must differ).
int encode(const std::vector<std::string>& paths, const CodecOpts& o) {
  if (paths.size() < 2) throw UsageError("apack encode: give the input file(s), then the output file");
  const std::vector<std::string> ins(paths.begin(), paths.end() - 1);
  const std::string& out = paths.back();
  if (ins.size() == 1) {
    atomic_write_file(out, apack::serialize(compress_file(ins[0], o).file));
    return 0;
  }
  std::vector<apack::ArchiveMember> members;
  std::set<std::string> names;
  for (const auto& in : ins) {
    std::string name = std::filesystem::path(in).filename().string();
    if (const std::string why = apack::check_member_name(name); !why.empty())
      throw UsageError(fmt::format("apack encode: {}: {}", in, why));
    if (!names.insert(name).second)
      throw UsageError(fmt::format("apack encode: two inputs are named '{}': an archive restores files by name", name));
    members.push_back({std::move(name), apack::serialize(compress_file(in, o).file)});
  }
  atomic_write_file(out, apack::serialize_archive(members));
  return 0;
}

// A damaged input: one line, exit 1, and the directory decode made for an archive removed.
int format_error(const std::string& in, const char* what, const std::string& made_dir) {
  fmt::print(stderr, "qrtl: error: {}: {}\n", in, what);
  std::error_code ec;
  if (!made_dir.empty()) std::filesystem::remove(made_dir, ec);
  return 1;
}

// Decodes in pieces straight into a temporary beside OUT, renamed into place once the CRC matched:
// the decoded file is never held in memory, and a damaged stream leaves no OUT behind. An archive
// restores every file into the directory OUT, all renamed into place only after all decoded.
int decode(const std::string& in, const std::string& out) {
  const InputFile file(in);
  bool made_dir = false;  // removed again (it is empty then) if decoding fails
  try {
    std::vector<std::pair<std::string_view, std::string>> jobs;  // container, output path
    if (apack::is_archive(file.bytes())) {
      const std::vector<apack::ArchiveMemberView> members = apack::parse_archive(file.bytes());
      made_dir = !std::filesystem::exists(out);
      make_dirs(out);
      for (const auto& m : members)
        jobs.emplace_back(m.container, (std::filesystem::path(out) / std::string(m.name)).string());
    } else {
      jobs.emplace_back(file.bytes(), out);
    }
    std::vector<std::unique_ptr<AtomicFileWriter>> done;
    for (const auto& [container, path] : jobs) {
      auto w = std::make_unique<AtomicFileWriter>(path);
      apack::decode_file_to(container, [&](std::string_view piece) { w->write(piece); });
      w->close();
      done.push_back(std::move(w));
    }
    for (auto& w : done) w->commit();
  } catch (const apack::FormatError& e) {
    return format_error(in, e.what(), made_dir ? out : "");
  } catch (const std::bad_alloc&) {
    return format_error(in, "not enough memory to decode", made_dir ? out : "");
  }
  return 0;
}

std::string group_list(const apack::Table& t) {
  std::string s;
  for (size_t g = 0; g < t.groups.size(); ++g) {
    const int lo = t.base(g), hi = lo + (1 << t.groups[g].width) - 1;
    auto val = [&](int key) { return t.is_signed ? key - 128 : key; };
    s += fmt::format("{}[{},{}]:{}b/{}", s.empty() ? "" : " ", val(lo), val(hi), t.groups[g].width, t.groups[g].freq);
  }
  return s;
}

// Bits per value of a coded file of `bytes` container bytes (its .npy header excluded).
double coded_bits(const apack::SegmentedFile& c, size_t bytes) {
  return c.count ? 8.0 * static_cast<double>(bytes - c.header.size()) / static_cast<double>(c.count) : 0;
}

void print_segment_tables(const apack::Container& seg) {
  if (!seg.context.active()) {
    fmt::print("  groups            {} ({} key order): {}\n", seg.table.groups.size(),
               seg.table.is_signed ? "signed" : "unsigned", group_list(seg.table));
    return;
  }
  const apack::ContextTables& ctx = seg.context;
  fmt::print("  context mode      distance {}, {} buckets ({} key order)\n", ctx.distance, ctx.tables.size(),
             seg.table.is_signed ? "signed" : "unsigned");
  for (size_t b = 0; b < ctx.tables.size(); ++b) {
    const int lo = ctx.first_key[b], hi = b + 1 < ctx.first_key.size() ? ctx.first_key[b + 1] - 1 : 255;
    auto val = [&](int key) { return seg.table.is_signed ? key - 128 : key; };
    fmt::print("    neighbour [{},{}]: {}\n", val(lo), val(hi), group_list(ctx.tables[b]));
  }
}

int stats(const std::vector<std::string>& files, const CodecOpts& o) {
  for (const auto& f : files) {
    const Coded coded_file = compress_file(f, o);
    const apack::SegmentedFile& c = coded_file.file;
    const apack::TensorFile& t = coded_file.tensor;
    const double n = static_cast<double>(c.count);
    const double h0 = c.count ? apack::entropy_bits(apack::histogram(t.data, false)) / n : 0;
    size_t streams = 0;
    for (const auto& seg : c.segments)
      for (const auto& s : seg.streams) streams += s.size();
    const size_t total = apack::serialize(c).size();
    const size_t overhead = total - streams - c.header.size();
    const double coded = coded_bits(c, total);
    fmt::print("{}\n", f);
    fmt::print("  values            {}{}\n", c.count, c.npy ? fmt::format(" (.npy, {} header bytes)", c.header.size()) : "");
    fmt::print("  H0                {:.4f} bits/value\n", h0);
    if (o.context) {
      CodecOpts plain = o;
      plain.context = false;
      const uint32_t d = apack::context_distance(stride(t, o), o.lanes);
      const bool sgn = t.is_signed >= 0 ? t.is_signed : c.segments.at(0).table.is_signed;
      const double hc = c.count ? apack::conditional_entropy_bits(apack::context_histograms(t.data, sgn, d)) / n : 0;
      fmt::print("  H(x | x[i-{}])    {:.4f} bits/value (whole file, the neighbour's exact value)\n", d, hc);
      const apack::SegmentedFile p = code_tensor(t, plain);
      fmt::print("  coded, plain mode {:.4f} bits/value\n", coded_bits(p, apack::serialize(p).size()));
    }
    fmt::print("  coded             {:.4f} bits/value (container {} bytes, npy header excluded)\n", coded,
               total - c.header.size());
    fmt::print("  ratio to 8 bits   {:.4f}\n", coded / 8);
    fmt::print("  ratio to H0       {}\n", h0 > 0 ? fmt::format("{:.4f}", coded / h0) : std::string("n/a (H0 = 0)"));
    fmt::print("  table overhead    {} bytes (format header, tables, lane lengths, CRC)\n", overhead);
    if (c.segments.size() > 1) {
      std::vector<uint64_t> counts;
      for (const auto& seg : c.segments) counts.push_back(seg.count);
      fmt::print("  segments          {}, values: {}\n", c.segments.size(), fmt::join(counts, " "));
    }
    for (const auto& seg : c.segments) print_segment_tables(seg);
  }
  return 0;
}

Command make_apack_command() {
  return {"apack", "APack lossless 8-bit tensor codec: encode, decode, stats, RTL cosim", [](CLI::App& sub) {
            sub.require_subcommand(1);
            auto in = std::make_shared<std::string>(), out = std::make_shared<std::string>();
            auto files = std::make_shared<std::vector<std::string>>(), enc_files = std::make_shared<std::vector<std::string>>();
            auto eo = std::make_shared<CodecOpts>(), so = std::make_shared<CodecOpts>(), co = std::make_shared<CodecOpts>();
            auto cache = std::make_shared<std::string>();
            CLI::App* enc = sub.add_subcommand("encode", "compress a raw 8-bit tensor or an int8/uint8 .npy");
            enc->add_option("FILES", *enc_files, "input tensor(s), then the output APack file (several inputs: an archive)")
                ->required();
            add_codec_options(enc, *eo);
            CLI::App* dec = sub.add_subcommand("decode", "restore the original file byte for byte");
            dec->add_option("IN", *in, "APack file")->required();
            dec->add_option("OUT", *out, "restored file (an archive: the directory of its files)")->required();
            CLI::App* st = sub.add_subcommand("stats", "entropy, coded size and chosen groups per file");
            st->add_option("IN", *files, "input tensors")->required();
            add_codec_options(st, *so);
            CLI::App* cs = sub.add_subcommand("cosim", "run the encoder and decoder RTL on a tensor (Verilator)");
            cs->add_option("IN", *in, "input tensor")->required();
            add_codec_options(cs, *co);
            cs->add_option("--cache", *cache, "Verilator build cache directory");
            return [=]() {
              if (enc->parsed()) return encode(*enc_files, *eo);
              if (dec->parsed()) return decode(*in, *out);
              if (st->parsed()) return stats(*files, *so);
              const Coded c = compress_file(*in, *co);
              verif::ApackCosimOptions copts;
              copts.cache_dir = *cache;
              verif::ApackCosimResult r = verif::apack_cosim(c.file, c.tensor.data, copts);
              fmt::print("{}\n", r.summary());
              return r.pass ? 0 : 1;
            };
          }};
}

QRTL_COMMAND(make_apack_command);

}  // namespace
}  // namespace qrtl::cli
