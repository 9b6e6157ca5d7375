#include "blocks/subword.h"

#include <fmt/format.h>

namespace qrtl::blocks {

void decode_prec(vlog::Module& m, const std::string& prec, unsigned modes) {
  static const char* what[3] = {"the 8-bit mode", "the 4-bit mode (2 subwords per byte)",
                                "the 2-bit mode (4 subwords per byte)"};
  for (unsigned k = 0; k < 3; ++k)
    if (modes >> k & 1) m.localparam(fmt::format("PREC_{}", kPrecBits[k]), fmt::format("2'd{}", k), fmt::format("prec code of {}", what[k]));
  m.comment("One-hot mode decode; all low for the reserved code 3.");
  for (unsigned k = 0; k < 3; ++k)
    if (modes >> k & 1) m.wire(fmt::format("mode{}", kPrecBits[k]), 1, fmt::format("{} == PREC_{}", prec, kPrecBits[k]));
}

void emit_brick_module(vlog::Design& d, const std::string& name, int width) {
  vlog::Module& m = d.modules.emplace_back(name);
  m.describe("2x2 brick multiplier with run-time sign control: p = X * Y, where X is x read as two's");
  m.describe("complement when xs=1 and as unsigned when xs=0 (Y likewise). Each operand is extended by");
  m.describe(fmt::format("one bit to a 3-bit signed number; the product (-6..9) is kept in {} bits{}.", width,
                         width >= 5 ? " (exact, signed)" : " (modulo 16)"));
  m.input("x", 2, "2-bit digit of the first operand");
  m.input("xs", 1, "x is a two's complement digit (it holds its operand's sign)");
  m.input("y", 2, "2-bit digit of the second operand");
  m.input("ys", 1, "y is a two's complement digit");
  m.output("p", width, "product");
  m.wire("xe", 3, "{xs & x[1], x}", "x extended with its sign (or a zero)");
  m.wire("ye", 3, "{ys & y[1], y}", "y extended with its sign (or a zero)");
  arith::BitHeap heap(m, "bb", width);
  heap.add_product("xe", 3, true, "ye", 3, true);
  m.assign("p", heap.emit("prod"));
}

void add_runtime_signed(arith::BitHeap& heap, vlog::Module& m, const std::string& sig, int w,
                        const std::string& is_signed, int shift, const std::string& neg) {
  if (is_signed == "1'b0" || is_signed == "1'b1") {  // known when generating: no gate needed
    heap.add_number(sig, w, is_signed == "1'b1", shift);
    return;
  }
  // value = sig (unsigned) - 2^w * (is_signed & sig[w-1]): the top bit weighs +2^(w-1) unsigned
  // and -2^(w-1) signed, a difference of 2^w.
  heap.add_number(sig, w, false, shift);
  m.wire(neg, 1, fmt::format("{} & {}", is_signed, vlog::bit(sig, w - 1)));
  heap.sub_bit(shift + w, neg);
}

}  // namespace qrtl::blocks
