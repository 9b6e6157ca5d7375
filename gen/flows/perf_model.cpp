#include "flows/perf_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "golden/temporal.h"

namespace qrtl::flows {

// The per-dot-product cycle counts of the temporal units (their golden models' cycle contracts).
using golden::booth4_digit_count;
using golden::booth4_terms;
using golden::loom_cycles;
using golden::stripes_cycles;

namespace {

// Distribution of the number of Booth terms of a value: zero with probability `zero`, else uniform
// over the non-zero p-bit values (represented at `width` bits, as the unit holds them).
std::vector<double> term_distribution(int p, int width, bool is_signed, double zero) {
  const int64_t lo = is_signed ? -(int64_t{1} << (p - 1)) : 0;
  const int64_t hi = is_signed ? (int64_t{1} << (p - 1)) - 1 : (int64_t{1} << p) - 1;
  const double nonzero_count = static_cast<double>(hi - lo);  // values in [lo, hi] except 0
  if (zero < 0) zero = 1.0 / (nonzero_count + 1);
  std::vector<double> dist(static_cast<size_t>(booth4_digit_count(width, is_signed)) + 1, 0.0);
  dist[0] = zero;
  for (int64_t x = lo; x <= hi; ++x)
    if (x != 0) dist[static_cast<size_t>(booth4_terms(x, width, is_signed))] += (1 - zero) / nonzero_count;
  return dist;
}

// A measured term-count histogram as a distribution, padded to the unit's term bins.
std::vector<double> term_distribution(const std::vector<double>& hist, int width, bool is_signed) {
  std::vector<double> dist(static_cast<size_t>(booth4_digit_count(width, is_signed)) + 1, 0.0);
  if (hist.size() > dist.size()) throw std::invalid_argument("term histogram wider than the unit's Booth digits");
  double n = 0;
  for (double h : hist) n += h;
  if (!(n > 0)) throw std::invalid_argument("empty term histogram");
  for (size_t t = 0; t < hist.size(); ++t) dist[t] = hist[t] / n;
  return dist;
}

// A lane's Booth-term distribution: the measured histogram when there is one, else the assumption.
std::vector<double> terms_of(const std::vector<double>& hist, int p, int width, bool is_signed, double zero) {
  return hist.empty() ? term_distribution(p, width, is_signed, zero) : term_distribution(hist, width, is_signed);
}

// Lanes in lock step: E[max(1, M)], M the largest of `lanes` independent draws from dist (dist[k] =
// P(a lane needs k cycles)), as sum_k P(max(1, M) > k) for k >= 0.
double expected_lock_step_cycles(const std::vector<double>& dist, int lanes) {
  double expected = 0, below = 0;
  for (size_t k = 0; k < dist.size(); ++k) {
    below += dist[k];  // P(one lane <= k)
    const double all_below = std::pow(std::min(1.0, below), lanes);
    expected += k == 0 ? 1.0 : 1.0 - all_below;
  }
  return expected;
}

}  // namespace

int booth4_max_terms(int width, bool is_signed) {
  const int64_t lo = is_signed ? -(int64_t{1} << (width - 1)) : 0;
  const int64_t hi = is_signed ? (int64_t{1} << (width - 1)) - 1 : (int64_t{1} << width) - 1;
  int m = 0;
  for (int64_t x = lo; x <= hi; ++x) m = std::max(m, booth4_terms(x, width, is_signed));
  return m;
}

double dstripes_expected_cycles(const LayerProfile& l, const PerfConfig& c) {
  const int b = c.base_bits;
  if (l.a_groups.empty()) return stripes_cycles(std::min(l.pa, b));
  double groups = 0, cycles = 0;
  for (size_t p = 0; p < l.a_groups.size(); ++p) {
    groups += l.a_groups[p];
    cycles += l.a_groups[p] * stripes_cycles(std::clamp(static_cast<int>(p), 1, b));
  }
  if (!(groups > 0)) throw std::invalid_argument("empty group histogram");
  return cycles / groups;
}

std::vector<std::string> perf_designs() {
  return {"bit-parallel", "stripes", "dstripes", "loom1", "loom2", "loom4", "laconic", "cnvlutin", "tartan", "tactical"};
}

double cnvlutin_window_cycles(const std::vector<double>& busiest) {
  double windows = 0, cycles = 0;
  for (size_t k = 0; k < busiest.size(); ++k) {
    windows += busiest[k];
    cycles += busiest[k] * static_cast<double>(std::max<size_t>(1, k));
  }
  if (!(windows > 0)) throw std::invalid_argument("empty window histogram");
  return cycles / windows;
}

double cnvlutin_relative_time(const LayerProfile& l) {
  if (l.a_window_max.empty()) return 1.0;
  const double length = static_cast<double>(l.a_window_max.size() - 1);
  if (!(length >= 1)) throw std::invalid_argument("a_window_max needs bins 0..B with B >= 1");
  return cnvlutin_window_cycles(l.a_window_max) / length;
}

double tactical_step_ratio(const LayerProfile& l, const PerfConfig& c) {
  if (l.w_schedule.empty()) return 1.0;
  for (const auto& s : l.w_schedule)
    if (s.lookahead == c.tactical_lookahead && s.lookaside == c.tactical_lookaside) {
      if (!(s.dense > 0) || !(s.steps >= 0) || s.steps > s.dense) throw std::invalid_argument("bad weight schedule");
      return s.steps / s.dense;
    }
  throw std::invalid_argument("layer '" + l.name + "' has no weight schedule for T<" +
                              std::to_string(c.tactical_lookahead) + "," + std::to_string(c.tactical_lookaside) + ">");
}

double tactical_step_cycles(const LayerProfile& l, const PerfConfig& c) {
  // One step: every lane's activation walks its Booth terms (the weights are bit-parallel); the
  // lanes move in lock step, so a step takes max(1, max over lanes of T(a)) cycles.
  const int pa = std::min(l.pa, c.base_bits);
  return expected_lock_step_cycles(terms_of(l.a_terms, pa, c.base_bits, l.a_signed, l.a_zero), c.lanes);
}

double laconic_expected_cycles(const LayerProfile& l, const PerfConfig& c) {
  const auto ta = terms_of(l.a_terms, l.pa, c.base_bits, l.a_signed, l.a_zero);
  const auto tw = terms_of(l.w_terms, l.pw, c.base_bits, l.w_signed, l.w_zero);
  // Distribution of one lane's term pairs T(a) * T(w), then of the maximum over the lanes.
  std::vector<double> pairs(ta.size() * tw.size(), 0.0);
  for (size_t i = 0; i < ta.size(); ++i)
    for (size_t j = 0; j < tw.size(); ++j) pairs[i * j] += ta[i] * tw[j];
  return expected_lock_step_cycles(pairs, c.lanes);
}

int laconic_worst_cycles(const PerfConfig& c, bool a_signed, bool w_signed) {
  return booth4_max_terms(c.base_bits, a_signed) * booth4_max_terms(c.base_bits, w_signed);
}

double relative_time(const std::string& design, const LayerProfile& l, const PerfConfig& c) {
  const int b = c.base_bits, pa = std::min(l.pa, b), pw = std::min(l.pw, b);
  if (design == "bit-parallel") return 1.0;
  if (design == "stripes") return static_cast<double>(stripes_cycles(pa)) / stripes_cycles(b);
  if (design == "dstripes") return dstripes_expected_cycles(l, c) / stripes_cycles(b);
  if (design.rfind("loom", 0) == 0) {
    const int bpc = std::stoi(design.substr(4));
    return static_cast<double>(loom_cycles(pa, pw, bpc)) / loom_cycles(b, b, bpc);
  }
  if (design == "laconic") {
    LayerProfile clipped = l;
    clipped.pa = pa;
    clipped.pw = pw;
    return laconic_expected_cycles(clipped, c) / laconic_worst_cycles(c, l.a_signed, l.w_signed);
  }
  if (design == "cnvlutin") return cnvlutin_relative_time(l);
  if (design == "tartan") {
    const int p = l.kind == LayerKind::fc ? pw : pa;
    return static_cast<double>(stripes_cycles(p)) / stripes_cycles(b);
  }
  if (design == "tactical")
    return tactical_step_ratio(l, c) * tactical_step_cycles(l, c) / booth4_max_terms(b, l.a_signed);
  throw std::invalid_argument("unknown design " + design);
}

double units_per_baseline(const std::string& design, const LayerProfile& l, const PerfConfig& c) {
  const int b = c.base_bits;
  if (design == "bit-parallel") return 1.0;
  if (design == "stripes" || design == "dstripes") return stripes_cycles(b);
  if (design.rfind("loom", 0) == 0) return loom_cycles(b, b, std::stoi(design.substr(4)));
  if (design == "laconic") return laconic_worst_cycles(c, l.a_signed, l.w_signed);
  if (design == "cnvlutin") return 1.0;
  if (design == "tartan") return stripes_cycles(b);
  if (design == "tactical") return booth4_max_terms(b, l.a_signed);
  throw std::invalid_argument("unknown design " + design);
}

double equal_area_factor(const std::string& design, const LayerProfile& l, const PerfConfig& c, double unit_area,
                         double baseline_unit_area) {
  return baseline_unit_area / (unit_area * units_per_baseline(design, l, c));
}

std::vector<DesignTime> layer_times(const LayerProfile& l, const PerfConfig& c) {
  const double base = l.macs / c.macs_per_cycle;
  std::vector<DesignTime> out;
  for (const auto& d : perf_designs()) {
    const double cycles = base * relative_time(d, l, c);
    out.push_back({d, cycles, cycles > 0 ? base / cycles : 1.0});
  }
  return out;
}

std::vector<DesignTime> network_times(const std::vector<LayerProfile>& layers, const PerfConfig& c) {
  std::vector<DesignTime> total;
  for (const auto& d : perf_designs()) total.push_back({d, 0, 1});
  for (const auto& l : layers) {
    auto t = layer_times(l, c);
    for (size_t i = 0; i < t.size(); ++i) total[i].cycles += t[i].cycles;
  }
  for (auto& t : total) t.speedup = t.cycles > 0 ? total[0].cycles / t.cycles : 1.0;
  return total;
}

}  // namespace qrtl::flows
