// Cosimulation of the APack encoder and decoder RTL on a whole tensor: the Verilated apack_enc must
// emit exactly the golden lane streams and apack_dec must restore exactly the tensor's values.
#pragma once
#include <cstdint>
#include <string>

#include "golden/apack.h"

namespace qrtl::verif {

struct ApackCosimResult {
  bool pass = false;
  uint64_t values = 0;
  uint64_t enc_cycles = 0, dec_cycles = 0;  // clock cycles from the first table write to the last beat
  int lanes = 1;
  std::string detail;  // first mismatch, when failing
  std::string summary() const;
};

// c: a golden container (its table, lanes and streams); the values come from decompress(c).
ApackCosimResult apack_cosim(const apack::Container& c, const std::string& cache_dir = "");

}  // namespace qrtl::verif
