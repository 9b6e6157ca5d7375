#include "blocks/temporal_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "bits.h"

namespace qrtl::blocks {

std::vector<KeyDef> temporal_keys(std::vector<KeyDef> extra) {
  std::vector<KeyDef> keys = {KeyDef::integer("lanes", 16, 1, 64, "products summed per dot product (L)"),
                              KeyDef::integer("wa", 16, 1, 16, "activation width, the maximum activation precision"),
                              KeyDef::integer("ww", 16, 1, 16, "weight width, the maximum weight precision"),
                              KeyDef::choice("asigned", "0", {"0", "1"}, "activations are two's complement"),
                              KeyDef::choice("wsigned", "1", {"0", "1"}, "weights are two's complement")};
  keys.insert(keys.end(), extra.begin(), extra.end());
  return keys;
}

TemporalShape temporal_shape(const Params& p) {
  TemporalShape s{static_cast<int>(p.i("lanes")), static_cast<int>(p.i("wa")), static_cast<int>(p.i("ww")), 0,
                  p.b("asigned"), p.b("wsigned")};
  s.wy = s.wa + s.ww + clog2(s.lanes);
  return s;
}

DigitOperand digit_operand(std::string name, int width, bool is_signed, int digits) {
  return {std::move(name), width, is_signed, digits, std::max(1, clog2(digits))};
}

void handshake_ports(vlog::Module& m, int wy, const std::string& y_comment) {
  m.input("clk", 1, "rising-edge clock");
  m.input("rst_n", 1, "synchronous reset, active low (control state only)");
  m.input("start", 1, "begin a dot product; accepted at a rising edge where ready is high");
  m.output("ready", 1, "start is accepted at the next rising edge");
  m.output("valid", 1, "one-cycle pulse: y holds a new result");
  m.output("y", wy, y_comment);
}

void result_register(vlog::Module& m, const std::string& sum, int wy) {
  m.reg("clk", "y_q", wy, fmt::format("last ? {} : y_q", sum), "result register");
  m.reg("clk", "valid_q", 1, "rst_n & last", "result pulse");
  m.assign("valid", "valid_q");
  m.assign("y", "y_q");
}

std::string clamp_precision(vlog::Module& m, const std::string& name, const std::string& port, int width) {
  const int pw = precision_port_width(width);
  std::string max = port + "_MAX";
  for (auto& ch : max) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  m.localparam(max, vlog::lit(pw, static_cast<unsigned long long>(width)), "full precision of " + port);
  // A port that cannot exceed `width` (width = 2^pw - 1) needs no upper check.
  const bool can_exceed = width < (1 << pw) - 1;
  const std::string bad = can_exceed ? fmt::format("{0} == {1} || {0} > {2}", port, vlog::lit(pw, 0), max)
                                     : fmt::format("{} == {}", port, vlog::lit(pw, 0));
  return m.wire(name, pw, fmt::format("({}) ? {} : {}", bad, max, port),
                fmt::format("{} in use: 0 and values above {} mean {}", port, width, width));
}

}  // namespace qrtl::blocks
