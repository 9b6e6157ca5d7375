#include "cosim/cosim.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "cosim/stimulus.h"
#include "errors.h"
#include "tools/tools.h"
#include "fsutil.h"
#include "models/model.h"

namespace fs = std::filesystem;

namespace qrtl::embedded {
extern const char* const harness_main;
}

namespace qrtl::verif {

namespace {

std::map<std::string, CosimDriver>& drivers() {
  static std::map<std::string, CosimDriver> d;
  return d;
}

struct PortList {
  std::vector<vlog::Port> in, out;
  bool clocked = false;
  unsigned in_words = 0, out_words = 0;
};

PortList port_list(const Generated& g) {
  Stimulus s = data_ports(g);
  PortList pl{s.in, s.out, s.clocked};
  for (const auto& p : pl.in) pl.in_words += (p.width + 31) / 32;
  for (const auto& p : pl.out) pl.out_words += (p.width + 31) / 32;
  return pl;
}

std::string generic_driver(const Generated& g, const PortList& pl) {
  std::string s = fmt::format("#include \"V{0}.h\"\nusing Top = V{0};\n", g.top);
  s += fmt::format("static constexpr unsigned kInWords = {};\nstatic constexpr unsigned kOutWords = {};\n",
                   pl.in_words ? pl.in_words : 1, pl.out_words ? pl.out_words : 1);
  s += embedded::harness_main;
  s += "\nstatic void set_inputs(Top& t, const uint32_t* w) {\n  (void)t; (void)w;\n";
  unsigned off = 0;
  for (const auto& p : pl.in) {
    s += fmt::format("  qrtl_put(t.{}, w + {});\n", p.name, off);
    off += (p.width + 31) / 32;
  }
  s += "}\nstatic void get_outputs(Top& t, uint32_t* w) {\n  (void)t; (void)w;\n";
  off = 0;
  for (const auto& p : pl.out) {
    s += fmt::format("  qrtl_get(t.{}, w + {});\n", p.name, off);
    off += (p.width + 31) / 32;
  }
  s += "}\nstatic bool set_clk(Top& t, int level) {\n";
  s += pl.clocked ? "  t.clk = static_cast<CData>(level);\n  return true;\n" : "  (void)t; (void)level;\n  return false;\n";
  s += "}\n";
  return s;
}

std::string format_inputs(const Inputs& in) {
  std::string s;
  for (const auto& [k, v] : in) s += fmt::format("{}{}=0x{}", s.empty() ? "" : " ", k, v.hex());
  return s;
}

}  // namespace

std::string CosimResult::summary() const {
  if (pass) return fmt::format("PASS {} vectors{}", vectors, exhaustive ? " (exhaustive)" : "");
  return fmt::format("FAIL {} of {} vectors mismatch", mismatch_count, vectors);
}

std::string generic_driver_source(const Generated& g) { return generic_driver(g, port_list(g)); }

void register_driver(const std::string& block, CosimDriver fn) { drivers()[block] = std::move(fn); }

bool has_driver(const std::string& block) { return drivers().count(block) > 0; }

std::string default_cache_dir() {
  if (const char* d = std::getenv("QRTL_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/qrtl";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/qrtl";
  return "/tmp/qrtl-cache";
}

std::string build_simulator(const Generated& g, const std::vector<std::pair<std::string, std::string>>& driver,
                            bool trace, const std::string& cache_dir_in, uint64_t cycles) {
  const std::string cache_dir = cache_dir_in.empty() ? default_cache_dir() : cache_dir_in;
  // Verilator 5.006 miscompiles some bit-level logic in two of its optimizers, so both are off:
  // -fno-dfg: the DFG optimizer left a ps_dot lanes=2 sum bit stale; -fno-const-bit-op-tree: the
  // bit-operation tree folding gets {(x[3] & x[2]), (x[1] & x[0])} of a zero-extended slice wrong
  // (upstream issues #4059, #4832, #5186). Icarus and Yosys agree with the results of this build.
  std::vector<std::string> argv = {"verilator", "--cc", "--exe", "--build", "-j", "2", "-fno-dfg", "-fno-const-bit-op-tree",
                                   "--x-assign", "unique", "--x-initial", "unique",
                                   "-Wno-DECLFILENAME", "--top-module", g.top, "-Mdir", "obj",
                                   "-CFLAGS", trace ? "-DQRTL_TRACE=1" : "-DQRTL_TRACE=0"};
  if (trace) argv.push_back("--trace");
  // The model's own C++ is compiled at -O1, or -O0 for a short run (QRTL_VERILATOR_OPT overrides):
  // compile time dominates a cosim, and -O1 compiles a large model ~30% faster than Verilator's -Os
  // while simulating at about the same speed; -O0 is faster again but simulates several times slower.
  const char* opt = std::getenv("QRTL_VERILATOR_OPT");
  const std::string level = opt && *opt ? opt : cycles <= kShortRun ? "-O0" : "-O1";
  argv.insert(argv.end(), {"-MAKEFLAGS", "OPT_FAST=" + level, "-MAKEFLAGS", "OPT_SLOW=" + level});
  // One translation unit per model: Verilator splits a larger model into many .cpp files and then
  // compiles each separately, parsing its headers every time; concatenated (as it does for small
  // models) the C++ of a model takes less than half the CPU time (measured: mx_dot e4m3 k=32 7.4 s
  // -> 1.6 s, apack_enc lanes=2 14.1 s -> 6.1 s). The tests already build two models at once.
  argv.insert(argv.end(), {"-MAKEFLAGS", "VM_PARALLEL_BUILDS=0"});

  // The cache key: the RTL, the driver, the Verilator version and every flag above.
  std::string key = g.sv + tools::tool_version("verilator") + fmt::format("{}", fmt::join(argv, " "));
  for (const auto& [name, text] : driver) key += name + text;
  const std::string final_dir = fmt::format("{}/{}-{:016x}", cache_dir, g.top, fnv1a64(key));
  const std::string exe = final_dir + "/obj/V" + g.top;
  if (fs::exists(exe)) return exe;

  make_dirs(cache_dir);
  std::random_device rd;
  const std::string tmp = fmt::format("{}/.build-{}-{:08x}", cache_dir, ::getpid(), rd());
  make_dirs(tmp);
  atomic_write_file(tmp + "/" + g.top + ".sv", g.sv);
  // Verilator's runtime (verilated.cpp) is most of a small model's C++ compile time and the same for
  // every model: with ccache on PATH it is compiled once per machine (not part of the key).
  if (tools::has_tool("ccache")) argv.insert(argv.end(), {"-MAKEFLAGS", "OBJCACHE=ccache"});
  argv.push_back(g.top + ".sv");
  for (const auto& [name, text] : driver) {
    atomic_write_file(tmp + "/" + name, text);
    argv.push_back(name);
  }
  tools::RunResult r = tools::run(argv, tmp);
  if (r.exit_code != 0) {
    std::string out = r.output.size() > 4000 ? r.output.substr(0, 4000) + "\n..." : r.output;
    fs::remove_all(tmp);
    throw ToolError(fmt::format("verilator build of {} failed:\n{}", g.top, out));
  }
  std::error_code ec;
  fs::rename(tmp, final_dir, ec);
  if (ec) fs::remove_all(tmp);  // another process built the same model first; use theirs
  return exe;
}

CosimResult cosim(const Generated& g, const CosimOptions& opts) {
  if (auto it = drivers().find(g.def->name); it != drivers().end()) return it->second(g, opts);
  const ModelDef* model = find_model(g.def->name);
  if (!model || !model->eval) throw UsageError(fmt::format("block '{}' has no golden model", g.def->name));
  if (g.latency < 0) throw UsageError(fmt::format("block '{}' needs a cosim driver", g.def->name));
  PortList pl = port_list(g);
  Stimulus st = make_stimulus(g, *model, opts.vectors, opts.seed, opts.exhaustive);
  const std::vector<Inputs>& stim = st.vectors;
  CosimResult res;
  res.exhaustive = st.exhaustive;
  const uint64_t count = stim.size();
  const uint64_t lat = static_cast<uint64_t>(g.latency);

  // The driver applies one vector per cycle; `lat` extra cycles flush the pipeline.
  std::random_device rd;
  const std::string work = fmt::format("{}/qrtl-cosim-{}-{:08x}", fs::temp_directory_path().string(), ::getpid(), rd());
  make_dirs(work);
  struct Cleanup {
    std::string dir;
    ~Cleanup() { std::error_code ec; fs::remove_all(dir, ec); }
  } cleanup{work};
  {
    std::vector<uint32_t> words;
    words.reserve((count + lat) * pl.in_words);
    for (uint64_t i = 0; i < count + lat; ++i) {
      const Inputs& in = stim[i < count ? i : count - 1];
      for (const auto& p : pl.in)
        for (unsigned w = 0; w < (p.width + 31u) / 32u; ++w) words.push_back(in.at(p.name).word32(w));
    }
    std::ofstream f(work + "/stim.bin", std::ios::binary);
    uint64_t n = count + lat;
    f.write(reinterpret_cast<const char*>(&n), sizeof n);
    f.write(reinterpret_cast<const char*>(words.data()), static_cast<std::streamsize>(words.size() * 4));
    if (!f) throw ToolError("cannot write cosim stimulus in " + work);
  }
  std::string exe = build_simulator(g, {{"harness.cpp", generic_driver(g, pl)}}, !opts.vcd.empty(), opts.cache_dir,
                                    stim.size());
  std::vector<std::string> argv = {exe, work + "/stim.bin", work + "/out.bin"};
  if (!opts.vcd.empty()) argv.push_back(opts.vcd);
  tools::RunResult r = tools::run(argv);
  if (r.exit_code != 0) throw ToolError(fmt::format("simulator {} exited with {}: {}", exe, r.exit_code, r.output));
  std::string raw = read_file(work + "/out.bin");
  const unsigned ow = pl.out_words ? pl.out_words : 1;
  if (raw.size() != (count + lat) * ow * 4) throw ToolError("simulator output has the wrong size");
  const uint32_t* out = reinterpret_cast<const uint32_t*>(raw.data());

  res.vectors = count;
  for (uint64_t i = 0; i < count; ++i) {
    Outputs exp = model->eval(g.params, stim[i]);
    const uint32_t* o = out + (i + lat) * ow;
    std::string bad;
    unsigned off = 0;
    for (const auto& p : pl.out) {
      Bits got(p.width);
      for (unsigned w = 0; w < (p.width + 31u) / 32u; ++w) got.set_word32(w, o[off + w]);
      off += (p.width + 31) / 32;
      auto it = exp.find(p.name);
      if (it == exp.end()) throw std::logic_error("model of " + g.def->name + " gives no " + p.name);
      if (!it->second.ok(got))
        bad += fmt::format(" {}: expected 0x{} got 0x{}", p.name, it->second.value.hex(), got.hex());
    }
    if (!bad.empty()) {
      ++res.mismatch_count;
      if (res.mismatches.size() < opts.max_report)
        res.mismatches.push_back(fmt::format("vector {}: {} ->{}", i, format_inputs(stim[i]), bad));
    }
  }
  res.pass = res.mismatch_count == 0;
  return res;
}

}  // namespace qrtl::verif
