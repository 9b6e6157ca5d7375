#include "flows/svgplot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace qrtl::flows {

namespace {

constexpr double kLeft = 80, kTop = 48, kBottom = 60;  // margins; the right one holds the legend
constexpr double kMarker = 4;                           // point radius
constexpr double kLabelFont = 11, kLabelH = 12;         // label font size and box height
constexpr double kCharW = 6.4;                          // estimated advance of one label character
constexpr double kLeader = kMarker + 4;                 // labels further away get a leader line
const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                                "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#637939"};

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

// Tick labels: 20000 -> 20k.
std::string num(double v) {
  if (std::abs(v) < 1e-12) return "0";
  if (std::abs(v) >= 1000) return fmt::format("{:g}k", v / 1000);
  return fmt::format("{:g}", v);
}

// A 1-2-5 tick step giving about 5 intervals over [lo, hi].
double tick_step(double lo, double hi) {
  double span = hi - lo, raw = span / 5, mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

struct Axis {
  Scale scale = Scale::linear;
  double lo = 0, hi = 1;
  std::vector<double> ticks;
  // The position of v between pixels `from` (at lo) and `to` (at hi).
  double pixel(double v, double from, double to) const {
    const double t = scale == Scale::linear ? (v - lo) / (hi - lo) : std::log(v / lo) / std::log(hi / lo);
    return from + t * (to - from);
  }
};

Axis linear_axis(const std::vector<double>& vs, bool from_zero) {
  double lo = *std::min_element(vs.begin(), vs.end()), hi = *std::max_element(vs.begin(), vs.end());
  if (from_zero) lo = std::min(lo, 0.0);
  if (hi <= lo) lo -= 1, hi += 1;
  double step = tick_step(lo, hi);
  if (std::all_of(vs.begin(), vs.end(), [](double v) { return v == std::round(v); })) step = std::max(step, 1.0);
  Axis a{Scale::linear, std::floor(lo / step) * step, std::ceil(hi / step) * step, {}};
  // Keep points off the frame (a point at zero on a from-zero axis stays on it).
  auto on = [&](double edge) { return std::any_of(vs.begin(), vs.end(), [&](double v) { return std::abs(v - edge) < step * 1e-9; }); };
  if (on(a.lo) && !(from_zero && a.lo == 0)) a.lo -= step;
  if (on(a.hi)) a.hi += step;
  for (double v = a.lo; v <= a.hi + step / 2; v += step) a.ticks.push_back(v);
  return a;
}

Axis log_axis(const std::vector<double>& vs, Scale scale) {
  const double lo = *std::min_element(vs.begin(), vs.end()), hi = *std::max_element(vs.begin(), vs.end());
  Axis a{scale, lo / 1.3, hi * 1.3, {}};  // a margin so that no point sits on the frame
  auto in = [&](double v) { return v >= a.lo && v <= a.hi; };
  if (scale == Scale::log2) {
    for (double v = std::exp2(std::ceil(std::log2(a.lo))); v <= a.hi; v *= 2) a.ticks.push_back(v);
    return a;
  }
  for (auto mantissas : {std::vector<double>{1, 2, 5}, std::vector<double>{1, 1.5, 2, 3, 5, 7}}) {
    a.ticks.clear();
    for (double d = std::pow(10.0, std::floor(std::log10(a.lo))); d <= a.hi; d *= 10)
      for (double m : mantissas)
        if (in(m * d)) a.ticks.push_back(m * d);
    if (a.ticks.size() >= 4) break;
  }
  return a;
}

Axis make_axis(const std::vector<double>& vs, Scale scale, bool from_zero) {
  if (vs.empty()) return linear_axis({0, 1}, false);
  const bool positive = *std::min_element(vs.begin(), vs.end()) > 0;  // else no log scale
  return scale == Scale::linear || !positive ? linear_axis(vs, from_zero) : log_axis(vs, scale);
}

struct Box {
  double x0, y0, x1, y1;
};

double overlap(const Box& a, const Box& b) {
  const double w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

double text_width(const std::string& s) { return kCharW * static_cast<double>(s.size()); }

// Where a label of width w may go around a point, best first: right, above, below, left of it,
// then the same further and further away.
std::vector<Box> label_candidates(double px, double py, double w) {
  const double r = kMarker + 3, h = kLabelH;
  std::vector<Box> c;
  auto at = [&](double x0, double ymid) { c.push_back({x0, ymid - h / 2, x0 + w, ymid + h / 2}); };
  for (int k = 0; k <= 8; ++k) {
    const double d = 11.0 * k;
    at(px + r, py - d);
    at(px - w / 2, py - r - h / 2 - d);
    at(px - w / 2, py + r + h / 2 + d);
    at(px - r - w, py - d);
    if (k > 0) at(px + r, py + d), at(px - r - w, py + d);
  }
  return c;
}

// The point of box b nearest to (x, y): where a leader line from the point meets its label.
std::pair<double, double> nearest(const Box& b, double x, double y) {
  return {std::clamp(x, b.x0, b.x1), std::clamp(y, b.y0, b.y1)};
}

// Places labels one at a time, each where it covers the least of what is already there (points,
// lines, earlier labels) and its leader line crosses no other point, inside the plot area.
// Deterministic: the first best candidate wins.
class LabelLayout {
 public:
  explicit LabelLayout(Box area) : area_(area) {}
  void add_obstacle(Box b, double weight) { obstacles_.push_back({b, weight}); }
  void add_marker(double x, double y, double r) {
    markers_.push_back({{x - r, y - r, x + r, y + r}, x, y});
    add_obstacle(markers_.back().box, 4);
  }
  void add_segment(double x0, double y0, double x1, double y1) {
    const double len = std::hypot(x1 - x0, y1 - y0);
    const int n = std::max(1, static_cast<int>(len / 3));
    for (int i = 0; i <= n; ++i) {
      const double t = static_cast<double>(i) / n, x = x0 + t * (x1 - x0), y = y0 + t * (y1 - y0);
      add_obstacle({x - 1, y - 1, x + 1, y + 1}, 2);
    }
  }
  Box place(double px, double py, double w) {
    Box best{};
    double best_cost = 1e300;
    for (const Box& b : label_candidates(px, py, w)) {
      double cost = 0;
      if (b.x0 < area_.x0 || b.x1 > area_.x1 || b.y0 < area_.y0 || b.y1 > area_.y1) cost += 1e6;
      for (const auto& [o, weight] : obstacles_) cost += weight * overlap(b, o);
      cost += 100 * leader_crossings(px, py, b);
      if (cost < best_cost) best = b, best_cost = cost;
      if (cost == 0) break;
    }
    obstacles_.push_back({best, 1});
    return best;
  }

 private:
  // Other points that the leader line from (px, py) to box b, if drawn, would pass over.
  int leader_crossings(double px, double py, const Box& b) const {
    const auto [nx, ny] = nearest(b, px, py);
    const double len = std::hypot(nx - px, ny - py);
    if (len <= kLeader) return 0;
    int n = 0;
    for (const Marker& m : markers_) {
      if (m.x == px && m.y == py) continue;  // its own point
      for (double d = kMarker + 1; d <= len; d += 1) {  // from the edge of its own marker
        const double x = px + d / len * (nx - px), y = py + d / len * (ny - py);
        if (x > m.box.x0 && x < m.box.x1 && y > m.box.y0 && y < m.box.y1) {
          ++n;
          break;
        }
      }
    }
    return n;
  }

  struct Marker {
    Box box;
    double x, y;  // its centre
  };
  Box area_;
  std::vector<std::pair<Box, double>> obstacles_;
  std::vector<Marker> markers_;
};

struct Pixel {
  double x, y;
  const PlotPoint* point;
};

// Indices of the points not dominated by another (one with at least as much x at no more y,
// better in one of them), ordered by x.
std::vector<size_t> pareto_front(const std::vector<Pixel>& pts) {
  std::vector<size_t> front;
  for (size_t i = 0; i < pts.size(); ++i) {
    const PlotPoint& a = *pts[i].point;
    bool dominated = std::any_of(pts.begin(), pts.end(), [&](const Pixel& q) {
      const PlotPoint& b = *q.point;
      return b.x >= a.x && b.y <= a.y && (b.x > a.x || b.y < a.y);
    });
    if (!dominated) front.push_back(i);
  }
  std::stable_sort(front.begin(), front.end(), [&](size_t i, size_t j) { return pts[i].point->x < pts[j].point->x; });
  return front;
}

}  // namespace

std::string svg_scatter(const Plot& p) {
  // Colours by series name, in order of first appearance; the legend lists each name once.
  std::vector<std::string> names;
  std::map<std::string, bool> name_joined;
  for (const auto& s : p.series) {
    if (!name_joined.count(s.name)) names.push_back(s.name);
    name_joined[s.name] = name_joined[s.name] || (s.joined && s.points.size() > 1);
  }
  auto colour = [&](const std::string& name) {
    const size_t i = static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    return kColours[i % std::size(kColours)];
  };
  const std::string pareto_name = "Pareto front";
  double legend_w = 0;
  for (const auto& n : names) legend_w = std::max(legend_w, text_width(n));
  if (p.pareto) legend_w = std::max(legend_w, text_width(pareto_name));
  const double right = std::max(120.0, legend_w + 56);

  std::vector<double> xs, ys;
  for (const auto& s : p.series)
    for (const auto& pt : s.points) xs.push_back(pt.x), ys.push_back(pt.y);
  const Axis ax = make_axis(xs, p.xscale, false), ay = make_axis(ys, p.yscale, true);
  const double W = p.width, H = p.height, pw = W - kLeft - right, ph = H - kTop - kBottom;
  auto X = [&](double x) { return ax.pixel(x, kLeft, kLeft + pw); };
  auto Y = [&](double y) { return ay.pixel(y, kTop + ph, kTop); };

  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      W, H);
  s += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"white\"/>\n", W, H);
  s += fmt::format("<text x=\"{}\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">{}</text>\n", kLeft + pw / 2, esc(p.title));
  if (!p.note.empty())
    s += fmt::format("<text x=\"{}\" y=\"36\" text-anchor=\"middle\" font-size=\"11\" fill=\"#666\">{}</text>\n",
                     kLeft + pw / 2, esc(p.note));
  // Grid and ticks.
  for (double v : ax.ticks)
    s += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#ddd\"/>"
                     "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
                     X(v), kTop, kTop + ph, kTop + ph + 16, num(v));
  for (double v : ay.ticks)
    s += fmt::format("<line x1=\"{1}\" y1=\"{0:.1f}\" x2=\"{2}\" y2=\"{0:.1f}\" stroke=\"#ddd\"/>"
                     "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
                     Y(v), kLeft, kLeft + pw, kLeft - 6, Y(v) + 4, num(v));
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n", kLeft, kTop, pw, ph);
  s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", kLeft + pw / 2, H - 18, esc(p.xlabel));
  s += fmt::format("<text x=\"18\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {0})\">{1}</text>\n",
                   kTop + ph / 2, esc(p.ylabel));

  // Everything a label must keep clear of: every point, the lines, then the labels placed so far.
  LabelLayout layout({kLeft + 2, kTop + 2, kLeft + pw - 2, kTop + ph - 2});
  std::vector<Pixel> pixels;
  for (const auto& se : p.series)
    for (const auto& pt : se.points) {
      pixels.push_back({X(pt.x), Y(pt.y), &pt});
      layout.add_marker(X(pt.x), Y(pt.y), kMarker + 1);
    }
  auto polyline = [&](const std::vector<std::pair<double, double>>& xy, const std::string& style) {
    std::string pts;
    for (size_t i = 0; i < xy.size(); ++i) {
      pts += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", xy[i].first, xy[i].second);
      if (i) layout.add_segment(xy[i - 1].first, xy[i - 1].second, xy[i].first, xy[i].second);
    }
    s += fmt::format("<polyline points=\"{}\" fill=\"none\" {}/>\n", pts, style);
  };
  for (const auto& se : p.series) {
    if (!se.joined || se.points.size() < 2) continue;
    std::vector<std::pair<double, double>> xy;
    for (const auto& pt : se.points) xy.emplace_back(X(pt.x), Y(pt.y));
    polyline(xy, fmt::format("stroke=\"{}\" stroke-width=\"1.5\"", colour(se.name)));
  }
  std::vector<size_t> front;
  if (p.pareto) {
    front = pareto_front(pixels);
    std::vector<std::pair<double, double>> xy;
    for (size_t i : front) xy.emplace_back(pixels[i].x, pixels[i].y);
    polyline(xy, "stroke=\"#444\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"");
  }
  for (const auto& se : p.series)
    for (const auto& pt : se.points)
      s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" stroke=\"white\"><title>{}</title></circle>\n", X(pt.x),
                       Y(pt.y), kMarker, colour(se.name), esc(pt.label));
  for (size_t i : front) {
    layout.add_obstacle({pixels[i].x - 9, pixels[i].y - 9, pixels[i].x + 9, pixels[i].y + 9}, 1);
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"8\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.5\"/>\n",
                     pixels[i].x, pixels[i].y);
  }

  // Labels, with a thin leader line when one had to move away from its point.
  for (const Pixel& px : pixels) {
    if (px.point->label.empty()) continue;
    const Box b = layout.place(px.x, px.y, text_width(px.point->label));
    const auto [nx, ny] = nearest(b, px.x, px.y);
    if (std::hypot(nx - px.x, ny - px.y) > kLeader)
      s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#999\" stroke-width=\"0.8\"/>\n",
                       px.x, px.y, nx, ny);
    s += fmt::format("<text class=\"label\" x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" fill=\"#222\" stroke=\"white\" "
                     "stroke-width=\"3\" paint-order=\"stroke\">{}</text>\n",
                     b.x0, b.y1 - 3, kLabelFont, esc(px.point->label));
  }

  // Legend.
  const double lx = W - right + 14;
  double ly = kTop + 10;
  for (const auto& n : names) {
    if (name_joined[n])
      s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>", lx - 8, ly,
                       lx + 8, ly, colour(n));
    s += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n", lx, ly,
                     kMarker, colour(n), lx + 14, ly + 4, esc(n));
    ly += 18;
  }
  if (p.pareto)
    s += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#444\" stroke-dasharray=\"6 4\"/>"
                     "<circle cx=\"{3}\" cy=\"{1}\" r=\"7\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.5\"/>"
                     "<text x=\"{4}\" y=\"{5}\">{6}</text>\n",
                     lx - 10, ly, lx + 10, lx, lx + 14, ly + 4, pareto_name);
  s += "</svg>\n";
  return s;
}

}  // namespace qrtl::flows
