// mx_quant: quantizes k binary32 values to one OCP MX block: a shared E8M0 scale and k elements.
//   e = floor(log2(max |x_i|)) - emax(fmt), clamped to [-127, 127];  scale = e + 127
//   q_i = x_i / 2^e rounded to nearest even into fmt, saturating (int8: x_i / 2^e * 64, to +-127).
// floor(log2 max|x_i|) needs no magnitude compare: for a normal maximum it is its exponent field
// minus 127, so the largest exponent field decides (a block of binary32 subnormals has
// floor(log2) <= -127, which clamps to e = -127 for every element type).
#include <fmt/format.h>

#include <algorithm>

#include "arith/adder.h"
#include "arith/shift.h"
#include "blocks/mx_common.h"
#include "errors.h"
#include "registry.h"

namespace qrtl {
namespace {

using blocks::MxElem;

// sig >> sh (sh <= 25) with the guard bit below it, as `shifted` (25 bits: [24:1] the integer part,
// [0] the guard), and the rounding decision: the sticky bit is the OR of what the shifter's steps
// drop, so the bits below the guard are never shifted into place (that was most of an element).
std::string shift_with_guard(vlog::Module& m) {
  m.wire("sig_g", 25, "{sig, 1'b0}", "significand, and the guard's place below it");
  const std::string shifted = arith::shift_right(m, "shifted", "sig_g", 25, "sh", 5, "integer part [24:1], guard [0]", false);
  m.wire("guard", 1, vlog::bit(shifted, 0));
  m.wire("round_up", 1, fmt::format("guard & ({}_any | {})", shifted, vlog::bit(shifted, 1)),
         "round to nearest, ties to even (sticky: a bit shifted out below the guard)");
  return shifted;
}

// One element: x / 2^e rounded into the element type. With A = max(ef,1) - scale - emin(fmt), the
// element's exponent after scaling is A - lz + emin (lz = leading zeros of the 24-bit significand,
// non-zero only for binary32 subnormals): a normal element when A >= lz, else a subnormal of fmt.
void build_elem(vlog::Design& d, const std::string& name, const MxElem& el) {
  vlog::Module& m = d.modules.emplace_back(name);
  const int w = el.width;
  m.describe(fmt::format("One binary32 value divided by the shared power of two and rounded (RNE, saturating) to {}.",
                         el.name));
  m.input("x", 32, "binary32 value");
  m.input("s", 8, "shared scale (E8M0 code; 0xFF gives an unspecified q)");
  m.output("q", w, fmt::format("{} element", el.name));
  m.wire("sign", 1, "x[31]");
  m.wire("ef", 8, "x[30:23]", "exponent field");
  m.wire("sig", 24, "{ef != 8'd0, x[22:0]}", "significand, hidden bit included");
  m.wire("ef_n", 8, "(ef == 8'd0) ? 8'd1 : ef", "max(ef, 1): subnormals share the exponent of 2^-126");
  m.localparam("SH_MAX", "10'd25", "shifting 24 bits right by 25 or more leaves less than half an LSB");

  if (el.is_int) {
    // q = x * 2^(127 - s) * 64 = sig * 2^(ef_n - 150 + 127 - s + 6): shift right by s + 17 - ef_n (>= 16).
    arith::add(m, "s17", "10'(s)", "10'd17", 10, "", arith::Adder::ripple);
    arith::add(m, "sh_full", "s17", "~(10'(ef_n))", 10, "1'b1", arith::Adder::ripple,
               "s + 17 - max(ef,1): right shift onto the 2^-6 grid of MXINT8");
    m.wire("sh", 5, "(sh_full > SH_MAX) ? 5'd25 : sh_full[4:0]");
    const std::string shifted = shift_with_guard(m), sgn = "sign";
    m.wire("int_unused", 1, fmt::format("|{}[24:9]", shifted), "|x| / 2^e < 2, so the integer part is below 128");
    m.wire("r", 8, fmt::format("{}[8:1] + 8'(round_up)", shifted), "rounded magnitude (at most 128)");
    m.wire("mag", 7, "r[7] ? 7'h7f : r[6:0]", "clamped to 127");
    m.assign("q", fmt::format("{} ? -{{1'b0, mag}} : {{1'b0, mag}}", sgn));
    return;
  }

  const FloatFormat& f = el.f;
  const int e = f.e, mw = f.m, cw = e + mw + 1;
  blocks::LeadingZeroShift nz = blocks::shift_leading_zeros(m, "sig", "sig", 24, false);
  m.localparam("A_BIAS", fmt::format("10'd{}", -f.emin()), fmt::format("-emin of {}", f.name));
  m.localparam("SH_NORM", fmt::format("10'd{}", 23 - mw), fmt::format("keep {} fraction bits of 23", mw));
  m.wire("zero", 1, "~|sig");
  arith::add(m, "ef_b", "10'(ef_n)", "A_BIAS", 10, "", arith::Adder::ripple, "max(ef,1) - emin");
  arith::add(m, "a", "ef_b", "~(10'(s))", 10, "1'b1", arith::Adder::ripple, "A = max(ef,1) - s - emin (two's complement)");
  arith::add(m, "d", "a", fmt::format("~(10'({}))", nz.count), 10, "1'b1", arith::Adder::ripple,
             "exponent field - 1 of the result when it is normal");
  m.wire("normal", 1, "~d[9] & ~zero", "the scaled value is a normal of the element type");
  arith::add(m, "sh_norm", "SH_NORM", fmt::format("~(10'({}))", nz.count), 10, "1'b1", arith::Adder::ripple,
             "right shift to m fraction bits");
  arith::add(m, "sh_sub", "SH_NORM", "~a", 10, "1'b1", arith::Adder::ripple, "right shift onto the subnormal grid 2^(emin-m)");
  m.wire("sh_full", 10, "normal ? sh_norm : sh_sub");
  m.wire("sh", 5, "(sh_full > SH_MAX) ? 5'd25 : sh_full[4:0]");
  const std::string shifted = shift_with_guard(m);
  m.wire("expo", e + 1, fmt::format("normal ? d[{}:0] : {}", e, vlog::lit(e + 1, 0)),
         "biased exponent minus the hidden bit (which the rounded significand adds back)");
  const std::string expo = "expo", sgn = "sign";
  // Valid scales keep |x| / 2^e below 2^(emax+1): the significand fits in m+1 bits and d in e+1 bits.
  m.wire("range_unused", 1, fmt::format("(|{}[24:{}]) | (|d[8:{}])", shifted, mw + 2, e + 1),
         "zero whenever the scale is not 0xFF");
  m.wire("r", mw + 2, fmt::format("{0}'({1}[{2}:1]) + {0}'(round_up)", mw + 2, shifted, mw + 1),
         "rounded significand");
  arith::add(m, "code", fmt::format("{{{}, {}}}", expo, vlog::lit(mw, 0)), fmt::format("{}'(r)", cw), cw, "",
             arith::Adder::ripple, "magnitude code; a carry out of the significand steps the exponent");
  m.localparam("MAX_CODE", vlog::lit(cw, f.max_finite_code()), fmt::format("largest finite {} magnitude", f.name));
  m.wire("over", 1, "code > MAX_CODE", "rounded past the largest value: saturate");
  m.assign("q", fmt::format("{{{}, over ? MAX_CODE[{}:0] : code[{}:0]}}", sgn, cw - 2, cw - 2));
}

void build_mx_quant(vlog::Design& d, const Params& p, const std::string& top) {
  const MxElem el = blocks::mx_elem(p.s("fmt"));
  const int k = static_cast<int>(p.i("k"));
  const int w = el.width;

  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Quantizes {} binary32 values to one MX{} block: shared E8M0 scale, RNE, saturation.", k,
                         el.is_int ? "INT8" : " " + el.name));
  m.input("x", 32 * k, "binary32 values: element i at [i*32 +: 32]");
  m.output("scale", 8, "E8M0 shared scale: e + 127; 0x00 for an all-zero block, 0xFF if a NaN/Inf is present");
  m.output("q", k * w, fmt::format("{} elements: element i at [i*{} +: {}]", el.name, w, w));
  if (el.emax > 0) m.localparam("EMAX", fmt::format("8'd{}", el.emax), fmt::format("emax of {} (OCP MX)", el.name));

  const std::string x = "x";

  // Largest exponent field: a balanced tree of compare-selects.
  std::vector<std::string> level, specials;
  for (int i = 0; i < k; ++i) {
    level.push_back(m.wire(fmt::format("ef{}", i), 8, fmt::format("{}[{}:{}]", x, 32 * i + 30, 32 * i + 23)));
    specials.push_back(fmt::format("(&ef{})", i));
  }
  for (int l = 0; level.size() > 1; ++l) {
    std::vector<std::string> next;
    for (size_t j = 0; j + 1 < level.size(); j += 2)
      next.push_back(m.wire(fmt::format("efmax_l{}_{}", l, j / 2), 8,
                            fmt::format("({0} > {1}) ? {0} : {1}", level[j], level[j + 1])));
    if (level.size() % 2) next.push_back(level.back());
    level = next;
  }
  m.wire("ef_max", 8, level[0], "exponent field of the largest magnitude (floor(log2) + 127 when normal)");
  m.wire("special", 1, fmt::format("{}", fmt::join(specials, " | ")), "some x is NaN or Inf");
  if (el.emax > 0) arith::add(m, "ef_less", "ef_max", "~EMAX", 8, "1'b1", arith::Adder::ripple, "ef_max - emax");
  m.wire("scale_in", 8,
         el.emax == 0 ? "special ? 8'hff : ef_max"  // emax 0: the scale is the largest exponent field
                      : "special ? 8'hff : (ef_max > EMAX) ? ef_less : 8'd0",
         "floor(log2 max) - emax + 127, clamped at 0 (subnormal and tiny blocks)");
  std::vector<std::string> elems;  // MSB first
  for (int i = 0; i < k; ++i) {
    std::string qi = m.signal(fmt::format("q_el{}", i), w);
    m.instance(top + "_elem", fmt::format("u_elem{}", i),
               {{"x", fmt::format("{}[{} +: 32]", x, 32 * i)}, {"s", "scale_in"}, {"q", qi}});
    elems.insert(elems.begin(), qi);
  }
  m.assign("scale", "scale_in");
  m.assign("q", elems.size() == 1 ? elems[0] : fmt::format("{{{}}}", fmt::join(elems, ", ")));
  build_elem(d, top + "_elem", el);
}

QRTL_BLOCK(BlockDef{
    .name = "mx_quant",
    .summary = "quantize k binary32 values to an OCP MX block (shared E8M0 scale, RNE, saturation)",
    .doc = R"(ports: input [K*32-1:0] x, output [7:0] scale, output [K*W-1:0] q (+ input clk when stages>0)
e = floor(log2 max|x_i|) - emax(fmt) clamped to [-127,127], scale = e+127 (all zero: 0x00; NaN/Inf: 0xFF,
q unspecified); q_i = x_i/2^e rounded to nearest even, saturating to +-max; int8: x_i/2^e*64 to +-127
emax: e4m3 8, e5m2 15, e3m2 4, e2m3 2, e2m1 2, int8 0; binary32 subnormal inputs are exact
stages=N: outputs belong to the x sampled N rising edges earlier (depth=D: see the manifest))",
    .keys = blocks::mx_keys(),
    .build = build_mx_quant,
    .pipelined = true,
});

}  // namespace
}  // namespace qrtl
