#include "test_util.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "tools/tools.h"
#include "registry.h"

namespace qrtl::test {

CliResult run_qrtl(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> argv = {QRTL_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  tools::RunResult r = tools::run(argv, cwd);
  return {r.exit_code, r.output};
}

verif::CosimOptions cosim_options(uint64_t vectors, uint64_t seed) {
  verif::CosimOptions o;
  o.vectors = vectors;
  o.seed = seed;
  o.cache_dir = QRTL_TEST_CACHE;
  return o;
}

verif::CosimResult cosim_block(const std::string& block, const std::vector<std::string>& words, uint64_t vectors) {
  Generated g = generate(block, words, block);
  return verif::cosim(g, cosim_options(vectors));
}

std::string case_name(const std::string& block, const std::vector<std::string>& words) {
  std::string n = block;
  for (const auto& w : words) {
    n += '_';
    for (char c : w)
      if (std::isalnum(static_cast<unsigned char>(c))) n += c;
  }
  return n;
}

std::string temp_dir(const std::string& tag) {
  static std::atomic<int> n{0};
  std::string d = fmt::format("{}/qrtl-test-{}-{}-{}", std::filesystem::temp_directory_path().string(), tag,
                              ::getpid(), n++);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace qrtl::test
