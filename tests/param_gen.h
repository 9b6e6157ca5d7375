// Random parameter sets for any registered block, drawn from the block's own key declarations
// (KeyDef ranges, choices and allowed formats), so blocks added to the registry are covered
// without naming them. Used by the property test and the invalid-input test.
#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "errors.h"
#include "registry.h"

namespace qrtl::test {

// Names of every registered block, for INSTANTIATE_TEST_SUITE_P over the registry.
inline std::vector<std::string> registered_block_names() {
  std::vector<std::string> n;
  for (const auto& b : all_blocks()) n.push_back(b.name);
  return n;
}

// Named formats of format.h; a Format key without an allowed list accepts any of them.
inline const std::vector<std::string>& named_formats() {
  static const std::vector<std::string> n = {"e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "fp16", "bf16", "fp32"};
  return n;
}

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

// An integer in [lo, hi], the two ends more often than the middle: bugs live at the edges.
inline int64_t draw_int(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
    case 0: return lo;
    case 1: return hi;
    default: return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
}

// A format spelling: a named format or fp:E.M[.bBIAS][.u][.POLICY]. It may not parse (e.g. no
// non-zero finite code left) or not suit the block; the caller then draws again.
inline std::string draw_format(std::mt19937_64& rng) {
  if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) return pick(rng, named_formats());
  const int e = static_cast<int>(draw_int(rng, 1, 8)), m = static_cast<int>(draw_int(rng, 0, 10));
  std::string s = "fp:" + std::to_string(e) + "." + std::to_string(m);
  if (std::uniform_int_distribution<int>(0, 1)(rng)) {
    // A bias near the IEEE default 2^(e-1)-1 most of the time, anywhere in -255..255 sometimes.
    const int ieee = (1 << (e - 1)) - 1;
    const int bias = std::uniform_int_distribution<int>(0, 3)(rng) == 0
                         ? static_cast<int>(draw_int(rng, -255, 255))
                         : ieee + std::uniform_int_distribution<int>(-3, 3)(rng);
    s += ".b" + std::to_string(bias);
  }
  if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) s += ".u";
  static const std::vector<std::string> policies = {"", ".ieee", ".fn", ".none"};
  return s + pick(rng, policies);
}

// A value the key's declaration allows.
inline std::string draw_value(std::mt19937_64& rng, const KeyDef& k) {
  switch (k.kind) {
    case KeyKind::Int: return std::to_string(draw_int(rng, k.lo, k.hi));
    case KeyKind::Choice: return pick(rng, k.choices);
    case KeyKind::Format: return k.choices.empty() ? draw_format(rng) : pick(rng, k.choices);
  }
  return k.def;
}

// A candidate: half the time every key is drawn, half the time a random subset (the others keep
// their defaults, which keeps narrow blocks' acceptance rate up). It may fail the block's check.
inline std::vector<std::string> draw_candidate(std::mt19937_64& rng, const BlockDef& def) {
  const bool all = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
  std::vector<std::string> words;
  for (const auto& k : def.keys)
    if (all || std::uniform_int_distribution<int>(0, 1)(rng) == 1) words.push_back(k.name + "=" + draw_value(rng, k));
  return words;
}

// A valid parameter set: candidates that Params::parse or the block's check refuse are drawn
// again. nullopt if none of `tries` candidates is valid (keys and check probably inconsistent).
inline std::optional<std::vector<std::string>> draw_valid_params(std::mt19937_64& rng, const BlockDef& def,
                                                                 int tries = 500) {
  for (int attempt = 0; attempt < tries; ++attempt) {
    std::vector<std::string> words = draw_candidate(rng, def);
    try {
      parse_params(def, words);
      return words;
    } catch (const UsageError&) {
      continue;  // not a valid configuration: draw again
    }
  }
  return std::nullopt;
}

// Values the key's declaration refuses, each with a fragment its error message must contain.
inline std::vector<std::pair<std::string, std::string>> invalid_values(const KeyDef& k) {
  switch (k.kind) {
    case KeyKind::Int: {
      std::vector<std::pair<std::string, std::string>> v = {
          {"", "not an integer"}, {"4x", "not an integer"}, {"0x10", "not an integer"},
          {"99999999999999999999999", "not an integer"}};
      if (k.lo > INT64_MIN) v.push_back({std::to_string(k.lo - 1), "out of range"});
      if (k.hi < INT64_MAX) v.push_back({std::to_string(k.hi + 1), "out of range"});
      return v;
    }
    case KeyKind::Choice: return {{"", "not allowed"}, {"no_such_" + k.choices.front(), "not allowed"}};
    case KeyKind::Format: {
      std::vector<std::pair<std::string, std::string>> v = {
          {"e9m9", "unknown format"},          {"fp:", "malformed format"},
          {"fp:9.3", "exponent width 9"},      {"fp:4.11", "mantissa width 11"},
          {"fp:4.3.b999", "bias"},             {"fp:4.3.x", "unexpected field"},
          {"fp:4.3.u.u", "unexpected field"},  {"fp:1.0.fn", "no non-zero finite value"},
          {"fp:1.0.ieee", "no non-zero finite value"}};
      // A well-formed format outside the key's allowed list (fp:3.3 with bias 2, unsigned, no
      // specials is none of the named formats).
      if (!k.choices.empty()) v.push_back({"fp:3.3.b2.u.none", "not allowed"});
      return v;
    }
  }
  return {};
}

}  // namespace qrtl::test
