#include "flows/accept_cubes.h"

#include <random>

namespace qrtl::flows {

namespace {

Bits ones(unsigned width) {
  Bits b(width);
  for (unsigned i = 0; i < width; ++i) b.set_bit(i, true);
  return b;
}

// The member of the cube (base, free bits) selected by the bits of `pick`.
Bits member(const Bits& base, const std::vector<unsigned>& free, uint64_t pick) {
  Bits c = base;
  for (size_t k = 0; k < free.size(); ++k) c.set_bit(free[k], (pick >> k) & 1);
  return c;
}

Bits filled(const Bits& base, const std::vector<unsigned>& free, bool v) {
  Bits c = base;
  for (unsigned i : free) c.set_bit(i, v);
  return c;
}

Cube cube_of(const Bits& base, const std::vector<unsigned>& free) {
  Bits mask = ones(base.width());
  for (unsigned i : free) mask.set_bit(i, false);
  Bits value = base;
  for (unsigned i : free) value.set_bit(i, false);  // canonical: don't-care bits are 0
  return {value, mask};
}

// Enumerated cover for narrow outputs: `in[c]` tells whether code c is admitted.
std::vector<Cube> exact_cover(const verif::Expect& e, size_t max_cubes, bool& exact) {
  const unsigned w = e.value.width();
  const uint64_t n = uint64_t{1} << w;
  std::vector<bool> in(n), covered(n, false);
  for (uint64_t c = 0; c < n; ++c) in[c] = e.accepts(Bits(w, c));
  std::vector<Cube> cubes;
  // Seeds: the printed value first (its cube is the most natural), then admitted codes in order.
  std::vector<uint64_t> seeds;
  if (in[e.value.u64()]) seeds.push_back(e.value.u64());
  for (uint64_t c = 0; c < n; ++c)
    if (in[c]) seeds.push_back(c);
  for (uint64_t seed : seeds) {
    if (covered[seed]) continue;
    if (cubes.size() == max_cubes) {
      exact = false;
      return cubes;
    }
    const Bits base(w, seed);
    std::vector<unsigned> free;
    for (unsigned i = w; i-- > 0;) {
      free.push_back(i);
      bool inside = true;
      for (uint64_t pick = 0; pick < (uint64_t{1} << free.size()) && inside; ++pick)
        inside = in[member(base, free, pick).u64()];
      if (!inside) free.pop_back();
    }
    for (uint64_t pick = 0; pick < (uint64_t{1} << free.size()); ++pick) covered[member(base, free, pick).u64()] = true;
    cubes.push_back(cube_of(base, free));
  }
  exact = !cubes.empty();
  return cubes;
}

// Sampled growth for wide outputs, deterministic (fixed seed).
Cube sampled_cube(const verif::Expect& e) {
  const unsigned w = e.value.width();
  std::mt19937_64 rng(w);
  std::vector<unsigned> free;
  for (unsigned i = w; i-- > 0;) {
    free.push_back(i);
    bool inside = e.accepts(filled(e.value, free, true)) && e.accepts(filled(e.value, free, false));
    for (int s = 0; s < 64 && inside; ++s) {
      Bits c = e.value;
      for (unsigned f : free) c.set_bit(f, rng() & 1);
      inside = e.accepts(c);
    }
    if (!inside) free.pop_back();
  }
  return cube_of(e.value, free);
}

}  // namespace

bool Cube::admits(const Bits& code) const {
  for (unsigned i = 0; i < mask.width(); ++i)
    if (mask.bit(i) && code.bit(i) != value.bit(i)) return false;
  return true;
}

std::vector<Cube> accept_cubes(const verif::Expect& e, size_t max_cubes, bool& exact) {
  exact = true;
  if (!e.accepts) return {{e.value, ones(e.value.width())}};
  if (e.value.width() <= kExactWidth) {
    std::vector<Cube> cubes = exact_cover(e, max_cubes, exact);
    if (!cubes.empty()) return cubes;
    // Nothing admitted at all (a model bug): demand the printed value.
    exact = false;
    return {{e.value, ones(e.value.width())}};
  }
  exact = false;
  if (!e.accepts(e.value)) return {{e.value, ones(e.value.width())}};
  Cube c = sampled_cube(e);
  // Every bit free: the predicate admitted all samples, i.e. an unspecified output ("any value").
  exact = c.mask == Bits(e.value.width());
  return {c};
}

}  // namespace qrtl::flows
