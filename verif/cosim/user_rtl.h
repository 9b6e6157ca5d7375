// Cosimulating the RTL a user has (a hand-edited or re-pipelined copy of a generated block) instead
// of a regenerated one: the file must implement the block's port contract for the given parameters.
#pragma once
#include <string>

#include "registry.h"

namespace qrtl::verif {

// g with its Verilog replaced by the file at `path`, whose module `top` becomes g's top. That
// module's ports must be exactly g's (same names, directions and widths); otherwise a UsageError
// names the first port that differs. An unreadable file, a file Yosys cannot parse or a missing
// module is a UsageError too; a missing Yosys is a ToolError.
Generated adopt_rtl(const Generated& g, const std::string& path, const std::string& top);

}  // namespace qrtl::verif
