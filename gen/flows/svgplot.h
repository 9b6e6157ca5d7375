// A minimal, deterministic SVG scatter plot (no library): axes with round ticks, one colour and
// marker per series, a legend. Same input, same bytes.
#pragma once
#include <string>
#include <vector>

namespace qrtl::flows {

struct PlotPoint {
  double x = 0, y = 0;
  std::string label;  // shown as a tooltip (<title>)
};

struct PlotSeries {
  std::string name;
  std::vector<PlotPoint> points;
};

struct Plot {
  std::string title, xlabel, ylabel;
  std::vector<PlotSeries> series;
};

std::string svg_scatter(const Plot& p);

}  // namespace qrtl::flows
