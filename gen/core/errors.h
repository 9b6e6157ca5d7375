// Error types. A UsageError is the user's mistake (bad block, key, value, name or path): the CLI
// prints its one-line message and exits with code 2. A ToolError is an external tool that is
// missing or failed: exit code 3. Anything else is a bug in qrtl.
#pragma once
#include <stdexcept>
#include <string>

namespace qrtl {

// The message is one line whatever user text it quotes: newlines and other control characters
// (from a TOML file, a shell word) are escaped as \n and \xNN.
struct UsageError : std::runtime_error {
  explicit UsageError(const std::string& msg) : std::runtime_error(one_line(msg)) {}
  explicit UsageError(const char* msg) : UsageError(std::string(msg)) {}

  static std::string one_line(const std::string& msg) {
    static const char* const hex = "0123456789abcdef";
    std::string out;
    for (char c : msg) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '\n') {
        out += "\\n";
      } else if (u < 0x20 || u == 0x7f) {
        out += "\\x";
        out += hex[u >> 4];
        out += hex[u & 15];
      } else {
        out += c;
      }
    }
    return out;
  }
};

struct ToolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace qrtl
