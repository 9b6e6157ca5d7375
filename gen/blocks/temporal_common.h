// Shared pieces of the temporal dot-product units (bs_dot, loom_dot, term_dot): the common keys,
// the start/ready/valid handshake ports and the runtime-precision clamp.
//
// Handshake (all three): `start` is accepted at a rising edge where `ready` is high (ready never
// depends on the inputs of the same cycle). `valid` is a one-cycle pulse with `y`; y holds its
// value until the next result. A synchronous active-low `rst_n` clears the control state only.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "bits.h"
#include "params.h"
#include "registry.h"
#include "vlog/ir.h"

namespace qrtl::blocks {

// lanes, wa, ww, asigned, wsigned (defaults: 16 lanes of 16-bit operands, signed weights,
// unsigned activations as after a ReLU), then a unit's `extra` keys.
std::vector<KeyDef> temporal_keys(std::vector<KeyDef> extra = {});

struct TemporalShape {
  int lanes, wa, ww, wy;
  bool as, ws;
};
// wy = wa + ww + clog2(lanes): holds every sum of `lanes` products of the operand ranges.
TemporalShape temporal_shape(const Params& p);

// An operand processed one digit at a time (Loom digits of bpc bits, Booth radix-4 digits):
// ports `name` with `width` bits per lane, `digits` digits, digit indices of `index_bits` bits.
struct DigitOperand {
  std::string name;
  int width;
  bool is_signed;
  int digits;
  int index_bits;
};
DigitOperand digit_operand(std::string name, int width, bool is_signed, int digits);

// clk, rst_n, start and the outputs ready, valid, y.
void handshake_ports(vlog::Module& m, int wy, const std::string& y_comment);

// The result stage shared by the three units: y_q <= last ? sum : y_q, valid_q <= rst_n & last,
// driving the ports y and valid. `last` must be declared.
void result_register(vlog::Module& m, const std::string& sum, int wy);

// Width of a runtime precision port for operands of `width` bits.
inline int precision_port_width(int width) { return clog2(width + 1); }
// Declares `name` = the precision the unit uses for port `port`: 0 and values above `width`
// select `width` (full precision). Returns the name.
std::string clamp_precision(vlog::Module& m, const std::string& name, const std::string& port, int width);

// Bit i of a declared signal or port, or its bare name for a 1-bit signal (see vlog::pick).
inline std::string pick_bit(const vlog::Module& m, const std::string& sig, int i) { return vlog::pick(m, sig, i, i); }
// Lane i of a packed vector: sig[i*w +: w].
inline std::string lane_slice(const vlog::Module& m, const std::string& sig, int i, int w) {
  return vlog::pick(m, sig, i * w + w - 1, i * w);
}

}  // namespace qrtl::blocks
