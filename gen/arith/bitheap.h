// BitHeap: a sum of weighted bits (partial products, addends, constants) reduced by a Dadda tree of
// full and half adders to two rows, then one carry-propagate adder. The shared arithmetic core of
// the multipliers, MACs and dot products: generators only say which bits to add where.
// Sums are modulo 2^width (width 1..256). Optional pipeline cuts register every live bit after a reduction level.
#pragma once
#include <string>
#include <vector>

#include "vlog/ir.h"

namespace qrtl::arith {

class BitHeap {
 public:
  BitHeap(vlog::Module& m, std::string prefix, int width);

  // Adds the 1-bit expression `bit` with weight 2^col (ignored when col >= width).
  void add_bit(int col, const std::string& bit);
  // Adds -bit * 2^col: the inverted bit plus the constant -2^col (two's complement, modulo 2^width).
  void sub_bit(int col, const std::string& bit);
  // Adds an unsigned or two's-complement number `sig` of `w` bits, shifted left by `shift`.
  void add_number(const std::string& sig, int w, bool is_signed, int shift = 0);
  // Adds the product of two numbers as AND partial products (Baugh-Wooley when signed).
  void add_product(const std::string& a, int wa, bool a_signed, const std::string& b, int wb,
                   bool b_signed, int shift = 0);
  // Adds a constant (modulo 2^width); negative values are fine.
  void add_constant(long long value);

  int levels() const;  // number of Dadda reduction levels the current heap needs

  // Emits the reduction and the final adder into `result` (declared here, `width` bits).
  // `cuts` lists points to register every live bit at: 0 = before reduction, k = after level k,
  // levels()+1 = the result itself. Registers use clock `clk`. Returns the result name.
  std::string emit(const std::string& result, const std::vector<int>& cuts = {},
                   const std::string& clk = "clk");

 private:
  std::string fresh(const std::string& what, int col);
  void register_all(const std::string& clk, int cut_index);
  void add_constant_shifted(long long value, int shift);  // value * 2^shift, modulo 2^width

  vlog::Module& m_;
  std::string prefix_;
  int width_;
  std::vector<char> constant_;  // the constant's bits, modulo 2^width (bit c = column c)
  std::vector<std::vector<std::string>> cols_;
  std::vector<std::pair<std::string, std::string>> pending_;  // named partial products, declared by emit()
  int serial_ = 0;
  int products_ = 0;  // add_product calls so far (names their partial products apart)
};

}  // namespace qrtl::arith
