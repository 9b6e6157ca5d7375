// A golden model's Expect may admit a set of output codes (any NaN, an unspecified value), not one.
// A plain testbench compares with a mask instead of a predicate: a cube (value, mask) admits a code
// c iff (c & mask) == (value & mask). accept_cubes covers the admitted set with a few cubes.
//
// - No predicate: one cube, the exact value under a full mask.
// - Outputs of at most kExactWidth bits: the admitted set is enumerated and covered greedily with
//   cubes that lie inside it; `exact` tells whether at most max_cubes cubes cover all of it (if not,
//   the cubes found so far admit a subset: the testbench is stricter than the contract).
// - Wider outputs: one cube grown from the model's printed value by freeing each bit whose freedom
//   keeps sampled members of the cube admitted (e.g. any quiet NaN of either sign); `exact` is false,
//   except when every bit is free (an unspecified output: any value).
#pragma once
#include <cstddef>
#include <vector>

#include "bits.h"
#include "models/model.h"

namespace qrtl::flows {

struct Cube {
  Bits value, mask;
  bool admits(const Bits& code) const;
};

inline constexpr unsigned kExactWidth = 12;

std::vector<Cube> accept_cubes(const verif::Expect& e, size_t max_cubes, bool& exact);

}  // namespace qrtl::flows
