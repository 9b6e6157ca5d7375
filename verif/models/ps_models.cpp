// Golden models of the precision-scalable blocks (ps_dot, bb_dot, bf_dot, swp_mul, dg_mac), from their contracts:
// cut the operands into subwords of the mode's width, read each as an integer (GMP), multiply,
// then sum (ps_dot), pack (swp_mul) or accumulate (dg_mac). No bricks, no partial products.
#include <gmpxx.h>

#include "golden/intval.h"
#include "model.h"

namespace qrtl::verif {
namespace {

using golden::field_value;
using golden::to_bits;
using golden::value_of;

// Subword width of a `prec` code; 0 for the reserved code 3.
int subword_bits(const Bits& prec) {
  switch (prec.u64()) {
    case 0: return 8;
    case 1: return 4;
    case 2: return 2;
    default: return 0;
  }
}

Expect anything(unsigned width) {
  return {Bits(width, 0), [](const Bits&) { return true; }};
}

Expect exact(const Bits& v) {
  Expect e;
  e.value = v;
  return e;
}

Bits byte_pattern(unsigned width, uint8_t byte) {
  Bits v(width);
  for (unsigned i = 0; i < width; i += 8) v.set_field(i, 8, byte);
  return v;
}

// Stimulus for packed operands: uniform bits; prec uniform over the three modes, with an
// occasional reserved code (whose output is free but must not be X).
Inputs random_packed(const PortWidths& w, std::mt19937_64& rng) {
  Inputs in;
  for (const auto& [name, width] : w) in[name] = random_bits(static_cast<unsigned>(width), rng);
  in["prec"] = Bits(2, rng() % 64 == 0 ? 3 : rng() % 3);
  return in;
}

// Every setting of the mode ports (each a 2-bit code 0..3, the reserved one included) with
// operands made of one repeated byte from `bytes`; other inputs zero.
std::vector<Inputs> corner_bytes(const PortWidths& w, const std::vector<std::string>& mode_ports,
                                 const std::vector<uint8_t>& bytes) {
  std::vector<Inputs> v;
  const unsigned settings = 1u << (2 * mode_ports.size());
  for (unsigned s = 0; s < settings; ++s)
    for (uint8_t x : bytes)
      for (uint8_t y : bytes) {
        Inputs in;
        for (const auto& [name, width] : w) in[name] = Bits(width, 0);
        in["a"] = byte_pattern(w.at("a"), x);
        in["b"] = byte_pattern(w.at("b"), y);
        for (size_t p = 0; p < mode_ports.size(); ++p) in[mode_ports[p]] = Bits(2, s >> (2 * p) & 3);
        v.push_back(in);
      }
  return v;
}

// Every mode with operands made of one repeated byte: zeros, ones, sign boundaries of each width.
std::vector<Inputs> corner_packed(const PortWidths& w) {
  return corner_bytes(w, {"prec"}, {0x00, 0xff, 0x80, 0x7f, 0x88, 0x77, 0xaa, 0x55, 0x01});
}

// ps_dot and bb_dot share one contract: y = sum of the subword products (32 bits), or with
// wacc=W > 0, acc + that sum modulo 2^W.
ModelDef dot_model(const char* block) {
  ModelDef m;
  m.block = block;
  m.eval = [](const Params& p, const Inputs& in) {
    const unsigned wacc = static_cast<unsigned>(p.i("wacc")), wy = wacc ? wacc : 32;
    const int bits = subword_bits(in.at("prec"));
    if (bits == 0) return Outputs{{"y", anything(wy)}};
    const bool s = p.b("signed");
    const Bits &a = in.at("a"), &b = in.at("b");
    mpz_class sum = wacc ? value_of(in.at("acc"), false) : mpz_class(0);
    for (unsigned lo = 0; lo < a.width(); lo += bits) sum += field_value(a, lo, bits, s) * field_value(b, lo, bits, s);
    return Outputs{{"y", exact(to_bits(sum, wy))}};
  };
  m.corners = [](const Params&, const PortWidths& w) {
    std::vector<Inputs> v = corner_packed(w);
    // The accumulator at zero (above), and at the extremes that wrap around: all ones, the sign bit.
    if (w.count("acc")) {
      const unsigned wa = static_cast<unsigned>(w.at("acc"));
      const size_t n = v.size();
      for (size_t i = 0; i < n; ++i) {
        Inputs hi = v[i], sign = v[i];
        hi["acc"] = Bits(wa);
        for (unsigned k = 0; k < wa; ++k) hi["acc"].set_bit(k, true);
        sign["acc"] = Bits(wa, 0);
        sign["acc"].set_field(wa - 1, 1, 1);
        v.push_back(hi);
        v.push_back(sign);
      }
    }
    return v;
  };
  m.random = [](const Params&, const PortWidths& w, std::mt19937_64& rng) { return random_packed(w, rng); };
  return m;
}

// bf_dot: per 32-bit lane, n = 64 / (bits_a * bits_b) products of a bits_a-bit subword of a and a
// bits_b-bit subword of b, both at index j < n; y = (acc +) their sum.
QRTL_MODEL(ModelDef{
    .block = "bf_dot",
    .eval = [](const Params& p, const Inputs& in) {
      const unsigned wacc = static_cast<unsigned>(p.i("wacc")), wy = wacc ? wacc : 32;
      const int bits_a = subword_bits(in.at("pa")), bits_b = subword_bits(in.at("pb"));
      if (bits_a == 0 || bits_b == 0) return Outputs{{"y", anything(wy)}};
      const bool s = p.b("signed");
      const Bits &a = in.at("a"), &b = in.at("b");
      mpz_class sum = wacc ? value_of(in.at("acc"), false) : mpz_class(0);
      for (unsigned lane = 0; lane < a.width(); lane += 32)
        for (int j = 0; j < 64 / (bits_a * bits_b); ++j)
          sum += field_value(a, lane + j * bits_a, bits_a, s) * field_value(b, lane + j * bits_b, bits_b, s);
      return Outputs{{"y", exact(to_bits(sum, wy))}};
    },
    // Every width pair (and the reserved codes) with operands of one repeated byte, acc at zero.
    .corners = [](const Params&, const PortWidths& w) {
      return corner_bytes(w, {"pa", "pb"}, {0x00, 0xff, 0x80, 0x7f, 0x88, 0x77, 0xaa, 0x55, 0x01, 0x02});
    },
    // Uniform operand bits; each width uniform over 8/4/2, now and then the reserved code.
    .random = [](const Params&, const PortWidths& w, std::mt19937_64& rng) {
      Inputs in;
      for (const auto& [name, width] : w) in[name] = random_bits(static_cast<unsigned>(width), rng);
      in["pa"] = Bits(2, rng() % 64 == 0 ? 3 : rng() % 3);
      in["pb"] = Bits(2, rng() % 64 == 0 ? 3 : rng() % 3);
      return in;
    },
});

QRTL_MODEL(dot_model("ps_dot"));
QRTL_MODEL(dot_model("bb_dot"));

QRTL_MODEL(ModelDef{
    .block = "swp_mul",
    .eval = [](const Params& p, const Inputs& in) {
      const int bits = subword_bits(in.at("prec"));
      if (bits == 0) return Outputs{{"y", anything(16)}};
      const bool s = p.b("signed");
      const Bits &a = in.at("a"), &b = in.at("b");
      Bits y(16);
      for (unsigned k = 0; k < 8u / bits; ++k) {
        Bits prod = to_bits(field_value(a, k * bits, bits, s) * field_value(b, k * bits, bits, s), 2 * bits);
        y.set_field(k * 2 * bits, 2 * bits, prod.u64());
      }
      return Outputs{{"y", exact(y)}};
    },
    .corners = [](const Params&, const PortWidths& w) { return corner_packed(w); },
    .random = [](const Params&, const PortWidths& w, std::mt19937_64& rng) { return random_packed(w, rng); },
});

QRTL_MODEL(ModelDef{
    .block = "dg_mac",
    .eval = [](const Params& p, const Inputs& in) {
      const Bits& acc = in.at("acc");
      const int bits = subword_bits(in.at("prec"));
      if (bits == 0) return Outputs{{"y", anything(acc.width())}};
      const bool s = p.b("signed");
      // The operand is the top `bits` bits of the byte; the bits below are ignored (read as 0).
      auto masked = [&](const Bits& x) {
        Bits v = x;
        v.set_field(0, 8 - bits, 0);
        return value_of(v, s);
      };
      mpz_class y = value_of(acc, false) + masked(in.at("a")) * masked(in.at("b"));
      return Outputs{{"y", exact(to_bits(y, acc.width()))}};
    },
    .corners = [](const Params&, const PortWidths& w) {
      std::vector<Inputs> v = corner_packed(w);
      Bits ones(w.at("acc"));
      for (unsigned i = 0; i < ones.width(); ++i) ones.set_bit(i, true);
      for (auto& in : v) in["acc"] = (in["a"].bit(0) ? ones : Bits(w.at("acc"), 0));
      return v;
    },
    .random = [](const Params&, const PortWidths& w, std::mt19937_64& rng) { return random_packed(w, rng); },
});

}  // namespace
}  // namespace qrtl::verif
