#include "cosim/apack_cosim.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "bits.h"
#include "cosim/cosim.h"
#include "errors.h"
#include "tools/scratch.h"
#include "tools/tools.h"
#include "fsutil.h"
#include "golden/apack_synthetic.h"


namespace qrtl::verif {

namespace {

// The Verilated driver shared by both blocks. Stimulus (little-endian uint32): stall_permille, seed,
// jobs; per job: table writes (count, then addr + TBL_WORDS data words each), then per lane the
// value count, the number of input beats and the beats. Output per job: cycles, then per lane the
// number of output beats, the beats (data | last << 31) and the err flag. Exit 5 = no progress.
const char* const kDriver = R"DRV(
#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>
#include <type_traits>
#include <vector>
#include "verilated.h"

template <class T> static void put_bits(T& p, unsigned lsb, unsigned w, uint64_t v) {
  const uint64_t mask = (w >= 64 ? ~0ull : ((1ull << w) - 1)) << lsb;
  p = static_cast<T>((static_cast<uint64_t>(p) & ~mask) | ((v << lsb) & mask));
}
template <std::size_t N> static void put_bits(VlWide<N>& p, unsigned lsb, unsigned w, uint64_t v) {
  for (unsigned i = 0; i < w; ++i) {
    const unsigned b = lsb + i;
    p[b / 32] = (p[b / 32] & ~(1u << (b % 32))) | (static_cast<uint32_t>((v >> i) & 1) << (b % 32));
  }
}
template <class T> static uint64_t get_bits(const T& p, unsigned lsb, unsigned w) {
  return (static_cast<uint64_t>(p) >> lsb) & ((1ull << w) - 1);
}
template <std::size_t N> static uint64_t get_bits(const VlWide<N>& p, unsigned lsb, unsigned w) {
  uint64_t v = 0;
  for (unsigned i = 0; i < w; ++i) v |= static_cast<uint64_t>((p[(lsb + i) / 32] >> ((lsb + i) % 32)) & 1) << i;
  return v;
}

struct Lane {
  uint32_t count = 0;
  std::vector<uint32_t> in, out;
  size_t next = 0;
  bool cnt_pending = true, offering = false;
};

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  std::FILE* f = std::fopen(argv[1], "rb");
  if (!f) return 3;
  std::vector<uint32_t> s;
  uint32_t w;
  while (std::fread(&w, 4, 1, f) == 1) s.push_back(w);
  std::fclose(f);
  size_t at = 0;
  auto next = [&]() { return at < s.size() ? s[at++] : 0u; };
  const uint32_t stall = next();
  std::mt19937_64 rng(next());
  const uint32_t jobs = next();
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->randReset(2);
  auto top = std::make_unique<Top>(ctx.get());
  auto tick = [&]() {
    top->clk = 0;
    top->eval();
    top->clk = 1;
    top->eval();
  };
  top->rst_n = 0;
  top->tbl_we = 0;
  top->cnt_valid = 0;
  top->in_valid = 0;
  top->out_ready = 0;
  tick();
  tick();
  top->rst_n = 1;
  std::vector<uint32_t> result;
  for (uint32_t j = 0; j < jobs; ++j) {
    const uint32_t writes = next();
    for (uint32_t k = 0; k < writes; ++k) {
      top->tbl_we = 1;
      top->tbl_addr = static_cast<std::remove_reference_t<decltype(top->tbl_addr)>>(next());
      for (unsigned i = 0; i < TBL_WORDS; ++i) put_bits(top->tbl_data, 32 * i, i + 1 < TBL_WORDS ? 32 : TBL_BITS - 32 * i, next());
      tick();
    }
    top->tbl_we = 0;
    std::vector<Lane> lanes(LANES);
    uint64_t work = 0;
    for (auto& l : lanes) {
      l.count = next();
      l.in.resize(next());
      for (auto& v : l.in) v = next();
      work += l.count + l.in.size();
    }
    const uint64_t limit = 64 + 8 * work * (stall ? 8 : 1);
    uint64_t cycles = 0;
    for (;; ++cycles) {
      bool done = true;
      for (int i = 0; i < LANES; ++i) {
        const Lane& l = lanes[i];
        done = done && !l.cnt_pending && l.next == l.in.size() && get_bits(top->cnt_ready, i, 1) &&
               !get_bits(top->out_valid, i, 1);
      }
      if (done) break;
      if (cycles > limit) return 5;
      top->clk = 0;
      for (int i = 0; i < LANES; ++i) {
        Lane& l = lanes[i];
        put_bits(top->cnt_valid, i, 1, l.cnt_pending);
        put_bits(top->cnt_data, 32 * i, 32, l.count);
        if (!l.offering && l.next < l.in.size() && rng() % 1000 >= stall) l.offering = true;
        put_bits(top->in_valid, i, 1, l.offering);
        put_bits(top->in_data, IN_W * i, IN_W, l.next < l.in.size() ? l.in[l.next] : 0);
        put_bits(top->out_ready, i, 1, rng() % 1000 >= stall);
      }
      top->eval();
      for (int i = 0; i < LANES; ++i) {
        Lane& l = lanes[i];
        if (get_bits(top->cnt_valid, i, 1) && get_bits(top->cnt_ready, i, 1)) l.cnt_pending = false;
        if (get_bits(top->in_valid, i, 1) && get_bits(top->in_ready, i, 1)) {
          ++l.next;
          l.offering = false;
        }
        if (get_bits(top->out_valid, i, 1) && get_bits(top->out_ready, i, 1))
          l.out.push_back(static_cast<uint32_t>(get_bits(top->out_data, OUT_W * i, OUT_W)) |
                          static_cast<uint32_t>(get_bits(top->out_last, i, 1)) << 31);
      }
      top->clk = 1;
      top->eval();
    }
    result.push_back(static_cast<uint32_t>(cycles));
    for (int i = 0; i < LANES; ++i) {
      result.push_back(static_cast<uint32_t>(lanes[i].out.size()));
      result.insert(result.end(), lanes[i].out.begin(), lanes[i].out.end());
#if HAS_ERR
      result.push_back(static_cast<uint32_t>(get_bits(top->err, i, 1)));
#else
      result.push_back(0);
#endif
    }
  }
  top->final();
  std::FILE* o = std::fopen(argv[2], "wb");
  if (!o || std::fwrite(result.data(), 4, result.size(), o) != result.size()) return 4;
  std::fclose(o);
  return 0;
}
)DRV";

std::vector<uint32_t> pack(const std::vector<std::pair<uint64_t, int>>& fields, int words) {
  std::vector<uint32_t> w(static_cast<size_t>(words), 0);
  int lsb = 0;
  for (auto [v, width] : fields) {
    for (int i = 0; i < width; ++i)
      if ((v >> i) & 1) w[static_cast<size_t>((lsb + i) / 32)] |= 1u << ((lsb + i) % 32);
    lsb += width;
  }
  return w;
}

struct Side {
  bool enc;
  Generated g;
};

// Runs one block over all jobs; returns per job: cycles, per-lane beats and err flags.
struct JobOut {
  uint64_t cycles = 0;
  std::vector<std::vector<uint32_t>> beats;
  std::vector<bool> err;
};

// One output per job, or none when the RTL stopped making progress (the driver's cycle limit).
std::vector<JobOut> run_side(const Side& side, const std::vector<apack::Container>& jobs,
                             const std::vector<std::string>& tensors, const ApackCosimOptions& o) {
  const int lanes = jobs.front().lanes;
  const int tbl_bits = side.enc ? 75 : 38;
  std::vector<uint32_t> stim = {static_cast<uint32_t>(o.stall_permille), static_cast<uint32_t>(o.seed),
                                static_cast<uint32_t>(jobs.size())};
  for (size_t j = 0; j < jobs.size(); ++j) {
    const apack::Container& c = jobs[j];
    auto writes = apack_table_writes(c, side.enc, side.g.params.i("context") != 0);
    stim.push_back(static_cast<uint32_t>(writes.size()));
    for (const auto& [addr, data] : writes) {
      stim.push_back(addr);
      stim.insert(stim.end(), data.begin(), data.end());
    }
    for (int l = 0; l < lanes; ++l) {
      const uint64_t n = apack::lane_count(c.count, lanes, l);
      stim.push_back(static_cast<uint32_t>(n));
      if (side.enc) {  // the lane's values, last first
        stim.push_back(static_cast<uint32_t>(n));
        for (uint64_t k = n; k-- > 0;)
          stim.push_back(static_cast<unsigned char>(tensors[j][static_cast<size_t>(k * static_cast<uint64_t>(lanes)) + static_cast<size_t>(l)]));
      } else {  // the lane stream's 16-bit words, stored order
        const std::string& st = c.streams[static_cast<size_t>(l)];
        stim.push_back(static_cast<uint32_t>(st.size() / 2));
        for (size_t b = 0; b + 1 < st.size(); b += 2)
          stim.push_back(static_cast<unsigned char>(st[b]) | static_cast<uint32_t>(static_cast<unsigned char>(st[b + 1])) << 8);
      }
    }
  }
  const std::string prelude =
      fmt::format("#include \"V{0}.h\"\nusing Top = V{0};\n#define LANES {1}\n#define TBL_BITS {2}\n#define TBL_WORDS {3}\n"
                  "#define IN_W {4}\n#define OUT_W {5}\n#define HAS_ERR {6}\n",
                  side.g.top, lanes, tbl_bits, (tbl_bits + 31) / 32, side.enc ? 8 : 16, side.enc ? 16 : 8, side.enc ? 0 : 1);
  const std::string exe = build_simulator(side.g, {{"apack_driver.cpp", prelude + kDriver}}, false, o.cache_dir, stim.size());
  const tools::ScratchDir scratch("apack");
  const std::string& work = scratch.path();
  atomic_write_file(work + "/stim.bin", std::string(reinterpret_cast<const char*>(stim.data()), stim.size() * 4));
  tools::RunResult r = tools::run({exe, work + "/stim.bin", work + "/out.bin"});
  if (r.exit_code == 5) return {};  // the RTL stopped making progress: a failed check, not a tool error
  if (r.exit_code != 0) throw ToolError(fmt::format("simulator {} exited with {}: {}", exe, r.exit_code, r.output));
  const std::string raw = read_file(work + "/out.bin");
  const auto* w = reinterpret_cast<const uint32_t*>(raw.data());
  const size_t nw = raw.size() / 4;
  size_t at = 0;
  auto next = [&]() {
    if (at >= nw) throw ToolError("apack cosim: simulator output is truncated");
    return w[at++];
  };
  std::vector<JobOut> out(jobs.size());
  for (auto& jo : out) {
    jo.cycles = next();
    for (int l = 0; l < lanes; ++l) {
      std::vector<uint32_t> beats(next());
      for (auto& b : beats) b = next();
      jo.beats.push_back(std::move(beats));
      jo.err.push_back(next() != 0);
    }
  }
  return out;
}

}  // namespace

uint64_t apack_reciprocal(uint32_t f, int* shift) {
  const int s = clog2(f);
  *shift = s;
  return ((uint64_t{1} << (32 + s)) / f) + 1;
}

namespace {

constexpr unsigned kEntries = 16;
constexpr unsigned kUnusedBucket = 256;  // a bucket boundary never reached by a key

// The 16 entry writes of table t at addresses first..first+15.
std::vector<TableWrite> enc_entries(const apack::Table& t, unsigned first) {
  std::vector<TableWrite> w;
  for (size_t g = 0; g < kEntries; ++g) {
    const unsigned addr = first + static_cast<unsigned>(g);
    if (g >= t.groups.size()) {
      w.push_back({addr, pack({{256, 9}}, 3)});  // base 256: never selected
      continue;
    }
    const apack::Group& gr = t.groups[g];
    int s = 0;
    const uint64_t m = gr.freq ? apack_reciprocal(gr.freq, &s) : 0;
    w.push_back({addr, pack({{static_cast<uint64_t>(t.base(g)), 9}, {static_cast<uint64_t>(gr.width), 4}, {gr.freq, 13},
                             {t.cum(g) & 0xFFF, 12}, {m, 33}, {static_cast<uint64_t>(s), 4}},
                            3)});
  }
  return w;
}

std::vector<TableWrite> dec_entries(const apack::Table& t, unsigned first) {
  std::vector<TableWrite> w;
  for (size_t g = 0; g < kEntries; ++g) {
    const unsigned addr = first + static_cast<unsigned>(g);
    if (g >= t.groups.size()) {
      w.push_back({addr, pack({{0, 8}, {0, 4}, {0, 13}, {apack::kScale, 13}}, 2)});
      continue;
    }
    const apack::Group& gr = t.groups[g];
    w.push_back({addr, pack({{static_cast<uint64_t>(t.base(g)), 8}, {static_cast<uint64_t>(gr.width), 4}, {gr.freq, 13},
                             {t.cum(g), 13}},
                            2)});
  }
  return w;
}

}  // namespace

std::vector<TableWrite> apack_table_writes(const apack::Container& c, bool enc, bool context_rtl) {
  const int words = enc ? 3 : 2;
  auto word = [&](uint32_t v) {
    std::vector<uint32_t> d(static_cast<size_t>(words), 0);
    d[0] = v;
    return d;
  };
  auto entries = [&](const apack::Table& t, unsigned first) { return enc ? enc_entries(t, first) : dec_entries(t, first); };
  const apack::ContextTables& ctx = c.context;
  if (ctx.active() && !context_rtl) throw std::logic_error("apack cosim: a context-mode segment needs context=1 RTL");
  if (!context_rtl) {
    std::vector<TableWrite> w = entries(c.table, 0);
    w.push_back({kEntries, word(c.table.is_signed)});
    return w;
  }
  // Context RTL: a plain segment is one bucket (every boundary unused) holding its table.
  const std::vector<apack::Table> plain = {c.table};
  const std::vector<apack::Table>& tables = ctx.active() ? ctx.tables : plain;
  std::vector<TableWrite> w;
  for (size_t b = 0; b < tables.size(); ++b) {
    std::vector<TableWrite> e = entries(tables[b], static_cast<unsigned>(kEntries * b));
    w.insert(w.end(), e.begin(), e.end());
  }
  const unsigned cfg = kEntries * kEntries;
  w.push_back({cfg, word(c.table.is_signed)});
  for (unsigned b = 1; b < kEntries; ++b)
    w.push_back({cfg + b, word(ctx.active() && b < ctx.first_key.size() ? static_cast<uint32_t>(ctx.first_key[b]) : kUnusedBucket)});
  w.push_back({cfg + kEntries, word(ctx.active() ? ctx.distance / static_cast<uint32_t>(c.lanes) : 1)});
  return w;
}

std::string ApackCosimResult::summary() const {
  if (!pass) return "FAIL " + detail;
  std::string s = fmt::format("PASS {} values, {} lane(s)", values, lanes);
  if (context_jobs) s += fmt::format(", {} of {} segments in context mode", context_jobs, jobs);
  if (enc_cycles) s += fmt::format(", encoder {} cycles ({:.3f} values/cycle)", enc_cycles, static_cast<double>(values) / static_cast<double>(enc_cycles));
  if (dec_cycles) s += fmt::format(", decoder {} cycles ({:.3f} values/cycle)", dec_cycles, static_cast<double>(values) / static_cast<double>(dec_cycles));
  return s;
}

ApackCosimResult apack_cosim(const std::vector<apack::Container>& jobs, const std::vector<std::string>& tensors,
                             const ApackCosimOptions& o) {
  ApackCosimResult res;
  res.lanes = jobs.front().lanes;
  uint32_t hist = 0;  // the deepest lane-local neighbour distance of a context-mode job
  size_t tables = 2;  // and the most buckets
  for (const auto& c : jobs) {
    if (c.lanes != res.lanes) throw std::logic_error("apack cosim: jobs with different lane counts");
    res.values += c.count;
    if (c.context.active()) {
      hist = std::max(hist, c.context.distance / static_cast<uint32_t>(c.lanes));
      tables = std::max(tables, c.context.tables.size());
    }
    res.context_jobs += c.context.active();
  }
  res.jobs = jobs.size();
  // The blocks to generate: context mode when a job needs it, with just the history and tables it needs.
  std::vector<std::string> keys = {fmt::format("lanes={}", res.lanes)};
  if (hist) keys.insert(keys.end(), {"context=1", fmt::format("hist={}", hist), fmt::format("tables={}", tables)});
  auto fail = [&](std::string d) {
    if (res.detail.empty()) res.detail = std::move(d);
  };
  // A given block must be able to run every job: context mode and enough history.
  auto cannot_run = [&](const Generated& g) -> std::string {
    if (!hist) return "";
    if (!g.params.i("context")) return fmt::format("{}: the stream uses context mode, the RTL has context=0", g.top);
    if (g.params.i("hist") < hist)
      return fmt::format("{}: the stream's neighbour is {} lane values back, the RTL has hist={}", g.top, hist, g.params.i("hist"));
    if (static_cast<size_t>(g.params.i("tables")) < tables)
      return fmt::format("{}: the stream has {} buckets, the RTL has tables={}", g.top, tables, g.params.i("tables"));
    return "";
  };
  if (o.encoder) {
    Side side{true, o.encoder_rtl ? *o.encoder_rtl : generate("apack_enc", keys, "apack_enc")};
    if (const std::string why = cannot_run(side.g); !why.empty()) throw UsageError("apack cosim: " + why);
    auto out = run_side(side, jobs, tensors, o);
    if (out.empty()) fail(fmt::format("encoder {}: timeout, the RTL stopped making progress", side.g.top));
    for (size_t j = 0; j < out.size(); ++j) {
      res.enc_cycles += out[j].cycles;
      for (int l = 0; l < res.lanes; ++l) {
        const auto& beats = out[j].beats[static_cast<size_t>(l)];
        std::string stream;
        for (size_t k = beats.size(); k-- > 0;) {
          stream.push_back(static_cast<char>(beats[k] & 0xFF));
          stream.push_back(static_cast<char>((beats[k] >> 8) & 0xFF));
        }
        const std::string& want = jobs[j].streams[static_cast<size_t>(l)];
        const bool last_ok = !beats.empty() && (beats.back() >> 31) && std::count_if(beats.begin(), beats.end(), [](uint32_t b) { return b >> 31; }) == 1;
        if (stream != want || !last_ok) {
          size_t k = 0;
          while (k < stream.size() && k < want.size() && stream[k] == want[k]) ++k;
          fail(fmt::format("encoder job {} lane {}: stream of {} bytes differs from the golden {} bytes at byte {}{}", j, l,
                           stream.size(), want.size(), k, last_ok ? "" : " (out_last misplaced)"));
        }
      }
    }
  }
  if (o.decoder) {
    Side side{false, o.decoder_rtl ? *o.decoder_rtl : generate("apack_dec", keys, "apack_dec")};
    if (const std::string why = cannot_run(side.g); !why.empty()) throw UsageError("apack cosim: " + why);
    auto out = run_side(side, jobs, tensors, o);
    if (out.empty()) fail(fmt::format("decoder {}: timeout, the RTL stopped making progress", side.g.top));
    for (size_t j = 0; j < out.size(); ++j) {
      res.dec_cycles += out[j].cycles;
      res.dec_err.push_back(out[j].err);
      std::string got(tensors[j].size(), '\0');
      for (int l = 0; l < res.lanes; ++l) {
        const auto& beats = out[j].beats[static_cast<size_t>(l)];
        const uint64_t n = apack::lane_count(jobs[j].count, res.lanes, l);
        if (beats.size() != n) {
          fail(fmt::format("decoder job {} lane {}: {} values, expected {}", j, l, beats.size(), n));
          continue;
        }
        for (uint64_t k = 0; k < n; ++k) {
          got[static_cast<size_t>(k * static_cast<uint64_t>(res.lanes)) + static_cast<size_t>(l)] = static_cast<char>(beats[k] & 0xFF);
          if (static_cast<bool>(beats[k] >> 31) != (k + 1 == n)) fail(fmt::format("decoder job {} lane {}: out_last misplaced at value {}", j, l, k));
        }
        if (out[j].err[static_cast<size_t>(l)]) fail(fmt::format("decoder job {} lane {}: err raised on a valid stream", j, l));
      }
      if (got != tensors[j]) {
        size_t k = 0;
        while (got[k] == tensors[j][k]) ++k;
        fail(fmt::format("decoder job {}: value {} is {} instead of {}", j, k, static_cast<int>(static_cast<uint8_t>(got[k])),
                         static_cast<int>(static_cast<uint8_t>(tensors[j][k]))));
      }
    }
  }
  res.pass = res.detail.empty();
  return res;
}

ApackCosimResult apack_cosim(const apack::SegmentedFile& f, std::string_view values, const ApackCosimOptions& o) {
  std::vector<std::string> tensors;
  uint64_t at = 0;
  for (const auto& seg : f.segments) {
    tensors.emplace_back(values.substr(at, seg.count));
    at += seg.count;
  }
  return apack_cosim(f.segments, tensors, o);
}

namespace {

// Two synthetic tensors of different distributions as one segmented stream (container version 2)
// of two segments, run through the RTL: the lanes reload the table at the boundary. For context=1
// RTL (hist > 0) the first is a feature map coded in context mode with at most `tables` buckets,
// its neighbour min(hist, 8) lane values back, and the second a plain segment run on the same RTL.
ApackCosimResult two_segments(size_t values, int lanes, int hist, int tables, uint64_t seed, const ApackCosimOptions& o) {
  const int channels = lanes * std::min(hist, 8);
  const std::string first = hist ? apack::synthetic::spatial_activations(values - values / 2, channels, 0.9, 30.0, seed * 2)
                                 : apack::synthetic::any_tensor(values - values / 2, seed * 2);
  const std::string data = first + apack::synthetic::any_tensor(values / 2, seed * 2 + 1);
  apack::EncodeOptions eo;
  eo.lanes = lanes;
  eo.segment = std::max<uint64_t>(1, first.size());
  eo.context = hist > 0;
  eo.stride = static_cast<uint64_t>(std::max(channels, 1));
  eo.tables = tables;
  return apack_cosim(apack::compress_segmented("", data, false, eo), data, o);
}

// `qrtl cosim apack_enc|apack_dec lanes=N`: the given block `g` (not a regenerated one) on two
// segmented streams of two segments each (synthetic tensors seeded by --seed, --vectors values in
// all), the second with random stalls.
CosimResult block_driver(const Generated& g, const CosimOptions& opts, bool enc) {
  const int lanes = static_cast<int>(g.params.i("lanes"));
  const int hist = g.params.i("context") ? static_cast<int>(g.params.i("hist")) : 0;
  const int tables = static_cast<int>(g.params.i("tables"));
  const size_t n = static_cast<size_t>(std::min<uint64_t>(opts.vectors, uint64_t{1} << 22));
  ApackCosimOptions o;
  o.cache_dir = opts.cache_dir;
  o.encoder = enc;
  o.decoder = !enc;
  (enc ? o.encoder_rtl : o.decoder_rtl) = &g;
  o.seed = opts.seed;
  ApackCosimResult first = two_segments(n - n / 2, lanes, hist, tables, opts.seed * 2, o);
  o.stall_permille = 300;
  ApackCosimResult second = two_segments(n / 2, lanes, hist, tables, opts.seed * 2 + 1, o);
  CosimResult r;
  r.vectors = first.values + second.values;
  r.pass = first.pass && second.pass;
  if (!first.pass) r.mismatches.push_back(first.detail);
  if (!second.pass) r.mismatches.push_back(second.detail + " (with random stalls)");
  r.mismatch_count = r.mismatches.size();
  if (r.pass) r.mismatches.push_back(first.summary() + "; then with 30% random stalls: " + second.summary());
  return r;
}

const DriverRegistration enc_reg("apack_enc", [](const Generated& g, const CosimOptions& o) { return block_driver(g, o, true); });
const DriverRegistration dec_reg("apack_dec", [](const Generated& g, const CosimOptions& o) { return block_driver(g, o, false); });

}  // namespace

}  // namespace qrtl::verif
