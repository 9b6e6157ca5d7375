// Performance model of the temporal designs against a bit-parallel baseline, per network layer.
// It uses the same cycle formulas the RTL is checked against (golden/temporal.h):
//   bit-parallel: 1 cycle per dot product of `lanes` MACs, any precision up to base_bits;
//   Stripes (bs_dot):  pa cycles;   Loom (loom_dot, bpc b): ceil(pa/b) * ceil(pw/b) cycles;
//   Dynamic Stripes (bs_dot driven by prec_detect over the dot product's `lanes` activations):
//   max(1, p) cycles, p = the group's detected precision, averaged over the layer's groups;
//   Laconic (term_dot): max(1, max over lanes of T(a) * T(w)) cycles, T = non-zero Booth radix-4
//   terms, taken in expectation over the layer's value distribution (below).
//   Cnvlutin: a window of B baseline cycles takes max(1, non-zero activations of its busiest lane)
//   cycles (flows/sparsity.h), over the layer's measured histogram of that maximum (a_window_max).
//   Tartan: bit-serial activations in convolutions (pa cycles, as Stripes), bit-serial weights in
//   fully-connected layers (pw cycles).
//   Bit-Tactical (TCLe): the weight schedule's steps (w_schedule, flows/sparsity.h, for the
//   configured lookahead/lookaside) times the cycles of one step, max(1, max over lanes of T(a)),
//   bit-parallel weights and term-serial activations.
// Comparison at EQUAL PEAK THROUGHPUT: each temporal design is given as many units as it needs to
// match the baseline's MACs per cycle when every operand uses all base_bits bits on its worst-case
// data (Stripes: base_bits units per baseline unit, Loom: ceil(base_bits/b)^2, Laconic:
// Tmax(base_bits)^2). A layer's speedup is then (cycles at full precision, worst case) / (cycles at the
// layer's precisions); Cnvlutin's worst case is no zero (1 unit), Tartan's full precision (B units),
// Bit-Tactical's dense weights and activations of the most terms (Tmax(B) units). Area is not equal
// under this normalization; docs/results/temporal.md puts the synthesized areas beside it.
// Value distribution for Laconic: a measured histogram of the Booth term counts of the layer's
// activations (weights) when the profile has one (a_terms / w_terms, from `qrtl profile`); else
// zero with probability a_zero (w_zero) and uniform over the non-zero pa-bit (pw-bit) values.
// Lanes are independent either way.
#pragma once
#include <string>
#include <vector>

#include "flows/sparsity.h"

namespace qrtl::flows {

// Steps of a layer's weights under one Bit-Tactical window (flows::tactical_schedule).
struct TacticalSteps {
  int lookahead = 0, lookaside = 0;
  double steps = 0, dense = 0;
};

struct LayerProfile {
  std::string name;
  double macs = 0;       // multiply-accumulates in the layer
  int pa = 16, pw = 16;  // per-layer activation / weight precision, bits
  double a_zero = -1;    // fraction of zero activations; < 0: that of a uniform pa-bit value, 2^-pa
  double w_zero = -1;
  bool a_signed = false, w_signed = true;
  // Measured (optional): a_groups[p] = number of groups of `lanes` consecutive activations whose
  // detected precision is p (Dynamic Stripes; empty: every group at pa); a_terms[t] / w_terms[t] =
  // number of values with t non-zero Booth radix-4 terms (Laconic; empty: the assumption above).
  std::vector<double> a_groups, a_terms, w_terms;
  LayerKind kind = LayerKind::conv;
  // Measured (optional): a_window_max[k] = Cnvlutin windows whose busiest lane has k non-zero
  // activations (k = 0..B, B = the window's baseline cycles); empty: nothing is skipped.
  std::vector<double> a_window_max;
  // Measured (optional): Bit-Tactical steps per window configuration; empty: dense weights.
  std::vector<TacticalSteps> w_schedule;
};

struct PerfConfig {
  int base_bits = 16;            // precision of the bit-parallel baseline
  int lanes = 16;                // products per dot product (Laconic's lanes run in lock step)
  double macs_per_cycle = 4096;  // peak of the baseline (and, by construction, of every design)
  int tactical_lookahead = 2;    // Bit-Tactical's window: T<2,5>, 8-input multiplexers per lane
  int tactical_lookaside = 5;
};

struct DesignTime {
  std::string design;  // "bit-parallel", "stripes", ..., "laconic", "cnvlutin", "tartan", "tactical"
  double cycles = 0;   // execution cycles of the layer (or network)
  double speedup = 1;  // baseline cycles / cycles
};

std::vector<std::string> perf_designs();
// Cycles per dot product relative to the same design on full-precision worst-case data (<= 1).
double relative_time(const std::string& design, const LayerProfile& l, const PerfConfig& c);
std::vector<DesignTime> layer_times(const LayerProfile& l, const PerfConfig& c);
std::vector<DesignTime> network_times(const std::vector<LayerProfile>& layers, const PerfConfig& c);

// Units of `lanes` lanes a design needs to match one bit-parallel unit of `lanes` lanes at full
// precision on worst-case data (its cycles per dot product there): 1, B (Stripes, Dynamic Stripes),
// ceil(B/b)^2, Tmax^2.
double units_per_baseline(const std::string& design, const LayerProfile& l, const PerfConfig& c);
// EQUAL AREA instead: with `area` = transistors of one unit of each design (bit-parallel included),
// a design affords area["bit-parallel"] / area[design] units per bit-parallel unit instead of
// units_per_baseline, so its equal-throughput speedup scales by this factor.
double equal_area_factor(const std::string& design, const LayerProfile& l, const PerfConfig& c,
                         double unit_area, double baseline_unit_area);

// Expected Laconic cycles per dot product for the layer's value distribution, and its worst case.
double laconic_expected_cycles(const LayerProfile& l, const PerfConfig& c);
int laconic_worst_cycles(const PerfConfig& c, bool a_signed, bool w_signed);
// Most non-zero Booth radix-4 terms of any `width`-bit value.
int booth4_max_terms(int width, bool is_signed);
// Mean Cnvlutin cycles per window, max(1, k), over a busiest-lane histogram (bin k = windows whose
// busiest lane has k non-zero activations).
double cnvlutin_window_cycles(const std::vector<double>& busiest);
// Expected Cnvlutin cycles per window over its baseline cycles B (1 without a histogram).
double cnvlutin_relative_time(const LayerProfile& l);
// Bit-Tactical: scheduled over dense weight steps for the configured window (1 without schedules;
// throws when the layer has schedules but not for that window), and the expected cycles of a step.
double tactical_step_ratio(const LayerProfile& l, const PerfConfig& c);
double tactical_step_cycles(const LayerProfile& l, const PerfConfig& c);
// Expected Dynamic Stripes cycles per dot product: mean over a_groups of max(1, min(p, base_bits)).
double dstripes_expected_cycles(const LayerProfile& l, const PerfConfig& c);

}  // namespace qrtl::flows
