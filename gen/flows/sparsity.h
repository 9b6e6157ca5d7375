// Zero skipping measured on real tensors, for the Cnvlutin and Bit-Tactical cycle models
// (flows/perf_model.h). Both take the layer's real values and geometry and return exact counts:
// what the hardware mechanism would spend, cycle by cycle, on this data.
//
// Cnvlutin (Albericio et al., ISCA 2016): a unit's `lanes` activation lanes each own a slice of
// the input channels and walk only the non-zero activations of their slice (an offset says which
// weight goes with each); all lanes meet at the end of a window (the activations of one output
// position), so a window takes as many cycles as its busiest lane has non-zero activations, where
// the bit-parallel baseline takes the window's length in bricks of `lanes` channels.
//
// Bit-Tactical (Delmas Lascorz et al., ASPLOS 2019) front end: the weights of a filter, laid out as
// steps of `lanes` weights (one brick of channels per step, kernel positions outer), are scheduled
// ahead of time so that zero weights are not processed: a lane's slot at step t takes its own
// weight, or else a non-zero weight from the same lane up to `lookahead` steps ahead, or else from
// one of the `lookaside` lanes below it at step t+1 (the T<lookahead, lookaside> configurations,
// a multiplexer of 1 + lookahead + lookaside activations per lane). `rows` filters share the
// activation window (they see the same activations), so their tile advances to the next step only
// when every row has used up the weights of the current one.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace qrtl::flows {

enum class LayerKind { conv, depthwise, fc };
LayerKind layer_kind(const std::string& name);  // "conv", "depthwise", "fc"; throws otherwise
std::string layer_kind_name(LayerKind k);

// A layer's input activations (NHWC; fc: h = w = 1, c = features) and its windows: kernel kh x kw,
// stride, output out_h x out_w, padded as TensorFlow's SAME does (the padding total
// max(0, (out - 1) * stride + k - in), its smaller half before). Padding counts as zero.
struct ActGeometry {
  LayerKind kind = LayerKind::conv;
  int n = 1, h = 1, w = 1, c = 1;
  int kh = 1, kw = 1, stride = 1, out_h = 1, out_w = 1;
  int multiplier = 1;  // depthwise: output channels per input channel (output channel o reads o / multiplier)
};

// Cnvlutin: hist[k] = windows whose busiest lane holds k non-zero activations, k = 0..B, where B
// (= hist.size() - 1) is the window's length for one lane, the baseline's cycles per window.
// conv / fc: one window per output position; lane l owns channels [l*s, (l+1)*s), s = ceil(c/lanes),
// B = kh*kw*s. depthwise: each output channel is its own dot product, so a window is `lanes`
// output channels of one output position, lane l one output channel, B = kh*kw.
std::vector<uint64_t> cnvlutin_window_hist(const std::vector<int64_t>& nhwc, const ActGeometry& g, int lanes);

// A layer's weights: conv OHWI (o filters of kh x kw x c), depthwise 1HWC (c channels of kh x kw),
// fc OI (kh = kw = 1).
struct WeightGeometry {
  LayerKind kind = LayerKind::conv;
  int o = 1, kh = 1, kw = 1, c = 1;
};

struct ScheduleCount {
  uint64_t dense = 0;  // steps of every tile without skipping (the baseline's)
  uint64_t steps = 0;  // steps after scheduling (at least one per tile)
};

// Bit-Tactical: steps of the whole layer, for one output position. conv / fc: tiles of `rows`
// filters, a step = one brick of `lanes` channels at one kernel position. depthwise: a filter has a
// single channel, so a tile is `lanes` channels (one row, lane l = channel l) and a step one kernel
// position; lookaside is not used there (a neighbouring lane is another channel's dot product).
ScheduleCount tactical_schedule(const std::vector<int64_t>& weights, const WeightGeometry& g, int lanes, int rows,
                                int lookahead, int lookaside);

}  // namespace qrtl::flows
