#include "cosim/cosim.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "cosim/stimulus.h"
#include "errors.h"
#include "tools/scratch.h"
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
  const tools::ScratchDir scratch("cosim");
  const std::string& work = scratch.path();
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
