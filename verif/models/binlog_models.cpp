// Golden models of bin_dot, log_mul and lns_to_fix, from the values the codes stand for.
//   bin_dot: bit 1 = +1, bit 0 = -1; y = sum of the products of the values (GMP integer).
//   log_mul: a code {z, s, L} is 0 or (-1)^s * 2^(L/2^F); the product of two such values is
//   0 or (-1)^(sa+sb) * 2^(La/2^F + Lb/2^F), so its log is the exact rational sum of the logs
//   (GMP rationals), which must be an integer multiple of 2^-F in the output code.
#include <gmpxx.h>

#include <stdexcept>

#include "golden/intval.h"
#include "exact.h"
#include "model.h"

namespace qrtl::verif {
namespace {

using golden::field_value;
using golden::to_bits;

QRTL_MODEL(ModelDef{
    .block = "bin_dot",
    .eval = [](const Params&, const Inputs& in) {
      const Bits &a = in.at("a"), &b = in.at("b");
      mpz_class y = 0;
      for (unsigned i = 0; i < a.width(); ++i) y += (a.bit(i) ? 1 : -1) * (b.bit(i) ? 1 : -1);
      unsigned wy = 1;
      while ((mpz_class(1) << (wy - 1)) <= a.width()) ++wy;
      return Outputs{{"y", exact(to_bits(y, wy))}};
    },
    .corners = [](const Params&, const PortWidths& w) {
      // Full agreement (+N), full disagreement (-N), half and half.
      const unsigned n = static_cast<unsigned>(w.at("a"));
      Bits zero(n), ones(n), alt(n);
      for (unsigned i = 0; i < n; ++i) {
        ones.set_bit(i, true);
        alt.set_bit(i, i % 2);
      }
      return std::vector<Inputs>{{{"a", zero}, {"b", zero}}, {{"a", ones}, {"b", ones}}, {{"a", zero}, {"b", ones}},
                                 {{"a", ones}, {"b", zero}}, {{"a", alt}, {"b", ones}}, {{"a", alt}, {"b", alt}}};
    },
});

struct LogValue {
  bool zero;
  bool negative;
  mpq_class log2_abs;  // log2 of the magnitude, exact
};

LogValue decode(const Bits& code, int wl, int f) {
  LogValue v{code.bit(static_cast<unsigned>(wl + 1)), code.bit(static_cast<unsigned>(wl)), 0};
  v.log2_abs = mpq_class(field_value(code, 0, static_cast<unsigned>(wl), true), mpz_class(1) << f);
  v.log2_abs.canonicalize();
  return v;
}

QRTL_MODEL(ModelDef{
    .block = "log_mul",
    .eval = [](const Params& p, const Inputs& in) {
      const int wi = static_cast<int>(p.i("wi")), f = static_cast<int>(p.i("f"));
      const int wl = wi + f;
      LogValue a = decode(in.at("a"), wl, f), b = decode(in.at("b"), wl, f);
      Bits y(static_cast<unsigned>(wl + 3));
      if (a.zero || b.zero) {
        y.set_bit(static_cast<unsigned>(wl + 2), true);  // canonical zero {1, 0, 0}
        return Outputs{{"y", exact(y)}};
      }
      mpq_class log2_abs = a.log2_abs + b.log2_abs;  // |a*b| = 2^(log2|a| + log2|b|)
      mpq_class scaled = log2_abs * (mpz_class(1) << f);
      if (scaled.get_den() != 1) throw std::logic_error("log_mul model: product log not on the 2^-F grid");
      const mpz_class lim = mpz_class(1) << wl;  // the output log has wl+1 bits: [-2^wl, 2^wl)
      if (scaled.get_num() < -lim || scaled.get_num() >= lim) throw std::logic_error("log_mul model: log overflow");
      Bits l = to_bits(scaled.get_num(), static_cast<unsigned>(wl + 1));
      for (unsigned k = 0; k < l.width(); ++k) y.set_bit(k, l.bit(k));
      y.set_bit(static_cast<unsigned>(wl + 1), a.negative != b.negative);
      return Outputs{{"y", exact(y)}};
    },
});

// lns_to_fix: y = (-1)^s * floor(2^(L/2^F) * 2^Q) = (-1)^s * floor(2^(E/2^F)) with E = L + Q*2^F.
// For E >= 0 that is the truncated 2^F-th root of the integer 2^E (exact, GMP); for E < 0 the
// power lies in (0, 1) and its floor is 0.
QRTL_MODEL(ModelDef{
    .block = "lns_to_fix",
    .eval = [](const Params& p, const Inputs& in) {
      const int wi = static_cast<int>(p.i("wi")), f = static_cast<int>(p.i("f")), q = static_cast<int>(p.i("q"));
      const int wl = wi + f;
      const unsigned wy = static_cast<unsigned>((1 << (wi - 1)) + q + 1);
      LogValue a = decode(in.at("a"), wl, f);
      if (a.zero) return Outputs{{"y", exact(Bits(wy))}};
      mpq_class e = (a.log2_abs + q) * (mpz_class(1) << f);  // E, an integer
      if (e.get_den() != 1) throw std::logic_error("lns_to_fix model: E is not an integer");
      mpz_class mag = 0;
      if (e.get_num() >= 0) {
        mpz_class pow = 1;
        mpz_mul_2exp(pow.get_mpz_t(), pow.get_mpz_t(), e.get_num().get_ui());
        mpz_root(mag.get_mpz_t(), pow.get_mpz_t(), 1ul << f);
      }
      if (mag >= (mpz_class(1) << (wy - 1))) throw std::logic_error("lns_to_fix model: output overflow");
      return Outputs{{"y", exact(to_bits(a.negative ? mpz_class(-mag) : mag, wy))}};
    },
});

}  // namespace
}  // namespace qrtl::verif
