#include "flows/perf_profile.h"

#include <fmt/format.h>

#include <toml++/toml.h>

#include "errors.h"

namespace qrtl::flows {
namespace {

struct Reader {
  std::string file;

  [[noreturn]] void fail(const toml::node* n, const std::string& what) const {
    if (n && n->source().begin)
      throw UsageError(fmt::format("perf: {}:{}: {}", file, n->source().begin.line, what));
    throw UsageError(fmt::format("perf: {}: {}", file, what));
  }
  // An integer in [lo, hi]; `def` when absent (required when def < lo).
  int integer(const toml::table& t, const char* key, int64_t lo, int64_t hi, int def, const std::string& where) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (def < lo) fail(&t, fmt::format("{}: missing '{}'", where, key));
      return def;
    }
    auto v = n->value<int64_t>();
    if (!v || *v < lo || *v > hi) fail(n, fmt::format("{}: '{}' must be an integer in {}..{}", where, key, lo, hi));
    return static_cast<int>(*v);
  }
  double number(const toml::table& t, const char* key, double lo, double hi, double def, bool required,
                const std::string& where) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail(&t, fmt::format("{}: missing '{}'", where, key));
      return def;
    }
    auto v = n->value<double>();
    if (!v || !(*v >= lo && *v <= hi)) fail(n, fmt::format("{}: '{}' must be a number in [{}, {}]", where, key, lo, hi));
    return *v;
  }
  bool boolean(const toml::table& t, const char* key, bool def, const std::string& where) const {
    const toml::node* n = t.get(key);
    if (!n) return def;
    auto v = n->value<bool>();
    if (!v) fail(n, fmt::format("{}: '{}' must be true or false", where, key));
    return *v;
  }
  // An optional histogram: an array of non-negative numbers, not all zero, whose non-zero bins are
  // at most `top` (`what` names that bound in the error).
  std::vector<double> histogram(const toml::table& t, const char* key, int top, const std::string& what,
                                const std::string& where) const {
    const toml::node* n = t.get(key);
    if (!n) return {};
    const toml::array* a = n->as_array();
    if (!a || a->empty()) fail(n, fmt::format("{}: '{}' must be a non-empty array of counts", where, key));
    std::vector<double> h;
    double sum = 0;
    for (const auto& e : *a) {
      auto v = e.value<double>();
      if (!v || !(*v >= 0 && *v <= 1e18)) fail(&e, fmt::format("{}: '{}' must hold non-negative counts", where, key));
      if (*v > 0 && static_cast<int>(h.size()) > top)
        fail(&e, fmt::format("{}: '{}' counts values at bin {}, above {} = {}", where, key, h.size(), what, top));
      h.push_back(*v);
      sum += *v;
    }
    if (!(sum > 0)) fail(n, fmt::format("{}: '{}' counts nothing", where, key));
    return h;
  }
  void only_keys(const toml::table& t, std::initializer_list<const char*> keys, const std::string& where) const {
    for (const auto& [k, v] : t) {
      bool known = false;
      for (const char* key : keys) known = known || k.str() == key;
      if (!known) fail(&v, fmt::format("{}: unknown key '{}'", where, k.str()));
    }
  }
};

}  // namespace

NetworkProfile load_profile(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw UsageError(fmt::format("perf: {}:{}: {}", path, e.source().begin.line, e.description()));
  }
  Reader r{path};
  r.only_keys(root, {"network", "accelerator", "area", "layer"}, "top level");
  NetworkProfile net;
  if (const toml::table* n = root["network"].as_table()) {
    r.only_keys(*n, {"name", "source", "notes"}, "[network]");
    net.name = n->get("name") ? n->get("name")->value_or(std::string{}) : "";
    net.source = n->get("source") ? n->get("source")->value_or(std::string{}) : "";
  }
  if (const toml::table* a = root["accelerator"].as_table()) {
    r.only_keys(*a, {"base_bits", "lanes", "macs_per_cycle"}, "[accelerator]");
    net.config.base_bits = r.integer(*a, "base_bits", 1, 16, 16, "[accelerator]");
    net.config.lanes = r.integer(*a, "lanes", 1, 4096, 16, "[accelerator]");
    net.config.macs_per_cycle = r.number(*a, "macs_per_cycle", 1, 1e12, 4096, false, "[accelerator]");
  }
  if (const toml::table* a = root["area"].as_table()) {
    r.only_keys(*a, {"bit-parallel", "stripes", "dstripes", "loom1", "loom2", "loom4", "laconic", "cnvlutin", "tartan",
                     "tactical"},
                "[area]");
    for (const char* d : {"bit-parallel", "stripes", "loom1", "loom2", "loom4", "laconic"})
      net.area[d] = r.number(*a, d, 1, 1e15, 0, true, "[area]");
    // The designs qrtl has no unit of: an area only when the profile gives one.
    for (const char* d : {"cnvlutin", "tartan", "tactical"})
      if (a->get(d)) net.area[d] = r.number(*a, d, 1, 1e15, 0, true, "[area]");
    // Dynamic Stripes is Stripes plus a precision detector per group of activations, which sits at
    // the activation buffer and serves every unit the group is broadcast to: by default, no extra
    // area per unit.
    net.area["dstripes"] = r.number(*a, "dstripes", 1, 1e15, net.area["stripes"], false, "[area]");
  }
  const toml::array* layers = root["layer"].as_array();
  if (!layers || layers->empty()) r.fail(&root, "no [[layer]] entries");
  for (size_t i = 0; i < layers->size(); ++i) {
    const toml::table* t = (*layers)[i].as_table();
    std::string where = fmt::format("layer {}", i + 1);
    if (!t) r.fail(&(*layers)[i], where + " is not a table");
    r.only_keys(*t, {"name", "macs", "pa", "pw", "a_zero", "w_zero", "a_signed", "w_signed", "a_groups", "a_terms",
                     "w_terms", "kind", "a_window_max", "w_schedule", "notes"},
                where);
    flows::LayerProfile l;
    l.name = t->get("name") ? t->get("name")->value_or(std::string{}) : where;
    if (l.name.empty()) r.fail(t, where + ": 'name' must be a non-empty string");
    where = fmt::format("layer '{}'", l.name);
    const int b = net.config.base_bits;
    l.macs = r.number(*t, "macs", 0, 1e18, 0, true, where);
    l.pa = r.integer(*t, "pa", 1, b, -1, where);
    l.pw = r.integer(*t, "pw", 1, b, b, where);
    l.a_zero = r.number(*t, "a_zero", 0, 1, -1, false, where);
    l.w_zero = r.number(*t, "w_zero", 0, 1, -1, false, where);
    l.a_signed = r.boolean(*t, "a_signed", false, where);
    l.w_signed = r.boolean(*t, "w_signed", true, where);
    l.a_groups = r.histogram(*t, "a_groups", l.pa, "pa", where);
    l.a_terms = r.histogram(*t, "a_terms", flows::booth4_max_terms(b, l.a_signed), "the most Booth terms", where);
    l.w_terms = r.histogram(*t, "w_terms", flows::booth4_max_terms(b, l.w_signed), "the most Booth terms", where);
    if (!l.a_terms.empty() && l.a_zero >= 0) r.fail(t->get("a_zero"), where + ": give 'a_zero' or 'a_terms', not both");
    if (!l.w_terms.empty() && l.w_zero >= 0) r.fail(t->get("w_zero"), where + ": give 'w_zero' or 'w_terms', not both");
    if (const toml::node* k = t->get("kind")) {
      try {
        l.kind = flows::layer_kind(k->value_or(std::string{}));
      } catch (const std::invalid_argument&) {
        r.fail(k, where + ": 'kind' must be \"conv\", \"depthwise\" or \"fc\"");
      }
    }
    l.a_window_max = r.histogram(*t, "a_window_max", 1 << 20, "the window length", where);
    if (l.a_window_max.size() == 1) r.fail(t->get("a_window_max"), where + ": 'a_window_max' needs bins 0..B, B >= 1");
    if (const toml::node* n = t->get("w_schedule")) {
      const toml::array* a = n->as_array();
      if (!a || a->empty()) r.fail(n, where + ": 'w_schedule' must be a non-empty array of [lookahead, lookaside, steps, dense]");
      for (const auto& e : *a) {
        // [lookahead, lookaside, steps, dense]: two window sizes 0..64, then 0 < steps <= dense.
        std::vector<double> v;
        if (const toml::array* q = e.as_array())
          for (const auto& x : *q) v.push_back(x.value<double>().value_or(-1));
        auto window_size = [](double x) { return x >= 0 && x <= 64 && x == static_cast<int>(x); };
        if (v.size() != 4 || !window_size(v[0]) || !window_size(v[1]) || !(v[2] > 0) || !(v[2] <= v[3]))
          r.fail(&e, where + ": a 'w_schedule' entry is [lookahead, lookaside, steps, dense] with 0 < steps <= dense");
        l.w_schedule.push_back({static_cast<int>(v[0]), static_cast<int>(v[1]), v[2], v[3]});
      }
    }
    net.layers.push_back(l);
  }
  return net;
}

}  // namespace qrtl::flows
