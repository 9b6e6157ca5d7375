// Golden model of mx_quant: each binary32 input is decoded to an exact rational (fp_exact), the
// block is quantized exactly by golden::mx_quantize_block (GMP), and the element codes are compared
// with the RTL's. A zero element may be +0 or -0 (float types); with a NaN/Inf input only the scale
// (0xFF) is checked.
#include <random>

#include "golden/mx_quantize.h"
#include "model.h"
#include "models/mx_stimulus.h"

namespace qrtl::verif {
namespace {

Outputs mx_quant_eval(const Params& p, const Inputs& in) {
  const golden::MxType t = golden::mx_type(p.s("fmt"));
  const int k = static_cast<int>(p.i("k"));
  static const FloatFormat fp32 = parse_format("fp32");
  const Bits& x = in.at("x");
  std::vector<golden::XReal> v;
  for (int i = 0; i < k; ++i) v.push_back(golden::decode(fp32, x.word32(static_cast<unsigned>(i))));
  golden::MxBlock b = golden::mx_quantize_block(t, v);
  const unsigned w = static_cast<unsigned>(t.width);
  Bits q(w * static_cast<unsigned>(k));
  for (int i = 0; i < k; ++i) q.set_field(static_cast<unsigned>(i) * w, w, b.q[i]);
  Expect qe{q, {}};
  if (b.special) {
    qe.accepts = [](const Bits&) { return true; };  // q unspecified with scale 0xFF
  } else if (!t.is_int) {
    const uint64_t sign = t.f.sign_bit();
    qe.accepts = [b, w, k, sign](const Bits& got) {
      for (int i = 0; i < k; ++i) {
        uint64_t g = got.field(static_cast<unsigned>(i) * w, w);
        if (b.q_zero[i] ? (g & ~sign) != 0 : g != b.q[i]) return false;
      }
      return true;
    };
  }
  return {{"scale", {Bits(8, b.scale), {}}}, {"q", qe}};
}

QRTL_MODEL(ModelDef{
    .block = "mx_quant",
    .eval = mx_quant_eval,
    .corners = [](const Params& p, const PortWidths&) {
      return mx_quant_corners(golden::mx_type(p.s("fmt")), static_cast<int>(p.i("k")));
    },
    .random = [](const Params& p, const PortWidths&, std::mt19937_64& rng) {
      return mx_quant_random(golden::mx_type(p.s("fmt")), static_cast<int>(p.i("k")), rng);
    },
});

}  // namespace
}  // namespace qrtl::verif
