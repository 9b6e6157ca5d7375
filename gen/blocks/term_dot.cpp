// term_dot: Laconic-style term-serial dot product. Both operands are Booth radix-4 recoded at
// load time into digits in {-2,-1,0,+1,+2}; every non-zero digit is one signed power-of-two term
// (+-1 at 4^j is 2^(2j), +-2 is 2^(2j+1)). Each lane then walks its non-zero term pairs, one per
// cycle, and adds +-2^(ea+ew) to a shared accumulator: the product of two terms is a one-hot, so
// a lane needs no multiplier, only a small exponent adder and decoder. A zero operand has no
// terms, so its lane is idle from the start (Cnvlutin-style zero skipping, here for weights too).
// Lanes run in lock step: the dot product takes as many cycles as its busiest lane has term pairs
// (at least one, to deliver the result).
#include <fmt/format.h>

#include "arith/bitheap.h"
#include "blocks/temporal_common.h"
#include "registry.h"

namespace qrtl {
namespace {

using blocks::lane_slice;

// Booth digit j of the lane's operand from the bit triple (x[2j+1], x[2j], x[2j-1]); bits below 0
// are 0 and bits above the width repeat the sign (0 when unsigned). Declares {n}_{nz,neg,dbl}.
void recode(vlog::Module& m, const blocks::DigitOperand& op) {
  const std::string x = op.name;
  auto bit = [&](int k) -> std::string {
    if (k < 0 || (k >= op.width && !op.is_signed)) return "1'b0";
    return blocks::pick_bit(m, x, std::min(k, op.width - 1));
  };
  std::string nz, neg, dbl;
  for (int j = op.digits - 1; j >= 0; --j) {
    const std::string b2 = bit(2 * j + 1), b1 = bit(2 * j), b0 = bit(2 * j - 1);
    const char* sep = j == op.digits - 1 ? "" : ", ";
    nz += fmt::format("{}~(({} ~^ {}) & ({} ~^ {}))", sep, b2, b1, b1, b0);
    neg += fmt::format("{}({} & ~({} & {}))", sep, b2, b1, b0);
    dbl += fmt::format("{}(({} ^ {}) & ({} ~^ {}))", sep, b2, b1, b1, b0);
  }
  const int D = op.digits;
  m.wire(x + "_nz", D, "{" + nz + "}", "Booth digit is non-zero: one term");
  m.wire(x + "_neg", D, "{" + neg + "}", "term is negative");
  m.wire(x + "_dbl", D, "{" + dbl + "}", "digit is +-2: term 2^(2j+1), else 2^(2j)");
}

// The lowest remaining term of op: {n}_low (one-hot), {n}_e (exponent), {n}_s (sign).
void lowest_term(vlog::Module& m, const blocks::DigitOperand& op) {
  const std::string n = op.name, rem = n + "_rem", low = n + "_low";
  const int D = op.digits;
  m.wire(low, D, fmt::format("{0} & (~{0} + {1})", rem, vlog::lit(D, 1)), "lowest remaining term, one-hot");
  std::string idx;
  for (int bitpos = op.index_bits - 1; bitpos >= 0; --bitpos) {
    std::string ors;
    for (int j = 0; j < D; ++j)
      if ((j >> bitpos) & 1) ors += (ors.empty() ? "" : " | ") + blocks::pick_bit(m, low, j);
    idx += (idx.empty() ? "" : ", ") + (ors.empty() ? std::string("1'b0") : ors);
  }
  m.wire(n + "_e", op.index_bits + 1, fmt::format("{{{}, |({} & {}_dbl_q)}}", idx, low, n),
         "exponent 2j + (digit is +-2)");
  m.wire(n + "_s", 1, fmt::format("|({} & {}_neg_q)", low, n));
}

// Widths shared by the lane helper and the top: term exponents, the one-hot and the term.
struct TermWidths {
  int ow, tw, exw;
};

// One lane (helper module TOP_lane, instantiated once per lane): recodes a and w at `take`, then
// walks a's terms (outer) x w's terms (inner), one term pair per cycle, and presents it as
// `term` + `neg` (+-2^e in two's complement: the inverted one-hot plus a carry-in); `idle_next`
// says it has no term pair left after this edge.
void build_lane(vlog::Module& m, const blocks::DigitOperand& a, const blocks::DigitOperand& w, const TermWidths& t) {
  m.describe("One lane: Booth radix-4 recoding at load, then one non-zero term pair per cycle.");
  m.input("clk", 1, "rising-edge clock");
  m.input("take", 1, "a dot product is loaded at this edge");
  m.input("a", a.width, "activation, sampled with take");
  m.input("w", w.width, "weight, sampled with take");
  m.output("term", t.tw, "+-2^e of this cycle's term pair, inverted when negative (zero when idle)");
  m.output("neg", 1, "the term pair is negative: the +1 that completes the two's complement");
  m.output("idle_next", 1, "no term pair left after this edge");
  recode(m, a);
  recode(m, w);
  m.wire("a_load", a.digits, fmt::format("(|w_nz) ? a_nz : {}", vlog::lit(a.digits, 0)), "a zero weight has no term pairs");
  m.signal("a_rem", a.digits, "activation terms not yet finished");
  m.signal("w_rem", w.digits, "weight terms still to pair with the current activation term");
  m.reg("clk", "w_all", w.digits, "take ? w_nz : w_all", "all weight terms, to restart the inner walk");
  for (const char* f : {"neg", "dbl"}) {
    m.reg("clk", fmt::format("a_{}_q", f), a.digits, fmt::format("take ? a_{0} : a_{0}_q", f));
    m.reg("clk", fmt::format("w_{}_q", f), w.digits, fmt::format("take ? w_{0} : w_{0}_q", f));
  }
  lowest_term(m, a);
  lowest_term(m, w);
  m.wire("act", 1, "|a_rem", "lane has a term pair this cycle");
  m.wire("w_next", w.digits, "w_rem & ~w_low");
  m.wire("wrap", 1, fmt::format("w_next == {}", vlog::lit(w.digits, 0)),
         "last weight term: move to the next activation term");
  m.wire("a_next", a.digits, "wrap ? a_rem & ~a_low : a_rem");
  m.regs("clk", {{"a_rem", "take ? a_load : a_next"}, {"w_rem", "take ? w_nz : (wrap ? w_all : w_next)"}});
  m.assign("idle_next", fmt::format("a_next == {}", vlog::lit(a.digits, 0)));

  m.wire("e", t.exw, fmt::format("{0}'(a_e) + {0}'(w_e)", t.exw), "exponent of the term pair");
  m.assign("neg", "act & (a_s ^ w_s)");
  std::string onehot;
  for (int c = t.ow - 1; c >= 0; --c) onehot += fmt::format("{}(e == {})", onehot.empty() ? "" : ", ", vlog::lit(t.exw, c));
  m.wire("pow", t.ow, fmt::format("{{{}{{act}}}} & {{{}}}", t.ow, onehot), "2^e one-hot (zero when the lane is idle)");
  m.assign("term", fmt::format("{} ^ {{{}{{neg}}}}", t.tw > t.ow ? "{1'b0, pow}" : "pow", t.tw));
}

void build_term_dot(vlog::Design& d, const Params& prm, const std::string& top) {
  const blocks::TemporalShape s = blocks::temporal_shape(prm);
  const int L = s.lanes, WY = s.wy;
  // Booth radix-4 digits: ceil(W/2) for a signed operand, ceil((W+1)/2) for an unsigned one.
  const auto a = blocks::digit_operand("a", s.wa, s.as, (s.wa + (s.as ? 0 : 1) + 1) / 2);
  const auto w = blocks::digit_operand("w", s.ww, s.ws, (s.ww + (s.ws ? 0 : 1) + 1) / 2);
  const int EW = 2 * a.digits + 2 * w.digits - 1;  // exponents 0 .. 2*(Da-1)+1 + 2*(Dw-1)+1
  const TermWidths tw{std::min(EW, WY), std::min(EW + 1, WY), std::max(a.index_bits, w.index_bits) + 2};
  d.modules.reserve(2);
  vlog::Module& m = d.modules.emplace_back(top);
  build_lane(d.modules.emplace_back(top + "_lane"), a, w, tw);
  m.describe(fmt::format("Laconic term-serial dot product: {} lanes of {}-bit {} activations x {}-bit {} weights,", L,
                         s.wa, s.as ? "signed" : "unsigned", s.ww, s.ws ? "signed" : "unsigned"));
  m.describe("both Booth radix-4 recoded; one non-zero term pair per lane per cycle; zero operands skipped.");
  blocks::handshake_ports(m, WY, "sum over lanes of w[i] * a[i]");
  m.input("a", L * s.wa, fmt::format("activations, lane i at [i*{0} +: {0}], sampled with start", s.wa));
  m.input("w", L * s.ww, fmt::format("weights, lane i at [i*{0} +: {0}], sampled with start", s.ww));

  m.comment("Control: busy from the load until the busiest lane has run out of term pairs.");
  m.signal("busy", 1, "a dot product is in progress");
  m.signal("first", 1, "first cycle after a load: the accumulator restarts from zero");
  m.signal("last", 1, "no lane has a term pair left after this edge");
  m.assign("ready", "~busy | last");
  m.wire("take", 1, "start & ready", "a dot product is loaded at this edge");

  m.comment("Lanes: each presents one term pair +-2^e per cycle (see " + top + "_lane).");
  arith::BitHeap heap(m, "sum", WY);
  std::string all_done;
  for (int i = 0; i < L; ++i) {
    const std::string term = m.signal(fmt::format("term{}", i), tw.tw), neg = m.signal(fmt::format("tneg{}", i), 1);
    const std::string idle = m.signal(fmt::format("idle{}", i), 1);
    m.instance(top + "_lane", fmt::format("u_lane{}", i),
               {{"clk", "clk"}, {"take", "take"}, {"a", lane_slice(m, "a", i, s.wa)},
                {"w", lane_slice(m, "w", i, s.ww)}, {"term", term}, {"neg", neg}, {"idle_next", idle}});
    heap.add_number(term, tw.tw, true);
    heap.add_bit(0, neg);
    all_done += (all_done.empty() ? "" : " & ") + idle;
  }
  m.comment("Accumulate every lane's term pair: acc_next = (first ? 0 : acc) + sum of +-2^e.");
  m.signal("acc", WY, "running sum");
  heap.add_number(m.wire("acc_base", WY, fmt::format("first ? {} : acc", vlog::lit(WY, 0))), WY, false);
  std::string acc_next = heap.emit("acc_next");
  m.assign("last", fmt::format("busy & {}", all_done));
  m.regs("clk", {{"busy", "rst_n & (take | (busy & ~last))"}, {"first", "take"}, {"acc", acc_next}});
  blocks::result_register(m, acc_next, WY);
}

QRTL_BLOCK(BlockDef{
    .name = "term_dot",
    .summary = "Laconic term-serial dot product: Booth radix-4 terms of both operands, one non-zero term pair/lane/cycle",
    .doc = R"(ports: clk, rst_n (sync, active low), start, input [L*WA-1:0] a, input [L*WW-1:0] w,
       output ready, output valid, output [WY-1:0] y;  WY = WA + WW + clog2(L)
y = sum_i w[i] * a[i] (two's complement where signed)
each operand is Booth radix-4 recoded (ceil(W/2) digits signed, ceil((W+1)/2) unsigned); every
  non-zero digit is one term +-2^e; lane i has T(a[i]) * T(w[i]) term pairs (0 if either is 0)
protocol: start is accepted at a rising edge t0 where ready = 1, sampling a and w; the dot product
  runs for C = max(1, max_i T(a[i]) * T(w[i])) cycles (edges t0+1 .. t0+C); valid pulses after
  edge t0+C; ready is high in the last cycle, so back-to-back starts come every C cycles)",
    .keys = blocks::temporal_keys(),
    .build = build_term_dot,
    .latency = handshake_latency,
});

}  // namespace
}  // namespace qrtl
