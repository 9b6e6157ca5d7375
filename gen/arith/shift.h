// Variable shifts as explicit multiplexer stages (a logarithmic shifter), one named vector per
// stage. Written this way rather than as `x << s`, Yosys maps them directly: no resource sharing
// of many word-level shifters (its `share` pass is super-linear on them), and the constant bits the
// stages shift in stay visible to later logic.
#pragma once
#include <string>

#include "vlog/ir.h"

namespace qrtl::arith {

// Declares `name` (w_out bits) = x << amount, truncated to w_out bits, with `fill` (a 1-bit
// expression, default 0) shifted in at the bottom. x has wx bits; amount is an unsigned expression
// of `amount_bits` bits whose value never exceeds max_amount. Stages shift by 1, 2, 4, ... (the
// small ones first, while the word is still narrow).
// With `sign_extend`, x is two's complement and the result too (the top fills with x's sign).
std::string shift_left(vlog::Module& m, const std::string& name, const std::string& x, int wx,
                       const std::string& amount, int amount_bits, int max_amount, int w_out,
                       const std::string& comment = "", const std::string& fill = "1'b0", bool sign_extend = false);

// Declares `name` (wx bits) = x >> amount, and NAME_any / NAME_all: whether some / every bit
// shifted out was set (NAME_all is 1 when nothing is shifted out; declared only `with_all`). amount
// has `amount_bits` bits; the largest step comes first. Each step ORs the bits it drops, so a
// rounding's sticky bit costs about one OR gate per bit of x, not a shift of the bits below it.
std::string shift_right(vlog::Module& m, const std::string& name, const std::string& x, int wx,
                        const std::string& amount, int amount_bits, const std::string& comment = "",
                        bool with_all = true);

// Leading zeros of x (w bits) as `name` (bits(w) bits): w when x is zero. A tree of (all-zero,
// count) pairs over blocks of 2, 4, 8, ... bits.
std::string leading_zeros(vlog::Module& m, const std::string& name, const std::string& x, int w,
                          const std::string& comment = "");

// Declares `name` (w + 1 bits) = x + inc for a 1-bit inc: the carries are a parallel-prefix AND
// (arith::prefix_and), which ABC keeps logarithmic where a `+` becomes a w-gate chain. Pipelined
// (step_budget > 0), a ripple increment in chunks the depth model can bound.
std::string increment(vlog::Module& m, const std::string& name, const std::string& x, int w, const std::string& inc,
                      const std::string& comment = "");

}  // namespace qrtl::arith
