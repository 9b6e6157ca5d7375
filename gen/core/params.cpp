#include "params.h"

#include <fmt/format.h>

#include <charconv>

#include "errors.h"
#include "format.h"

namespace qrtl {

namespace {

KeyDef key(std::string name, KeyKind kind, std::string def, std::string help) {
  KeyDef k;
  k.name = std::move(name);
  k.kind = kind;
  k.def = std::move(def);
  k.help = std::move(help);
  return k;
}

}  // namespace

KeyDef KeyDef::integer(std::string name, int64_t def, int64_t lo, int64_t hi, std::string help) {
  KeyDef k = key(std::move(name), KeyKind::Int, std::to_string(def), std::move(help));
  k.lo = lo;
  k.hi = hi;
  return k;
}

KeyDef KeyDef::choice(std::string name, std::string def, std::vector<std::string> choices,
                      std::string help) {
  KeyDef k = key(std::move(name), KeyKind::Choice, std::move(def), std::move(help));
  k.choices = std::move(choices);
  return k;
}

KeyDef KeyDef::format(std::string name, std::string def, std::string help,
                      std::vector<std::string> allowed) {
  KeyDef k = key(std::move(name), KeyKind::Format, std::move(def), std::move(help));
  k.choices = std::move(allowed);
  return k;
}

std::string KeyDef::allowed() const {
  switch (kind) {
    case KeyKind::Int:
      if (hi == lo) return std::to_string(lo);
      return hi == lo + 1 ? fmt::format("{}|{}", lo, hi) : fmt::format("{}..{}", lo, hi);
    case KeyKind::Choice:
      return fmt::format("{}", fmt::join(choices, "|"));
    case KeyKind::Format:
      return choices.empty() ? fmt::format("FMT ({})", format_syntax()) : fmt::format("{}", fmt::join(choices, "|"));
  }
  return {};
}

namespace {

std::string canonical_value(const std::string& block, const KeyDef& k, const std::string& v) {
  switch (k.kind) {
    case KeyKind::Int: {
      int64_t x = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      if (ec != std::errc() || p != v.data() + v.size() || v.empty())
        throw UsageError(fmt::format("{}: {}='{}' is not an integer (allowed: {})", block, k.name,
                                     v, k.allowed()));
      if (x < k.lo || x > k.hi)
        throw UsageError(fmt::format("{}: {}={} is out of range (allowed: {})", block, k.name, x,
                                     k.allowed()));
      return std::to_string(x);
    }
    case KeyKind::Choice:
      for (const auto& c : k.choices)
        if (c == v) return v;
      throw UsageError(
          fmt::format("{}: {}='{}' is not allowed (allowed: {})", block, k.name, v, k.allowed()));
    case KeyKind::Format: {
      FloatFormat f;
      try {
        f = parse_format(v);
      } catch (const UsageError& e) {
        throw UsageError(fmt::format("{}: {}: {}", block, k.name, e.what()));
      }
      if (!k.choices.empty()) {
        bool ok = false;
        for (const auto& c : k.choices) ok = ok || c == f.name;
        if (!ok)
          throw UsageError(fmt::format("{}: {}='{}' is not allowed (allowed: {})", block, k.name,
                                       v, k.allowed()));
      }
      return f.name;
    }
  }
  return v;
}

}  // namespace

Params Params::parse(const std::string& block, const std::vector<KeyDef>& keys,
                     const std::vector<std::string>& words) {
  std::vector<std::pair<std::string, std::string>> given;
  for (const auto& w : words) {
    auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("{}: '{}' is not of the form key=value", block, w));
    std::string key = w.substr(0, eq), val = w.substr(eq + 1);
    const KeyDef* def = nullptr;
    for (const auto& k : keys)
      if (k.name == key) def = &k;
    if (!def) {
      std::vector<std::string> names;
      for (const auto& k : keys) names.push_back(k.name);
      throw UsageError(fmt::format("{}: unknown key '{}' (keys: {})", block, key,
                                   names.empty() ? "none" : fmt::format("{}", fmt::join(names, " "))));
    }
    for (const auto& g : given)
      if (g.first == key) throw UsageError(fmt::format("{}: key '{}' given twice", block, key));
    given.emplace_back(key, canonical_value(block, *def, val));
  }
  Params p;
  for (const auto& k : keys) {
    std::string v = k.def;
    for (const auto& g : given)
      if (g.first == k.name) v = g.second;
    p.kv_.emplace_back(k.name, v);
  }
  return p;
}

bool Params::has(const std::string& key) const {
  for (const auto& kv : kv_)
    if (kv.first == key) return true;
  return false;
}

const std::string& Params::s(const std::string& key) const {
  for (const auto& kv : kv_)
    if (kv.first == key) return kv.second;
  throw std::logic_error("Params: no key " + key);
}

int64_t Params::i(const std::string& key) const { return std::stoll(s(key)); }

FloatFormat Params::fmt(const std::string& key) const { return parse_format(s(key)); }

std::string Params::to_string() const {
  std::string out;
  for (const auto& [k, v] : kv_) out += (out.empty() ? "" : " ") + k + "=" + v;
  return out;
}

}  // namespace qrtl
