// APack context mode: the builder that picks the neighbour-key buckets and their tables.
// Each value is coded with the table of the bucket holding the key of the value `distance`
// earlier (docs/apack-format.md, version 4).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "golden/apack.h"

namespace qrtl::apack {

namespace {

// Bits charged per bucket while choosing buckets: its boundary and group-count bytes and a table
// of about eight groups (24 bits each). The final choice against plain mode uses exact sizes.
constexpr double kBucketBits = 16 + 8 * 24;

double xlog2x(uint64_t n) { return n ? static_cast<double>(n) * std::log2(static_cast<double>(n)) : 0.0; }

}  // namespace

std::array<uint8_t, 256> ContextTables::bucket_of_byte() const {
  std::array<uint8_t, 256> b{};
  const bool sgn = !tables.empty() && tables[0].is_signed;
  for (int byte = 0; byte < 256; ++byte) {
    const int key = key_of(static_cast<uint8_t>(byte), sgn);
    const auto c = std::upper_bound(first_key.begin(), first_key.end(), key) - first_key.begin() - 1;
    b[static_cast<size_t>(byte)] = static_cast<uint8_t>(c);
  }
  return b;
}

void ContextTables::validate(int lanes) const {
  if (tables.empty() || tables.size() > kMaxContexts || first_key.size() != tables.size())
    throw FormatError(fmt::format("context mode has {} buckets (1..{} allowed)", tables.size(), kMaxContexts));
  if (first_key[0] != 0) throw FormatError("the first context bucket does not start at key 0");
  for (size_t c = 1; c < first_key.size(); ++c)
    if (first_key[c] <= first_key[c - 1] || first_key[c] > 255)
      throw FormatError("context bucket boundaries are not increasing keys");
  for (const Table& t : tables) {
    t.validate();
    if (t.is_signed != tables[0].is_signed) throw FormatError("context tables disagree on the key order");
  }
  if (distance < 1 || distance > kMaxDistance || lanes < 1 || distance % static_cast<uint32_t>(lanes))
    throw FormatError(fmt::format("context distance {} is not a multiple of the {} lanes in 1..{}", distance, lanes,
                                  kMaxDistance));
}

uint32_t context_distance(uint64_t stride, int lanes) {
  const uint64_t n = static_cast<uint64_t>(lanes);
  const uint64_t rounded = std::max(n, (std::min<uint64_t>(stride, kMaxDistance) + n / 2) / n * n);
  return static_cast<uint32_t>(std::min(rounded, kMaxDistance / n * n));
}

std::vector<Histogram> context_histograms(std::string_view values, bool is_signed, uint32_t distance) {
  std::vector<Histogram> joint(256, Histogram{});
  const auto* v = reinterpret_cast<const unsigned char*>(values.data());
  const size_t n = values.size(), d = distance;
  const int first = key_of(0, is_signed);
  for (size_t i = 0; i < std::min(n, d); ++i) ++joint[static_cast<size_t>(first)][static_cast<size_t>(key_of(v[i], is_signed))];
  for (size_t i = d; i < n; ++i)
    ++joint[static_cast<size_t>(key_of(v[i - d], is_signed))][static_cast<size_t>(key_of(v[i], is_signed))];
  return joint;
}

double conditional_entropy_bits(const std::vector<Histogram>& joint) {
  double bits = 0;
  for (const Histogram& h : joint) bits += entropy_bits(h);
  return bits;
}

ContextTables build_context(std::string_view values, bool is_signed, uint32_t distance, int max_buckets,
                            int max_groups, Method m, double* bits) {
  if (max_buckets < 1 || max_buckets > kMaxContexts)
    throw std::invalid_argument(fmt::format("apack: {} context tables (1..{} allowed)", max_buckets, kMaxContexts));
  const std::vector<Histogram> joint = context_histograms(values, is_signed, distance);
  // Only neighbour keys that occur delimit buckets: the rest join the bucket below them.
  std::vector<int> keys;
  for (int k = 0; k < 256; ++k)
    if (std::any_of(joint[static_cast<size_t>(k)].begin(), joint[static_cast<size_t>(k)].end(), [](uint64_t c) { return c; }))
      keys.push_back(k);
  const size_t nk = keys.size();
  // cost[a][b]: keys[a..b) as one bucket, entropy of its values plus kBucketBits. Extending b adds
  // one neighbour key's row: n log n - sum c log c is updated over that row's non-zero entries.
  std::vector<std::vector<double>> cost(nk, std::vector<double>(nk + 1, 0.0));
  for (size_t a = 0; a < nk; ++a) {
    Histogram h{};
    uint64_t total = 0;
    double sum_clogc = 0;
    for (size_t b = a; b < nk; ++b) {
      for (size_t k = 0; k < 256; ++k) {
        const uint64_t add = joint[static_cast<size_t>(keys[b])][k];
        if (!add) continue;
        sum_clogc += xlog2x(h[k] + add) - xlog2x(h[k]);
        h[k] += add;
        total += add;
      }
      cost[a][b + 1] = xlog2x(total) - sum_clogc + kBucketBits;
    }
  }
  // best[c][e]: keys[0..e) in exactly c buckets.
  const size_t max_c = std::min<size_t>(static_cast<size_t>(max_buckets), std::max<size_t>(nk, 1));
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> best(max_c + 1, std::vector<double>(nk + 1, inf));
  std::vector<std::vector<size_t>> from(max_c + 1, std::vector<size_t>(nk + 1, 0));
  best[0][0] = 0;
  for (size_t c = 1; c <= max_c; ++c)
    for (size_t e = 1; e <= nk; ++e)
      for (size_t s = c - 1; s < e; ++s)
        if (best[c - 1][s] + cost[s][e] < best[c][e]) {
          best[c][e] = best[c - 1][s] + cost[s][e];
          from[c][e] = s;
        }
  size_t bc = 1;
  for (size_t c = 1; c <= max_c; ++c)
    if (best[c][nk] < best[bc][nk]) bc = c;
  std::vector<size_t> starts;  // index into keys of each bucket's first key
  for (size_t c = bc, e = nk; c > 0 && e > 0; e = from[c][e], --c) starts.insert(starts.begin(), from[c][e]);
  if (starts.empty()) starts.push_back(0);

  ContextTables ctx;
  ctx.distance = distance;
  double total_bits = 0;
  for (size_t c = 0; c < starts.size(); ++c) {
    ctx.first_key.push_back(c == 0 ? 0 : keys[starts[c]]);
    const int hi = c + 1 < starts.size() ? keys[starts[c + 1]] : 256;
    Histogram h{};
    for (int k = ctx.first_key.back(); k < hi; ++k)
      for (size_t v = 0; v < 256; ++v) h[v] += joint[static_cast<size_t>(k)][v];
    ctx.tables.push_back(build_table(h, is_signed, max_groups, m));
    total_bits += ideal_bits(ctx.tables.back(), h) + 16.0 + 24.0 * static_cast<double>(ctx.tables.back().groups.size());
  }
  if (bits) *bits = total_bits;
  return ctx;
}

}  // namespace qrtl::apack
