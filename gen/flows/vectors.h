// `qrtl vectors`: golden stimulus/response files for any simulator, plus the generated RTL and a
// self-checking testbench (testbench.h). Files written into the output directory, for top NAME:
//   NAME.sv, NAME.json     the block, as `qrtl gen` writes it
//   NAME_in.hex            one line per vector: the data inputs concatenated in port order, first
//                          port in the most significant bits (SystemVerilog {a, b, ...}), $readmemh hex
//   NAME_expK.hex          one line per vector: the expected outputs, concatenated the same way
//   NAME_maskK.hex         a 1 bit marks an output bit the check compares; 0 = any value admitted
//   tb_NAME.sv             reads the files, applies one vector per clock, prints PASS/FAIL, $finish
// K = 0, 1, ...: when the golden model admits several codes (any NaN, an unspecified value), each
// output port passes if it matches any of the (expK, maskK) pairs on its bits; see accept_cubes.h.
// The stimulus is the one cosim uses (stimulus.h): same seed, same vectors.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "registry.h"

namespace qrtl::flows {

struct VectorsOptions {
  std::string out_dir;
  uint64_t count = 1000;  // random vectors after the corners when not exhaustive
  uint64_t seed = 1;
  bool exhaustive = true;  // every input combination when the inputs total <= 20 bits
  size_t max_alternatives = 16;
};

struct VectorsResult {
  uint64_t vectors = 0;
  bool exhaustive = false;
  size_t alternatives = 1;
  uint64_t relaxed = 0;  // (vector, port) checks admitting several codes
  uint64_t strict = 0;   // of those, checks whose masks admit only part of what the model admits
  std::vector<std::string> files;
};

// Throws UsageError for a block without a golden model or with a handshake (latency < 0).
VectorsResult write_vectors(const Generated& g, const VectorsOptions& o);

}  // namespace qrtl::flows
