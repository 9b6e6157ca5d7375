// Golden model of fp_mul: decode both codes to exact rationals, multiply exactly, round once into
// the output format (verif/golden/fp_exact). Nothing here knows how the RTL normalises or rounds.
#include "format.h"
#include "golden/fp_exact.h"
#include "models/fp_expect.h"
#include "model.h"

namespace qrtl::verif {
namespace {

QRTL_MODEL(ModelDef{
    .block = "fp_mul",
    .eval = [](const Params& p, const Inputs& in) {
      const FloatFormat fa = p.fmt("a"), fb = p.fmt("b"), fo = p.fmt("out");
      golden::XReal prod = golden::mul(golden::decode(fa, in.at("a").u64()), golden::decode(fb, in.at("b").u64()));
      golden::RoundOpts o;
      o.sat = p.b("sat");
      return Outputs{{"y", fp_expect(fo, golden::round_to(fo, prod, o), prod, p.s("nan") == "max")}};
    },
});

}  // namespace
}  // namespace qrtl::verif
