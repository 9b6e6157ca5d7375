// qrtl profile TENSOR... [--dtype int8|uint8] [--signed 0|1|auto] [--zero-point Z] [--group G ...] [--json FILE]
//                         [--layer conv|depthwise|fc --shape D,... [--nchw] [--window KH,KW,S,OH,OW]
//                          [--multiplier M] [--weights]]
// Per-tensor precision histograms (per value and per group of G consecutive values, C order) and
// the DPRed footprint: the bits of the stream that stores every group at its precision
// (4-bit header + n*p bits, verif/golden/dpred.h) over 8 bits per value, and the histogram of
// non-zero Booth radix-4 terms per value (what Laconic-style term-serial units process).
// With --layer, what zero skipping gets from the tensor as a layer's input activations (Cnvlutin's
// busiest-lane histogram per window) or weights (--weights: Bit-Tactical's scheduled steps for
// several windows), flows/sparsity.h.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "flows/profile.h"
#include "errors.h"
#include "fsutil.h"
#include "flows/perf_model.h"
#include "flows/sparsity.h"

namespace qrtl::cli {
namespace {

using flows::accumulate;
using flows::GroupStats;
using flows::kMaxPrecision;
using flows::kMaxTerms;
using flows::load_tensor;
using flows::profile;
using flows::Profile;
using flows::TensorValues;

template <size_t N>
std::string hist_line(const std::array<uint64_t, N>& h, int top) {
  std::string s;
  for (int p = 0; p <= top; ++p) s += fmt::format(" {:>9}", h[p]);
  return s;
}

void print_profile(const Profile& pr) {
  fmt::print("{}  {} {}  {} values\n", pr.name, pr.dtype, pr.is_signed ? "signed" : "unsigned", pr.count);
  int top = 8;  // at least 0..8; wider when a zero point pushed values past 8 bits
  for (int p = 9; p <= kMaxPrecision; ++p)
    if (pr.value_hist[p]) top = p;
  std::string head;
  for (int p = 0; p <= top; ++p) head += fmt::format(" {:>9}", fmt::format("p={}", p));
  fmt::print("  {:<12}{}\n", "", head);
  fmt::print("  {:<12}{}\n", "values", hist_line(pr.value_hist, top));
  for (size_t k = 0; k < pr.groups.size(); ++k)
    fmt::print("  {:<12}{}\n", fmt::format("groups G={}", pr.groups[k].group), hist_line(pr.groups[k].hist, top));
  std::string terms_head;
  for (int t = 0; t <= pr.max_terms(); ++t) terms_head += fmt::format(" {:>9}", fmt::format("t={}", t));
  fmt::print("  {:<12}{}\n", "", terms_head);
  fmt::print("  {:<12}{}\n", "Booth terms", hist_line(pr.term_hist, pr.max_terms()));
  fmt::print("  precision   {} (every value fits)\n", pr.max_precision());
  for (size_t k = 0; k < pr.groups.size(); ++k)
    fmt::print("  G={:<9} mean group precision {:.3f}; DPRed {} bits = {:.4f} of 8-bit storage\n",
               pr.groups[k].group, pr.groups[k].mean_precision(), pr.groups[k].footprint_bits,
               pr.footprint_ratio(k));
}

// A layer's view of a tensor (--layer): its geometry, and whether it holds the weights.
struct LayerView {
  flows::LayerKind kind = flows::LayerKind::conv;
  std::vector<int> shape, window;
  bool nchw = false, weights = false;
  int multiplier = 1, lanes = 16, rows = 16;
};

// Bit-Tactical windows measured for every weight tensor: lookahead 1, 2, 4, without and with a
// lookaside of 5 (`qrtl perf --tactical` picks one; T<2,5> is the paper's main configuration).
constexpr int kTacticalWindows[][2] = {{1, 0}, {2, 0}, {4, 0}, {1, 5}, {2, 5}, {4, 5}};

// Bit-Tactical's scheduled steps of a weight tensor (OHWI, 1HWC or OI) for every window.
nlohmann::ordered_json weight_stats(const TensorValues& t, const LayerView& v) {
  const auto& s = v.shape;
  const bool fc = v.kind == flows::LayerKind::fc, dw = v.kind == flows::LayerKind::depthwise;
  if (s.size() != (fc ? 2u : 4u) || (dw && s[0] != 1))
    throw UsageError(fmt::format("profile: --weights of a {} layer need --shape {}", flows::layer_kind_name(v.kind),
                                 fc ? "O,I" : dw ? "1,KH,KW,C" : "O,KH,KW,I"));
  const flows::WeightGeometry g{v.kind, s[0], fc ? 1 : s[1], fc ? 1 : s[2], s.back()};
  nlohmann::ordered_json sched = nlohmann::ordered_json::array();
  for (const auto& w : kTacticalWindows) {
    const flows::ScheduleCount c = flows::tactical_schedule(t.values, g, v.lanes, v.rows, w[0], w[1]);
    sched.push_back({{"lookahead", w[0]}, {"lookaside", w[1]}, {"steps", c.steps}, {"dense", c.dense}});
  }
  return sched;
}

// Cnvlutin's busiest-lane histogram of an activation tensor (N,H,W,C, N,C,H,W with --nchw, or N,C).
nlohmann::ordered_json activation_stats(const TensorValues& t, const LayerView& v) {
  const auto& s = v.shape;
  flows::ActGeometry g;
  g.kind = v.kind;
  if (v.kind == flows::LayerKind::fc) {
    if (s.size() != 2 || !v.window.empty()) throw UsageError("profile: fc activations need --shape N,C and no --window");
    g.n = s[0];
    g.c = s[1];
  } else {
    if (s.size() != 4 || v.window.size() != 5)
      throw UsageError("profile: conv/depthwise activations need --shape N,H,W,C (or N,C,H,W with --nchw) and --window KH,KW,S,OH,OW");
    g.n = s[0];
    g.h = v.nchw ? s[2] : s[1];
    g.w = v.nchw ? s[3] : s[2];
    g.c = v.nchw ? s[1] : s[3];
    g.kh = v.window[0];
    g.kw = v.window[1];
    g.stride = v.window[2];
    g.out_h = v.window[3];
    g.out_w = v.window[4];
    g.multiplier = v.multiplier;
    if (g.out_h > g.h || g.out_w > g.w || g.kh > 64 || g.kw > 64)
      throw UsageError("profile: --window: the output is larger than the input, or the kernel is above 64x64");
  }
  if (g.kind != flows::LayerKind::depthwise &&
      static_cast<long long>(g.kh) * g.kw * ((g.c + v.lanes - 1) / v.lanes) > (1 << 20))
    throw UsageError("profile: a window of more than 2^20 activations per lane");
  std::vector<int64_t> nhwc = t.values;
  if (v.nchw)  // to N,H,W,C
    for (int n = 0; n < g.n; ++n)
      for (int c = 0; c < g.c; ++c)
        for (int y = 0; y < g.h; ++y)
          for (int x = 0; x < g.w; ++x)
            nhwc[((static_cast<size_t>(n) * g.h + y) * g.w + x) * g.c + c] =
                t.values[((static_cast<size_t>(n) * g.c + c) * g.h + y) * g.w + x];
  const auto hist = flows::cnvlutin_window_hist(nhwc, g, v.lanes);
  return {{"window", hist.size() - 1}, {"busiest_lane_hist", hist}};
}

// The `layer` record of a tensor read as a layer's activations or weights (--layer).
nlohmann::ordered_json layer_stats(const TensorValues& t, const LayerView& v) {
  size_t elements = 1;  // the shape's product, stopping once it passes the tensor's size (no overflow)
  for (int d : v.shape)
    if (elements <= t.values.size()) elements *= static_cast<size_t>(d);
  if (elements != t.values.size())
    throw UsageError(fmt::format("profile: {}: --shape does not match the tensor's {} values", t.name, t.values.size()));
  uint64_t zeros = 0;
  for (int64_t x : t.values) zeros += x == 0;
  nlohmann::ordered_json j;
  j["kind"] = flows::layer_kind_name(v.kind);
  j["zero_fraction"] = t.values.empty() ? 0.0 : static_cast<double>(zeros) / static_cast<double>(t.values.size());
  if (v.weights)
    j["tactical"] = weight_stats(t, v);
  else
    j["cnvlutin"] = activation_stats(t, v);
  return j;
}

void print_layer(const nlohmann::ordered_json& j) {
  fmt::print("  {} layer: {:.4f} of the values are zero\n", j["kind"].get<std::string>(), j["zero_fraction"].get<double>());
  if (j.contains("cnvlutin")) {
    const auto h = j["cnvlutin"]["busiest_lane_hist"].get<std::vector<double>>();
    double windows = 0;
    for (double n : h) windows += n;
    fmt::print("  Cnvlutin: {} windows of {} cycles; busiest lane {:.2f} cycles on average\n", windows,
               j["cnvlutin"]["window"].get<int>(), windows > 0 ? flows::cnvlutin_window_cycles(h) : 0.0);
  }
  if (j.contains("tactical"))
    for (const auto& s : j["tactical"])
      fmt::print("  Bit-Tactical T<{},{}>: {} of {} weight steps\n", s["lookahead"].get<int>(), s["lookaside"].get<int>(),
                 s["steps"].get<uint64_t>(), s["dense"].get<uint64_t>());
}

nlohmann::ordered_json to_json(const Profile& pr) {
  nlohmann::ordered_json j;
  j["tensor"] = pr.name;
  j["dtype"] = pr.dtype;
  j["signed"] = pr.is_signed;
  j["values"] = pr.count;
  j["max_precision"] = pr.max_precision();
  j["value_hist"] = pr.value_hist;
  j["term_hist"] = std::vector<uint64_t>(pr.term_hist.begin(), pr.term_hist.begin() + pr.max_terms() + 1);
  nlohmann::ordered_json gs = nlohmann::ordered_json::array();
  for (size_t k = 0; k < pr.groups.size(); ++k) {
    const GroupStats& g = pr.groups[k];
    gs.push_back({{"group", g.group}, {"groups", g.groups}, {"hist", g.hist}, {"mean_precision", g.mean_precision()},
                  {"dpred_bits", g.footprint_bits}, {"dpred_ratio", pr.footprint_ratio(k)}});
  }
  j["groups"] = gs;
  return j;
}

Command make_profile_command() {
  return {"profile", "precision histograms of int8/uint8 tensors (raw or .npy) and their DPRed footprint",
          [](CLI::App& sub) {
            auto files = std::make_shared<std::vector<std::string>>();
            auto dtype = std::make_shared<std::string>();
            auto sgn = std::make_shared<std::string>();
            auto zp = std::make_shared<int64_t>(0);
            auto groups = std::make_shared<std::vector<size_t>>(std::vector<size_t>{16, 256});
            auto json = std::make_shared<std::string>();
            sub.add_option("tensors", *files, "tensor files: .npy (int8/uint8) or raw bytes")->required();
            sub.add_option("--dtype", *dtype, "dtype of raw files (checked against .npy files)")
                ->check(CLI::IsMember({"int8", "uint8"}));
            sub.add_option("--signed", *sgn, "precision of two's complement (1) or unsigned (0) values, or auto: "
                                             "unsigned when no value is negative; default: from the dtype")
                ->check(CLI::IsMember({"0", "1", "auto"}));
            sub.add_option("--zero-point", *zp, "subtract this zero point from every code first")
                ->check(CLI::Range(-255, 255));
            sub.add_option("--group", *groups, "group sizes (default 16 256)")->check(CLI::Range(1, 1 << 20));
            sub.add_option("--json", *json, "also write the profiles as JSON to this file ('-' = stdout only)");
            auto view = std::make_shared<LayerView>();
            auto kind = std::make_shared<std::string>();
            sub.add_option("--layer", *kind, "measure zero skipping for a layer of this kind (Cnvlutin, Bit-Tactical)")
                ->check(CLI::IsMember({"conv", "depthwise", "fc"}));
            sub.add_option("--shape", view->shape, "with --layer: the tensor's shape, comma-separated (activations "
                                                    "N,H,W,C or N,C; weights O,KH,KW,I, 1,KH,KW,C or O,I)")
                ->delimiter(',')
                ->check(CLI::Range(1, 1 << 24));
            sub.add_option("--window", view->window, "with --layer conv|depthwise: KH,KW,STRIDE,OUT_H,OUT_W")
                ->delimiter(',')
                ->expected(5)
                ->check(CLI::Range(1, 1 << 16));
            sub.add_option("--multiplier", view->multiplier, "with --layer depthwise: output channels per input channel")
                ->check(CLI::Range(1, 1 << 16));
            sub.add_flag("--nchw", view->nchw, "with --layer: the activations are stored N,C,H,W");
            sub.add_flag("--weights", view->weights, "with --layer: the tensor holds the layer's weights");
            return [=]() {
              if (kind->empty() && (!view->shape.empty() || !view->window.empty() || view->nchw || view->weights ||
                                    view->multiplier != 1))
                throw UsageError("profile: --shape, --window, --multiplier, --nchw and --weights go with --layer");
              if (!kind->empty()) view->kind = flows::layer_kind(*kind);
              std::vector<Profile> all;
              std::vector<nlohmann::ordered_json> layer;
              for (const auto& f : *files) {
                TensorValues t = load_tensor(f, *dtype, *zp);
                bool is_signed = t.dtype == "int8";
                if (*sgn == "auto")
                  is_signed = std::any_of(t.values.begin(), t.values.end(), [](int64_t v) { return v < 0; });
                else if (!sgn->empty())
                  is_signed = *sgn == "1";
                all.push_back(profile(t, is_signed, *groups));
                if (!kind->empty()) layer.push_back(layer_stats(t, *view));
              }
              if (all.size() > 1) {
                Profile total = all.front();
                for (size_t k = 1; k < all.size(); ++k) accumulate(total, all[k]);
                all.push_back(total);
              }
              nlohmann::ordered_json j = nlohmann::ordered_json::array();
              for (size_t i = 0; i < all.size(); ++i) {
                j.push_back(to_json(all[i]));
                if (i < layer.size()) j.back()["layer"] = layer[i];
              }
              if (*json == "-") {
                fmt::print("{}\n", j.dump(1));
                return 0;
              }
              for (size_t i = 0; i < all.size(); ++i) {
                print_profile(all[i]);
                if (i < layer.size()) print_layer(layer[i]);
              }
              if (!json->empty()) atomic_write_file(*json, j.dump(1) + "\n");
              return 0;
            };
          }};
}

QRTL_COMMAND(make_profile_command);

}  // namespace
}  // namespace qrtl::cli
