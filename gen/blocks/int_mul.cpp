// int_mul: integer multiplier, y = a * b, full width. Partial products (Baugh-Wooley when signed)
// are summed by the shared BitHeap; the pipelining pass places any registers.
#include <fmt/format.h>

#include "arith/bitheap.h"
#include "registry.h"

namespace qrtl {
namespace {

void build_int_mul(vlog::Design& d, const Params& p, const std::string& top) {
  const int wa = static_cast<int>(p.i("wa")), wb = static_cast<int>(p.i("wb"));
  const bool sgn = p.b("signed");
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("{}x{} {} multiplier.", wa, wb, sgn ? "signed" : "unsigned"));
  m.input("a", wa, sgn ? "multiplicand, two's complement" : "multiplicand, unsigned");
  m.input("b", wb, sgn ? "multiplier, two's complement" : "multiplier, unsigned");
  m.output("y", wa + wb, "a * b, full width");

  arith::BitHeap heap(m, "mul", wa + wb);
  heap.add_product("a", wa, sgn, "b", wb, sgn);
  m.assign("y", heap.emit("product"));
}

QRTL_BLOCK(BlockDef{
    .name = "int_mul",
    .summary = "integer multiplier y = a*b (Baugh-Wooley partial products, Dadda tree)",
    .doc = R"(ports: input [WA-1:0] a, input [WB-1:0] b, output [WA+WB-1:0] y (+ input clk when stages>0)
y is the full product; signed=1 reads a, b and y as two's complement
stages=N: y is the product of the a, b sampled N rising edges earlier)",
    .keys = {KeyDef::integer("wa", 8, 1, 16, "width of a"),
             KeyDef::integer("wb", 8, 1, 16, "width of b"),
             KeyDef::choice("signed", "1", {"0", "1"}, "two's complement operands")},
    .build = build_int_mul,
    .pipelined = true,
    .throughput = [](const Params&) { return 1.0; },  // one multiply per cycle, pipelined or not
});

}  // namespace
}  // namespace qrtl
