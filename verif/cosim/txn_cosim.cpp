#include "cosim/txn_cosim.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>

#include "errors.h"
#include "tools/scratch.h"
#include "tools/tools.h"
#include "fsutil.h"

namespace qrtl::verif {
namespace {

// The Verilator side. Steps (little-endian): uint64 count, then per step uint32 kind and kInWords
// words. kind 0 holds the vector until ready is high and records the accepting edge; kind 1 is
// applied for one cycle. rst_n is low for the first two cycles. Output: uint64 n, n accepting
// edges, uint64 m, then per valid pulse its cycle (uint64) and kOutWords words of y. "Cycle c"
// is the time just before rising edge c: inputs applied, outputs sampled.
const char* const kTxnMain = R"QRTL(
#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>
#include "verilated.h"
#if QRTL_TRACE
#include "verilated_vcd_c.h"
#endif

static inline void put(CData& p, const uint32_t* w) { p = static_cast<CData>(w[0]); }
static inline void put(SData& p, const uint32_t* w) { p = static_cast<SData>(w[0]); }
static inline void put(IData& p, const uint32_t* w) { p = w[0]; }
static inline void put(QData& p, const uint32_t* w) { p = w[0] | (static_cast<QData>(w[1]) << 32); }
template <std::size_t N> static inline void put(VlWide<N>& p, const uint32_t* w) { for (std::size_t i = 0; i < N; ++i) p[i] = w[i]; }
static inline void get(const CData& p, uint32_t* w) { w[0] = p; }
static inline void get(const SData& p, uint32_t* w) { w[0] = p; }
static inline void get(const IData& p, uint32_t* w) { w[0] = p; }
static inline void get(const QData& p, uint32_t* w) { w[0] = static_cast<uint32_t>(p); w[1] = static_cast<uint32_t>(p >> 32); }
template <std::size_t N> static inline void get(const VlWide<N>& p, uint32_t* w) { for (std::size_t i = 0; i < N; ++i) w[i] = p[i]; }

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  std::FILE* in = std::fopen(argv[1], "rb");
  uint64_t count = 0;
  if (!in || std::fread(&count, sizeof count, 1, in) != 1) return 3;
  const uint64_t stride = 1 + kInWords;
  std::vector<uint32_t> steps(count * stride + 1);
  if (count && std::fread(steps.data(), 4, count * stride, in) != count * stride) return 3;
  std::fclose(in);
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->randReset(2);
  auto t = std::make_unique<Top>(ctx.get());
  // Optional VCD (argv[3]): cycle c is dumped at time 2c (inputs applied, before edge c+1), the
  // edge that ends it at time 2c+1.
#if QRTL_TRACE
  std::unique_ptr<VerilatedVcdC> vcd;
  if (argc > 3) {
    ctx->traceEverOn(true);
    vcd = std::make_unique<VerilatedVcdC>();
    t->trace(vcd.get(), 99);
    vcd->open(argv[3]);
  }
#define QRTL_DUMP(time) if (vcd) vcd->dump(time)
#else
#define QRTL_DUMP(time)
#endif
  std::vector<uint64_t> accepted, valid_at;
  std::vector<uint32_t> ys;
  uint64_t cycle = 0;
  std::vector<uint32_t> zero(kInWords, 0);
  auto half = [&](const uint32_t* w, int rst_n) {
    set_inputs(*t, w);
    t->rst_n = static_cast<CData>(rst_n);
    t->clk = 0;
    t->eval();
    QRTL_DUMP(2 * cycle);
    if (t->valid) {
      valid_at.push_back(cycle);
      uint32_t y[kOutWords];
      get(t->y, y);
      ys.insert(ys.end(), y, y + kOutWords);
    }
  };
  auto edge = [&] { t->clk = 1; t->eval(); QRTL_DUMP(2 * cycle + 1); ++cycle; };
  for (int i = 0; i < 2; ++i) { half(zero.data(), 0); edge(); }
  valid_at.clear();
  ys.clear();
  for (uint64_t s = 0; s < count; ++s) {
    const uint32_t* st = &steps[s * stride];
    if (st[0] == 0) {
      for (uint64_t wait = 0;; ++wait) {
        if (wait > 100000) return 5;  // never ready
        half(st + 1, 1);
        const bool ok = t->ready;
        edge();
        if (ok) { accepted.push_back(cycle - 1); break; }
      }
    } else {
      half(st + 1, 1);
      edge();
    }
  }
  t->final();
#if QRTL_TRACE
  if (vcd) vcd->close();
#endif
  std::FILE* o = std::fopen(argv[2], "wb");
  if (!o) return 4;
  uint64_t n = accepted.size(), m = valid_at.size();
  std::fwrite(&n, 8, 1, o);
  std::fwrite(accepted.data(), 8, n, o);
  std::fwrite(&m, 8, 1, o);
  for (uint64_t i = 0; i < m; ++i) {
    std::fwrite(&valid_at[i], 8, 1, o);
    std::fwrite(&ys[i * kOutWords], 4, kOutWords, o);
  }
  std::fclose(o);
  return 0;
}
)QRTL";

std::vector<vlog::Port> data_inputs(const Generated& g) {
  std::vector<vlog::Port> v;
  for (const auto& p : g.ports)
    if (p.dir == vlog::Dir::in && p.name != "clk" && p.name != "rst_n") v.push_back(p);
  return v;
}

unsigned words_of(int width) { return (static_cast<unsigned>(width) + 31) / 32; }

std::string driver_source(const Generated& g) {
  unsigned in_words = 0, y_width = 0;
  for (const auto& p : data_inputs(g)) in_words += words_of(p.width);
  for (const auto& p : g.ports)
    if (p.name == "y") y_width = static_cast<unsigned>(p.width);
  std::string s = fmt::format("#include \"V{0}.h\"\nusing Top = V{0};\n", g.top);
  s += fmt::format("static constexpr unsigned kInWords = {};\nstatic constexpr unsigned kOutWords = {};\n", in_words,
                   words_of(static_cast<int>(y_width)));
  s += "static void set_inputs(Top& t, const uint32_t* w);\n";
  s += kTxnMain;
  s += "static void set_inputs(Top& t, const uint32_t* w) {\n";
  unsigned off = 0;
  for (const auto& p : data_inputs(g)) {
    s += fmt::format("  put(t.{}, w + {});\n", p.name, off);
    off += words_of(p.width);
  }
  return s + "}\n";
}

void append(std::vector<uint32_t>& out, const Generated& g, uint32_t kind, const Inputs& in) {
  out.push_back(kind);
  for (const auto& p : data_inputs(g)) {
    const Bits& b = in.at(p.name);
    if (b.width() != static_cast<unsigned>(p.width))
      throw std::logic_error(fmt::format("txn_cosim: {} has {} bits, port has {}", p.name, b.width(), p.width));
    for (unsigned w = 0; w < b.words32(); ++w) out.push_back(b.word32(w));
  }
}

std::string describe(const Inputs& in) {
  std::string s;
  for (const auto& [k, v] : in) s += fmt::format("{}{}=0x{}", s.empty() ? "" : " ", k, v.hex());
  return s;
}

}  // namespace

Txn parallel_load(Inputs operands, int gap) {
  Txn t;
  t.operands = std::move(operands);
  Inputs v = t.operands;
  v["start"] = Bits(1, 1);
  t.cycles = {v};
  t.gap = gap;
  return t;
}

uint64_t random_precision(int width, std::mt19937_64& rng) {
  return rng() % 4 ? 1 + rng() % static_cast<uint64_t>(width) : rng() % (uint64_t{1} << precision_port_bits(width));
}

Bits pack_lanes(const std::vector<uint64_t>& v, int width) {
  Bits b(static_cast<unsigned>(v.size() * width));
  for (size_t i = 0; i < v.size(); ++i) b.set_field(static_cast<unsigned>(i * width), static_cast<unsigned>(width), v[i]);
  return b;
}

std::vector<uint64_t> random_lanes(int lanes, int width, std::mt19937_64& rng) {
  std::vector<uint64_t> v(static_cast<size_t>(lanes));
  const uint64_t mask = (uint64_t{1} << width) - 1;
  for (auto& x : v) {
    switch (rng() % 8) {
      case 0: x = 0; break;
      case 1: x = uint64_t{1} << (rng() % static_cast<uint64_t>(width)); break;
      default: x = rng() & mask;
    }
  }
  return v;
}

std::vector<uint64_t> random_lanes_at(int lanes, int width, int bits, bool is_signed, std::mt19937_64& rng) {
  const uint64_t mask = (uint64_t{1} << width) - 1;
  std::vector<uint64_t> v(static_cast<size_t>(lanes));
  for (auto& x : v) {
    x = rng() & ((uint64_t{1} << bits) - 1);
    if (is_signed && (x >> (bits - 1)) & 1) x |= ~((uint64_t{1} << bits) - 1);  // sign extension
    x &= mask;
  }
  return v;
}

std::vector<std::vector<uint64_t>> corner_lanes(int lanes, int width, int p) {
  const uint64_t mask = (uint64_t{1} << width) - 1, low = (uint64_t{1} << p) - 1;
  const uint64_t patterns[] = {0, low, uint64_t{1} << (p - 1), low >> 1, 0x5555555555555555ull & low};
  std::vector<std::vector<uint64_t>> out;
  for (uint64_t pat : patterns) {
    std::vector<uint64_t> v(static_cast<size_t>(lanes));
    for (int i = 0; i < lanes; ++i) v[i] = (i % 2 ? pat | (mask & ~low) : pat);
    out.push_back(v);
  }
  return out;
}

Inputs idle_inputs(const Generated& g, std::mt19937_64& rng) {
  Inputs in;
  for (const auto& p : data_inputs(g)) in[p.name] = random_bits(static_cast<unsigned>(p.width), rng);
  in["start"] = Bits(1, 0);
  return in;
}

namespace {

// What the transaction simulator reports: the edge at which each start was accepted, and the
// cycle and y of each valid pulse.
struct TxnRun {
  std::vector<uint64_t> accepted;
  std::vector<std::pair<uint64_t, Bits>> results;
};

// Runs txns back to back (their gaps, then a drain of idle cycles) through a Verilated model of g;
// with a vcd_path, the simulator is built with tracing and writes the VCD there.
TxnRun simulate(const Generated& g, const CosimOptions& opts, const std::vector<Txn>& txns, int max_cycles,
                std::mt19937_64& rng, const std::string& vcd_path) {
  std::vector<uint32_t> steps;
  for (const auto& t : txns) {
    for (size_t c = 0; c < t.cycles.size(); ++c) append(steps, g, c == 0 ? 0 : 1, t.cycles[c]);
    for (int k = 0; k < t.gap; ++k) append(steps, g, 1, idle_inputs(g, rng));
  }
  for (int k = 0; k < max_cycles + 4; ++k) append(steps, g, 1, idle_inputs(g, rng));  // drain

  const tools::ScratchDir scratch("txn");
  const std::string& work = scratch.path();
  unsigned in_words = 0;
  for (const auto& p : data_inputs(g)) in_words += words_of(p.width);
  const uint64_t n_steps = steps.size() / (1 + in_words);
  {
    std::ofstream f(work + "/steps.bin", std::ios::binary);
    f.write(reinterpret_cast<const char*>(&n_steps), sizeof n_steps);
    f.write(reinterpret_cast<const char*>(steps.data()), static_cast<std::streamsize>(steps.size() * 4));
    if (!f) throw ToolError("cannot write cosim stimulus in " + work);
  }
  const bool trace = !vcd_path.empty();
  // A transaction can keep a serial unit busy for up to max_cycles beyond its input steps.
  std::string exe = build_simulator(g, {{"txn_driver.cpp", driver_source(g)}}, trace, opts.cache_dir,
                                    n_steps + txns.size() * static_cast<uint64_t>(max_cycles));
  std::vector<std::string> argv = {exe, work + "/steps.bin", work + "/out.bin"};
  if (trace) argv.push_back(vcd_path);
  tools::RunResult r = tools::run(argv);
  if (r.exit_code == 5) throw ToolError(fmt::format("{}: ready never rose (stuck unit)", g.top));
  if (r.exit_code != 0) throw ToolError(fmt::format("simulator {} exited with {}: {}", exe, r.exit_code, r.output));

  std::string raw = read_file(work + "/out.bin");
  size_t pos = 0;
  auto u64 = [&]() {
    if (pos + 8 > raw.size()) throw ToolError("transaction simulator output is truncated");
    uint64_t v;
    std::memcpy(&v, raw.data() + pos, 8);
    pos += 8;
    return v;
  };
  unsigned y_width = 0;
  for (const auto& p : g.ports)
    if (p.name == "y") y_width = static_cast<unsigned>(p.width);
  TxnRun out;
  out.accepted.resize(u64());
  for (auto& a : out.accepted) a = u64();
  out.results.resize(u64());
  for (auto& [cyc, y] : out.results) {
    cyc = u64();
    y = Bits(y_width);
    for (unsigned w = 0; w < y.words32(); ++w) {
      uint32_t v;
      if (pos + 4 > raw.size()) throw ToolError("transaction simulator output is truncated");
      std::memcpy(&v, raw.data() + pos, 4);
      pos += 4;
      y.set_word32(w, v);
    }
  }

  return out;
}

// Checks every transaction's result, cycle count and start-to-start spacing against the model.
CosimResult check(const CosimOptions& opts, const TxnBench& bench, const std::vector<Txn>& txns,
                  const std::vector<Outputs>& expect, const TxnRun& run) {
  const auto& accepted = run.accepted;
  const auto& results = run.results;
  CosimResult res;
  res.vectors = txns.size();
  auto fail = [&](const std::string& what) {
    ++res.mismatch_count;
    if (res.mismatches.size() < opts.max_report) res.mismatches.push_back(what);
  };
  if (accepted.size() != txns.size()) fail(fmt::format("{} starts accepted, {} issued", accepted.size(), txns.size()));
  if (results.size() != txns.size()) fail(fmt::format("{} valid pulses for {} transactions", results.size(), txns.size()));
  const size_t n = std::min({accepted.size(), results.size(), txns.size()});
  for (size_t i = 0; i < n; ++i) {
    const Outputs& e = expect[i];
    const int cycles = static_cast<int>(e.at("cycles").value.u64());
    const int64_t measured =
        static_cast<int64_t>(results[i].first) - static_cast<int64_t>(accepted[i]) - bench.load_cycles;
    std::string bad;
    if (!e.at("y").ok(results[i].second))
      bad += fmt::format(" y: expected 0x{} got 0x{}", e.at("y").value.hex(), results[i].second.hex());
    if (measured != cycles) bad += fmt::format(" cycles: expected {} got {}", cycles, measured);
    if (i + 1 < accepted.size()) {
      // The next start is offered after this transaction's vectors and gap; it must be accepted
      // then, or as soon as this dot product's cycles are over.
      const uint64_t offered = accepted[i] + txns[i].cycles.size() + static_cast<uint64_t>(txns[i].gap);
      const uint64_t due = std::max<uint64_t>(offered, accepted[i] + static_cast<uint64_t>(cycles));
      if (accepted[i + 1] != due)
        bad += fmt::format(" next start accepted {} cycles after this one, expected {}", accepted[i + 1] - accepted[i],
                           due - accepted[i]);
    }
    if (!bad.empty()) fail(fmt::format("transaction {}: {} ->{}", i, describe(txns[i].operands), bad));
  }
  res.pass = res.mismatch_count == 0;
  return res;
}

std::vector<Outputs> expected(const Generated& g, const std::vector<Txn>& txns, int& max_cycles) {
  const ModelDef* model = find_model(g.def->name);
  if (!model || !model->eval) throw UsageError(fmt::format("block '{}' has no golden model", g.def->name));
  std::vector<Outputs> expect;
  max_cycles = 1;
  for (const auto& t : txns) {
    expect.push_back(model->eval(g.params, t.operands));
    max_cycles = std::max(max_cycles, static_cast<int>(expect.back().at("cycles").value.u64()));
  }
  return expect;
}

}  // namespace

CosimResult txn_cosim(const Generated& g, const CosimOptions& opts, const TxnBench& bench) {
  std::mt19937_64 rng(opts.seed);
  std::vector<Txn> txns = bench.corners ? bench.corners(g.params, rng) : std::vector<Txn>{};
  for (uint64_t i = 0; i < opts.vectors; ++i) txns.push_back(bench.random(g.params, rng));
  int max_cycles = 1;
  std::vector<Outputs> expect = expected(g, txns, max_cycles);
  TxnRun run = simulate(g, opts, txns, max_cycles, rng, "");
  return check(opts, bench, txns, expect, run);
}

TxnMeasure txn_measure(const Generated& g, const CosimOptions& opts, int bits, const std::string& vcd_path) {
  const TxnBench* bench = find_txn_bench(g.def->name);
  if (!bench || !bench->at_precision)
    throw UsageError(fmt::format("block '{}' has no transaction bench for measurements", g.def->name));
  std::mt19937_64 rng(opts.seed);
  std::vector<Txn> txns;
  for (uint64_t i = 0; i < std::max<uint64_t>(opts.vectors, 1); ++i) txns.push_back(bench->at_precision(g.params, bits, rng));
  int max_cycles = 1;
  std::vector<Outputs> expect = expected(g, txns, max_cycles);
  TxnRun run = simulate(g, opts, txns, max_cycles, rng, vcd_path);
  TxnMeasure m;
  m.result = check(opts, *bench, txns, expect, run);
  m.transactions = txns.size();
  if (!run.accepted.empty() && !run.results.empty()) {
    m.window_begin = run.accepted.front() + static_cast<uint64_t>(bench->load_cycles);
    m.window_end = std::max(m.window_begin, run.results.back().first);
  }
  return m;
}

namespace {
std::map<std::string, std::function<TxnBench()>>& benches() {
  static std::map<std::string, std::function<TxnBench()>> m;
  return m;
}
}  // namespace

const TxnBench* find_txn_bench(const std::string& block) {
  static std::map<std::string, TxnBench> made;  // built on first use (registration order is free)
  auto it = made.find(block);
  if (it != made.end()) return &it->second;
  auto f = benches().find(block);
  return f == benches().end() ? nullptr : &made.emplace(block, f->second()).first->second;
}

TxnBenchRegistration::TxnBenchRegistration(const char* block, std::function<TxnBench()> make) {
  benches()[block] = make;
  register_driver(block, [make](const Generated& g, const CosimOptions& o) { return txn_cosim(g, o, make()); });
}

}  // namespace qrtl::verif
