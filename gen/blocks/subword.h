// Pieces shared by the precision-scalable blocks (ps_dot, bb_dot, bf_dot, swp_mul, dg_mac): the
// `prec` mode decode, the 2x2 "brick" multiplier with run-time sign control, adding a number whose
// signedness or shift is decided at run time to a BitHeap, and the sum widths and accumulator key
// of the dot products.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "arith/bitheap.h"
#include "registry.h"
#include "vlog/ir.h"

namespace qrtl::blocks {

// Operand width of each `prec` code: 0 = 8-bit, 1 = 4-bit, 2 = 2-bit (3 is reserved).
inline constexpr int kPrecBits[3] = {8, 4, 2};

// Declares localparams PREC_8/PREC_4/PREC_2 and one-hot wires mode8, mode4, mode2 decoded from
// `prec`; with the reserved code 3 all three are low. `modes` (bit k = prec code k) limits the
// declarations to the modes the block uses, so nothing is left unused.
void decode_prec(vlog::Module& m, const std::string& prec, unsigned modes = 7);

// Emits the helper module `name`: a 2x2 brick p = X*Y where X is the 2-bit x read as two's
// complement when xs=1 and unsigned when xs=0 (likewise Y, y, ys). p has `width` bits: 5 holds
// every product exactly as a signed number (-6..9); 4 holds it modulo 16.
void emit_brick_module(vlog::Design& d, const std::string& name, int width);

// Adds the w-bit `sig` (w >= 2) shifted by `shift` to `heap`, read as two's complement when the
// 1-bit `is_signed` is high at run time and as unsigned otherwise. Declares `neg` = is_signed &
// the top bit of sig, the only bit whose weight changes sign (nothing when is_signed is a literal).
void add_runtime_signed(arith::BitHeap& heap, vlog::Module& m, const std::string& sig, int w,
                        const std::string& is_signed, int shift, const std::string& neg);

// Adds the `src_w`-bit `src` (two's complement, or unsigned when !src_signed) to `heap` (of `heap_w`
// bits) shifted by one of several amounts,
// the amount picked at run time: `shifts` maps each shift to its 1-bit condition, at most one of
// which is high. The shifted copies never add to each other, so they are merged by OR into one
// word `name` spanning the lowest to the highest shift (each copy extended inside it), and the
// heap adds that word once: far fewer heap bits than one gated copy per shift. Bits of src above
// the heap are not read; returns how many low bits of src are (0 when none).
int add_shifted_by_mode(arith::BitHeap& heap, vlog::Module& m, const std::string& src, int src_w,
                        const std::map<int, std::string>& shifts, int heap_w, const std::string& name,
                        bool src_signed = true);

// Bits of a signed sum of `n` brick products (-6..9 each): 5 for one product.
int brick_sum_width(int n);

// Bits that hold every sum of `n` products of a bits_a-bit and a bits_b-bit subword exactly, as
// two's complement when signed.
int product_sum_width(long long n, bool is_signed, int bits_a, int bits_b);

// Adds a constant that depends on the run-time mode, `constant[k]` in mode k (modulo 2^width):
// the bits every mode has go in as a constant, each other bit as `gate(modes)`, a 1-bit signal
// that is high in the modes (bit k = mode k) whose constant has that bit.
void add_mode_constant(arith::BitHeap& heap, const std::vector<long long>& constant, int width,
                       const std::function<std::string(unsigned)>& gate);

// The w-bit `sum` sign-extended (is_signed) or zero-extended to `to` bits.
std::string extended(const std::string& sum, int w, int to, bool is_signed);

// The dot products' accumulator key `wacc` (0 or 8..64) and its check, naming `block` on error.
KeyDef accumulator_key();
void check_accumulator(const std::string& block, const Params& p);

}  // namespace qrtl::blocks
