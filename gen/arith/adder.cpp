#include "arith/adder.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "vlog/cost.h"

namespace qrtl::arith {

namespace {
thread_local int g_step_budget = 0;

// A vector of `width` bits picked from `sig` (bit i of the result = sig[src[i]], or 0 when src[i] < 0),
// written with slices and replications: "{g[7:4], {4{g[3]}}}".
std::string gather(const std::string& sig, const std::vector<int>& src) {
  std::vector<std::string> parts;  // MSB first
  int i = static_cast<int>(src.size()) - 1;
  while (i >= 0) {
    int j = i;
    if (src[i] < 0) {
      while (j - 1 >= 0 && src[j - 1] < 0) --j;
      parts.push_back(vlog::lit(i - j + 1, 0));
    } else if (j - 1 >= 0 && src[j - 1] == src[i]) {
      while (j - 1 >= 0 && src[j - 1] == src[i]) --j;
      parts.push_back(fmt::format("{{{}{{{}}}}}", i - j + 1, vlog::bit(sig, src[i])));
    } else {
      while (j - 1 >= 0 && src[j - 1] == src[j] - 1 && src[j - 1] >= 0) --j;
      parts.push_back(vlog::slice(sig, src[i], src[j]));
    }
    i = j - 1;
  }
  return parts.size() == 1 ? parts[0] : fmt::format("{{{}}}", fmt::join(parts, ", "));
}

// The bits of a prefix level that combine, as a literal: binary up to 16 bits, else hex.
std::string mask_literal(const std::vector<int>& src) {
  const int n = static_cast<int>(src.size());
  if (n <= 16) {
    std::string bits;
    for (int i = n - 1; i >= 0; --i) bits += src[i] >= 0 ? '1' : '0';
    return fmt::format("{}'b{}", n, bits);
  }
  std::string hex;
  for (int lo = (n - 1) / 4 * 4; lo >= 0; lo -= 4) {
    int nibble = 0;
    for (int i = lo; i < std::min(n, lo + 4); ++i) nibble |= (src[i] >= 0 ? 1 : 0) << (i - lo);
    hex += "0123456789abcdef"[nibble];
  }
  return fmt::format("{}'h{}", n, hex);
}

// The distance d when every bit of the level combines with the bit d below it, else 0.
int partner_distance(const std::vector<int>& src) {
  int d = 0;
  for (int i = 0; i < static_cast<int>(src.size()); ++i) {
    if (src[i] < 0) continue;
    if (d == 0) d = i - src[i];
    else if (i - src[i] != d) return 0;
  }
  return d;
}

// Prefix levels: for each level, src[i] = the bit whose (g, p) bit i combines with, or -1.
std::vector<std::vector<int>> prefix_levels(int n, Adder arch) {
  std::vector<std::vector<int>> levels;
  const int lv = vlog::cost::ceil_log2(n);
  switch (arch) {
    case Adder::sklansky:
      for (int l = 0; l < lv; ++l) {
        std::vector<int> src(n, -1);
        for (int i = 0; i < n; ++i)
          if ((i >> l) & 1) src[i] = ((i >> l) << l) - 1;
        levels.push_back(src);
      }
      break;
    case Adder::kogge_stone:
      for (int l = 0; l < lv; ++l) {
        std::vector<int> src(n, -1);
        for (int i = 1 << l; i < n; ++i) src[i] = i - (1 << l);
        levels.push_back(src);
      }
      break;
    case Adder::brent_kung: {
      int d = 1;
      for (; d < n; d *= 2) {
        std::vector<int> src(n, -1);
        bool any = false;
        for (int i = 2 * d - 1; i < n; i += 2 * d) src[i] = i - d, any = true;
        if (any) levels.push_back(src);  // none when n < 2d - 1 (the tree's top is missing)
      }
      for (d /= 2; d >= 1; d /= 2) {
        std::vector<int> src(n, -1);
        bool any = false;
        for (int i = 3 * d - 1; i < n; i += 2 * d) src[i] = i - d, any = true;
        if (any) levels.push_back(src);
      }
      break;
    }
    case Adder::ripple:
      break;
  }
  return levels;
}

std::string ripple(vlog::Module& m, const std::string& name, const std::string& a, const std::string& b, int width,
                   const std::string& cin, const std::string& comment, bool increment) {
  const int budget = step_budget();
  // One chunk deep enough for the budget: a w-bit chunk with its carry costs cost::add(w + 1) + 1,
  // or, adding a single bit, cost::add_const(w + 1) + 1.
  const int chunk = budget <= 0 ? width : increment ? std::max(1, budget - 3) : std::max(1, (budget - 1) / 2 - 1);
  if (chunk >= width) {
    std::string sum = increment ? fmt::format("{} + {}'({})", a, width, b) : fmt::format("{} + {}", a, b);
    if (!cin.empty()) sum += fmt::format(" + {}'({})", width, cin);
    return m.wire(name, width, sum, comment);
  }
  // Chunks of `chunk` bits with their carry out on top; the pipelining pass may cut between them.
  // An increment adds its bit as the first chunk's carry-in: no second addend.
  const std::string aw = m.wire(name + "_a", width, a, "addend (split into carry chunks)");
  const std::string bw = increment ? "" : m.wire(name + "_b", width, b);
  std::vector<std::string> parts;
  std::string carry = increment ? b : cin;
  for (int lo = 0, k = 0; lo < width; lo += chunk, ++k) {
    const int hi = std::min(width, lo + chunk) - 1, w = hi - lo + 1;
    const bool last = hi == width - 1;  // the carry out of the top chunk is dropped (modulo 2^width)
    const int cw = last ? w : w + 1;
    std::string sum = increment ? fmt::format("{}'({})", cw, vlog::pick(m, aw, hi, lo))
                                : fmt::format("{}'({}) + {}'({})", cw, vlog::pick(m, aw, hi, lo), cw, vlog::pick(m, bw, hi, lo));
    if (!carry.empty()) sum += fmt::format(" + {}'({})", cw, carry);
    std::string c = m.wire(fmt::format("{}_k{}", name, k), cw, sum,
                           last ? fmt::format("bits {}..{}", hi, lo) : fmt::format("bits {}..{} and their carry", hi, lo));
    carry = last ? "" : vlog::bit(c, w);
    parts.insert(parts.begin(), last ? c : vlog::slice(c, w - 1, 0));
  }
  return m.wire(name, width, fmt::format("{{{}}}", fmt::join(parts, ", ")), comment);
}

}  // namespace

int step_budget() { return g_step_budget; }
StepBudgetScope::StepBudgetScope(int budget) : saved_(g_step_budget) { g_step_budget = budget; }
StepBudgetScope::~StepBudgetScope() { g_step_budget = saved_; }

std::string add(vlog::Module& m, const std::string& name, const std::string& a, const std::string& b, int width,
                const std::string& cin, Adder arch, const std::string& comment) {
  if (width < 1) throw std::logic_error("add: width < 1");
  if (arch == Adder::ripple || width <= 2) return ripple(m, name, a, b, width, cin, comment, false);
  if (!cin.empty()) {
    // A carry-in is one more bit below the LSB: {a, cin} + {b, cin} = 2(a + b + cin).
    std::string ext = add(m, name + "_ci", fmt::format("{{{}, {}}}", a, cin), fmt::format("{{{}, {}}}", b, cin), width + 1,
                          "", arch, "sum with the carry-in as an extra low bit");
    m.wire(name + "_ci_unused", 1, vlog::bit(ext, 0), "cin + cin: always 0 here");
    return m.wire(name, width, vlog::slice(ext, width, 1), comment);
  }
  // Parallel prefix: generate/propagate per bit, then log levels of (g, p) composition over the
  // low width-1 bits (the carries into bits 1..width-1).
  const int n = width - 1;
  const std::string p_all = m.wire(name + "_p", width, fmt::format("{} ^ {}", a, b), comment.empty() ? "propagate" : comment);
  std::string g = m.wire(name + "_g0", n, fmt::format("{0}'({1}) & {0}'({2})", n, a, b), "generate");
  std::string p = m.wire(name + "_p0", n, vlog::pick(m, p_all, n - 1, 0));
  const auto levels = prefix_levels(n, arch);
  for (size_t l = 0; l < levels.size(); ++l) {
    const auto& src = levels[l];
    const std::string mask = mask_literal(src);
    // Bits that combine at this level and propagate: they take the group generate from below.
    const std::string take = m.wire(fmt::format("{}_t{}", name, l + 1), n, fmt::format("{} & {}", p, mask),
                                    fmt::format("prefix level {}: propagating bits that combine", l + 1));
    // Brent-Kung and Kogge-Stone levels combine every bit with the one a fixed distance below: a
    // shift. (Sklansky's partners vary; gathered, they are slices and replications.)
    const int dist = partner_distance(src);
    auto partners = [&](const std::string& sig) {
      return dist > 0 ? fmt::format("({} << {})", sig, dist) : gather(sig, src);
    };
    g = m.wire(fmt::format("{}_g{}", name, l + 1), n,
               fmt::format("({} & {}) | (~{} & {})", take, partners(g), take, g));
    // Pipelined, a level is costed 3, not the 2 of its AND-OR: once registers cut the tree, ABC
    // no longer sees the whole prefix structure and maps a stage's levels about 1.5x deeper
    // (requant depth=24 synthesized to 25 levels with cost 2, to 21 with 3).
    if (step_budget() > 0) m.set_cost(g, 3);
    if (l + 1 < levels.size())
      p = m.wire(fmt::format("{}_p{}", name, l + 1), n, fmt::format("{} & ({} | ~{})", p, partners(p), mask));
  }
  // Carry into bit i: the group generate of bits i-1..0.
  return m.wire(name, width, fmt::format("{} ^ {{{}, 1'b0}}", p_all, g), "sum");
}

std::string prefix_and(vlog::Module& m, const std::string& name, const std::string& x, int n, Adder arch,
                       const std::string& comment) {
  if (arch == Adder::ripple) throw std::logic_error("prefix_and: a prefix structure is needed");
  std::string p = m.wire(name + "_0", n, x, comment);
  const auto levels = prefix_levels(n, arch);
  for (size_t l = 0; l < levels.size(); ++l) {
    const auto& src = levels[l];
    const int dist = partner_distance(src);
    const std::string partners = dist > 0 ? fmt::format("({} << {})", p, dist) : gather(p, src);
    p = m.wire(l + 1 == levels.size() ? name : fmt::format("{}_{}", name, l + 1), n,
               fmt::format("{} & ({} | ~{})", p, partners, mask_literal(src)),
               l + 1 == levels.size() ? "each bit ANDed with all below it" : fmt::format("prefix level {}", l + 1));
  }
  return levels.empty() ? m.wire(name, n, p) : p;
}

std::string add_bit(vlog::Module& m, const std::string& name, const std::string& a, const std::string& bit, int width,
                    const std::string& comment) {
  return ripple(m, name, a, bit, width, "", comment, true);
}

int adder_depth(int width, Adder arch) {
  if (arch == Adder::ripple) return vlog::cost::add(width);
  return 2 + 2 * static_cast<int>(prefix_levels(width, arch).size()) + 1;
}

}  // namespace qrtl::arith
