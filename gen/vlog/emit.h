// Emitter: turns a Design into one SystemVerilog file. Owns layout, the header comment and
// determinism (the output depends only on the Design; no dates, no host names, no hash order).
#pragma once
#include <string>

#include "ir.h"

namespace qrtl::vlog {

std::string emit(const Design& d);

}  // namespace qrtl::vlog
