#include "cosim/stimulus.h"

#include <random>

namespace qrtl::verif {

Stimulus data_ports(const Generated& g) {
  Stimulus s;
  for (const auto& p : g.ports) {
    if (p.dir == vlog::Dir::in && p.name == "clk") {
      s.clocked = true;
      continue;
    }
    (p.dir == vlog::Dir::in ? s.in : s.out).push_back(p);
  }
  return s;
}

Stimulus make_stimulus(const Generated& g, const ModelDef& model, uint64_t count, uint64_t seed, bool exhaustive) {
  Stimulus s = data_ports(g);
  PortWidths widths;
  unsigned in_bits = 0;
  for (const auto& p : s.in) {
    widths[p.name] = p.width;
    in_bits += p.width;
  }
  if (exhaustive && in_bits <= 20) {
    s.exhaustive = true;
    for (uint64_t v = 0; v < (uint64_t{1} << in_bits); ++v) {
      Inputs in;
      unsigned off = 0;
      for (const auto& p : s.in) {
        in[p.name] = Bits(p.width, (v >> off) & ((uint64_t{1} << p.width) - 1));
        off += p.width;
      }
      s.vectors.push_back(std::move(in));
    }
    return s;
  }
  if (model.corners) s.vectors = model.corners(g.params, widths);
  std::mt19937_64 rng(seed);
  for (uint64_t n = 0; n < count; ++n) {
    if (model.random) {
      s.vectors.push_back(model.random(g.params, widths, rng));
      continue;
    }
    Inputs in;
    for (const auto& p : s.in) in[p.name] = random_bits(p.width, rng);
    s.vectors.push_back(std::move(in));
  }
  return s;
}

}  // namespace qrtl::verif
