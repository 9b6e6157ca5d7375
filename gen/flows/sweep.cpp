#include "flows/sweep.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "cosim/cosim.h"
#include "errors.h"
#include "flows/equiv.h"
#include "flows/lint.h"
#include "flows/progress.h"
#include "tools/tools.h"
#include "format.h"
#include "fsutil.h"
#include "registry.h"
#include "synth/synth.h"

namespace qrtl::flows {

namespace {

// The key a report plots as "precision": the block's first number-format key (its width in bits),
// else its first integer key named w* (a width). Blocks with neither are not plotted against it.
void set_precision(BlockResult& r, const Generated& g) {
  for (const auto& k : g.def->keys) {
    if (k.kind == KeyKind::Format) {
      r.precision_key = k.name;
      r.precision = g.params.fmt(k.name).width();
      return;
    }
  }
  for (const auto& k : g.def->keys) {
    if (k.kind == KeyKind::Int && k.name[0] == 'w') {
      r.precision_key = k.name;
      r.precision = static_cast<double>(g.params.i(k.name));
      return;
    }
  }
}

std::string cache_key(const Generated& g, const SweepOptions& o, const std::string& versions) {
  return fmt::format("{:016x}", fnv1a64(fmt::format("{}\n{}\n{}\nqrtl {}\n{}\n{} {} {} {} {} {}\n{}\n{}", g.def->name,
                                                    g.top, g.params.to_string(), kVersion, g.sv, o.lint, o.cosim,
                                                    o.synth, o.equiv, o.vectors, o.seed, versions, synth::generic_script())));
}

// A pipelined configuration against its combinational twin; see BlockResult::equiv.
std::string prove_pipelining(const Generated& g, const std::string& file, const SweepOptions& opts) {
  if (g.latency == 0) return "-";
  if (!g.def->pipelined) return "n/a";
  EquivResult e = check_against_twin(g, file, opts.equiv_timeout);
  if (e.verdict == EquivVerdict::equivalent) return "proved";
  if (e.verdict == EquivVerdict::different) return "FAIL different: " + e.counterexample;
  return "UNKNOWN (" + e.method + ")";
}

void run_steps(BlockResult& r, const Generated& g, const SweepOptions& opts) {
  const std::string file = opts.out_dir + "/" + g.top + ".sv";
  if (opts.lint) {
    LintReport lr = lint(file, g.top);
    r.lint = "clean";
    for (const auto& t : lr.tools)
      if (!t.ok) r.lint = "FAIL " + t.tool;
  }
  if (opts.cosim) {
    verif::CosimOptions co;
    co.vectors = opts.vectors;
    co.seed = opts.seed;
    co.cache_dir = opts.cache_dir;
    verif::CosimResult cr = verif::cosim(g, co);
    r.cosim = cr.summary();
    r.vectors = cr.vectors;
  }
  if (opts.equiv) r.equiv = prove_pipelining(g, file, opts);
  if (opts.synth) {
    synth::Report sr = synth::run(file, g.top);
    r.cells = sr.cells;
    r.transistors = sr.transistors;
    r.depth = sr.depth;
    r.flops = sr.flops;
  }
}

BlockResult run_block(const BuildItem& item, const SweepOptions& opts, const std::string& versions) {
  const auto t0 = std::chrono::steady_clock::now();
  BlockResult r;
  r.item = item;
  try {
    Generated g = generate(item.block, item.words, item.top);
    r.params = g.params.to_string();
    set_precision(r, g);
    r.throughputs = throughput_by_precision(*g.def, g.params, r.precision);
    if (!r.throughputs.empty()) r.throughput = r.throughputs.front().ops_per_cycle;
    write_generated(g, opts.out_dir);
    r.generated = true;
    const std::string cached = fmt::format("{}/sweep/{}-{}.json", opts.cache_dir, g.top, cache_key(g, opts, versions));
    if (opts.use_cache && std::filesystem::exists(cached)) {
      try {
        BlockResult c = result_from_json(nlohmann::ordered_json::parse(read_file(cached)));
        c.item = item;
        c.cached = true;
        // These follow from the parameters alone (and throughput.cpp, which the key does not
        // cover): always the current ones.
        c.precision_key = r.precision_key;
        c.precision = r.precision;
        c.throughput = r.throughput;
        c.throughputs = r.throughputs;
        return c;
      } catch (const std::exception&) {
        // A damaged cache entry is ignored and rewritten.
      }
    }
    run_steps(r, g, opts);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    atomic_write_file(cached, to_json(r).dump(2) + "\n");  // tool errors (below) are never cached
  } catch (const std::exception& e) {
    r.error = e.what();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  return r;
}

std::string status_of(const BlockResult& r) {
  if (r.ok()) return r.cached ? "ok (cached)" : "ok";
  if (!r.error.empty()) return "FAIL " + r.error.substr(0, r.error.find('\n'));
  return fmt::format("FAIL lint {} cosim {} equiv {}", r.lint, r.cosim, r.equiv);
}

}  // namespace

bool BlockResult::ok() const {
  return generated && error.empty() && lint.rfind("FAIL", 0) != 0 && cosim.rfind("FAIL", 0) != 0 &&
         equiv.rfind("FAIL", 0) != 0;
}

nlohmann::ordered_json to_json(const BlockResult& r) {
  nlohmann::ordered_json by_precision = nlohmann::ordered_json::array();
  for (const auto& t : r.throughputs) by_precision.push_back({{"bits", t.bits}, {"ops_per_cycle", t.ops_per_cycle}});
  return {{"top", r.item.top},        {"block", r.item.block},        {"params", r.params},
          {"words", r.item.words},    {"where", r.item.where},        {"ok", r.ok()},
          {"generated", r.generated}, {"lint", r.lint},               {"cosim", r.cosim},
          {"equiv", r.equiv},         {"vectors", r.vectors},     {"cells", r.cells},             {"transistors", r.transistors},
          {"depth", r.depth},         {"flops", r.flops},             {"throughput", r.throughput},
          {"throughput_by_precision", by_precision},
          {"precision_key", r.precision_key}, {"precision", r.precision}, {"seconds", r.seconds},
          {"error", r.error}};
}

BlockResult result_from_json(const nlohmann::ordered_json& j) {
  try {
    BlockResult r;
    r.item.top = j.at("top").get<std::string>();
    r.item.block = j.at("block").get<std::string>();
    r.item.words = j.value("words", std::vector<std::string>{});
    r.item.where = j.value("where", std::string());
    r.params = j.at("params").get<std::string>();
    r.generated = j.at("generated").get<bool>();
    r.lint = j.at("lint").get<std::string>();
    r.cosim = j.at("cosim").get<std::string>();
    r.equiv = j.value("equiv", std::string("-"));
    r.vectors = j.value("vectors", uint64_t{0});
    r.cells = j.at("cells").get<long>();
    r.transistors = j.at("transistors").get<long>();
    r.depth = j.at("depth").get<long>();
    r.flops = j.at("flops").get<long>();
    r.throughput = j.value("throughput", -1.0);
    for (const auto& t : j.value("throughput_by_precision", nlohmann::ordered_json::array()))
      r.throughputs.push_back({t.at("bits").get<int>(), t.at("ops_per_cycle").get<double>()});
    r.precision_key = j.value("precision_key", std::string());
    r.precision = j.value("precision", -1.0);
    r.seconds = j.value("seconds", 0.0);
    r.error = j.value("error", std::string());
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("malformed sweep result: {}", e.what()));
  }
}

std::vector<BuildItem> select_tops(const std::vector<BuildItem>& items, const std::vector<std::string>& tops) {
  if (tops.empty()) return items;
  std::vector<BuildItem> out;
  for (const auto& t : tops) {
    auto it = std::find_if(items.begin(), items.end(), [&](const BuildItem& i) { return i.top == t; });
    if (it == items.end()) throw UsageError(fmt::format("--only: no block with top '{}' in the precision set", t));
    out.push_back(*it);
  }
  return out;
}

std::vector<BlockResult> sweep(const std::vector<BuildItem>& items, const SweepOptions& opts_in) {
  SweepOptions opts = opts_in;
  if (opts.cache_dir.empty()) opts.cache_dir = verif::default_cache_dir();
  if (opts.jobs < 1) opts.jobs = 1;
  make_dirs(opts.out_dir);
  make_dirs(opts.cache_dir + "/sweep");  // before the threads: no two create it at once
  // Tool versions are part of every cache key: a new Verilator or Yosys reruns everything.
  const std::string versions = fmt::format("{}\n{}\n{}", tools::tool_version("verilator"), tools::tool_version("iverilog"),
                                        tools::tool_version("yosys"));
  std::vector<BlockResult> results(items.size());
  Progress progress(items.size(), opts.progress);
  Ticker ticker(progress);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next++) < items.size();) {
      results[i] = run_block(items[i], opts, versions);
      progress.done(items[i].top, results[i].ok(), status_of(results[i]), results[i].seconds);
    }
  };
  std::vector<std::thread> pool;
  const size_t n = std::min<size_t>(opts.jobs, items.size());
  for (size_t t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace qrtl::flows
