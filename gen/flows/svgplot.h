// A minimal, deterministic SVG scatter plot (no library): axes with round ticks (linear or log),
// one colour per series name, a label beside every point (moved aside when it would cover another
// label, a point or a line), optional lines joining a series' points, an optional Pareto front, a
// legend. Same input, same bytes.
#pragma once
#include <string>
#include <vector>

namespace qrtl::flows {

struct PlotPoint {
  double x = 0, y = 0;
  std::string label;  // written beside the point, and its tooltip (<title>)
};

struct PlotSeries {
  std::string name;  // legend entry; series with the same name share a colour and one entry
  std::vector<PlotPoint> points;
  bool joined = false;  // a line through the points in order (e.g. one design at several precisions)
};

// log2 ticks at powers of two, log10 at 1-2-5 (finer when the range is short).
enum class Scale { linear, log2, log10 };

struct Plot {
  std::string title, xlabel, ylabel;
  std::vector<PlotSeries> series;
  std::string note;  // one grey line under the title: how to read the plot (optional)
  Scale xscale = Scale::linear, yscale = Scale::linear;
  // Mark the Pareto front: the points no other point beats with at least as much x at no more y
  // (e.g. throughput vs area), ringed and joined by a dashed line, with a legend entry.
  bool pareto = false;
  double width = 640, height = 420;
};

std::string svg_scatter(const Plot& p);

}  // namespace qrtl::flows
