// apack_enc: APack encoder, N lanes of one value per cycle. Each lane codes its substream with a
// 32-bit rANS state over (group, offset): per value it renormalizes (emits at most one 16-bit word),
// then x' = floor(t/f)*2^12 + (t mod f) + cum with t = x*2^w + offset. The division by the group
// frequency f is a multiplication by the reciprocal the host loads with the table (exact for every
// 32-bit t, Granlund-Montgomery), so a value costs one cycle. rANS is last-in first-out: a lane
// takes its values LAST FIRST and emits the words in reverse order of the stored stream.
#include <fmt/format.h>

#include "arith/bitheap.h"
#include "blocks/apack_common.h"
#include "registry.h"

namespace qrtl {
namespace {

using blocks::apack::Field;

const std::vector<Field>& enc_fields() {
  static const std::vector<Field> f = {
      {"base", 9, "first key of the group (256 = unused entry)"},
      {"width", 4, "offset bits w (group size 2^w)"},
      {"freq", 13, "group frequency f out of 4096"},
      {"cum", 12, "sum of the frequencies of the groups before it"},
      {"rcp", 33, "reciprocal m = floor(2^(32+s)/f) + 1"},
      {"rsh", 4, "reciprocal shift s = ceil(log2 f)"}};
  return f;
}

const blocks::apack::LaneShape kEncShape = {8, 16, "value byte (the substream's values last first)",
                                         "16-bit word (emission order = reverse of the stored stream)"};

void build_enc_lane(vlog::Design& d, const std::string& name, const blocks::apack::ContextShape& ctx) {
  vlog::Module& m = d.modules.emplace_back(name);
  m.describe("One encoder lane: count command, values in (last first), 16-bit words out.");
  m.describe("Per value: one cycle; the word it emits (if any) is in the output register the next cycle.");
  if (ctx.active()) {
    m.describe("Context mode: a value is coded when its neighbour (nb_dist values earlier in tensor order, so");
    m.describe("nb_dist arrivals later) arrives; the last nb_dist values are coded after the input ends,");
    m.describe("with neighbour byte 0, one per cycle.");
  }
  m.describe("After the last value the lane emits the final state: high word, then low word (out_last).");
  blocks::apack::lane_ports(m, enc_fields(), kEncShape, ctx);
  blocks::apack::lane_constants(m,
                                {{{"ST_IDLE", "waiting for a count"},
                                  {"ST_RUN", "coding values"},
                                  {"ST_FLUSH_HI", "emitting the final state's high word"},
                                  {"ST_FLUSH_LO", "emitting the final state's low word"}}},
                                "rANS start state 2^16 (state range [2^16, 2^32))");
  m.localparam("RENORM_BITS", "5'd20", "x must stay below f * 2^(20-w) so that x' < 2^32");
  m.signal("st", 2, "lane state");
  m.signal("x", 32, "rANS state");
  m.signal("remaining", 32, "values left to code in the substream");
  blocks::apack::output_register(m, 16);
  const int hist_bits = 8 * ctx.hist, db = ctx.dist_bits();
  std::string value = "in_data";
  if (ctx.active()) {
    m.signal("in_left", 32, "values still to arrive");
    m.signal("held", db, "values arrived but not yet coded (at most nb_dist)");
    m.signal("hist", hist_bits, "the values arrived last, newest in [7:0]");
    m.comment("Coding waits for the neighbour: with nb_dist values held, an arrival is the neighbour of the");
    m.comment("oldest held value, which is coded now; after the last arrival the held values are coded");
    m.comment("oldest first with neighbour byte 0 (before the substream's start).");
    m.wire("full", 1, "held == nb_dist", "an arrival codes the oldest held value");
    m.wire("draining", 1, "st == ST_RUN && in_left == 32'd0 && held != " + vlog::lit(db, 0),
           "input over: code the held values");
    blocks::apack::history_byte(m, ctx, "oldest", "held", "held_shift", "the value coded this cycle",
                                "bit position of the oldest held value");
    m.wire("nb", 8, "draining ? 8'd0 : in_data", "its neighbour");
    value = "oldest";
  }
  const std::string table = blocks::apack::context_table(m, enc_fields(), ctx, "nb");

  m.comment("Group of the value: the highest entry whose first key is <= the value's key.");
  m.wire("key", 8, value + " ^ {key_signed, 7'd0}", "value in key order");
  blocks::apack::thermometer_select(m, "grp_sel", "key", 8, enc_fields()[0], table);
  blocks::apack::select_fields(m, "grp_sel", enc_fields(), table);
  m.wire("offset", 8, "key - grp_base[7:0]", "offset inside the group (< 2^w)");

  m.comment("Renormalization: emit the low word when x >= f * 2^(20-w), i.e. (x >> (20-w)) >= f.");
  m.wire("x_scaled", 32, "x >> (RENORM_BITS - {1'b0, grp_width})");
  m.wire("renorm", 1, "x_scaled >= {19'd0, grp_freq}", "this value emits one word");
  m.wire("x_renorm", 32, "renorm ? {16'd0, x[31:16]} : x", "x after emitting its low word");
  m.comment("t = x * 2^w + offset (< f * 2^20 <= 2^32 after renormalization).");
  m.wire("t_wide", 40, "{8'd0, x_renorm} << grp_width");
  m.wire("t", 32, "t_wide[31:0] | {24'd0, offset}");

  m.comment("q = floor(t / f) = (t * m) >> (32 + s); only the low 64 product bits reach q.");
  arith::BitHeap recip(m, "rcp", 64);
  recip.add_product("t", 32, false, "grp_rcp", 33, false);
  const std::string prod = recip.emit("rcp_prod");
  m.wire("rcp_shifted", 64, prod + " >> grp_rsh");
  m.wire("q", 20, "rcp_shifted[51:32]", "floor(t / f) < 2^20");
  m.comment("t mod f = t - q*f, which is < f <= 2^12: the low 12 bits of the difference suffice.");
  m.wire("q_lo", 12, "q[11:0]");
  m.wire("f_lo", 12, "grp_freq[11:0]");
  arith::BitHeap qf(m, "qf", 12);
  qf.add_product("q_lo", 12, false, "f_lo", 12, false);
  const std::string qf_lo = qf.emit("qf_lo");
  m.wire("rem", 12, "t[11:0] - " + qf_lo, "t mod f");
  m.wire("x_next", 32, "{q, rem + grp_cum}", "floor(t/f)*2^12 + t mod f + cum; rem + cum < 2^12");
  m.wire("lane_unused", 1,
         "^{grp_base[8], t_wide[39:32], rcp_shifted[63:52], rcp_shifted[31:0], grp_freq[12], q[19:12]}",
         "bits that are provably zero or not needed");

  m.comment("Lane controller.");
  m.assign("cnt_ready", "st == ST_IDLE");
  if (ctx.active()) {
    m.assign("in_ready", "st == ST_RUN && in_left != 32'd0 && (!full || can_push)");
    m.wire("arrive", 1, "in_valid && in_ready", "a value arrives this cycle");
    m.wire("step", 1, "(arrive && full) || (draining && can_push)", "a value is coded this cycle");
  } else {
    m.assign("in_ready", "st == ST_RUN && can_push");
    m.wire("step", 1, "in_valid && in_ready", "a value is coded this cycle");
  }
  m.wire("x_lo", 16, "x[15:0]", "renormalization word / final state low word");
  m.wire("x_hi", 16, "x[31:16]", "final state high word");
  m.comment("Output beats: one renormalization word per coded value that needs it, then the final state.");
  m.assign("push", "(step && renorm) || ((st == ST_FLUSH_HI || st == ST_FLUSH_LO) && can_push)");
  m.assign("push_data", "st == ST_FLUSH_HI ? x_hi : x_lo");
  m.assign("push_last", "st == ST_FLUSH_LO");
  m.wire("start", 1, "st == ST_IDLE && cnt_valid", "a count arrives: the next substream begins");
  m.wire("st_next", 2,
         "start ? (cnt_data == 32'd0 ? ST_FLUSH_HI : ST_RUN) : (step && remaining == 32'd1) ? ST_FLUSH_HI"
         " : (st == ST_FLUSH_HI && can_push) ? ST_FLUSH_LO : (st == ST_FLUSH_LO && can_push) ? ST_IDLE : st");
  m.regs("clk", {{"st", "st_next", "ST_IDLE"}}, "", "rst_n");
  m.regs("clk", {{"x", "start ? STATE_LOW : x_next", ""}, {"remaining", "start ? cnt_data : remaining - 32'd1", ""}},
         "rst_n && (start || step)");
  if (ctx.active()) {
    m.regs("clk",
           {{"in_left", "start ? cnt_data : in_left - 32'd1", ""},
            {"hist", blocks::apack::history_shift_in(ctx, "in_data"), ""}},
           "rst_n && (start || arrive)");
    const std::string held_next =
        fmt::format("start ? {} : (arrive && !full) ? held + 1'b1 : (draining && can_push) ? held - 1'b1 : held",
                    vlog::lit(db, 0));
    m.regs("clk", {{"held", held_next, ""}}, "rst_n && (start || arrive || draining)");
  }
}

void build_apack_enc(vlog::Design& d, const Params& p, const std::string& top) {
  const int lanes = static_cast<int>(p.i("lanes"));
  const blocks::apack::ContextShape ctx = blocks::apack::context_shape(p);
  std::vector<std::string> doc = {
      fmt::format("APack encoder, {} lane(s), one value per cycle per lane (stalls only on out_ready low).", lanes),
      "Lane l codes one substream per count command: cnt_data values (last first) in, 16-bit words out;",
      "the stored lane stream is the emitted words in reverse order, 16-bit little-endian.",
      fmt::format("tbl_data ({} bits) for entries 0..15: [8:0] base, [12:9] width, [25:13] freq, [37:26] cum,",
                  blocks::apack::entry_bits(enc_fields())),
      "[70:38] rcp, [74:71] rsh; unused entries: base = 256. Latency: a word leaves 1 cycle after its value."};
  blocks::apack::build_top(d, top, lanes, enc_fields(), kEncShape, ctx, doc, build_enc_lane);
}

QRTL_BLOCK(BlockDef{
    .name = "apack_enc",
    .summary = "APack encoder: N rANS lanes, table loaded at run time, 1 value/cycle/lane",
    .doc = blocks::apack::ports_doc(enc_fields()) + R"(in_data[8] (values, LAST FIRST), out_valid/out_ready/out_data[16]/out_last (words in
emission order; reversed they are the lane stream of docs/apack-format.md)
throughput: one value per cycle per lane while out_ready is high; a word appears 1 cycle after
the value that emits it; a substream ends with 2 flush cycles (final state hi, lo))",
    .keys = blocks::apack::block_keys(),
    .check = [](const Params& p) { blocks::apack::check_keys("apack_enc", p); },
    .build = build_apack_enc,
    .latency = handshake_latency,
});

}  // namespace
}  // namespace qrtl
