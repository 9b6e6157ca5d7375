// Directed corners and structured random stimulus for the MX blocks (mx_dot, mx_quant). Uniform
// random bits would almost never hit what matters here (cancellation, ties, the binary32 subnormal
// range, overflow at the largest scales), so vectors are built from exact values.
#pragma once
#include <random>
#include <vector>

#include "golden/mx_types.h"
#include "models/model.h"

namespace qrtl::verif {

// An mx_dot block's exact value from its inputs a, a_scale, b, b_scale: NaN (a NaN scale, a NaN
// element or Inf * 0), the infinite products' signs, else the scaled sum (exact, GMP).
struct MxBlockValue {
  bool nan = false, pinf = false, ninf = false;
  mpq_class value;  // when neither NaN nor infinite
};
MxBlockValue mx_block_value(const golden::MxType& ta, const golden::MxType& tb, int k, const Inputs& in);

// mx_dot with element types ta (block A) and tb (block B), which may differ.
std::vector<Inputs> mx_dot_corners(const golden::MxType& ta, const golden::MxType& tb, int k);
Inputs mx_dot_random(const golden::MxType& ta, const golden::MxType& tb, int k, std::mt19937_64& rng);
// acc=1: the same blocks plus an `acc` chosen against the block's exact value: its negation
// (cancellation), a neighbour of it, half an ulp away (ties), far above or below it, subnormal,
// near the binary32 maximum, zero, Inf and NaN.
std::vector<Inputs> mx_dot_acc_corners(const golden::MxType& ta, const golden::MxType& tb, int k);
Inputs mx_dot_acc_random(const golden::MxType& ta, const golden::MxType& tb, int k, std::mt19937_64& rng);

std::vector<Inputs> mx_quant_corners(const golden::MxType& t, int k);
Inputs mx_quant_random(const golden::MxType& t, int k, std::mt19937_64& rng);

}  // namespace qrtl::verif
