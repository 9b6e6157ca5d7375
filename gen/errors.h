// Error types. A UsageError is the user's mistake (bad block, key, value, name or path): the CLI
// prints its one-line message and exits with code 2. A ToolError is an external tool that is
// missing or failed: exit code 3. Anything else is a bug in qrtl.
#pragma once
#include <stdexcept>
#include <string>

namespace qrtl {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ToolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace qrtl
