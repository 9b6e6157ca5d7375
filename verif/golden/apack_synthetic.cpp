#include "golden/apack_synthetic.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace qrtl::apack::synthetic {

namespace {

// Uniform in (0, 1): 53 random bits, never 0 or 1.
double uniform(std::mt19937_64& rng) { return (static_cast<double>(rng() >> 11) + 0.5) / 9007199254740992.0; }

double laplace(std::mt19937_64& rng, double scale) {
  const double u = uniform(rng) - 0.5;
  return -scale * (u < 0 ? -1.0 : 1.0) * std::log(1 - 2 * std::fabs(u));
}

double normal(std::mt19937_64& rng, double sigma) {  // Box-Muller, one value per pair of draws
  const double u1 = uniform(rng), u2 = uniform(rng);
  return sigma * std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

char clamp_int8(double v) { return static_cast<char>(static_cast<int8_t>(std::clamp(std::lround(v), -127l, 127l))); }
char clamp_uint8(long v) { return static_cast<char>(static_cast<uint8_t>(std::clamp(v, 0l, 255l))); }

}  // namespace

std::string laplace_weights(size_t n, double scale, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(n, 0);
  for (auto& c : s) c = clamp_int8(laplace(rng, scale));
  return s;
}

std::string gaussian_weights(size_t n, double sigma, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(n, 0);
  for (auto& c : s) c = clamp_int8(normal(rng, sigma));
  return s;
}

std::string relu_activations(size_t n, double zeros, double mean, int zero_point, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(n, 0);
  for (auto& c : s) {
    const bool zero = uniform(rng) < zeros;
    const double tail = -mean * std::log(uniform(rng));
    c = clamp_uint8(zero_point + (zero ? 0 : std::lround(tail)));
  }
  return s;
}

std::string asymmetric_uint8(size_t n, double scale, int zero_point, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(n, 0);
  for (auto& c : s) c = clamp_uint8(zero_point + std::lround(laplace(rng, scale)));
  return s;
}

std::string spatial_activations(size_t n, int channels, double rho, double sigma, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> z(static_cast<size_t>(std::max(channels, 1)), 0.0);
  const double step = std::sqrt(1 - rho * rho);
  std::string s(n, 0);
  for (size_t i = 0; i < n; ++i) {
    double& zc = z[i % z.size()];
    zc = rho * zc + step * normal(rng, sigma);
    s[i] = clamp_uint8(std::max(0l, std::lround(zc)));
  }
  return s;
}

std::string any_tensor(size_t n, uint64_t seed) {
  switch (seed % 4) {
    case 0: return laplace_weights(n, 2.0 + static_cast<double>(seed % 7), seed);
    case 1: return relu_activations(n, 0.6, 12.0, static_cast<int>(seed % 20), seed);
    case 2: return gaussian_weights(n, 20.0, seed);
    default: return asymmetric_uint8(n, 9.0, 100 + static_cast<int>(seed % 50), seed);
  }
}

}  // namespace qrtl::apack::synthetic
