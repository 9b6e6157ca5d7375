// Seeded synthetic 8-bit tensors with the statistics APack targets (for tests, cosim and benches;
// the real tensors in ../shared/data are for reports only). Deterministic on every platform: values
// come from a 64-bit mt19937 through explicit inverse CDFs, not from std:: distributions.
#pragma once
#include <cstdint>
#include <string>

namespace qrtl::apack::synthetic {

// int8 weights: round(Laplace(0, scale)) clamped to [-127, 127] (symmetric quantization).
std::string laplace_weights(size_t n, double scale, uint64_t seed);
// int8 weights: round(Normal(0, sigma)) clamped to [-127, 127].
std::string gaussian_weights(size_t n, double sigma, uint64_t seed);
// uint8 ReLU activations with an asymmetric zero point: a fraction `zeros` of the values is exactly
// the zero point, the rest zero_point + round(Exponential(mean)) with a long tail, clamped to 255.
std::string relu_activations(size_t n, double zeros, double mean, int zero_point, uint64_t seed);
// uint8 values around an asymmetric zero point: zero_point + round(Laplace(0, scale)), clamped.
std::string asymmetric_uint8(size_t n, double scale, int zero_point, uint64_t seed);
// uint8 NHWC ReLU feature map with spatial correlation (what context mode exploits): value
// p*channels + c is max(0, round(z_c[p])) clamped to 255, where each channel's z follows the
// AR(1) walk z[p] = rho*z[p-1] + sqrt(1-rho^2)*Normal(0, sigma) along the pixels.
std::string spatial_activations(size_t n, int channels, double rho, double sigma, uint64_t seed);
// A mix used by `qrtl cosim apack_*`: each of the above, in turn, by seed.
std::string any_tensor(size_t n, uint64_t seed);

}  // namespace qrtl::apack::synthetic
