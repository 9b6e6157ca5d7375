#include "cosim/apack_cosim.h"

#include "errors.h"

namespace qrtl::verif {

std::string ApackCosimResult::summary() const { return pass ? "PASS" : "FAIL " + detail; }

ApackCosimResult apack_cosim(const apack::Container&, const std::string&) {
  throw ToolError("apack cosim: not implemented yet");
}

}  // namespace qrtl::verif
