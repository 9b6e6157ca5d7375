// Golden models of the deployment datapath blocks, from their contracts in exact integers (GMP):
//   tern_dot: y = sum w_i*a_i, weight codes 00 = 0, 01 = +1, 11 = -1, 10 = 0 (reserved).
//   requant:  TFLite's MultiplyByQuantizedMultiplier(acc, mult, shift) + zp, clamped to int8, step
//             by step as the reference code defines it (truncating division, nudge by sign,
//             the INT32_MIN * INT32_MIN saturation, RoundingDivideByPOT's mask and threshold).
#include <gmpxx.h>

#include <algorithm>
#include <vector>

#include "bits.h"
#include "exact.h"
#include "golden/intval.h"
#include "model.h"

namespace qrtl::verif {
namespace {

using golden::field_value;
using golden::to_bits;
using golden::value_of;

QRTL_MODEL(ModelDef{
    .block = "tern_dot",
    .eval = [](const Params&, const Inputs& in) {
      const Bits &a = in.at("a"), &w = in.at("w");
      const unsigned n = w.width() / 2;
      mpz_class y = 0;
      for (unsigned i = 0; i < n; ++i) {
        const unsigned code = static_cast<unsigned>(field_value(w, 2 * i, 2, false).get_ui());
        const int weight = code == 1 ? 1 : code == 3 ? -1 : 0;
        y += weight * field_value(a, 8 * i, 8, true);
      }
      return Outputs{{"y", exact(to_bits(y, static_cast<unsigned>(8 + clog2(n) + 1)))}};
    },
    .corners = [](const Params&, const PortWidths& pw) {
      // The extremes (every weight +1 or -1 on -128 or 127), the reserved code everywhere, mixed signs.
      const unsigned n = static_cast<unsigned>(pw.at("w")) / 2;
      auto fill = [n](unsigned elem_bits, unsigned (*code)(unsigned)) {
        Bits b(n * elem_bits);
        for (unsigned i = 0; i < n; ++i)
          for (unsigned j = 0; j < elem_bits; ++j) b.set_bit(i * elem_bits + j, (code(i) >> j) & 1);
        return b;
      };
      const Bits a_min = fill(8, [](unsigned) { return 0x80u; }), a_max = fill(8, [](unsigned) { return 0x7fu; });
      const Bits a_alt = fill(8, [](unsigned i) { return i % 2 ? 0x80u : 0x7fu; });
      const Bits plus = fill(2, [](unsigned) { return 1u; }), minus = fill(2, [](unsigned) { return 3u; });
      const Bits reserved = fill(2, [](unsigned) { return 2u; }), cycle = fill(2, [](unsigned i) { return i % 4; });
      std::vector<Inputs> v;
      for (const Bits* a : {&a_min, &a_max, &a_alt})
        for (const Bits* w : {&plus, &minus, &reserved, &cycle}) v.push_back({{"a", *a}, {"w", *w}});
      return v;
    },
});

// --- requant ---------------------------------------------------------------------------------

const mpz_class kInt32Min = -(mpz_class(1) << 31);
const mpz_class kInt32Max = (mpz_class(1) << 31) - 1;

mpz_class wrap_int32(const mpz_class& v) { return value_of(to_bits(v, 32), true); }

mpz_class saturating_rounding_doubling_high_mul(const mpz_class& a, const mpz_class& b) {
  if (a == kInt32Min && b == kInt32Min) return kInt32Max;
  const mpz_class ab = a * b;
  const mpz_class nudge = ab >= 0 ? mpz_class(mpz_class(1) << 30) : mpz_class(1 - (mpz_class(1) << 30));
  mpz_class q;
  mpz_tdiv_q_2exp(q.get_mpz_t(), mpz_class(ab + nudge).get_mpz_t(), 31);  // C++ division: truncates
  return q;
}

mpz_class rounding_divide_by_pot(const mpz_class& x, unsigned e) {
  const mpz_class mask = (mpz_class(1) << e) - 1;
  const mpz_class rem = x & mask;  // GMP's & is two's complement on negative numbers
  const mpz_class thr = (mask >> 1) + (x < 0 ? 1 : 0);
  mpz_class q;
  mpz_fdiv_q_2exp(q.get_mpz_t(), x.get_mpz_t(), e);  // arithmetic shift right
  return q + (rem > thr ? 1 : 0);
}

QRTL_MODEL(ModelDef{
    .block = "requant",
    .eval = [](const Params&, const Inputs& in) {
      const long shift = field_value(in.at("shift"), 0, 6, true).get_si();
      if (shift > 7) {  // outside the contract: any value
        Expect any;
        any.value = Bits(8);
        any.accepts = [](const Bits&) { return true; };
        return Outputs{{"y", any}};
      }
      const mpz_class acc = value_of(in.at("acc"), true), mult = value_of(in.at("mult"), true);
      const mpz_class x = wrap_int32(acc * (mpz_class(1) << std::max(shift, 0l)));
      const mpz_class h = saturating_rounding_doubling_high_mul(x, mult);
      const mpz_class r = rounding_divide_by_pot(h, static_cast<unsigned>(std::max(-shift, 0l)));
      mpz_class y = r + value_of(in.at("zp"), true);
      y = std::clamp(y, mpz_class(-128), mpz_class(127));
      return Outputs{{"y", exact(to_bits(y, 8))}};
    },
    .corners = [](const Params&, const PortWidths&) {
      std::vector<Inputs> v;
      auto add = [&v](const mpz_class& acc, const mpz_class& mult, long shift, long zp) {
        v.push_back({{"acc", to_bits(acc, 32)}, {"mult", to_bits(mult, 32)}, {"shift", to_bits(shift, 6)},
                     {"zp", to_bits(zp, 8)}});
      };
      // INT32_MIN * INT32_MIN (the one saturating product) and its neighbours, at every shift.
      for (long s = -32; s <= 7; ++s)
        for (const mpz_class& acc : std::vector<mpz_class>{kInt32Min, kInt32Min + 1, kInt32Max, -1, 1})
          add(acc, kInt32Min, s, 0);
      // Ties of RoundingDivideByPOT at every exponent: with mult = 2^30, acc = 2h gives h exactly, and
      // h = (2k+1) * 2^(e-1) is halfway between two quotients; one either side of it too.
      const mpz_class half = mpz_class(1) << 30;
      for (unsigned e = 1; e <= 31; ++e)
        for (long k : {0l, 1l, -1l, -2l, 5l})
          for (long d : {-1l, 0l, 1l}) {
            const mpz_class h = mpz_class(2 * k + 1) * (mpz_class(1) << (e - 1)) + d;
            if (2 * h >= kInt32Min && 2 * h <= kInt32Max) add(2 * h, half, -static_cast<long>(e), 0);
          }
      // The int8 clamp: r near 127 - zp and -128 - zp, for extreme and middle zero points.
      for (long zp : {-128l, -1l, 0l, 127l})
        for (long r : {127 - zp - 1, 127 - zp, 127 - zp + 1, -128 - zp - 1, -128 - zp, -128 - zp + 1, 255l, 256l, -256l, -257l})
          add(2 * r, half, 0, zp);
      // Left shifts that stay inside int32 and ones that wrap.
      for (long s = 1; s <= 7; ++s)
        for (const mpz_class& acc : std::vector<mpz_class>{3, -3, (mpz_class(1) << (31 - s)) - 1,
                                                           -(mpz_class(1) << (31 - s)), mpz_class(1) << (31 - s)})
          add(acc, half + 12345, s, 3);
      return v;
    },
    .random = [](const Params&, const PortWidths&, std::mt19937_64& rng) {
      // Operands of every magnitude (a uniform int32 would saturate nearly every result), the shifts of
      // the contract and now and then one outside it.
      auto any_size = [&rng](unsigned width) {
        const unsigned len = static_cast<unsigned>(rng() % (width + 1));
        const uint64_t v = len == 0 ? 0 : rng() & ((uint64_t{1} << len) - 1);
        return Bits(width, rng() % 2 ? v : ~v);
      };
      const long shift = rng() % 16 == 0 ? static_cast<long>(rng() % 24) + 8 : static_cast<long>(rng() % 40) - 32;
      return Inputs{{"acc", any_size(32)}, {"mult", any_size(32)},
                    {"shift", to_bits(shift, 6)}, {"zp", Bits(8, rng())}};
    },
});

}  // namespace
}  // namespace qrtl::verif
