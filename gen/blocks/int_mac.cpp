// int_mac: bit-parallel multiply-accumulate, y = acc + a*b modulo 2^wacc. The product's partial
// products and the accumulator share one BitHeap, so the addition costs one more row in the
// Dadda tree instead of a second carry-propagate adder. This is the baseline every
// precision-scalable MAC is compared against.
#include <fmt/format.h>

#include "blocks/mac_core.h"
#include "errors.h"
#include "registry.h"

namespace qrtl {
namespace {

void build_int_mac(vlog::Design& d, const Params& p, const std::string& top) {
  const int wa = static_cast<int>(p.i("wa")), wb = static_cast<int>(p.i("wb"));
  const int wacc = static_cast<int>(p.i("wacc"));
  const bool sgn = p.b("signed");
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("{}x{} {} multiply-accumulate into {} bits (wrap-around).", wa, wb,
                         sgn ? "signed" : "unsigned", wacc));
  m.input("a", wa, sgn ? "multiplicand, two's complement" : "multiplicand, unsigned");
  m.input("b", wb, sgn ? "multiplier, two's complement" : "multiplier, unsigned");
  m.input("acc", wacc, "accumulator in");
  m.output("y", wacc, "acc + a*b modulo 2^wacc");

  m.assign("y", blocks::mac_datapath(m, {"a", "b", "acc", wa, wb, wacc, sgn}));
}

QRTL_BLOCK(BlockDef{
    .name = "int_mac",
    .summary = "bit-parallel integer MAC y = acc + a*b (wrap-around), the precision-scaling baseline",
    .doc = R"(ports: input [WA-1:0] a, input [WB-1:0] b, input [WACC-1:0] acc, output [WACC-1:0] y (+ clk)
y = (acc + a*b) mod 2^wacc; signed=1 reads a and b as two's complement (the product is
sign-extended to wacc bits); wacc must hold a full product: wacc >= wa+wb
stages=N: y belongs to the a, b, acc sampled N rising edges earlier)",
    .keys = {KeyDef::integer("wa", 8, 1, 16, "width of a"),
             KeyDef::integer("wb", 8, 1, 16, "width of b"),
             KeyDef::integer("wacc", 32, 2, 64, "accumulator width"),
             KeyDef::choice("signed", "1", {"0", "1"}, "two's complement operands")},
    .check = [](const Params& p) {
      if (p.i("wacc") < p.i("wa") + p.i("wb"))
        throw UsageError(fmt::format("int_mac: wacc={} cannot hold a {}x{} product (need wacc >= wa+wb = {})",
                                     p.i("wacc"), p.i("wa"), p.i("wb"), p.i("wa") + p.i("wb")));
    },
    .build = build_int_mac,
    .pipelined = true,
    .throughput = [](const Params&) { return 1.0; },  // one multiply-accumulate per cycle, pipelined or not
});

}  // namespace
}  // namespace qrtl
