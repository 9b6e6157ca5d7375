// Golden model of mx_dot: every element and scale is decoded to an exact rational (GMP), the k
// products are summed exactly, the sum is multiplied by the two scales, and the result is rounded
// once into binary32 by fp_exact's round_to (RNE, subnormals, overflow to Inf). The NaN/Inf rules
// are the issue's, applied to the decoded values.
#include <fmt/format.h>

#include <random>

#include "golden/mx_types.h"
#include "model.h"
#include "models/mx_stimulus.h"

namespace qrtl::verif {
namespace {

using golden::XReal;

const FloatFormat& fp32() {
  static const FloatFormat f = parse_format("fp32");
  return f;
}

Expect nan_expect() {
  return {Bits(32, 0x7fc00000), [](const Bits& got) { return fp32().is_nan(got.u64()); }};
}

// The element type of block A or B: fmt_a / fmt_b, or fmt when they say "fmt".
golden::MxType side_type(const Params& p, const char* key) {
  return golden::mx_type(p.s(key) == "fmt" ? p.s("fmt") : p.s(key));
}

Outputs mx_dot_eval(const Params& p, const Inputs& in) {
  const golden::MxType ta = side_type(p, "fmt_a"), tb = side_type(p, "fmt_b");
  const MxBlockValue block = mx_block_value(ta, tb, static_cast<int>(p.i("k")), in);
  bool nan = block.nan, pinf = block.pinf, ninf = block.ninf;
  mpq_class acc = 0;
  if (p.b("acc")) {  // acc=1: IEEE addition of acc to the scaled block sum, rounded once
    const XReal x = golden::decode(fp32(), in.at("acc").u64());
    if (x.is_nan())
      nan = true;
    else if (x.is_inf())
      (x.neg ? ninf : pinf) = true;
    else
      acc = x.value();
  }
  if (nan || (pinf && ninf)) return {{"y", nan_expect()}};
  if (pinf || ninf) return {{"y", {Bits(32, ninf ? 0xff800000u : 0x7f800000u), {}}}};
  mpq_class v = block.value + acc;
  if (v == 0)  // an exact zero (sum, or acc + sum) may come out as +0 or -0
    return {{"y", {Bits(32, 0), [](const Bits& got) { return (got.u64() & 0x7fffffffu) == 0; }}}};
  golden::Expected e = golden::round_to(fp32(), XReal::finite(v));
  return {{"y", {Bits(32, e.code), {}}}};
}

QRTL_MODEL(ModelDef{
    .block = "mx_dot",
    .eval = mx_dot_eval,
    .corners = [](const Params& p, const PortWidths&) {
      const golden::MxType ta = side_type(p, "fmt_a"), tb = side_type(p, "fmt_b");
      const int k = static_cast<int>(p.i("k"));
      return p.b("acc") ? mx_dot_acc_corners(ta, tb, k) : mx_dot_corners(ta, tb, k);
    },
    .random = [](const Params& p, const PortWidths&, std::mt19937_64& rng) {
      const golden::MxType ta = side_type(p, "fmt_a"), tb = side_type(p, "fmt_b");
      const int k = static_cast<int>(p.i("k"));
      return p.b("acc") ? mx_dot_acc_random(ta, tb, k, rng) : mx_dot_random(ta, tb, k, rng);
    },
});

}  // namespace
}  // namespace qrtl::verif
