// Fuzz target: the precision-set TOML reader (parse_precision_set). Any input must give a list of
// validated build items or a one-line UsageError "NAME:LINE: ..."; any other exception, crash or
// sanitizer report is a bug. Accepted items must have unique, legal top names and parameters that
// the block accepts again.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "errors.h"
#include "precset.h"
#include "registry.h"
#include "vlog/ir.h"

namespace {
[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "precset_fuzz: %s\n", what.c_str());
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<qrtl::BuildItem> items;
  try {
    items = qrtl::parse_precision_set(text, "fuzz.toml");
  } catch (const qrtl::UsageError& e) {
    const std::string msg = e.what();
    if (msg.find('\n') != std::string::npos) fail("multi-line error: " + msg);
    if (msg.rfind("fuzz.toml:", 0) != 0) fail("error without file:line: " + msg);
    return 0;
  }
  std::set<std::string> tops;
  for (const auto& it : items) {
    if (!qrtl::vlog::is_identifier(it.top)) fail("illegal top accepted: " + it.top);
    if (!tops.insert(it.top).second) fail("duplicate top accepted: " + it.top);
    try {
      qrtl::parse_params(qrtl::find_block(it.block), it.words);
    } catch (const qrtl::UsageError& e) {
      fail(it.where + ": accepted item does not validate again: " + e.what());
    }
  }
  return 0;
}
