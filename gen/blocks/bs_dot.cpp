// bs_dot: Stripes-style serial inner product. L lanes hold a bit-parallel weight each; the L
// activations arrive bit-serially, one bit per lane per cycle, most significant bit first, so a dot
// product at activation precision p takes exactly p cycles and every bit of precision saved is a
// cycle saved. MSB-first lets the accumulator double each cycle (acc = 2*acc + partial) instead of
// shifting each partial sum by a growing amount; the sign bit of a signed activation comes first
// and its partial sum is subtracted. The per-cycle partial sum (the weights whose activation bit
// is 1) and the doubled accumulator share one BitHeap: one carry-propagate adder per cycle.
#include <fmt/format.h>

#include "arith/bitheap.h"
#include "blocks/temporal_common.h"
#include "registry.h"

namespace qrtl {
namespace {

using blocks::lane_slice;

void build_bs_dot(vlog::Design& d, const Params& prm, const std::string& top) {
  const blocks::TemporalShape s = blocks::temporal_shape(prm);
  const int L = s.lanes, WW = s.ww, WY = s.wy;
  const int PW = blocks::precision_port_width(s.wa);
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Stripes serial inner product: {} lanes, {}-bit {} weights held in parallel,", L, WW,
                         s.ws ? "signed" : "unsigned"));
  m.describe(fmt::format("{} activations fed bit-serially (MSB first), runtime precision p = 1..{}: p cycles.",
                         s.as ? "signed" : "unsigned", s.wa));
  blocks::handshake_ports(m, WY, "sum over lanes of w[i] * (low p bits of the activation i)");
  m.input("p", PW, fmt::format("activation precision of this dot product (0 or above {0} means {0}), sampled with start", s.wa));
  m.input("w", L * WW, fmt::format("weights, lane i at [i*{0} +: {0}], sampled with start", WW));
  m.input("abit", L, "activation bit of each lane: bit p-1 with start, then p-2 .. 0 on the next cycles");

  const std::string p_eff = blocks::clamp_precision(m, "p_eff", "p", s.wa);
  m.comment("Control: `left` counts the activation bits still to come after this edge (0 = idle).");
  m.signal("left", PW, "bits of the current dot product not yet consumed");
  m.assign("ready", fmt::format("left == {}", vlog::lit(PW, 0)));
  const std::string take = m.wire("take", 1, "start & ready", "a dot product starts at this edge");
  m.wire("last", 1, fmt::format("take ? (p_eff == {0}) : (left == {0})", vlog::lit(PW, 1)),
         "this edge consumes the least significant activation bit");
  m.wire("left_next", PW,
         fmt::format("take ? p_eff - {0} : (ready ? {1} : left - {0})", vlog::lit(PW, 1), vlog::lit(PW, 0)));
  m.regs("clk", {{"left", "rst_n ? left_next : " + vlog::lit(PW, 0)}});

  m.comment("Weights are used straight from the port in the start cycle and from their register after.");
  m.reg("clk", "w_q", L * WW, "take ? w : w_q", "weight registers of the lanes");
  m.wire("w_use", L * WW, "take ? w : w_q");
  std::string neg = "1'b0";
  if (s.as)
    neg = m.wire("neg", 1, "take", "the sign bit comes first and weighs -2^(p-1): subtract its partial sum");

  m.comment("acc_next = 2*acc + (sum of the weights whose activation bit is 1), negated for the sign bit.");
  m.comment(fmt::format("Each lane enters as a {}-bit two's complement number; negation = invert + 1 per lane.", WW + 1));
  const int WE = WW + 1;
  arith::BitHeap heap(m, "step", WY);
  for (int i = 0; i < L; ++i) {
    std::string wi = lane_slice(m, "w_use", i, WW);
    std::string ext = s.ws ? blocks::pick_bit(m, "w_use", i * WW + WW - 1) : "1'b0";
    std::string gated = fmt::format("({} ? {{{}, {}}} : {})", blocks::pick_bit(m, "abit", i), ext, wi, vlog::lit(WE, 0));
    std::string expr = s.as ? fmt::format("{} ^ {{{}{{{}}}}}", gated, WE, neg) : gated;
    heap.add_number(m.wire(fmt::format("lane{}", i), WE, expr), WE, true);
    if (s.as) heap.add_bit(0, neg);
  }
  m.signal("acc", WY - 1, fmt::format("running sum; only its low {} bits survive the doubling", WY - 1));
  heap.add_number(m.wire("acc_base", WY - 1, fmt::format("take ? {} : acc", vlog::lit(WY - 1, 0)),
                         "a new dot product starts from zero"),
                  WY - 1, false, 1);
  std::string acc_next = heap.emit("acc_next");
  m.regs("clk", {{"acc", vlog::pick(m, acc_next, WY - 2, 0)}});
  blocks::result_register(m, acc_next, WY);
}

QRTL_BLOCK(BlockDef{
    .name = "bs_dot",
    .summary = "Stripes bit-serial dot product: L weights in parallel x activations 1 bit/lane/cycle, p cycles",
    .doc = R"(ports: clk, rst_n (sync, active low), start, input [PW-1:0] p, input [L*WW-1:0] w, input [L-1:0] abit,
       output ready, output valid, output [WY-1:0] y;  PW = clog2(WA+1), WY = WA + WW + clog2(L)
a dot product y = sum_i w[i] * a[i], a[i] = low p bits of activation i (two's complement if asigned),
  p_eff = p, or WA when p is 0 or above WA
protocol: start is accepted at a rising edge t0 where ready = 1; at that edge w and p are sampled and
  abit carries bit p_eff-1 of every activation; at edges t0+1 .. t0+p_eff-1 abit carries bits
  p_eff-2 .. 0 (MSB first; the activation buffer broadcasts one bit plane per cycle, as in Stripes)
timing: p_eff cycles per dot product; valid pulses after edge t0+p_eff-1 with y; ready is high again
  from that edge, so back-to-back dot products keep the lanes busy every cycle
y is two's complement when asigned or wsigned, else unsigned; it never overflows)",
    .keys = blocks::temporal_keys(),
    .build = build_bs_dot,
    .latency = handshake_latency,
});

}  // namespace
}  // namespace qrtl
