// qrtl perf NET.toml [--tactical H,D]: cycles and speedup of Stripes, Dynamic Stripes, Loom (1/2/4
// bits per cycle), Laconic, Cnvlutin, Tartan and Bit-Tactical against a bit-parallel baseline at
// equal peak throughput, per layer and for the network, with the cycle models the RTL is verified
// against where qrtl has the unit (see gen/flows/perf_model.h).
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "cli/command.h"
#include "flows/perf_profile.h"
#include "errors.h"

namespace qrtl::cli {
namespace {

using flows::load_profile;
using flows::NetworkProfile;

// Width of the layer-name column: the longest name, at least 14.
int name_width(const NetworkProfile& net) {
  size_t w = 14;
  for (const auto& l : net.layers) w = std::max(w, l.name.size());
  return static_cast<int>(w);
}

std::string human(double v) {
  if (v >= 1e9) return fmt::format("{:.2f}G", v / 1e9);
  if (v >= 1e6) return fmt::format("{:.2f}M", v / 1e6);
  if (v >= 1e3) return fmt::format("{:.1f}k", v / 1e3);
  return fmt::format("{:.3g}", v);
}

// The same layers at EQUAL AREA: each design gets the unit count the baseline's area buys.
void print_equal_area(const NetworkProfile& net) {
  const auto designs = flows::perf_designs();
  const double base_area = net.area.at("bit-parallel");
  fmt::print("\nequal area ([area]: transistors per unit of {} lanes; the baseline area buys\n", net.config.lanes);
  fmt::print("area[bit-parallel] / area[design] units of each design)\n\n");
  const int nw = name_width(net);
  std::string head = fmt::format("{:<{}}", "layer", nw);
  for (size_t i = 1; i < designs.size(); ++i) head += fmt::format(" {:>8}", designs[i]);
  fmt::print("{}\n", head);
  std::vector<double> cycles(designs.size(), 0.0);
  for (const auto& l : net.layers) {
    auto t = flows::layer_times(l, net.config);
    std::string row = fmt::format("{:<{}}", l.name, nw);
    cycles[0] += t[0].cycles;
    for (size_t i = 1; i < t.size(); ++i) {
      if (!net.area.count(designs[i])) {
        row += fmt::format(" {:>8}", "n/a");
        continue;
      }
      const double f = flows::equal_area_factor(designs[i], l, net.config, net.area.at(designs[i]), base_area);
      cycles[i] += t[i].cycles / f;
      row += fmt::format(" {:>7.2f}x", t[i].speedup * f);
    }
    fmt::print("{}\n", row);
  }
  std::string row = fmt::format("{:<{}}", "total", nw);
  for (size_t i = 1; i < designs.size(); ++i)
    row += net.area.count(designs[i]) ? fmt::format(" {:>7.2f}x", cycles[0] / cycles[i]) : fmt::format(" {:>8}", "n/a");
  fmt::print("{}\n", row);
  fmt::print("(n/a: the profile's [area] has no unit area for the design)\n");
}

int run(const std::string& file, const std::vector<int>& tactical) {
  NetworkProfile net = load_profile(file);
  net.config.tactical_lookahead = tactical[0];
  net.config.tactical_lookaside = tactical[1];
  const auto& c = net.config;
  fmt::print("network: {}\n", net.name.empty() ? file : net.name);
  if (!net.source.empty()) fmt::print("source:  {}\n", net.source);
  fmt::print("equal peak throughput: every design sustains {:.0f} {}x{}-bit MACs/cycle on full-precision worst-case\n",
             c.macs_per_cycle, c.base_bits, c.base_bits);
  fmt::print("data (bit-parallel {} lanes; Laconic lanes run in lock step, {} per dot product);\n", c.lanes, c.lanes);
  fmt::print("tactical: Bit-Tactical T<{},{}> (lookahead, lookaside), term-serial activations\n\n", c.tactical_lookahead,
             c.tactical_lookaside);
  const auto designs = flows::perf_designs();
  const int nw = name_width(net);
  std::string head = fmt::format("{:<{}} {:>9} {:>3} {:>3} {:>12}", "layer", nw, "MACs", "pa", "pw", "base cycles");
  for (size_t i = 1; i < designs.size(); ++i) head += fmt::format(" {:>8}", designs[i]);
  fmt::print("{}\n", head);
  for (const auto& l : net.layers) {
    auto t = flows::layer_times(l, c);
    std::string row =
        fmt::format("{:<{}} {:>9} {:>3} {:>3} {:>12}", l.name, nw, human(l.macs), l.pa, l.pw, human(t[0].cycles));
    for (size_t i = 1; i < t.size(); ++i) row += fmt::format(" {:>7.2f}x", t[i].speedup);
    fmt::print("{}\n", row);
  }
  auto total = flows::network_times(net.layers, c);
  std::string row = fmt::format("{:<{}} {:>9} {:>3} {:>3} {:>12}", "total", nw, "", "", "", human(total[0].cycles));
  for (size_t i = 1; i < total.size(); ++i) row += fmt::format(" {:>7.2f}x", total[i].speedup);
  fmt::print("{}\n\ncycles:", row);
  for (const auto& t : total) fmt::print("  {} {}", t.design, human(t.cycles));
  fmt::print("\n");
  if (!net.area.empty()) print_equal_area(net);
  return 0;
}

Command make_perf_command() {
  return {"perf", "cycles and speedup of the temporal designs on a network profile (TOML)", [](CLI::App& sub) {
            auto file = std::make_shared<std::string>();
            auto tactical = std::make_shared<std::vector<int>>(std::vector<int>{2, 5});
            sub.add_option("profile", *file, "network profile, e.g. docs/profiles/alexnet.toml")->required();
            sub.add_option("--tactical", *tactical,
                           "Bit-Tactical window LOOKAHEAD,LOOKASIDE (default 2,5; measured profiles hold 1,0 2,0 4,0 "
                           "1,5 2,5 4,5)")
                ->delimiter(',')
                ->expected(2)
                ->check(CLI::Range(0, 64));
            return [=]() {
              try {
                return run(*file, *tactical);
              } catch (const std::invalid_argument& e) {  // a model's input the profile does not have
                throw UsageError(fmt::format("perf: {}: {}", *file, e.what()));
              }
            };
          }};
}

QRTL_COMMAND(make_perf_command);

}  // namespace
}  // namespace qrtl::cli
