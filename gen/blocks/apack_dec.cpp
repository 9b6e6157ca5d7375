// apack_dec: APack decoder, N lanes of one value per cycle. Each lane reads its substream's 32-bit
// rANS start state (two 16-bit words, low first), then per value: slot = x mod 2^12 picks the group
// (the highest entry with cum <= slot), y = f*(x >> 12) + slot - cum carries the offset in its low
// w bits, x = y >> w, and when x < 2^16 one more word is shifted in. The multiply, the slot lookup
// and the optional word read fit one cycle, so a lane delivers one value per cycle.
#include <fmt/format.h>

#include "arith/bitheap.h"
#include "blocks/apack_common.h"
#include "registry.h"

namespace qrtl {
namespace {

using blocks::apack::Field;

const std::vector<Field>& dec_fields() {
  static const std::vector<Field> f = {{"base", 8, "first key of the group"},
                                       {"width", 4, "offset bits w (group size 2^w)"},
                                       {"freq", 13, "group frequency f out of 4096"},
                                       {"cum", 13, "sum of the frequencies before it (4096 = unused entry)"}};
  return f;
}

const blocks::apack::LaneShape kDecShape = {16, 8, "16-bit word of the lane stream, in stored order",
                                         "decoded value byte, in tensor order", true};

void build_dec_lane(vlog::Design& d, const std::string& name, const blocks::apack::ContextShape& ctx) {
  vlog::Module& m = d.modules.emplace_back(name);
  m.describe("One decoder lane: count command, 16-bit words in, values out.");
  m.describe("A value leaves the output register 1 cycle after the step that decodes it.");
  blocks::apack::lane_ports(m, dec_fields(), kDecShape, ctx);
  blocks::apack::lane_constants(m,
                                {{{"ST_IDLE", "waiting for a count"},
                                  {"ST_LOAD_LO", "reading the start state's low word"},
                                  {"ST_LOAD_HI", "reading the start state's high word"},
                                  {"ST_RUN", "decoding values"}}},
                                "rANS end state 2^16 (state range [2^16, 2^32))");
  m.signal("st", 2, "lane state");
  m.signal("x", 32, "rANS state");
  m.signal("remaining", 32, "values left in the substream");
  m.signal("err_q", 1, "the last substream ended in a state other than 2^16");
  blocks::apack::output_register(m, 8);

  const int hist_bits = 8 * ctx.hist;
  if (ctx.active()) {
    m.signal("hist", hist_bits, "the lane's last values, newest in [7:0] (zeros at a substream's start)");
    blocks::apack::history_byte(m, ctx, "nb", "nb_dist", "hist_shift", "the value nb_dist values back in this lane",
                                "bit position of the neighbour");
  }
  const std::string table = blocks::apack::context_table(m, dec_fields(), ctx, "nb");
  m.comment("Group: the highest entry whose cumulative frequency is <= slot.");
  m.wire("slot", 12, "x[11:0]", "x mod 2^12");
  m.wire("x_hi", 20, "x[31:12]", "floor(x / 2^12)");
  blocks::apack::thermometer_select(m, "grp_sel", "slot", 12, dec_fields()[3], table);
  blocks::apack::select_fields(m, "grp_sel", dec_fields(), table);
  m.comment("y = f * floor(x / 2^12) + slot - cum < f * 2^20 <= 2^32: one bit heap, modulo 2^32.");
  arith::BitHeap heap(m, "y", 32);
  heap.add_product("grp_freq", 13, false, "x_hi", 20, false);
  heap.add_number("slot", 12, false);
  for (int i = 0; i < 13; ++i) heap.sub_bit(i, vlog::bit("grp_cum", i));
  const std::string y = heap.emit("y");
  m.wire("offset", 8, fmt::format("{}[7:0] & ~(8'hff << grp_width)", y), "low w bits of y");
  m.wire("value", 8, "(grp_base + offset) ^ {key_signed, 7'd0}", "decoded byte");
  m.wire("x_dec", 32, fmt::format("{} >> grp_width", y), "state after the value");
  m.wire("need_word", 1, "x_dec[31:16] == 16'd0", "x_dec < 2^16: shift in one word");
  m.wire("x_next", 32, "need_word ? {x_dec[15:0], in_data} : x_dec");

  m.comment("Lane controller.");
  m.assign("cnt_ready", "st == ST_IDLE");
  m.wire("loading", 1, "st == ST_LOAD_LO || st == ST_LOAD_HI");
  m.assign("in_ready", "loading || (st == ST_RUN && can_push && need_word)");
  m.wire("step", 1, "st == ST_RUN && can_push && (!need_word || in_valid)", "a value is decoded this cycle");
  m.wire("last_value", 1, "remaining == 32'd1");
  m.wire("x_loaded", 32, "{in_data, x[15:0]}", "start state once its high word arrives");
  m.assign("push", "step");
  m.assign("push_data", "value");
  m.assign("push_last", "last_value");
  m.assign("err", "err_q");
  m.wire("start", 1, "st == ST_IDLE && cnt_valid", "a count arrives: the next substream begins");
  m.wire("loaded", 1, "st == ST_LOAD_HI && in_valid", "the start state is complete");
  m.wire("done", 1, "(loaded && remaining == 32'd0) || (step && last_value)", "the substream ends this cycle");
  m.wire("x_end", 32, "st == ST_LOAD_HI ? x_loaded : x_next", "the state it ends in");
  m.wire("st_next", 2,
         "start ? ST_LOAD_LO : (st == ST_LOAD_LO && in_valid) ? ST_LOAD_HI : done ? ST_IDLE : loaded ? ST_RUN : st");
  m.regs("clk", {{"st", "st_next", "ST_IDLE"}, {"err_q", "start ? 1'b0 : done ? x_end != STATE_LOW : err_q", "1'b0"}}, "",
         "rst_n");
  m.regs("clk", {{"x", "st == ST_LOAD_LO ? {16'd0, in_data} : st == ST_LOAD_HI ? x_loaded : x_next", ""}},
         "rst_n && ((loading && in_valid) || step)");
  m.regs("clk", {{"remaining", "start ? cnt_data : remaining - 32'd1", ""}}, "rst_n && (start || step)");
  if (ctx.active())
    m.regs("clk",
           {{"hist",
             fmt::format("start ? {}'d0 : {}", hist_bits, blocks::apack::history_shift_in(ctx, "value")),
             ""}},
           "rst_n && (start || step)");
}

void build_apack_dec(vlog::Design& d, const Params& p, const std::string& top) {
  const int lanes = static_cast<int>(p.i("lanes"));
  const blocks::apack::ContextShape ctx = blocks::apack::context_shape(p);
  std::vector<std::string> doc = {
      fmt::format("APack decoder, {} lane(s), one value per cycle per lane (stalls only on out_ready low or", lanes),
      "a missing input word). Lane l decodes one substream per count command: 16-bit words in (the lane",
      "stream of docs/apack-format.md, in stored order), cnt_data values out with out_last on the last.",
      "tbl_data (38 bits) for entries 0..15: [7:0] base, [11:8] width, [24:12] freq, [37:25] cum;",
      "unused entries: cum = 4096. err: the substream did not end in the start state (corrupted stream).",
      "Latency: 2 cycles to load the start state, then a value leaves 1 cycle after its step."};
  blocks::apack::build_top(d, top, lanes, dec_fields(), kDecShape, ctx, doc, build_dec_lane);
}

QRTL_BLOCK(BlockDef{
    .name = "apack_dec",
    .summary = "APack decoder: N rANS lanes, table loaded at run time, 1 value/cycle/lane",
    .doc = blocks::apack::ports_doc(dec_fields()) + R"(in_data[16] (lane stream words in stored order), out_valid/out_ready/out_data[8]/out_last
(values in tensor order), err (sticky: last substream ended in a wrong state)
throughput: one value per cycle per lane while out_ready is high and words are available)",
    .keys = blocks::apack::block_keys(),
    .check = [](const Params& p) { blocks::apack::check_keys("apack_dec", p); },
    .build = build_apack_dec,
    .latency = handshake_latency,
});

}  // namespace
}  // namespace qrtl
