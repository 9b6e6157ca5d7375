// One side of an equivalence check, as Yosys sees it after `proc; flatten` (write_json): its
// ports, and whether it is a plain pipeline, i.e. a combinational function delayed by registers.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace qrtl::flows {

struct NetPort {
  std::string name;
  bool input = true;
  int width = 1;
};

struct SideNetlist {
  std::string module;      // the module's name in the JSON
  std::vector<NetPort> ports;
  nlohmann::json body;     // the module object of Yosys's JSON
};

// Reads a Yosys write_json file holding exactly one module.
SideNetlist load_netlist(const std::string& json_path);

// The number of registers on every path from a data input to an output, when that number is the
// same for all paths, every register is a plain rising-edge flip-flop on the port `clk` (no reset,
// enable or set) and there is no loop; nullopt otherwise. A constant fits any count. Such a module
// computes y(t + N) = f(x(t)) from any initial state, with f the module with registers made wires.
std::optional<int> pipeline_registers(const SideNetlist& side);

// The module's JSON (for read_json) renamed to `name`, every flip-flop replaced by a wire: f above.
std::string registers_as_wires(const SideNetlist& side, const std::string& name);

}  // namespace qrtl::flows
