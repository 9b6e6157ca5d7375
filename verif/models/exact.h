// An Expect that admits exactly one value: the common case of a deterministic output.
#pragma once
#include <utility>

#include "model.h"

namespace qrtl::verif {

inline Expect exact(Bits b) {
  Expect e;
  e.value = std::move(b);
  return e;
}

}  // namespace qrtl::verif
