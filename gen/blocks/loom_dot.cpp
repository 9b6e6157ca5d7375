// loom_dot: Loom-style dot product with both operands serial. Weights and activations are cut
// into digits of bpc bits (1, 2 or 4); each cycle every lane multiplies one activation digit by one
// weight digit (a bpc x bpc multiplier), so a dot product at precisions pa, pw takes exactly
// ceil(pa/bpc) * ceil(pw/bpc) cycles. Order: for each weight digit (most significant first) all
// activation digits (most significant first). An inner accumulator s builds sum_i wd[i]*a[i] by
// Horner's rule (s = s*2^bpc + sum_i wd[i]*ad[i]); after the last activation digit an outer
// accumulator folds it in: t = t*2^bpc + s. Both doublings are shifts by a constant, no barrel
// shifter. Operands are loaded in parallel with start (the activation digits are replayed once per
// weight digit, so they must be held; the weight digits too, to keep one port per operand) and
// extended at load time from their runtime precision to whole digits: the top digit of a
// two's-complement operand is then read as signed.
#include <fmt/format.h>

#include "arith/bitheap.h"
#include "bits.h"
#include "blocks/temporal_common.h"
#include "errors.h"
#include "registry.h"

namespace qrtl {
namespace {

using blocks::lane_slice;


// Declares the precision clamp, the digit count, the extended operand registers and the digit
// counter of op; returns nothing, all names are derived from op.name.
void operand_load(vlog::Module& m, const blocks::DigitOperand& op, int L, int b) {
  const std::string n = op.name, P = "p" + n;
  const int PW = blocks::precision_port_width(op.width), X = op.digits * b;
  const std::string pe = blocks::clamp_precision(m, P + "_eff", P, op.width);
  std::string keep, sel;
  for (int k = op.width - 1; k >= 0; --k) {
    keep += fmt::format("{}({} > {})", keep.empty() ? "" : ", ", pe, vlog::lit(PW, k));
    sel += fmt::format("{}({} == {})", sel.empty() ? "" : ", ", pe, vlog::lit(PW, k + 1));
  }
  m.wire(n + "_keep", op.width, "{" + keep + "}", fmt::format("bits of {} inside the precision", n));
  if (op.is_signed) m.wire(n + "_msb", op.width, "{" + sel + "}", fmt::format("one-hot: the sign bit of {}", n));
  std::string ext;
  for (int i = L - 1; i >= 0; --i) {
    std::string li = lane_slice(m, n, i, op.width);
    std::string v = fmt::format("({} & {}_keep)", li, n);
    if (op.is_signed) {
      std::string sgn = m.wire(fmt::format("{}_sign{}", n, i), 1, fmt::format("|({} & {}_msb)", li, n));
      v = fmt::format("({} | ({{{}{{{}}}}} & ~{}_keep))", v, op.width, sgn, n);
      if (X == op.width + 1) v = fmt::format("{{{}, {}}}", sgn, v);
      if (X > op.width + 1) v = fmt::format("{{{{{}{{{}}}}}, {}}}", X - op.width, sgn, v);
    } else if (X > op.width) {
      v = fmt::format("{{{}, ({})}}", vlog::lit(X - op.width, 0), v);
    }
    ext += (ext.empty() ? "" : ", ") + v;
  }
  m.wire(n + "_ext", L * X, "{" + ext + "}",
         fmt::format("{} cut to its precision and {}-extended to {} whole digits", n, op.is_signed ? "sign" : "zero",
                     op.digits));
  m.reg("clk", n + "_q", L * X, fmt::format("take ? {0}_ext : {0}_q", n), "operand registers");
  const int lg = clog2(b);
  m.wire(n + "_last_digit", op.index_bits,
         fmt::format("{}'((({{1'b0, {}}} + {}) >> {}) - {})", op.index_bits, pe, vlog::lit(PW + 1, b - 1), lg,
                     vlog::lit(PW + 1, 1)),
         fmt::format("ceil({}/bpc) - 1: index of the most significant digit", pe));
  m.reg("clk", n + "_top", op.index_bits, fmt::format("take ? {0}_last_digit : {0}_top", n),
        "most significant digit of this dot product");
}

// Digit k(op) of every lane as a (b+1)-bit two's complement number: digit{i} wires.
void operand_digits(vlog::Module& m, const blocks::DigitOperand& op, int L, int b) {
  const std::string n = op.name, X = std::to_string(op.digits * b);
  const std::string k = n + "_k";
  std::string onehot;
  for (int j = op.digits - 1; j >= 0; --j)
    onehot += fmt::format("{}({} == {})", onehot.empty() ? "" : ", ", k, vlog::lit(op.index_bits, j));
  m.wire(n + "_sel", op.digits, "{" + onehot + "}", "one-hot digit select");
  m.wire(n + "_first", 1, fmt::format("{}_k == {}_top", n, n), "most significant digit of this dot product");
  for (int i = 0; i < L; ++i) {
    std::string mux;
    for (int j = 0; j < op.digits; ++j)
      mux += fmt::format("{}({{{}{{{}}}}} & {})", mux.empty() ? "" : " | ", b, blocks::pick_bit(m, n + "_sel", j),
                         vlog::pick(m, n + "_q", i * op.digits * b + j * b + b - 1, i * op.digits * b + j * b));
    std::string d = m.wire(fmt::format("{}_dig{}", n, i), b, mux);
    std::string top = op.is_signed ? fmt::format("{}_first & {}", n, blocks::pick_bit(m, d, b - 1)) : "1'b0";
    m.wire(fmt::format("{}_digx{}", n, i), b + 1, fmt::format("{{{}, {}}}", top, d),
           "digit, sign-extended when it is the signed top digit");
  }
}

void build_loom_dot(vlog::Design& d, const Params& prm, const std::string& top) {
  const blocks::TemporalShape s = blocks::temporal_shape(prm);
  const int L = s.lanes, WY = s.wy, b = static_cast<int>(prm.i("bpc"));
  // Digits of bpc bits: ND = ceil(width / bpc) per operand.
  const auto a = blocks::digit_operand("a", s.wa, s.as, (s.wa + b - 1) / b);
  const auto w = blocks::digit_operand("w", s.ww, s.ws, (s.ww + b - 1) / b);
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Loom serial dot product: {} lanes, {} bit(s) of each operand per cycle,", L, b));
  m.describe(fmt::format("{}-bit {} activations x {}-bit {} weights at runtime precisions pa, pw:", s.wa,
                         s.as ? "signed" : "unsigned", s.ww, s.ws ? "signed" : "unsigned"));
  m.describe("ceil(pa/bpc) * ceil(pw/bpc) cycles per dot product.");
  blocks::handshake_ports(m, WY, "sum over lanes of (low pw bits of w[i]) * (low pa bits of a[i])");
  m.input("pa", blocks::precision_port_width(s.wa),
          fmt::format("activation precision (0 or above {0} means {0}), sampled with start", s.wa));
  m.input("pw", blocks::precision_port_width(s.ww),
          fmt::format("weight precision (0 or above {0} means {0}), sampled with start", s.ww));
  m.input("a", L * s.wa, fmt::format("activations, lane i at [i*{0} +: {0}], sampled with start", s.wa));
  m.input("w", L * s.ww, fmt::format("weights, lane i at [i*{0} +: {0}], sampled with start", s.ww));

  m.comment("Control: a_k walks the activation digits down from a_top for each weight digit w_k.");
  m.signal("busy", 1, "a dot product is in progress");
  m.signal("a_k", a.index_bits, "activation digit of this cycle");
  m.signal("w_k", w.index_bits, "weight digit of this cycle");
  m.wire("a_done", 1, fmt::format("a_k == {}", vlog::lit(a.index_bits, 0)), "last activation digit of this weight digit");
  m.wire("last", 1, fmt::format("busy & a_done & (w_k == {})", vlog::lit(w.index_bits, 0)), "last cycle of the dot product");
  m.assign("ready", "~busy | last");
  m.wire("take", 1, "start & ready", "a dot product is loaded at this edge");
  operand_load(m, a, L, b);
  operand_load(m, w, L, b);
  m.regs("clk", {{"busy", "rst_n & (take | (busy & ~last))"},
                 {"a_k", fmt::format("take ? a_last_digit : (a_done ? a_top : a_k - {})", vlog::lit(a.index_bits, 1))},
                 {"w_k", fmt::format("take ? w_last_digit : (a_done ? w_k - {} : w_k)", vlog::lit(w.index_bits, 1))}});

  m.comment("Digits of this cycle.");
  operand_digits(m, a, L, b);
  operand_digits(m, w, L, b);

  m.comment(fmt::format("Inner accumulator: s = s*2^{} + sum_i wd[i]*ad[i], restarted at the top activation digit.", b));
  const int WS = std::min(WY, s.wa + b + clog2(L) + 1);
  m.comment(fmt::format("Inner sum width {}: |s| <= {} * 2^({} + {}) (or the result width if smaller).", WS, L, b, s.wa));
  arith::BitHeap inner(m, "inner", WS);
  for (int i = 0; i < L; ++i)
    inner.add_product(fmt::format("a_digx{}", i), b + 1, true, fmt::format("w_digx{}", i), b + 1, true);
  if (WS > b) {
    m.signal("s", WS - b, "inner sum; only the bits that survive the shift are kept");
    inner.add_number(m.wire("s_base", WS - b, fmt::format("a_first ? {} : s", vlog::lit(WS - b, 0))), WS - b,
                     false, b);
  }
  std::string s_next = inner.emit("s_next");
  if (WS > b) m.regs("clk", {{"s", vlog::pick(m, s_next, WS - b - 1, 0)}});

  m.comment(fmt::format("Outer accumulator: t = t*2^{} + s after the last activation digit of each weight digit.", b));
  arith::BitHeap outer(m, "outer", WY);
  outer.add_number(s_next, WS, true);
  if (WY > b) {
    m.signal("t", WY - b, "outer sum; only the bits that survive the shift are kept");
    outer.add_number(m.wire("t_base", WY - b, fmt::format("w_first ? {} : t", vlog::lit(WY - b, 0))), WY - b,
                     false, b);
  }
  std::string t_next = outer.emit("t_next");
  if (WY > b) m.regs("clk", {{"t", fmt::format("a_done ? {} : t", vlog::pick(m, t_next, WY - b - 1, 0))}});
  blocks::result_register(m, t_next, WY);
}

QRTL_BLOCK(BlockDef{
    .name = "loom_dot",
    .summary = "Loom dot product, both operands serial at bpc = 1/2/4 bits per cycle: ceil(pa/bpc)*ceil(pw/bpc) cycles",
    .doc = R"(ports: clk, rst_n (sync, active low), start, input [PAW-1:0] pa, input [PWW-1:0] pw,
       input [L*WA-1:0] a, input [L*WW-1:0] w, output ready, output valid, output [WY-1:0] y;
       PAW = clog2(WA+1), PWW = clog2(WW+1), WY = WA + WW + clog2(L)
y = sum_i (low pw bits of w[i]) * (low pa bits of a[i]), two's complement where signed; pa = 0 or
  above WA means WA, pw likewise; bits above the precision are ignored
protocol: start is accepted at a rising edge t0 where ready = 1, sampling pa, pw, a and w; the dot
  product then runs for C = ceil(pa/bpc) * ceil(pw/bpc) cycles (edges t0+1 .. t0+C); valid pulses
  after edge t0+C; ready is high in the last cycle, so a new start can be accepted at edge t0+C:
  back to back, one dot product every C cycles
cycle formula implemented: C = ceil(pa_eff/bpc) * ceil(pw_eff/bpc), exactly (no setup cycle))",
    .keys = blocks::temporal_keys({KeyDef::choice("bpc", "1", {"1", "2", "4"}, "bits of each operand processed per cycle")}),
    .check = [](const Params& p) {
      for (const char* k : {"wa", "ww"})
        if (p.i(k) < p.i("bpc"))
          throw UsageError(fmt::format("loom_dot: {}={} is narrower than one digit (bpc={})", k, p.i(k), p.i("bpc")));
    },
    .build = build_loom_dot,
    .latency = handshake_latency,
});

}  // namespace
}  // namespace qrtl
