// APack table builder: group boundaries (exact DP or greedy halving) and frequency normalization.
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "golden/apack.h"

namespace qrtl::apack {

namespace {

constexpr double kTableBitsPerGroup = 24;  // one width byte + one 16-bit frequency (docs/apack-format.md)

// Modelled cost in bits of one group holding n of total values: ideal prefix code length
// -log2(n/total) plus w raw offset bits per value, plus the group's table entry.
double group_cost(uint64_t n, uint64_t total, int w) {
  double bits = kTableBitsPerGroup;
  if (n) bits += static_cast<double>(n) * (w + std::log2(static_cast<double>(total) / static_cast<double>(n)));
  return bits;
}

struct Prefix {
  std::array<uint64_t, 257> s{};
  explicit Prefix(const Histogram& h) {
    for (int k = 0; k < 256; ++k) s[k + 1] = s[k] + h[k];
  }
  uint64_t count(int lo, int hi) const { return s[hi] - s[lo]; }
};

std::vector<int> widths_dp(const Histogram& h, int max_groups) {
  const Prefix p(h);
  const uint64_t total = p.s[256];
  constexpr double inf = std::numeric_limits<double>::infinity();
  // best[k][e]: cheapest cover of keys [0, e) by exactly k groups; from[k][e]: the last group's width.
  std::vector<std::array<double, 257>> best(max_groups + 1);
  std::vector<std::array<int, 257>> from(max_groups + 1);
  for (auto& row : best) row.fill(inf);
  best[0][0] = 0;
  for (int k = 1; k <= max_groups; ++k)
    for (int e = 1; e <= 256; ++e)
      for (int w = 0; w <= kMaxWidth && (1 << w) <= e; ++w) {
        const int s = e - (1 << w);
        if (best[k - 1][s] == inf) continue;
        const double c = best[k - 1][s] + group_cost(p.count(s, e), total, w);
        if (c < best[k][e]) {
          best[k][e] = c;
          from[k][e] = w;
        }
      }
  int bk = 1;
  for (int k = 1; k <= max_groups; ++k)
    if (best[k][256] < best[bk][256]) bk = k;
  std::vector<int> widths;
  for (int k = bk, e = 256; k > 0; --k) {
    widths.insert(widths.begin(), from[k][e]);
    e -= 1 << from[k][e];
  }
  return widths;
}

std::vector<int> widths_greedy(const Histogram& h, int max_groups) {
  const Prefix p(h);
  const uint64_t total = p.s[256];
  std::vector<int> widths = {kMaxWidth};
  while (static_cast<int>(widths.size()) < max_groups) {
    double best_gain = 0;
    size_t best_g = widths.size();
    for (size_t g = 0, base = 0; g < widths.size(); base += size_t{1} << widths[g], ++g) {
      const int w = widths[g];
      if (w == 0) continue;
      const int b = static_cast<int>(base), half = 1 << (w - 1);
      const double gain = group_cost(p.count(b, b + 2 * half), total, w) -
                          group_cost(p.count(b, b + half), total, w - 1) -
                          group_cost(p.count(b + half, b + 2 * half), total, w - 1);
      if (gain > best_gain) {
        best_gain = gain;
        best_g = g;
      }
    }
    if (best_g == widths.size()) break;
    widths[best_g] -= 1;
    widths.insert(widths.begin() + static_cast<std::ptrdiff_t>(best_g), widths[best_g]);
  }
  return widths;
}

}  // namespace

int Table::base(size_t g) const {
  int b = 0;
  for (size_t i = 0; i < g; ++i) b += 1 << groups[i].width;
  return b;
}

uint32_t Table::cum(size_t g) const {
  uint32_t c = 0;
  for (size_t i = 0; i < g; ++i) c += groups[i].freq;
  return c;
}

void Table::validate() const {
  if (groups.empty() || groups.size() > kMaxGroups)
    throw FormatError(fmt::format("table has {} groups (1..{} allowed)", groups.size(), kMaxGroups));
  int keys = 0;
  uint32_t fsum = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    const Group& gr = groups[g];
    if (gr.width < 0 || gr.width > kMaxWidth)
      throw FormatError(fmt::format("group {} has offset width {} (0..8 allowed)", g, gr.width));
    if (gr.freq > kScale || gr.freq % granule(gr.width))
      throw FormatError(fmt::format("group {} has invalid frequency {}", g, gr.freq));
    keys += 1 << gr.width;
    fsum += gr.freq;
  }
  if (keys != 256) throw FormatError(fmt::format("table groups cover {} values, not 256", keys));
  if (fsum != kScale) throw FormatError(fmt::format("table frequencies sum to {}, not {}", fsum, kScale));
}

Histogram histogram(std::string_view bytes, bool is_signed) {
  Histogram raw{}, h{};
  for (unsigned char c : bytes) ++raw[c];
  for (int b = 0; b < 256; ++b) h[key_of(static_cast<uint8_t>(b), is_signed)] = raw[b];
  return h;
}

double entropy_bits(const Histogram& h) {
  uint64_t total = 0;
  for (uint64_t n : h) total += n;
  double bits = 0;
  for (uint64_t n : h)
    if (n) bits += static_cast<double>(n) * std::log2(static_cast<double>(total) / static_cast<double>(n));
  return bits;
}

double ideal_bits(const Table& t, const Histogram& h) {
  double bits = 0;
  for (size_t g = 0, base = 0; g < t.groups.size(); base += size_t{1} << t.groups[g].width, ++g) {
    uint64_t n = 0;
    for (size_t k = base; k < base + (size_t{1} << t.groups[g].width); ++k) n += h[k];
    if (!n) continue;
    if (!t.groups[g].freq) return std::numeric_limits<double>::infinity();
    bits += static_cast<double>(n) * (t.groups[g].width + kScaleBits - std::log2(t.groups[g].freq));
  }
  return bits;
}

void normalize(Table& t, const Histogram& h) {
  const size_t ng = t.groups.size();
  std::vector<uint64_t> n(ng, 0);
  uint64_t total = 0;
  for (size_t g = 0, base = 0; g < ng; base += size_t{1} << t.groups[g].width, ++g) {
    for (size_t k = base; k < base + (size_t{1} << t.groups[g].width); ++k) n[g] += h[k];
    total += n[g];
  }
  if (total == 0) {  // nothing to code: any valid table will do
    for (auto& g : t.groups) g.freq = 0;
    t.groups[0].freq = kScale;
    return;
  }
  uint32_t sum = 0;
  for (size_t g = 0; g < ng; ++g) {
    const uint32_t q = granule(t.groups[g].width);
    const double ideal = static_cast<double>(n[g]) * kScale / static_cast<double>(total);
    uint32_t f = static_cast<uint32_t>(ideal / q) * q;
    if (n[g] && f < q) f = q;
    t.groups[g].freq = n[g] ? f : 0;
    sum += t.groups[g].freq;
  }
  // Cost change in bits of moving group g's frequency from f to f2 (n values pay -log2(f/2^12)).
  auto delta = [&](size_t g, uint32_t f2) {
    return static_cast<double>(n[g]) * (std::log2(t.groups[g].freq) - std::log2(f2));
  };
  while (sum > kScale) {  // take granules back where it hurts least (per unit of frequency)
    size_t best = ng;
    double best_cost = 0;
    for (size_t g = 0; g < ng; ++g) {
      const uint32_t q = granule(t.groups[g].width);
      if (!n[g] || t.groups[g].freq <= q) continue;
      const double c = delta(g, t.groups[g].freq - q) / q;
      if (best == ng || c < best_cost) best = g, best_cost = c;
    }
    t.groups[best].freq -= granule(t.groups[best].width);
    sum -= granule(t.groups[best].width);
  }
  while (sum < kScale) {  // hand out the rest where it saves most; a granule that fits always exists
    size_t best = ng;
    double best_gain = 0;
    for (size_t g = 0; g < ng; ++g) {
      const uint32_t q = granule(t.groups[g].width);
      if (!n[g] || q > kScale - sum) continue;
      const double gain = -delta(g, t.groups[g].freq + q) / q;
      if (best == ng || gain > best_gain) best = g, best_gain = gain;
    }
    t.groups[best].freq += granule(t.groups[best].width);
    sum += granule(t.groups[best].width);
  }
}

Table build_table(const Histogram& h, bool is_signed, int max_groups, Method m) {
  if (max_groups < 1 || max_groups > kMaxGroups)
    throw std::invalid_argument(fmt::format("apack: groups={} out of range 1..{}", max_groups, kMaxGroups));
  Table t;
  t.is_signed = is_signed;
  for (int w : m == Method::dp ? widths_dp(h, max_groups) : widths_greedy(h, max_groups)) t.groups.push_back({w, 0});
  normalize(t, h);
  return t;
}

}  // namespace qrtl::apack
