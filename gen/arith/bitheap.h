// BitHeap: a sum of weighted bits (partial products, addends, constants) reduced by a Dadda tree of
// full and half adders to two rows, then one carry-propagate adder (arith/adder.h). The shared
// arithmetic core of the multipliers, MACs and dot products: generators only say which bits to
// add where. Sums are modulo 2^width (width 1..256).
//
// The heap keeps its bits as references into row vectors (partial-product rows, addends, and the
// sum and carry rows each level produces) and emits the adders of consecutive columns that read
// consecutive bits of the same rows as one word-level carry-save step:
//     wire [5:0] pp_f3s = pp_pp0[7:2] ^ pp_pp1[6:1] ^ pp_pp2[5:0];  // level 1: 6 full adders, ...
// so the RTL stays short and readable while every full and half adder is exactly Dadda's.
#pragma once
#include <string>
#include <vector>

#include "arith/adder.h"
#include "vlog/ir.h"

namespace qrtl::arith {

class BitHeap {
 public:
  BitHeap(vlog::Module& m, std::string prefix, int width);

  // Adds the 1-bit expression `bit` with weight 2^col (ignored when col >= width).
  void add_bit(int col, const std::string& bit);
  // Adds -bit * 2^col: the inverted bit plus the constant -2^col (two's complement, modulo 2^width).
  void sub_bit(int col, const std::string& bit);
  // Adds an unsigned or two's-complement number `sig` (a declared signal) of `w` bits, shifted left.
  void add_number(const std::string& sig, int w, bool is_signed, int shift = 0);
  // Adds the product of two declared signals as AND partial products (Baugh-Wooley when signed).
  void add_product(const std::string& a, int wa, bool a_signed, const std::string& b, int wb,
                   bool b_signed, int shift = 0);
  // Adds a constant (modulo 2^width); negative values are fine.
  void add_constant(long long value);

  // Emits the reduction and the final adder into `result` (declared here, `width` bits).
  std::string emit(const std::string& result, Adder cpa = Adder::ripple);

 private:
  struct Bit {
    int row;   // index into rows_, or kOne for a constant 1
    int idx;   // bit of the row
    bool inv;  // the heap holds ~row[idx]
  };
  static constexpr int kOne = -1;
  struct Row {
    std::string sig;
  };
  int row_of(const std::string& sig);
  Bit bit_of(const std::string& expr);
  std::string bit_text(const Bit& b) const;
  std::string slice_text(const Bit& first, int len) const;  // len consecutive bits starting at `first`
  void add_constant_shifted(long long value, int shift);
  void reduce_level(int target, int level);

  vlog::Module& m_;
  std::string prefix_;
  int width_;
  std::vector<char> constant_;  // the constant's bits, modulo 2^width (bit c = column c)
  std::vector<Row> rows_;
  std::vector<std::vector<Bit>> cols_;
  int serial_ = 0;    // names of rows this heap declares
  int products_ = 0;  // add_product calls so far
};

}  // namespace qrtl::arith
