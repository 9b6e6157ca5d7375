#include "blocks/mx_common.h"

#include <fmt/format.h>

#include "errors.h"

namespace qrtl::blocks {

const std::vector<std::string>& mx_elem_names() {
  static const std::vector<std::string> names = {"e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8"};
  return names;
}

MxElem mx_elem(const std::string& name) {
  MxElem e;
  e.name = name;
  if (name == "int8") {
    e.is_int = true;
    e.width = 8;
    e.emax = 0;
    return e;
  }
  e.f = parse_format(name);
  e.width = e.f.width();
  e.emax = e.f.emax();
  return e;
}

int clog2(long long n) {
  int b = 0;
  while ((1ll << b) < n) ++b;
  return b;
}

int bits_of(unsigned long long v) {
  int b = 1;
  while (b < 64 && (v >> b) != 0) ++b;
  return b;
}

Normalized normalize(vlog::Module& m, const std::string& prefix, const std::string& sig, int w, bool want_value) {
  Normalized r;
  int stages = clog2(w);  // shifts 2^(stages-1) .. 1 add up to 2^stages - 1 >= w - 1
  if (stages == 0) stages = 1;
  r.count_width = stages;
  std::string cur = sig;
  std::vector<std::string> digits;
  for (int j = stages - 1; j >= 0; --j) {
    int sh = 1 << j;
    std::string z;
    if (sh >= w) {
      z = m.wire(fmt::format("{}_z{}", prefix, j), 1, fmt::format("~|{}", cur),
                 fmt::format("top {} bits zero (the whole word)", sh));
    } else {
      z = m.wire(fmt::format("{}_z{}", prefix, j), 1, fmt::format("~|{}", vlog::slice(cur, w - 1, w - sh)),
                 fmt::format("top {} bits zero", sh));
    }
    digits.push_back(z);
    if (j > 0 || want_value) {
      std::string shifted = sh >= w ? cur : fmt::format("{{{}, {}}}", vlog::slice(cur, w - 1 - sh, 0), vlog::lit(sh, 0));
      cur = m.wire(fmt::format("{}_s{}", prefix, j), w, fmt::format("{} ? {} : {}", z, shifted, cur),
                   fmt::format("shifted left by {} when those bits are zero", sh));
    }
  }
  r.count = m.wire(prefix + "_lz", stages,
                   stages == 1 ? digits[0] : fmt::format("{{{}}}", fmt::join(digits, ", ")),
                   "leading zeros: one binary digit per stage");
  r.value = want_value ? cur : "";
  return r;
}

}  // namespace qrtl::blocks
