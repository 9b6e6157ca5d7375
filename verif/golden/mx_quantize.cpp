#include "golden/mx_quantize.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace qrtl::golden {

namespace {

void accumulate(ErrorStats& s, double& sig2, double& err2, double x, double err) {
  ++s.n;
  sig2 += x * x;
  err2 += err * err;
  s.max_abs = std::max(s.max_abs, std::fabs(err));
}

void finish(ErrorStats& s, double sig2, double err2) {
  s.mse = s.n ? err2 / static_cast<double>(s.n) : 0;
  s.sqnr_db = err2 == 0 ? std::numeric_limits<double>::infinity() : 10 * std::log10(sig2 / err2);
}

}  // namespace

MxBlock mx_quantize_block(const MxType& t, const std::vector<XReal>& x) {
  MxBlock b;
  b.q.assign(x.size(), 0);
  b.q_zero.assign(x.size(), true);
  mpq_class amax = 0;
  for (const XReal& v : x) {
    if (v.is_nan() || v.is_inf()) {
      b.special = true;
      b.scale = 0xff;
      return b;
    }
    if (v.mag > amax) amax = v.mag;
  }
  if (amax == 0) return b;  // scale 0x00, all elements zero
  long e = floor_log2(amax) - t.emax;
  e = std::max(-127L, std::min(127L, e));
  b.scale = static_cast<unsigned>(e + 127);
  const mpq_class unit = pow2(-e);
  for (size_t i = 0; i < x.size(); ++i) {
    mpq_class v = x[i].value() * unit;
    if (t.is_int) {
      mpz_class n = round_half_even(v * 64);
      if (n > 127) n = 127;
      if (n < -127) n = -127;
      b.q[i] = static_cast<uint64_t>(n.get_si()) & 0xff;
      b.q_zero[i] = n == 0;
    } else {
      Expected r = round_to(t.f, XReal::finite(v, x[i].neg), RoundOpts{Round::rne, true, 0, 0});
      b.q[i] = r.code;
      b.q_zero[i] = (r.code & ~t.f.sign_bit()) == 0;
    }
  }
  return b;
}

mpq_class mx_dequantize(const MxType& t, unsigned scale, uint64_t c) {
  return mx_decode(t, c).value() * pow2(static_cast<long>(scale) - 127);
}

ErrorStats mx_tensor_error(const MxType& t, int k, const std::vector<float>& x) {
  if (k < 1) throw std::invalid_argument("block size must be >= 1");
  ErrorStats s;
  double sig2 = 0, err2 = 0;
  for (size_t lo = 0; lo < x.size(); lo += static_cast<size_t>(k)) {
    size_t hi = std::min(x.size(), lo + static_cast<size_t>(k));
    std::vector<XReal> blk;
    for (size_t i = lo; i < hi; ++i) {
      if (!std::isfinite(x[i])) throw std::invalid_argument("tensor holds a NaN or Inf");
      blk.push_back(XReal::finite(mpq_class(static_cast<double>(x[i])), std::signbit(x[i])));
    }
    MxBlock b = mx_quantize_block(t, blk);
    for (size_t i = lo; i < hi; ++i) {
      double deq = mx_dequantize(t, b.scale, b.q[i - lo]).get_d();
      accumulate(s, sig2, err2, x[i], static_cast<double>(x[i]) - deq);
    }
  }
  finish(s, sig2, err2);
  return s;
}

ErrorStats int_clip_error(const std::vector<float>& x, int bits, double clip) {
  if (bits < 2 || bits > 16) throw std::invalid_argument("bits must be 2..16");
  const double n = std::ldexp(1.0, bits - 1) - 1;
  ErrorStats s;
  double sig2 = 0, err2 = 0;
  for (float xf : x) {
    double v = xf, deq = 0;
    if (clip > 0) {
      double q = std::nearbyint(v / clip * n);  // default rounding mode: ties to even
      q = std::max(-n, std::min(n, q));
      deq = q * clip / n;
    }
    accumulate(s, sig2, err2, v, v - deq);
  }
  finish(s, sig2, err2);
  return s;
}

OctavResult octav_clip(const std::vector<float>& x, int bits) {
  if (bits < 2 || bits > 16) throw std::invalid_argument("bits must be 2..16");
  const double n = std::ldexp(1.0, bits - 1) - 1, noise = 1.0 / (12 * n * n);
  OctavResult r;
  // Start from the mean magnitude: from max|x| the first step would give 0 (nothing is clipped).
  double amax = 0;
  for (float v : x) {
    r.clip += std::fabs(v) / static_cast<double>(x.size());
    amax = std::max(amax, static_cast<double>(std::fabs(v)));
  }
  for (r.iterations = 0; r.iterations < 100 && r.clip > 0; ++r.iterations) {
    double above_sum = 0, above = 0, below = 0;
    for (float v : x) {
      double a = std::fabs(v);
      if (a > r.clip) {
        above_sum += a;
        above += 1;
      } else {
        below += 1;
      }
    }
    // Nothing clipped: the MSE only grows with s beyond max|x|, so the answer is at most max|x|.
    double next = above == 0 ? amax : above_sum / (below * noise + above);
    bool done = std::fabs(next - r.clip) <= 1e-9 * r.clip;
    r.clip = next;
    if (done) break;
  }
  r.err = int_clip_error(x, bits, r.clip);
  return r;
}

}  // namespace qrtl::golden
