#include "blocks/common.h"

#include <fmt/format.h>

namespace qrtl::blocks {

std::string delay(vlog::Module& m, const std::string& clk, const std::string& sig, int width, int n) {
  std::string cur = sig;
  for (int i = 1; i <= n; ++i)
    cur = m.reg(clk, fmt::format("{}_d{}", sig, i), width, cur, fmt::format("{} delayed {} cycle(s)", sig, i));
  return cur;
}

}  // namespace qrtl::blocks
