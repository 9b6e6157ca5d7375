// Exact MX quantization (the reference for mx_quant) and tensor-level error statistics that help
// choose a precision set before generating hardware:
//  - mx_quantize_block: one block of exact values -> shared E8M0 scale + element codes (OCP MX v1.0
//    with the rules of issue 5: e = floor(log2 amax) - emax clamped to [-127,127], RNE, saturation).
//  - mx_tensor_error: quantize a float tensor block by block, report MSE / max |error| / SQNR.
//  - octav_clip: OCTAV (Sakr et al., ICML 2022) Newton-style iteration for the per-tensor clipping
//    scalar that minimizes the MSE of a symmetric uniform INT quantizer; int_clip_error measures it.
#pragma once
#include <cstdint>
#include <vector>

#include "golden/mx_types.h"

namespace qrtl::golden {

struct MxBlock {
  bool special = false;        // a NaN or Inf input: scale 0xFF, elements unspecified
  unsigned scale = 0;          // E8M0 code
  std::vector<uint64_t> q;     // element codes
  std::vector<bool> q_zero;    // element value is zero (either sign of a float zero is acceptable)
};

MxBlock mx_quantize_block(const MxType& t, const std::vector<XReal>& x);
// Value of element code c under scale s (exact), for error measurement.
mpq_class mx_dequantize(const MxType& t, unsigned scale, uint64_t c);

struct ErrorStats {
  size_t n = 0;
  double mse = 0, max_abs = 0, sqnr_db = 0;  // sqnr = 10 log10(sum x^2 / sum err^2); inf if exact
};

// Quantizes x in consecutive blocks of k (the last block may be shorter). x must be finite.
ErrorStats mx_tensor_error(const MxType& t, int k, const std::vector<float>& x);

// Symmetric uniform quantizer with levels -(2^(bits-1)-1) .. 2^(bits-1)-1 and step clip/(2^(bits-1)-1);
// values beyond +-clip saturate. Error statistics of quantizing x with it.
ErrorStats int_clip_error(const std::vector<float>& x, int bits, double clip);

struct OctavResult {
  double clip = 0;     // the fixed point of the iteration
  int iterations = 0;
  ErrorStats err;      // measured with int_clip_error at `clip`
};
// s_{n+1} = E[|x| 1{|x|>s_n}] / (E[1{|x|<=s_n}] / (12 N^2) + E[1{|x|>s_n}]), N = 2^(bits-1)-1, from
// s_0 = mean |x|, until the relative change is below 1e-9 (at most 100 iterations).
OctavResult octav_clip(const std::vector<float>& x, int bits);

}  // namespace qrtl::golden
