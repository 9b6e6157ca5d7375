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

const std::vector<Field>& fields() {
  static const std::vector<Field> f = {
      {"base", 9, "first key of the group (256 = unused entry)"},
      {"width", 4, "offset bits w (group size 2^w)"},
      {"freq", 13, "group frequency f out of 4096"},
      {"cum", 12, "sum of the frequencies of the groups before it"},
      {"rcp", 33, "reciprocal m = floor(2^(32+s)/f) + 1"},
      {"rsh", 4, "reciprocal shift s = ceil(log2 f)"}};
  return f;
}

const blocks::apack::LaneShape kShape = {8, 16, "value byte (the substream's values last first)",
                                         "16-bit word (emission order = reverse of the stored stream)"};

void build_lane(vlog::Design& d, const std::string& name) {
  vlog::Module& m = d.modules.emplace_back(name);
  m.describe("One encoder lane: count command, values in (last first), 16-bit words out.");
  m.describe("Per value: one cycle; the word it emits (if any) is in the output register the next cycle.");
  m.describe("After the last value the lane emits the final state: high word, then low word (out_last).");
  blocks::apack::lane_ports(m, fields(), kShape);
  blocks::apack::lane_constants(m,
                                {{{"ST_IDLE", "waiting for a count"},
                                  {"ST_RUN", "coding values"},
                                  {"ST_FLUSH_HI", "emitting the final state's high word"},
                                  {"ST_FLUSH_LO", "emitting the final state's low word"}}},
                                "rANS start state 2^16 (state range [2^16, 2^32))");
  m.localparam("RENORM_BITS", "5'd20", "x must stay below f * 2^(20-w) so that x' < 2^32");
  m.signal("st", 2, "lane state");
  m.signal("x", 32, "rANS state");
  m.signal("remaining", 32, "values left in the substream");
  blocks::apack::output_register(m, 16);

  m.comment("Group of the value: the highest entry whose first key is <= the value's key.");
  m.wire("key", 8, "in_data ^ {key_signed, 7'd0}", "value in key order");
  blocks::apack::thermometer_select(m, "grp_sel", "key", 8, fields()[0]);
  blocks::apack::select_fields(m, "grp_sel", fields());
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
  m.assign("in_ready", "st == ST_RUN && can_push");
  m.wire("step", 1, "in_valid && in_ready", "a value is coded this cycle");
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
}

void build(vlog::Design& d, const Params& p, const std::string& top) {
  const int lanes = static_cast<int>(p.i("lanes"));
  std::vector<std::string> doc = {
      fmt::format("APack encoder, {} lane(s), one value per cycle per lane (stalls only on out_ready low).", lanes),
      "Lane l codes one substream per count command: cnt_data values (last first) in, 16-bit words out;",
      "the stored lane stream is the emitted words in reverse order, 16-bit little-endian.",
      fmt::format("tbl_data ({} bits) for entries 0..15: [8:0] base, [12:9] width, [25:13] freq, [37:26] cum,",
                  blocks::apack::entry_bits(fields())),
      "[70:38] rcp, [74:71] rsh; unused entries: base = 256. Latency: a word leaves 1 cycle after its value."};
  blocks::apack::build_top(d, top, lanes, fields(), kShape, doc, build_lane);
}

QRTL_BLOCK(BlockDef{
    .name = "apack_enc",
    .summary = "APack encoder: N rANS lanes, table loaded at run time, 1 value/cycle/lane",
    .doc = blocks::apack::ports_doc(fields()) + R"(in_data[8] (values, LAST FIRST), out_valid/out_ready/out_data[16]/out_last (words in
emission order; reversed they are the lane stream of docs/apack-format.md)
throughput: one value per cycle per lane while out_ready is high; a word appears 1 cycle after
the value that emits it; a substream ends with 2 flush cycles (final state hi, lo))",
    .keys = {KeyDef::integer("lanes", 1, 1, 16, "parallel lanes")},
    .build = build,
    .latency = handshake_latency,
});

}  // namespace
}  // namespace qrtl
