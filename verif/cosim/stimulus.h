// The stimulus policy shared by cosim and `qrtl vectors`: every input combination when the data
// inputs total at most 20 bits (and exhaustive is on), else the model's corner vectors followed by
// `count` random vectors (the model's own generator, or uniform random bits), from one seed.
#pragma once
#include <cstdint>
#include <vector>

#include "models/model.h"
#include "registry.h"

namespace qrtl::verif {

struct Stimulus {
  std::vector<vlog::Port> in, out;  // data ports in declaration order (clk excluded)
  bool clocked = false;             // the block has a clk input
  bool exhaustive = false;
  std::vector<Inputs> vectors;
};

// The data ports of g and whether it is clocked (no vectors).
Stimulus data_ports(const Generated& g);
Stimulus make_stimulus(const Generated& g, const ModelDef& model, uint64_t count, uint64_t seed, bool exhaustive);

}  // namespace qrtl::verif
