// prec_detect: run-time precision of a group of w-bit values (Dynamic Stripes, DPRed).
//
// Unsigned: the highest set bit of any element is the highest set bit of the bitwise OR of the
// group, so p = position of the leading one of OR(x_i) + 1.
// Signed: v fits n-bit two's complement iff bits n-1..w-1 of v all equal the sign bit. Marking
// every place where a bit differs from the bit above it, d_i[k] = x_i[k] ^ x_i[k+1] (k < w-1),
// the minimal width of x_i is (highest marked k) + 2, or 1 when nothing is marked (0 and -1);
// over the group, OR the marks first. Both cases end in one leading-one encoder.
#include "blocks/prec_detect.h"

#include <fmt/format.h>

#include "errors.h"
#include "registry.h"

namespace qrtl::blocks {
namespace {

// Balanced OR of equal-width terms, one named signal per tree node.
std::string or_tree(vlog::Module& m, const std::string& prefix, std::vector<std::string> terms, int width) {
  for (int level = 1; terms.size() > 1; ++level) {
    std::vector<std::string> next;
    for (size_t k = 0; k < terms.size(); k += 2) {
      if (k + 1 == terms.size()) {
        next.push_back(terms[k]);
        continue;
      }
      next.push_back(m.wire(fmt::format("{}_l{}_{}", prefix, level, k / 2), width,
                            fmt::format("{} | {}", terms[k], terms[k + 1])));
    }
    terms = std::move(next);
  }
  return terms.front();
}

}  // namespace

void add_prec_detect(vlog::Design& d, const std::string& name, int group, int w, bool sgn) {
  vlog::Module& m = d.modules.emplace_back(name);
  m.describe(fmt::format("Precision of a group of {} {} {}-bit values: the bits the widest one needs.", group,
                         sgn ? "signed" : "unsigned", w));
  m.input("x", group * w, fmt::format("{} elements, element i in x[{}*i +: {}]", group, w, w));
  m.output("p", kPrecFieldBits,
           sgn ? "max minimal two's-complement width (1 for 0 and -1)" : "max (leading-one index + 1), 0 if all zero");
  std::vector<std::string> terms;
  const int mark_w = sgn ? w - 1 : w;  // bits of each element's mark vector
  for (int i = 0; i < group; ++i) {
    std::string e = vlog::slice("x", w * (i + 1) - 1, w * i);
    if (!sgn) {
      terms.push_back(e);
      continue;
    }
    // Bit k marks a change between bit k and bit k+1: the value needs at least k+2 bits.
    terms.push_back(m.wire(fmt::format("mark_{}", i), mark_w,
                           fmt::format("{} ^ {}", vlog::slice("x", w * i + w - 2, w * i),
                                       vlog::slice("x", w * i + w - 1, w * i + 1)),
                           fmt::format("element {}: bit k set where bit k differs from bit k+1", i)));
  }
  m.comment(sgn ? "OR of the marks: bit k set iff some element needs more than k+1 bits"
                : "OR of the elements: bit k set iff some element needs more than k bits");
  std::string all = or_tree(m, "any", terms, mark_w);
  if (group == 1) all = m.wire("any", mark_w, all);
  // Leading-one encoder: the highest set bit k of `all` gives p = k + 1 (unsigned) or k + 2
  // (signed); an empty vector gives the minimum, 0 (unsigned) or 1 (signed).
  const int offset = sgn ? 2 : 1;
  std::string expr = vlog::lit(kPrecFieldBits, offset - 1);
  for (int k = 0; k < mark_w; ++k)
    expr = fmt::format("{} ? {} : {}", mark_w == 1 ? all : vlog::bit(all, k), vlog::lit(kPrecFieldBits, k + offset), expr);
  m.assign("p", expr);
}

namespace {

void build_prec_detect(vlog::Design& d, const Params& p, const std::string& top) {
  add_prec_detect(d, top, static_cast<int>(p.i("group")), static_cast<int>(p.i("w")), p.b("signed"));
}

QRTL_BLOCK(BlockDef{
    .name = "prec_detect",
    .summary = "run-time precision of a group of values (Dynamic Stripes / DPRed detector)",
    .doc = R"(ports: input [GROUP*W-1:0] x (element i in x[W*i +: W]), output [3:0] p
signed=0: p = max over the group of (index of the highest set bit + 1), 0 for all zeros
signed=1: p = max over the group of the minimal two's-complement width (1 for 0 and -1)
combinational)",
    .keys = {KeyDef::integer("group", 16, 1, 256, "values per group"),
             KeyDef::integer("w", 8, 2, 15, "bits per value"),
             KeyDef::choice("signed", "0", {"0", "1"}, "two's complement values")},
    .build = build_prec_detect,
});

}  // namespace
}  // namespace qrtl::blocks
