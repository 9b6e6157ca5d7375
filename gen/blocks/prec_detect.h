// Dynamic precision detection (Dynamic Stripes / DPRed): the number of bits a group of values
// really needs. Shared by the prec_detect block and the DPRed packer, which instantiates it.
#pragma once
#include <string>

#include "vlog/ir.h"

namespace qrtl::blocks {

// Width of the precision port: holds 0..15, enough for every value width the blocks accept.
inline constexpr int kPrecFieldBits = 4;

// Adds module `name` (ports input [group*w-1:0] x, output [3:0] p) to d. Unsigned: p = max over
// the group of (index of the highest set bit + 1), 0 for an all-zero group. Signed: p = max over
// the group of the minimal two's-complement width (1 for 0 and -1).
void add_prec_detect(vlog::Design& d, const std::string& name, int group, int w, bool sgn);

}  // namespace qrtl::blocks
