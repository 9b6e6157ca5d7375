// requant: the int8 output stage of integer-only inference (TFLite / gemmlowp),
//   y = clamp(MultiplyByQuantizedMultiplier(acc, mult, shift) + zp, -128, 127), bit-exact.
// Three steps, each rearranged so that it costs one adder:
//  - SaturatingRoundingDoublingHighMul(x, mult) = (x*mult + nudge) / 2^31, truncating, with
//    nudge = 2^30 or 1 - 2^30 by the product's sign. Both cases equal floor((x*mult + 2^30) / 2^31),
//    so the nudge is one constant row of the product's bit heap and h is bits [62:31] of the sum.
//    The only product that overflows is INT32_MIN^2, whose bits read as INT32_MIN, a value no
//    other product can give: that code saturates to INT32_MAX.
//  - RoundingDivideByPOT(h, e) rounds half away from zero. For h < 0 the block shifts ~h = -1-h,
//    which is non-negative, and inverts the quotient back (floor(~h / 2^e) = ~floor(h / 2^e)); the
//    rounding bit is h's bit e-1, and a negative tie (nothing set below it) does not round up.
//  - + zp and the clamp to int8: any |r| beyond 9 bits saturates whatever zp is, so the zero point is
//    added to r's low 9 bits only.
#include <fmt/format.h>

#include "arith/adder.h"
#include "arith/bitheap.h"
#include "arith/shift.h"
#include "registry.h"

namespace qrtl {
namespace {

void build_requant(vlog::Design& d, const Params&, const std::string& top) {
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe("TFLite-exact requantization: clamp(MultiplyByQuantizedMultiplier(acc, mult, shift) + zp, -128, 127).");
  m.input("acc", 32, "int32 accumulator");
  m.input("mult", 32, "int32 quantized multiplier (Q0.31)");
  m.input("shift", 6, "two's complement, -32..7; > 0 shifts acc left, < 0 divides by 2^-shift (8..31: y unspecified)");
  m.input("zp", 8, "int8 output zero point");
  m.output("y", 8, "int8 result");

  m.comment("x = acc * 2^max(shift, 0), wrapping to int32");
  m.wire("shift_neg", 1, "shift[5]");
  m.wire("shl", 3, "shift_neg ? 3'd0 : shift[2:0]", "left shift 0..7");
  arith::shift_left(m, "x", "acc", 32, "shl", 3, 7, 32, "acc << shl, modulo 2^32");

  m.comment("h = SaturatingRoundingDoublingHighMul(x, mult) = floor((x*mult + 2^30) / 2^31)");
  // A Brent-Kung final adder, also when pipelined: the pass cuts between its prefix levels (costed
  // for that in arith::add), where ripple chunks of the 63-bit sum took twice the cycles
  // (depth=16: 12 cycles and 67962 T instead of 22 and 79736 T).
  const arith::Adder fast = arith::Adder::brent_kung;
  arith::BitHeap heap(m, "prod", 63);
  heap.add_product("x", 32, true, "mult", 32, true);
  heap.add_constant(1ll << 30);
  const std::string prod = heap.emit("prod", fast);
  m.wire("h_raw", 32, vlog::slice(prod, 62, 31), "the high half; INT32_MIN only for INT32_MIN * INT32_MIN");
  m.wire("prod_low_unused", 31, vlog::slice(prod, 30, 0), "only their carries matter");
  m.wire("h", 32, "h_raw == 32'h80000000 ? 32'h7fffffff : h_raw", "saturated");

  m.comment("r = RoundingDivideByPOT(h, e), e = max(-shift, 0) in 0..32: round half away from zero");
  m.wire("e", 6, "shift_neg ? 6'd0 - shift : 6'd0");
  m.wire("h_neg", 1, "h[31]");
  m.wire("h_abs1", 33, "{h ^ {32{h_neg}}, h_neg}",
         "h, or ~h for negative h, above one bit that makes the shifted-out test read h's own bits");
  arith::shift_right(m, "q1", "h_abs1", 33, "e", 6, "[32:1] = floor(h_abs / 2^e), [0] = its bit e-1");
  m.wire("guard", 1, "q1[0] ^ h_neg", "h's bit e-1 (0 when e = 0)");
  m.wire("below", 1, "h_neg ? ~q1_all : q1_any", "some bit of h below bit e-1 is set");
  m.wire("round_up", 1, "guard & (~h_neg | below)", "remainder > (mask >> 1) + (h < 0)");
  m.wire("q", 32, "q1[32:1] ^ {32{h_neg}}", "h >> e, arithmetic");
  arith::add_bit(m, "r", "q", "round_up", 32, "cannot overflow: round_up needs e >= 1");

  m.comment("y = clamp(r + zp, -128, 127): r beyond [-256, 255] saturates for every zp");
  m.wire("r_big_pos", 1, "~r[31] & (|r[30:8])", "r >= 256");
  m.wire("r_big_neg", 1, "r[31] & ~(&r[30:8])", "r < -256");
  arith::add(m, "s", "{r[8], r[8:0]}", "{{2{zp[7]}}, zp}", 10, "", arith::Adder::ripple, "r + zp for r in [-256, 255]");
  m.wire("s_over", 1, "~s[9] & (|s[8:7])", "s > 127");
  m.wire("s_under", 1, "s[9] & ~(&s[8:7])", "s < -128");
  m.wire("sat_pos", 1, "r_big_pos | (~r_big_neg & s_over)");
  m.wire("sat_neg", 1, "r_big_neg | (~r_big_pos & s_under)");
  m.assign("y", "sat_pos ? 8'h7f : sat_neg ? 8'h80 : s[7:0]");
}

QRTL_BLOCK(BlockDef{
    .name = "requant",
    .summary = "TFLite/gemmlowp int8 requantizer: clamp(MultiplyByQuantizedMultiplier(acc, mult, shift) + zp)",
    .doc = R"(ports: input [31:0] acc, input [31:0] mult, input [5:0] shift, input [7:0] zp, output [7:0] y (+ clk)
x = acc * 2^max(shift,0) modulo 2^32 (int32); h = SaturatingRoundingDoublingHighMul(x, mult);
r = RoundingDivideByPOT(h, max(-shift,0)); y = clamp(r + zp, -128, 127); all two's complement
shift: -32..7 (the contract's -31..7 and -32, a right shift by 32); 8..31: y unspecified
stages=N: y belongs to the inputs sampled N rising edges earlier (depth=D: see the manifest))",
    .build = build_requant,
    .pipelined = true,
    .throughput = [](const Params&) { return 1.0; },
});

}  // namespace
}  // namespace qrtl
