// Helpers shared by the test suites.
#pragma once
#include <string>
#include <vector>

#include "cosim/cosim.h"

namespace qrtl::test {

struct CliResult {
  int exit_code;
  std::string output;  // stdout + stderr
};

// Runs the built qrtl binary with args (no shell).
CliResult run_qrtl(const std::vector<std::string>& args, const std::string& cwd = "");
// Cosim options for tests: the build tree's Verilator cache.
verif::CosimOptions cosim_options(uint64_t vectors = 20000, uint64_t seed = 1);
// Generates block with words and co-simulates it; returns the result (asserting nothing).
verif::CosimResult cosim_block(const std::string& block, const std::vector<std::string>& words,
                               uint64_t vectors = 20000);
// A test name from a block and its parameters: int_mul_wa8_wb8 (alphanumerics and _ only).
std::string case_name(const std::string& block, const std::vector<std::string>& words);
// A fresh empty temporary directory, removed by the caller (or left in /tmp).
std::string temp_dir(const std::string& tag);

}  // namespace qrtl::test
