// log_mul: multiplier in a logarithmic number system (LNS; LogNet-style log-domain products).
//
// Number format (WI integer and F fractional bits of log2, W = WI + F + 2 bits per code):
//   code = {z, s, L}: z = 1 is the value 0 (s and L ignored); otherwise the value is
//   (-1)^s * 2^(L / 2^F), L an (WI+F)-bit two's-complement integer (a fixed-point log2 with F
//   fractional bits). F = 0 is LogNet's power-of-two code.
// Product: z = za | zb, s = sa ^ sb, L = La + Lb, exact in WI+F+1 bits, so the output code has
// one more log bit than the inputs and never overflows. A zero product is the canonical code
// {1, 0, 0}. Conversion back to linear: x = (-1)^s * 2^floor(L/2^F) * 2^((L mod 2^F) / 2^F), a
// shift by the integer part of the log times a 2^F-entry table of 2^(j/2^F) (docs/results/value-aware.md).
#include <fmt/format.h>

#include "registry.h"

namespace qrtl {
namespace {

void build_log_mul(vlog::Design& d, const Params& p, const std::string& top) {
  const int wi = static_cast<int>(p.i("wi")), f = static_cast<int>(p.i("f"));
  const int wl = wi + f;  // input log width
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Log-domain multiplier: codes {{zero, sign, log2 in {}.{} fixed point}}, product by log addition.",
                         wi, f));
  m.input("a", wl + 2, fmt::format("{{zero, sign, log2|a| * 2^{}}}", f));
  m.input("b", wl + 2, fmt::format("{{zero, sign, log2|b| * 2^{}}}", f));
  m.output("y", wl + 3, fmt::format("{{zero, sign, log2|a*b| * 2^{}}} with one more log bit", f));
  m.wire("a_zero", 1, vlog::bit("a", wl + 1));
  m.wire("b_zero", 1, vlog::bit("b", wl + 1));
  m.wire("a_log", wl, vlog::slice("a", wl - 1, 0));
  m.wire("b_log", wl, vlog::slice("b", wl - 1, 0));
  m.wire("y_zero", 1, "a_zero | b_zero", "0 * anything = 0");
  m.wire("y_sign", 1, fmt::format("~y_zero & ({} ^ {})", vlog::bit("a", wl), vlog::bit("b", wl)),
         "sign of the product; +0 for a zero product");
  m.comment("log2|a*b| = log2|a| + log2|b|: sign-extend both logs by one bit, the sum cannot overflow");
  auto sign_of = [&](const std::string& log) { return wl == 1 ? log : vlog::bit(log, wl - 1); };
  m.wire("log_sum", wl + 1, fmt::format("{{{}, a_log}} + {{{}, b_log}}", sign_of("a_log"), sign_of("b_log")));
  m.wire("y_log", wl + 1, fmt::format("y_zero ? {} : log_sum", vlog::lit(wl + 1, 0)), "canonical zero code");
  m.assign("y", "{y_zero, y_sign, y_log}");
}

QRTL_BLOCK(BlockDef{
    .name = "log_mul",
    .summary = "log-domain (LNS) multiplier: sign xor, fixed-point log2 addition",
    .doc = R"(ports: input [WI+F+1:0] a, b, output [WI+F+2:0] y; code = {z, s, L}
value = 0 if z, else (-1)^s * 2^(L/2^F), L two's complement (WI+F bits in, WI+F+1 out)
y = a*b exactly: L = La + Lb, s = sa ^ sb; a zero product is {1, 0, 0}; combinational)",
    .keys = {KeyDef::integer("wi", 4, 1, 12, "integer bits of log2 (including its sign)"),
             KeyDef::integer("f", 3, 0, 12, "fractional bits of log2")},
    .build = build_log_mul,
});

}  // namespace
}  // namespace qrtl
