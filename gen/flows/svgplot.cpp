#include "flows/svgplot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace qrtl::flows {

namespace {

constexpr double kW = 640, kH = 420;                             // canvas
constexpr double kLeft = 80, kRight = 170, kTop = 40, kBottom = 60;  // margins (legend on the right)
const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

// A 1-2-5 tick step giving about 5 intervals over [lo, hi].
double tick_step(double lo, double hi) {
  double span = hi - lo, raw = span / 5, mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

struct Axis {
  double lo, hi, step;
};

Axis axis(double lo, double hi, bool from_zero) {
  if (from_zero) lo = std::min(lo, 0.0);
  if (hi <= lo) hi = lo + 1;
  double step = tick_step(lo, hi);
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
}

std::string num(double v) { return fmt::format("{:g}", std::abs(v) < 1e-12 ? 0.0 : v); }

}  // namespace

std::string svg_scatter(const Plot& p) {
  double xmin = 1e300, xmax = -1e300, ymin = 1e300, ymax = -1e300;
  for (const auto& s : p.series)
    for (const auto& pt : s.points) {
      xmin = std::min(xmin, pt.x), xmax = std::max(xmax, pt.x);
      ymin = std::min(ymin, pt.y), ymax = std::max(ymax, pt.y);
    }
  if (xmin > xmax) xmin = 0, xmax = 1, ymin = 0, ymax = 1;  // no points: empty axes
  if (xmin == xmax) xmin -= 1, xmax += 1;
  const Axis ax = axis(xmin, xmax, false), ay = axis(ymin, ymax, true);
  const double pw = kW - kLeft - kRight, ph = kH - kTop - kBottom;
  auto X = [&](double x) { return kLeft + (x - ax.lo) / (ax.hi - ax.lo) * pw; };
  auto Y = [&](double y) { return kTop + ph - (y - ay.lo) / (ay.hi - ay.lo) * ph; };

  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      kW, kH);
  s += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"white\"/>\n", kW, kH);
  s += fmt::format("<text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{}</text>\n", kLeft + pw / 2, esc(p.title));
  // Grid and ticks.
  for (double v = ax.lo; v <= ax.hi + ax.step / 2; v += ax.step)
    s += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#ddd\"/>"
                     "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
                     X(v), kTop, kTop + ph, kTop + ph + 16, num(v));
  for (double v = ay.lo; v <= ay.hi + ay.step / 2; v += ay.step)
    s += fmt::format("<line x1=\"{1}\" y1=\"{0:.1f}\" x2=\"{2}\" y2=\"{0:.1f}\" stroke=\"#ddd\"/>"
                     "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
                     Y(v), kLeft, kLeft + pw, kLeft - 6, Y(v) + 4, num(v));
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n", kLeft, kTop, pw, ph);
  s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", kLeft + pw / 2, kH - 18, esc(p.xlabel));
  s += fmt::format("<text x=\"18\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {0})\">{1}</text>\n",
                   kTop + ph / 2, esc(p.ylabel));
  // Points and legend.
  for (size_t i = 0; i < p.series.size(); ++i) {
    const char* c = kColours[i % std::size(kColours)];
    for (const auto& pt : p.series[i].points)
      s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"><title>{}</title></circle>\n", X(pt.x),
                       Y(pt.y), c, esc(pt.label));
    const double ly = kTop + 10 + 18 * static_cast<double>(i);
    s += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n", kW - kRight + 16,
                     ly, c, kW - kRight + 26, ly + 4, esc(p.series[i].name));
  }
  s += "</svg>\n";
  return s;
}

}  // namespace qrtl::flows
