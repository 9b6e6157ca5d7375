#include "flows/equiv_netlist.h"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>

#include "errors.h"

namespace qrtl::flows {

using nlohmann::json;

namespace {

// A parameter value of Yosys's JSON: a binary string, or (in some versions) a number.
long long param_value(const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  const std::string s = v.get<std::string>();
  long long x = 0;
  for (char c : s) {
    if (c != '0' && c != '1') return -1;
    x = x * 2 + (c - '0');
  }
  return x;
}

// Registers between the data inputs and each signal bit (a net number of the JSON).
class DepthLabels {
 public:
  explicit DepthLabels(const SideNetlist& side) {
    for (const auto& [name, port] : side.body.at("ports").items()) {
      if (port.at("direction") != "input") continue;
      for (const auto& b : port.at("bits"))
        if (b.is_number()) (name == "clk" ? clock_bits_ : input_bits_).insert(b.get<int>());
    }
    for (const auto& [name, cell] : side.body.at("cells").items()) {
      const auto& dirs = cell.at("port_directions");
      for (const auto& [pin, bits] : cell.at("connections").items())
        if (dirs.at(pin) == "output")
          for (const auto& b : bits)
            if (b.is_number()) driver_[b.get<int>()] = &cell;
    }
  }

  // Registers on every path into net (kAny for constants and undriven nets); kMixed if the paths
  // disagree, a register is not a plain flip-flop on clk, or the net lies on a loop.
  int depth(int net) {
    if (auto it = memo_.find(net); it != memo_.end()) return it->second == kVisiting ? kMixed : it->second;
    if (input_bits_.count(net)) return memo_[net] = 0;
    if (clock_bits_.count(net)) return memo_[net] = kMixed;  // the clock used as data
    auto drv = driver_.find(net);
    if (drv == driver_.end()) return memo_[net] = kAny;
    memo_[net] = kVisiting;
    return memo_[net] = cell_depth(*drv->second);
  }

  static constexpr int kAny = -1;
  static constexpr int kMixed = -2;

 private:
  static constexpr int kVisiting = -3;

  int cell_depth(const json& cell) {
    const std::string type = cell.at("type");
    const auto& conns = cell.at("connections");
    if (type == "$dff") {
      if (param_value(cell.at("parameters").at("CLK_POLARITY")) != 1) return kMixed;
      for (const auto& b : conns.at("CLK"))
        if (!b.is_number() || !clock_bits_.count(b.get<int>())) return kMixed;
      int d = merge_inputs(conns.at("D"));
      return d >= 0 ? d + 1 : d;
    }
    if (!type.empty() && type[0] != '$') return kMixed;  // an unflattened instance
    if (type.find("dff") != std::string::npos || type.find("dlatch") != std::string::npos ||
        type.find("mem") != std::string::npos || type == "$sr")
      return kMixed;  // resets, enables, latches, memories: not a plain pipeline
    int d = kAny;
    const auto& dirs = cell.at("port_directions");
    for (const auto& [pin, bits] : conns.items()) {
      if (dirs.at(pin) != "input") continue;
      d = merge(d, merge_inputs(bits));
    }
    return d;
  }

  int merge_inputs(const json& bits) {
    int d = kAny;
    for (const auto& b : bits)
      if (b.is_number()) d = merge(d, depth(b.get<int>()));
    return d;
  }

  static int merge(int x, int y) {
    if (x == kMixed || y == kMixed) return kMixed;
    if (x == kAny) return y;
    if (y == kAny) return x;
    return x == y ? x : kMixed;
  }

  std::set<int> input_bits_, clock_bits_;
  std::map<int, const json*> driver_;
  std::map<int, int> memo_;
};

}  // namespace

SideNetlist load_netlist(const std::string& json_path) {
  std::ifstream in(json_path);
  if (!in) throw ToolError(fmt::format("cannot read Yosys's netlist '{}'", json_path));
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.contains("modules") || doc.at("modules").size() != 1)
    throw ToolError(fmt::format("Yosys's netlist '{}' does not hold exactly one module", json_path));
  SideNetlist side;
  side.module = doc.at("modules").begin().key();
  side.body = doc.at("modules").begin().value();
  for (const auto& [name, port] : side.body.at("ports").items())
    side.ports.push_back({name, port.at("direction") == "input", static_cast<int>(port.at("bits").size())});
  return side;
}

std::optional<int> pipeline_registers(const SideNetlist& side) {
  DepthLabels labels(side);
  int d = DepthLabels::kAny;
  for (const auto& [name, port] : side.body.at("ports").items()) {
    if (port.at("direction") == "input") continue;
    if (port.at("direction") != "output") return std::nullopt;  // inout
    for (const auto& b : port.at("bits")) {
      if (!b.is_number()) continue;
      int bit = labels.depth(b.get<int>());
      if (bit == DepthLabels::kMixed || (d != DepthLabels::kAny && bit != DepthLabels::kAny && bit != d))
        return std::nullopt;
      if (bit != DepthLabels::kAny) d = bit;
    }
  }
  return d == DepthLabels::kAny ? 0 : d;
}

std::string registers_as_wires(const SideNetlist& side, const std::string& name) {
  json body = side.body;
  for (auto& [cell_name, cell] : body.at("cells").items()) {
    if (cell.at("type") != "$dff") continue;
    const size_t w = cell.at("connections").at("D").size();
    const std::string width = fmt::format("{:032b}", w);
    cell = json{{"type", "$pos"},
                {"parameters", {{"A_SIGNED", fmt::format("{:032b}", 0)}, {"A_WIDTH", width}, {"Y_WIDTH", width}}},
                {"port_directions", {{"A", "input"}, {"Y", "output"}}},
                {"connections", {{"A", cell.at("connections").at("D")}, {"Y", cell.at("connections").at("Q")}}}};
  }
  json doc = {{"modules", {{name, body}}}};
  return doc.dump(1);
}

}  // namespace qrtl::flows
