// Golden models of the temporal dot products bs_dot (Stripes), loom_dot (Loom) and term_dot
// (Laconic). Each predicts the exact result of one transaction AND the number of cycles it takes,
// from the algorithm's definition (golden/temporal.h): the result is the plain integer sum of
// products of the operands at their runtime precisions, the cycle count is the paper's formula.
// Inputs are the transaction's logical operands (w, a and the precisions, all lanes packed, lane i
// at bits [i*W +: W]); the cosim drivers turn them into the cycle-by-cycle port activity.
// Outputs: y (the port) and cycles (32 bits; not a port, checked against the measured timing).
#include <gmpxx.h>

#include "bits.h"
#include "golden/intval.h"
#include "golden/temporal.h"
#include "model.h"

namespace qrtl::verif {
namespace {

using golden::effective_precision;
using golden::low_bits_value;

struct Shape {
  int lanes, wa, ww, wy;
  bool as, ws;
};

Shape shape(const Params& p) {
  Shape s{static_cast<int>(p.i("lanes")), static_cast<int>(p.i("wa")), static_cast<int>(p.i("ww")), 0,
          p.b("asigned"), p.b("wsigned")};
  s.wy = s.wa + s.ww + clog2(static_cast<uint64_t>(s.lanes));  // holds any sum of `lanes` products (see the block docs)
  return s;
}

// Operand i of a packed lane vector at precision prec.
int64_t lane(const Bits& packed, int i, int width, int prec, bool is_signed) {
  return low_bits_value(packed.field(static_cast<unsigned>(i * width), static_cast<unsigned>(width)), prec, is_signed);
}

Outputs result(const mpz_class& y, int wy, int cycles) {
  return Outputs{{"y", {golden::to_bits(y, static_cast<unsigned>(wy)), {}}},
                 {"cycles", {Bits(32, static_cast<uint64_t>(cycles)), {}}}};
}

QRTL_MODEL(ModelDef{
    .block = "bs_dot",
    .eval = [](const Params& p, const Inputs& in) {
      Shape s = shape(p);
      const int pa = effective_precision(in.at("p").u64(), s.wa);
      mpz_class y = 0;
      for (int i = 0; i < s.lanes; ++i)
        y += mpz_class(static_cast<long>(lane(in.at("w"), i, s.ww, s.ww, s.ws))) *
             static_cast<long>(lane(in.at("a"), i, s.wa, pa, s.as));
      return result(y, s.wy, golden::stripes_cycles(pa));
    },
});

QRTL_MODEL(ModelDef{
    .block = "loom_dot",
    .eval = [](const Params& p, const Inputs& in) {
      Shape s = shape(p);
      const int pa = effective_precision(in.at("pa").u64(), s.wa);
      const int pw = effective_precision(in.at("pw").u64(), s.ww);
      mpz_class y = 0;
      for (int i = 0; i < s.lanes; ++i)
        y += mpz_class(static_cast<long>(lane(in.at("w"), i, s.ww, pw, s.ws))) *
             static_cast<long>(lane(in.at("a"), i, s.wa, pa, s.as));
      return result(y, s.wy, golden::loom_cycles(pa, pw, static_cast<int>(p.i("bpc"))));
    },
});

QRTL_MODEL(ModelDef{
    .block = "term_dot",
    .eval = [](const Params& p, const Inputs& in) {
      Shape s = shape(p);
      std::vector<int64_t> a(s.lanes), w(s.lanes);
      mpz_class y = 0;
      for (int i = 0; i < s.lanes; ++i) {
        a[i] = lane(in.at("a"), i, s.wa, s.wa, s.as);
        w[i] = lane(in.at("w"), i, s.ww, s.ww, s.ws);
        y += mpz_class(static_cast<long>(w[i])) * static_cast<long>(a[i]);
      }
      return result(y, s.wy, golden::laconic_cycles(a, s.wa, s.as, w, s.ww, s.ws));
    },
});

}  // namespace
}  // namespace qrtl::verif
