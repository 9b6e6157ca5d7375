// Turns a golden::Expected code set into a cosim Expect for a narrow floating-point output port.
#pragma once
#include "format.h"
#include "golden/fp_exact.h"
#include "model.h"

namespace qrtl::verif {

// nan_max: a NaN result in a format without NaN codes must be +max (the `nan=max` option).
Expect fp_expect(const FloatFormat& out, const golden::Expected& e, const golden::XReal& exact, bool nan_max);

}  // namespace qrtl::verif
