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

// Booth digit j of lane i of op from the bit triple (x[2j+1], x[2j], x[2j-1]); bits below 0 are 0
// and bits above the width repeat the sign (0 when unsigned). Declares {n}_{nz,neg,dbl}{i}.
void recode(vlog::Module& m, const blocks::DigitOperand& op, int i) {
  const std::string x = op.name;
  auto bit = [&](int k) -> std::string {
    if (k < 0 || (k >= op.width && !op.is_signed)) return "1'b0";
    return blocks::pick_bit(m, x, i * op.width + std::min(k, op.width - 1));
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
  m.wire(fmt::format("{}_nz{}", x, i), D, "{" + nz + "}", "Booth digit is non-zero: one term");
  m.wire(fmt::format("{}_neg{}", x, i), D, "{" + neg + "}", "term is negative");
  m.wire(fmt::format("{}_dbl{}", x, i), D, "{" + dbl + "}", "digit is +-2: term 2^(2j+1), else 2^(2j)");
}

// The lowest remaining term of lane i of op: {n}_low{i} (one-hot), {n}_e{i} (exponent), {n}_s{i} (sign).
void lowest_term(vlog::Module& m, const blocks::DigitOperand& op, int i) {
  const std::string n = op.name, rem = fmt::format("{}_rem{}", n, i), low = fmt::format("{}_low{}", n, i);
  const int D = op.digits;
  m.wire(low, D, fmt::format("{0} & (~{0} + {1})", rem, vlog::lit(D, 1)), "lowest remaining term, one-hot");
  std::string idx;
  for (int bitpos = op.index_bits - 1; bitpos >= 0; --bitpos) {
    std::string ors;
    for (int j = 0; j < D; ++j)
      if ((j >> bitpos) & 1) ors += (ors.empty() ? "" : " | ") + blocks::pick_bit(m, low, j);
    idx += (idx.empty() ? "" : ", ") + (ors.empty() ? std::string("1'b0") : ors);
  }
  m.wire(fmt::format("{}_e{}", n, i), op.index_bits + 1,
         fmt::format("{{{}, |({} & {}_dbl_q{})}}", idx, low, n, i), "exponent 2j + (digit is +-2)");
  m.wire(fmt::format("{}_s{}", n, i), 1, fmt::format("|({} & {}_neg_q{})", low, n, i));
}

void build(vlog::Design& d, const Params& prm, const std::string& top) {
  const blocks::TemporalShape s = blocks::temporal_shape(prm);
  const int L = s.lanes, WY = s.wy;
  // Booth radix-4 digits: ceil(W/2) for a signed operand, ceil((W+1)/2) for an unsigned one.
  const auto a = blocks::digit_operand("a", s.wa, s.as, (s.wa + (s.as ? 0 : 1) + 1) / 2);
  const auto w = blocks::digit_operand("w", s.ww, s.ws, (s.ww + (s.ws ? 0 : 1) + 1) / 2);
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Laconic term-serial dot product: {} lanes of {}-bit {} activations x {}-bit {} weights,", L,
                         s.wa, s.as ? "signed" : "unsigned", s.ww, s.ws ? "signed" : "unsigned"));
  m.describe("both Booth radix-4 recoded; one non-zero term pair per lane per cycle; zero operands skipped.");
  blocks::handshake_ports(m, WY, "sum over lanes of w[i] * a[i]");
  m.input("a", L * s.wa, "activations, lane i at [i*WA +: WA], sampled with start");
  m.input("w", L * s.ww, "weights, lane i at [i*WW +: WW], sampled with start");

  m.comment("Control: busy from the load until the busiest lane has run out of term pairs.");
  m.signal("busy", 1, "a dot product is in progress");
  m.signal("first", 1, "first cycle after a load: the accumulator restarts from zero");
  m.signal("last", 1, "no lane has a term pair left after this edge");
  m.assign("ready", "~busy | last");
  m.wire("take", 1, "start & ready", "a dot product is loaded at this edge");

  const int EW = 2 * a.digits + 2 * w.digits - 1;  // exponents 0 .. 2*(Da-1)+1 + 2*(Dw-1)+1
  const int OW = std::min(EW, WY), TW = std::min(EW + 1, WY);
  const int EXW = std::max(a.index_bits, w.index_bits) + 2;
  arith::BitHeap heap(m, "sum", WY);
  std::string all_done;
  for (int i = 0; i < L; ++i) {
    m.comment(fmt::format("Lane {}: recode at load, then walk a's terms (outer) x w's terms (inner).", i));
    recode(m, a, i);
    recode(m, w, i);
    const std::string ar = fmt::format("a_rem{}", i), wr = fmt::format("w_rem{}", i), wa = fmt::format("w_all{}", i);
    m.wire(fmt::format("a_load{}", i), a.digits,
           fmt::format("(|w_nz{0}) ? a_nz{0} : {1}", i, vlog::lit(a.digits, 0)), "a zero weight has no term pairs");
    m.signal(ar, a.digits, "activation terms not yet finished");
    m.signal(wr, w.digits, "weight terms still to pair with the current activation term");
    m.reg("clk", wa, w.digits, fmt::format("take ? w_nz{} : {}", i, wa), "all weight terms, to restart the inner walk");
    for (const char* f : {"neg", "dbl"}) {
      m.reg("clk", fmt::format("a_{}_q{}", f, i), a.digits, fmt::format("take ? a_{0}{1} : a_{0}_q{1}", f, i));
      m.reg("clk", fmt::format("w_{}_q{}", f, i), w.digits, fmt::format("take ? w_{0}{1} : w_{0}_q{1}", f, i));
    }
    lowest_term(m, a, i);
    lowest_term(m, w, i);
    const std::string act = m.wire(fmt::format("act{}", i), 1, "|" + ar, "lane has a term pair this cycle");
    m.wire(fmt::format("w_next{}", i), w.digits, fmt::format("{} & ~w_low{}", wr, i));
    m.wire(fmt::format("wrap{}", i), 1, fmt::format("w_next{} == {}", i, vlog::lit(w.digits, 0)),
           "last weight term: move to the next activation term");
    m.wire(fmt::format("a_next{}", i), a.digits, fmt::format("wrap{0} ? {1} & ~a_low{0} : {1}", i, ar));
    m.regs("clk", {{ar, fmt::format("take ? a_load{0} : a_next{0}", i)},
                   {wr, fmt::format("take ? w_nz{0} : (wrap{0} ? {1} : w_next{0})", i, wa)}});
    all_done += fmt::format("{}(a_next{} == {})", all_done.empty() ? "" : " & ", i, vlog::lit(a.digits, 0));

    const std::string e = m.wire(fmt::format("e{}", i), EXW,
                                 fmt::format("{}'(a_e{}) + {}'(w_e{})", EXW, i, EXW, i), "exponent of the term pair");
    const std::string neg = m.wire(fmt::format("tneg{}", i), 1, fmt::format("{} & (a_s{} ^ w_s{})", act, i, i));
    std::string onehot;
    for (int c = OW - 1; c >= 0; --c)
      onehot += fmt::format("{}({} == {})", onehot.empty() ? "" : ", ", e, vlog::lit(EXW, c));
    m.wire(fmt::format("pow{}", i), OW, fmt::format("{{{}{{{}}}}} & {{{}}}", OW, act, onehot),
           "2^e one-hot (zero when the lane is idle)");
    std::string val = TW > OW ? fmt::format("{{1'b0, pow{}}}", i) : fmt::format("pow{}", i);
    heap.add_number(m.wire(fmt::format("term{}", i), TW, fmt::format("{} ^ {{{}{{{}}}}}", val, TW, neg),
                           "+-2^e as two's complement: invert here, +1 below"),
                    TW, true);
    heap.add_bit(0, neg);
  }
  m.comment("Accumulate every lane's term pair: acc_next = (first ? 0 : acc) + sum of +-2^e.");
  m.signal("acc", WY, "running sum");
  heap.add_number(m.wire("acc_base", WY, fmt::format("first ? {} : acc", vlog::lit(WY, 0))), WY, false);
  std::string acc_next = heap.emit("acc_next");
  m.assign("last", fmt::format("busy & {}", all_done));
  m.regs("clk", {{"busy", "rst_n & (take | (busy & ~last))"}, {"first", "take"}, {"acc", acc_next}});
  blocks::result_register(m, acc_next, WY);
}

BlockDef make() {
  BlockDef def = blocks::temporal_block(
      "term_dot", "Laconic term-serial dot product: Booth radix-4 terms of both operands, one non-zero term pair/lane/cycle",
      {"ports: clk, rst_n (sync, active low), start, input [L*WA-1:0] a, input [L*WW-1:0] w,",
       "       output ready, output valid, output [WY-1:0] y;  WY = WA + WW + clog2(L)",
       "y = sum_i w[i] * a[i] (two's complement where signed)",
       "each operand is Booth radix-4 recoded (ceil(W/2) digits signed, ceil((W+1)/2) unsigned); every",
       "  non-zero digit is one term +-2^e; lane i has T(a[i]) * T(w[i]) term pairs (0 if either is 0)",
       "protocol: start is accepted at a rising edge t0 where ready = 1, sampling a and w; the dot product",
       "  runs for C = max(1, max_i T(a[i]) * T(w[i])) cycles (edges t0+1 .. t0+C); valid pulses after",
       "  edge t0+C; ready is high in the last cycle, so back-to-back starts come every C cycles"},
      build);
  return def;
}

QRTL_BLOCK(make);

}  // namespace
}  // namespace qrtl
