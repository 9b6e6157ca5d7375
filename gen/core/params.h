// Block parameters: each block declares its keys (name, kind, default, allowed values, help);
// Params::parse turns FloPoCo-style "key=value" words into a validated, canonical parameter set.
// The CLI, precision-set files and tests all go through here, so they all get the same errors.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace qrtl {

struct FloatFormat;

enum class KeyKind { Int, Choice, Format };

struct KeyDef {
  std::string name;
  KeyKind kind = KeyKind::Int;
  std::string def;  // default value, already canonical
  std::string help;
  int64_t lo = 0, hi = 0;            // Int: inclusive range
  std::vector<std::string> choices;  // Choice: allowed words; Format: allowed names (empty = any)

  static KeyDef integer(std::string name, int64_t def, int64_t lo, int64_t hi, std::string help);
  static KeyDef choice(std::string name, std::string def, std::vector<std::string> choices,
                       std::string help);
  // A number format (see format.h). `allowed` restricts it to a list of names; empty = any format.
  static KeyDef format(std::string name, std::string def, std::string help,
                       std::vector<std::string> allowed = {});

  std::string allowed() const;  // human-readable range: "1..16", "0|1", "FMT"
};

class Params {
 public:
  // Validates words "key=value" against keys: unknown keys, duplicate keys, malformed or out-of-range
  // values throw UsageError naming the block and the key. Missing keys take their defaults.
  static Params parse(const std::string& block, const std::vector<KeyDef>& keys,
                      const std::vector<std::string>& words);

  int64_t i(const std::string& key) const;
  bool b(const std::string& key) const { return i(key) != 0; }
  const std::string& s(const std::string& key) const;
  FloatFormat fmt(const std::string& key) const;
  bool has(const std::string& key) const;

  // All keys in declaration order with canonical values.
  const std::vector<std::pair<std::string, std::string>>& items() const { return kv_; }
  std::string to_string() const;  // "k1=v1 k2=v2 ..."

 private:
  std::vector<std::pair<std::string, std::string>> kv_;
};

}  // namespace qrtl
