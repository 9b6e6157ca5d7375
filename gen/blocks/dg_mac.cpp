// dg_mac: data-gated 8-bit MAC (the "DG" design of precision-scalable MAC studies). The datapath
// is a plain 8x8 MAC; in a low-precision mode the operand is the top `bits` bits of each byte
// (MSB-aligned fixed point) and the bits below are forced to zero before anything else, so the
// partial products they feed stay at zero and do not toggle. It saves energy, not cycles: one
// MAC per cycle in every mode.
#include <fmt/format.h>

#include "blocks/mac_core.h"
#include "blocks/subword.h"
#include "registry.h"

namespace qrtl {
namespace {

void build_dg_mac(vlog::Design& d, const Params& p, const std::string& top) {
  const int wacc = static_cast<int>(p.i("wacc"));
  const bool sgn = p.b("signed");
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Data-gated 8x8 {} multiply-accumulate into {} bits (wrap-around).",
                         sgn ? "signed" : "unsigned", wacc));
  m.describe("In the 4-bit and 2-bit modes the unused low operand bits are gated to zero at the inputs.");
  m.input("a", 8, "operand: its top 8/4/2 bits, by prec");
  m.input("b", 8, "operand: its top 8/4/2 bits, by prec");
  m.input("acc", wacc, "accumulator in");
  m.input("prec", 2, "0: 8-bit, 1: 4-bit, 2: 2-bit, 3: reserved");
  m.output("y", wacc, "acc + a_m*b_m modulo 2^wacc, a_m = a with the unused bits zeroed");

  blocks::decode_prec(m, "prec");
  m.wire("mode_8or4", 1, "mode8 | mode4");
  m.wire("mode_any", 1, "mode8 | mode4 | mode2");
  m.wire("keep", 8, "{{2{mode_any}}, {2{mode_8or4}}, {4{mode8}}}",
         "operand bits in use: 7:6 in every mode, 5:4 down to 4-bit, 3:0 at 8-bit only");
  m.wire("a_g", 8, "a & keep", "gated operands: unused bits held at zero");
  m.wire("b_g", 8, "b & keep");

  // Behind the gates it is the plain MAC.
  m.assign("y", blocks::mac_datapath(m, {"a_g", "b_g", "acc", 8, 8, wacc, sgn}));
}

QRTL_BLOCK(BlockDef{
    .name = "dg_mac",
    .summary = "data-gated 8-bit MAC: 8/4/2-bit modes gate the unused operand bits (energy, not throughput)",
    .doc = R"(ports: input [7:0] a, input [7:0] b, input [WACC-1:0] acc, input [1:0] prec, output [WACC-1:0] y
(+ clk when stages>0). prec 0 = 8-bit, 1 = 4-bit, 2 = 2-bit: the operand is the top bits of
a byte (MSB-aligned, a[7 -: bits]); the low 8-bits bits are gated to zero (they never toggle)
y = (acc + a_m*b_m) mod 2^wacc with a_m, b_m the gated bytes read as 8-bit integers
(two's complement when signed=1), i.e. int_mac on the masked operands
prec=3 is reserved: y is unspecified (here: acc), never X
stages=N: y belongs to the a, b, acc, prec sampled N rising edges earlier)",
    .keys = {KeyDef::integer("wacc", 32, 16, 64, "accumulator width"),
             KeyDef::choice("signed", "1", {"0", "1"}, "two's complement operands")},
    .build = build_dg_mac,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
