#include "models/fp_expect.h"

namespace qrtl::verif {

Expect fp_expect(const FloatFormat& out, const golden::Expected& e, const golden::XReal& exact, bool nan_max) {
  if (nan_max && exact.is_nan() && !out.has_nan())
    return Expect{Bits(static_cast<unsigned>(out.width()), out.max_finite_code()), nullptr};
  Expect x{Bits(static_cast<unsigned>(out.width()), e.code), nullptr};
  if (e.how != golden::Expected::How::exact)
    x.accepts = [out, e](const Bits& got) { return e.accepts(out, got.u64()); };
  return x;
}

}  // namespace qrtl::verif
