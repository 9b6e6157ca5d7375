// Golden models of int_mul and int_mac: exact integer arithmetic on the operands' values
// (GMP integers), then reduction to the output width. No partial products, no bit tricks.
#include <gmpxx.h>

#include "golden/intval.h"
#include "model.h"

namespace qrtl::verif {
namespace {

using golden::to_bits;
using golden::value_of;

QRTL_MODEL(ModelDef{
    .block = "int_mul",
    .eval = [](const Params& p, const Inputs& in) {
      bool s = p.b("signed");
      const Bits &a = in.at("a"), &b = in.at("b");
      mpz_class prod = value_of(a, s) * value_of(b, s);
      return Outputs{{"y", {to_bits(prod, a.width() + b.width())}}};
    },
});

QRTL_MODEL(ModelDef{
    .block = "int_mac",
    .eval = [](const Params& p, const Inputs& in) {
      bool s = p.b("signed");
      const Bits& acc = in.at("acc");
      mpz_class y = value_of(acc, false) + value_of(in.at("a"), s) * value_of(in.at("b"), s);
      return Outputs{{"y", {to_bits(y, acc.width())}}};
    },
    .corners = [](const Params&, const PortWidths& w) {
      // Extremes of every operand: 0, 1, all ones, the sign boundary.
      std::vector<Inputs> v;
      auto extremes = [](int width) {
        Bits ones(width), top(width);
        for (int i = 0; i < width; ++i) ones.set_bit(i, true);
        top.set_bit(width - 1, true);
        Bits below = ones;
        below.set_bit(width - 1, false);
        return std::vector<Bits>{Bits(width, 0), Bits(width, 1), ones, top, below};
      };
      for (const auto& a : extremes(w.at("a")))
        for (const auto& b : extremes(w.at("b")))
          for (const auto& acc : extremes(w.at("acc"))) v.push_back({{"a", a}, {"b", b}, {"acc", acc}});
      return v;
    },
});

}  // namespace
}  // namespace qrtl::verif
