// Precision sets: a TOML file listing the blocks a user wants generated.
//
//   [[block]]                      # one block
//   kind = "int_mul"
//   top  = "mul8"                  # optional; default derived from kind and the given keys
//   wa = 8
//   signed = 1
//
//   [[sweep]]                      # the cartesian product of every list-valued key
//   kind = "int_mac"
//   wa = [4, 8]
//   wacc = 32
//
// Every entry is validated against the block's keys; errors name the file, line and key.
#pragma once
#include <string>
#include <vector>

namespace qrtl {

struct BuildItem {
  std::string block;
  std::vector<std::string> words;  // key=value, keys sorted by name
  std::string top;
  std::string where;               // "file:line" of the entry
};

// Parses and validates a precision set; throws UsageError ("FILE:LINE: ...").
std::vector<BuildItem> read_precision_set(const std::string& path);
std::vector<BuildItem> parse_precision_set(const std::string& text, const std::string& name);

}  // namespace qrtl
