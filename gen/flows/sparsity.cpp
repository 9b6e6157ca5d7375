#include "flows/sparsity.h"

#include <algorithm>
#include <stdexcept>

namespace qrtl::flows {

LayerKind layer_kind(const std::string& name) {
  if (name == "conv") return LayerKind::conv;
  if (name == "depthwise") return LayerKind::depthwise;
  if (name == "fc") return LayerKind::fc;
  throw std::invalid_argument("layer kind '" + name + "' is not conv, depthwise or fc");
}

std::string layer_kind_name(LayerKind k) {
  switch (k) {
    case LayerKind::conv: return "conv";
    case LayerKind::depthwise: return "depthwise";
    case LayerKind::fc: return "fc";
  }
  return "conv";
}

namespace {

int ceil_div(int a, int b) { return (a + b - 1) / b; }

// TensorFlow SAME padding before the first row / column.
int pad_before(int in, int k, int stride, int out) { return std::max(0, (out - 1) * stride + k - in) / 2; }

}  // namespace

std::vector<uint64_t> cnvlutin_window_hist(const std::vector<int64_t>& nhwc, const ActGeometry& g, int lanes) {
  if (lanes < 1 || g.n < 1 || g.h < 1 || g.w < 1 || g.c < 1 || g.kh < 1 || g.kw < 1 || g.stride < 1 || g.out_h < 1 ||
      g.out_w < 1 || g.multiplier < 1)
    throw std::invalid_argument("cnvlutin_window_hist: every dimension must be at least 1");
  if (nhwc.size() != static_cast<size_t>(g.n) * g.h * g.w * g.c)
    throw std::invalid_argument("cnvlutin_window_hist: the tensor does not have the given shape");
  const bool dw = g.kind == LayerKind::depthwise;
  const int slice = dw ? 1 : ceil_div(g.c, lanes);
  const int length = g.kh * g.kw * slice;
  std::vector<uint64_t> hist(static_cast<size_t>(length) + 1, 0);
  const int top = pad_before(g.h, g.kh, g.stride, g.out_h), left = pad_before(g.w, g.kw, g.stride, g.out_w);
  auto at = [&](int n, int y, int x, int ch) { return nhwc[((static_cast<size_t>(n) * g.h + y) * g.w + x) * g.c + ch]; };
  std::vector<int> busy(static_cast<size_t>(lanes));
  const int out_c = dw ? g.c * g.multiplier : 1;  // depthwise windows: groups of `lanes` output channels
  for (int n = 0; n < g.n; ++n)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox)
        for (int o0 = 0; o0 < out_c; o0 += lanes) {
          std::fill(busy.begin(), busy.end(), 0);
          for (int ky = 0; ky < g.kh; ++ky)
            for (int kx = 0; kx < g.kw; ++kx) {
              const int y = oy * g.stride + ky - top, x = ox * g.stride + kx - left;
              if (y < 0 || y >= g.h || x < 0 || x >= g.w) continue;  // padding: zero, skipped
              for (int l = 0; l < lanes; ++l) {
                if (dw) {
                  if (o0 + l < out_c) busy[l] += at(n, y, x, (o0 + l) / g.multiplier) != 0;
                  continue;
                }
                for (int ch = l * slice; ch < std::min(g.c, (l + 1) * slice); ++ch) busy[l] += at(n, y, x, ch) != 0;
              }
            }
          ++hist[static_cast<size_t>(*std::max_element(busy.begin(), busy.end()))];
        }
  return hist;
}

namespace {

// One tile: w[r][t][l] = the weight of row r, step t, lane l (0 where the layout has no weight).
uint64_t tile_steps(std::vector<std::vector<std::vector<int64_t>>> w, int lookahead, int lookaside) {
  const int rows = static_cast<int>(w.size()), steps = static_cast<int>(w[0].size());
  const int lanes = static_cast<int>(w[0][0].size());
  auto step_empty = [&](int t) {
    for (int r = 0; r < rows; ++r)
      for (int l = 0; l < lanes; ++l)
        if (w[r][t][l] != 0) return false;
    return true;
  };
  uint64_t cycles = 0;
  int front = 0;
  while (front < steps && step_empty(front)) ++front;
  while (front < steps) {
    ++cycles;
    for (int r = 0; r < rows; ++r)
      for (int l = 0; l < lanes; ++l) {
        // The slot's candidates in priority order: its own weight, lookahead, lookaside. A weight
        // taken is processed now (set to zero in the layout).
        int64_t* pick = nullptr;
        if (w[r][front][l] != 0) pick = &w[r][front][l];
        for (int j = 1; !pick && j <= lookahead && front + j < steps; ++j)
          if (w[r][front + j][l] != 0) pick = &w[r][front + j][l];
        for (int j = 1; !pick && j <= lookaside && front + 1 < steps; ++j) {
          const int src = (l - j + lanes) % lanes;
          if (src != l && w[r][front + 1][src] != 0) pick = &w[r][front + 1][src];
        }
        if (pick) *pick = 0;
      }
    while (front < steps && step_empty(front)) ++front;  // the current step is used up by now
  }
  return std::max<uint64_t>(cycles, 1);
}

}  // namespace

ScheduleCount tactical_schedule(const std::vector<int64_t>& weights, const WeightGeometry& g, int lanes, int rows,
                                int lookahead, int lookaside) {
  if (lanes < 1 || rows < 1 || g.o < 1 || g.kh < 1 || g.kw < 1 || g.c < 1 || lookahead < 0 || lookaside < 0)
    throw std::invalid_argument("tactical_schedule: bad geometry or window");
  const bool dw = g.kind == LayerKind::depthwise;
  if (weights.size() != static_cast<size_t>(dw ? 1 : g.o) * g.kh * g.kw * g.c)
    throw std::invalid_argument("tactical_schedule: the weights do not have the given shape");
  const int bricks = dw ? 1 : ceil_div(g.c, lanes);
  const int steps = g.kh * g.kw * bricks;
  const int tiles = dw ? ceil_div(g.c, lanes) : ceil_div(g.o, rows);
  const int tile_rows = dw ? 1 : rows;
  ScheduleCount count;
  for (int t = 0; t < tiles; ++t) {
    std::vector<std::vector<std::vector<int64_t>>> w(
        static_cast<size_t>(tile_rows),
        std::vector<std::vector<int64_t>>(static_cast<size_t>(steps), std::vector<int64_t>(static_cast<size_t>(lanes), 0)));
    for (int r = 0; r < tile_rows; ++r)
      for (int ky = 0; ky < g.kh; ++ky)
        for (int kx = 0; kx < g.kw; ++kx)
          for (int b = 0; b < bricks; ++b)
            for (int l = 0; l < lanes; ++l) {
              const int o = dw ? 0 : t * rows + r, ch = dw ? t * lanes + l : b * lanes + l;
              if (o >= g.o || ch >= g.c) continue;
              w[r][(ky * g.kw + kx) * bricks + b][l] = weights[((static_cast<size_t>(o) * g.kh + ky) * g.kw + kx) * g.c + ch];
            }
    count.dense += static_cast<uint64_t>(steps);
    count.steps += tile_steps(std::move(w), lookahead, dw ? 0 : lookaside);
  }
  return count;
}

}  // namespace qrtl::flows
