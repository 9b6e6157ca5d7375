// Golden model of vsq_dot: exact integers (GMP). y = a_scale * b_scale * sum of signed products,
// written as a two's-complement number of the output port's width.
#include <gmpxx.h>

#include "golden/intval.h"
#include "model.h"

namespace qrtl::verif {
namespace {

int elem_width(const Params& p) { return p.s("fmt") == "int4" ? 4 : 8; }

Outputs eval(const Params& p, const Inputs& in) {
  const unsigned w = static_cast<unsigned>(elem_width(p));
  const unsigned k = static_cast<unsigned>(p.i("k"));
  mpz_class dot = 0;
  for (unsigned i = 0; i < k; ++i)
    dot += golden::field_value(in.at("a"), i * w, w, true) * golden::field_value(in.at("b"), i * w, w, true);
  mpz_class y = dot * golden::value_of(in.at("a_scale"), false) * golden::value_of(in.at("b_scale"), false);
  // Output width: dot product bits + 2 * scale width (see the block's doc).
  mpz_class bound = mpz_class(k) << (2 * w - 2);
  unsigned yw = static_cast<unsigned>(mpz_sizeinbase(bound.get_mpz_t(), 2)) + 1 + 2 * in.at("a_scale").width();
  return {{"y", {golden::to_bits(y, yw), {}}}};
}

QRTL_MODEL(ModelDef{
    .block = "vsq_dot",
    .eval = eval,
    .corners = [](const Params& p, const PortWidths& pw) {
      // Every element at the negative extreme, the positive extreme, mixed; each scale 0, 1 or all ones
      // (both varied: the scale product's extremes are where its width is tested).
      const unsigned w = static_cast<unsigned>(elem_width(p)), k = static_cast<unsigned>(p.i("k"));
      const uint64_t neg = uint64_t{1} << (w - 1), pos = neg - 1, ones = (uint64_t{1} << w) - 1;
      const int sw = pw.at("a_scale");
      const uint64_t smax = (sw >= 64 ? ~uint64_t{0} : (uint64_t{1} << sw) - 1);
      std::vector<Inputs> v;
      for (uint64_t ea : {neg, pos, ones, uint64_t{0}})
        for (uint64_t eb : {neg, pos, uint64_t{1}})
          for (uint64_t sa : {uint64_t{0}, uint64_t{1}, smax})
            for (uint64_t sb : {uint64_t{0}, uint64_t{1}, smax}) {
              Bits a(k * w), b(k * w);
              for (unsigned i = 0; i < k; ++i) {
                a.set_field(i * w, w, ea);
                b.set_field(i * w, w, i % 2 && ea == ones ? pos : eb);
              }
              v.push_back({{"a", a}, {"a_scale", Bits(sw, sa)}, {"b", b}, {"b_scale", Bits(sw, sb)}});
            }
      return v;
    },
});

}  // namespace
}  // namespace qrtl::verif
