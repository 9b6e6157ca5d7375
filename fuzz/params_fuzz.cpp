// Fuzz target: block parameters and number formats (Params::parse, parse_format, block checks and
// generators). Input: the first byte picks a registered block, the rest is whitespace-separated
// key=value words. Every outcome must be a valid parameter set or a one-line UsageError; any other
// exception, crash or sanitizer report is a bug. Properties checked on accepted input:
//   - the canonical spelling parses again to the same parameters (idempotent canonicalisation),
//   - the block generates (a check that passes but a build that throws is a bug),
//   - each value parsed as a format has a canonical name that parses to the same format.
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "errors.h"
#include "format.h"
#include "registry.h"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "params_fuzz: %s\n", what.c_str());
  std::abort();
}

void usage_error_is_one_line(const qrtl::UsageError& e) {
  if (std::string(e.what()).find('\n') != std::string::npos) fail(std::string("multi-line error: ") + e.what());
}

// parse_format on one value: error or a format whose canonical name is a fixed point.
void check_format(const std::string& text) {
  qrtl::FloatFormat f;
  try {
    f = qrtl::parse_format(text);
  } catch (const qrtl::UsageError& e) {
    usage_error_is_one_line(e);
    return;
  }
  qrtl::FloatFormat g = qrtl::parse_format(f.name);
  if (g.name != f.name || g.e != f.e || g.m != f.m || g.bias != f.bias || g.is_signed != f.is_signed ||
      g.specials != f.specials)
    fail("format '" + text + "' canonicalises to '" + f.name + "' which parses differently");
  if (f.max_finite_code() == 0) fail("format '" + text + "' accepted with no non-zero finite value");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& blocks = qrtl::all_blocks();
  if (size == 0 || blocks.empty()) return 0;
  const qrtl::BlockDef& def = blocks[data[0] % blocks.size()];
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  std::vector<std::string> words;
  for (std::string w; in >> w;) {
    words.push_back(w);
    if (auto eq = w.find('='); eq != std::string::npos) check_format(w.substr(eq + 1));
  }
  qrtl::Params p;
  try {
    p = qrtl::parse_params(def, words);
  } catch (const qrtl::UsageError& e) {
    usage_error_is_one_line(e);
    return 0;
  }
  std::vector<std::string> canonical;
  for (const auto& [k, v] : p.items()) canonical.push_back(k + "=" + v);
  if (qrtl::parse_params(def, canonical).to_string() != p.to_string())
    fail(def.name + ": canonical parameters '" + p.to_string() + "' do not parse to themselves");
  try {
    qrtl::generate(def, p, "fz");
  } catch (const std::exception& e) {
    fail(def.name + " " + p.to_string() + ": accepted by check but generation threw: " + e.what());
  }
  return 0;
}
