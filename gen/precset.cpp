#include "precset.h"

#include <fmt/format.h>

#include <set>
#include <toml++/toml.h>

#include "errors.h"
#include "fsutil.h"
#include "registry.h"
#include "vlog/ir.h"

namespace qrtl {

namespace {

std::string where(const std::string& file, const toml::source_region& src) {
  return fmt::format("{}:{}", file, src.begin.line);
}

// A scalar TOML value as the text of a key=value word.
std::string scalar_text(const toml::node& n, const std::string& at, const std::string& key) {
  if (auto v = n.as_integer()) return std::to_string(v->get());
  if (auto v = n.as_string()) return v->get();
  if (auto v = n.as_boolean()) return v->get() ? "1" : "0";
  throw UsageError(fmt::format("{}: key '{}' must be an integer, string or boolean", at, key));
}

std::string derive_top(const std::string& block, const std::vector<std::string>& words) {
  std::string top = block;
  for (const auto& w : words) {
    std::string part = "_";
    for (char c : w) part += std::isalnum(static_cast<unsigned char>(c)) ? c : (c == '=' ? '\0' : '_');
    part.erase(std::remove(part.begin(), part.end(), '\0'), part.end());
    top += part;
  }
  return top;
}

void add_item(std::vector<BuildItem>& out, const std::string& at, const std::string& block,
              std::vector<std::string> words, const std::string& top) {
  const BlockDef* def = nullptr;
  try {
    def = &find_block(block);
    parse_params(*def, words);
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("{}: {}", at, e.what()));
  }
  BuildItem item{block, words, top.empty() ? derive_top(block, words) : top, at};
  // The top names the output files: a legal identifier cannot contain '/' or '..', so it cannot
  // leave the output directory. Checked here so the error carries the file and line.
  if (!vlog::is_identifier(item.top))
    throw UsageError(fmt::format("{}: top '{}' is not a legal Verilog identifier (or is a keyword)", at, item.top));
  out.push_back(std::move(item));
}

void expand(std::vector<BuildItem>& out, const std::string& file, const toml::table& t, bool sweep) {
  std::string at = where(file, t.source());
  auto kind = t["kind"].value<std::string>();
  if (!kind) throw UsageError(fmt::format("{}: entry has no string key 'kind'", at));
  std::string top = t["top"].value_or(std::string());
  if (!top.empty() && sweep) throw UsageError(fmt::format("{}: a [[sweep]] cannot set 'top' (one per point)", at));
  // (key, candidate values) in file order; scalars are one-element lists.
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (key == "kind" || key == "top") continue;
    std::string kat = where(file, v.source());
    std::vector<std::string> vals;
    if (auto arr = v.as_array()) {
      if (!sweep) throw UsageError(fmt::format("{}: key '{}' is a list; lists belong in [[sweep]]", kat, key));
      if (arr->empty()) throw UsageError(fmt::format("{}: key '{}' is an empty list", kat, key));
      for (const auto& e : *arr) vals.push_back(scalar_text(e, kat, key));
    } else {
      vals.push_back(scalar_text(v, kat, key));
    }
    axes.emplace_back(key, vals);
  }
  std::vector<size_t> idx(axes.size(), 0);
  for (;;) {
    std::vector<std::string> words;
    for (size_t i = 0; i < axes.size(); ++i) words.push_back(axes[i].first + "=" + axes[i].second[idx[i]]);
    add_item(out, at, *kind, words, top);
    size_t i = 0;
    for (; i < axes.size(); ++i) {
      if (++idx[i] < axes[i].second.size()) break;
      idx[i] = 0;
    }
    if (i == axes.size()) break;
  }
}

}  // namespace

std::vector<BuildItem> parse_precision_set(const std::string& text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw UsageError(fmt::format("{}:{}: {}", name, e.source().begin.line, e.description()));
  }
  std::vector<BuildItem> items;
  for (const auto& [k, v] : root) {
    std::string key(k.str());
    if (key != "block" && key != "sweep")
      throw UsageError(fmt::format("{}: unknown section '{}' (expected [[block]] or [[sweep]])",
                                   where(name, v.source()), key));
    const toml::array* arr = v.as_array();
    if (!arr) throw UsageError(fmt::format("{}: '{}' must be an array of tables ([[{}]])", where(name, v.source()), key, key));
    for (const auto& e : *arr) {
      const toml::table* t = e.as_table();
      if (!t) throw UsageError(fmt::format("{}: '{}' entries must be tables", where(name, e.source()), key));
      expand(items, name, *t, key == "sweep");
    }
  }
  std::set<std::string> tops;
  for (const auto& it : items)
    if (!tops.insert(it.top).second)
      throw UsageError(fmt::format("{}: top module name '{}' is used twice", it.where, it.top));
  return items;
}

std::vector<BuildItem> read_precision_set(const std::string& path) { return parse_precision_set(read_file(path), path); }

}  // namespace qrtl
