#include "blocks/mx_common.h"

#include <fmt/format.h>

#include <algorithm>

#include "bits.h"

namespace qrtl::blocks {

const std::vector<std::string>& mx_elem_names() {
  static const std::vector<std::string> names = {"e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8"};
  return names;
}

std::vector<KeyDef> mx_keys() {
  return {KeyDef::choice("fmt", "e4m3", mx_elem_names(), "element format"),
          KeyDef::integer("k", 32, 1, 64, "elements per block")};
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

LeadingZeroShift shift_leading_zeros(vlog::Module& m, const std::string& prefix, const std::string& sig, int w, bool want_value) {
  LeadingZeroShift r;
  const int stages = std::max(clog2(w), 1);  // shifts 2^(stages-1) .. 1 add up to 2^stages - 1 >= w - 1
  r.count_width = stages;
  std::string cur = sig;
  int cw = w;  // width of cur: its top bits
  std::vector<std::string> digits;
  auto part = [&](int hi, int lo) { return cw == 1 ? cur : vlog::slice(cur, hi, lo); };  // 1-bit words are scalars
  for (int j = stages - 1; j >= 0; --j) {
    const int sh = 1 << j;
    std::string z = m.wire(fmt::format("{}_z{}", prefix, j), 1,
                           fmt::format("~|{}", part(cw - 1, std::max(cw - sh, 0))),
                           fmt::format("top {} bits zero", sh));
    digits.push_back(z);
    if (j == 0 && !want_value) break;
    // The count alone needs only the top 2^j - 1 bits of the next word (the later stages look no deeper).
    const int nw = want_value ? w : std::min(cw, sh - 1);
    std::string kept = part(cw - 1, cw - nw);
    std::string shifted;
    if (cw - sh >= nw)
      shifted = part(cw - 1 - sh, cw - sh - nw);
    else if (cw - sh > 0)
      shifted = fmt::format("{{{}, {}}}", part(cw - 1 - sh, 0), vlog::lit(nw - (cw - sh), 0));
    else
      shifted = vlog::lit(nw, 0);
    cur = m.wire(fmt::format("{}_s{}", prefix, j), nw, fmt::format("{} ? {} : {}", z, shifted, kept),
                 fmt::format("{} shifted left by {} when those bits are zero", want_value ? "word" : "top bits", sh));
    cw = nw;
  }
  r.count = m.wire(prefix + "_lz", stages,
                   stages == 1 ? digits[0] : fmt::format("{{{}}}", fmt::join(digits, ", ")),
                   "leading zeros: one binary digit per stage");
  r.value = want_value ? cur : "";
  return r;
}

}  // namespace qrtl::blocks
