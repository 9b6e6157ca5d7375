#include "blocks/apack_common.h"

#include <fmt/format.h>

#include "bits.h"
#include "errors.h"

namespace qrtl::blocks::apack {

namespace {

constexpr int kBoundBits = 9;  // a bucket's first key, 256 = unused bucket
constexpr int kDefaultHist = 64;

// sig[l*w +: w] or sig itself when the whole bus is one bit.
std::string lane_slice(const std::string& sig, int w, int l, int lanes) {
  if (w * lanes == 1) return sig;
  return vlog::slice(sig, l * w + w - 1, l * w);
}

}  // namespace

int ContextShape::dist_bits() const { return static_cast<int>(bits_of(static_cast<uint64_t>(hist))); }

std::vector<KeyDef> block_keys() {
  return {KeyDef::integer("lanes", 1, 1, 16, "parallel lanes"),
          KeyDef::choice("context", "0", {"0", "1"}, "context mode: the table is chosen per value by a neighbour's bucket"),
          KeyDef::integer("hist", kDefaultHist, 1, 256, "context mode: deepest neighbour distance, in values of one lane"),
          KeyDef::integer("tables", kMaxTables, 2, kMaxTables, "context mode: tables held (streams of at most as many buckets)")};
}

void check_keys(const std::string& block, const Params& p) {
  if (p.i("context") == 0 && p.i("hist") != kDefaultHist)
    throw UsageError(fmt::format("{}: hist={} needs context=1 (plain mode has no neighbour)", block, p.i("hist")));
  if (p.i("context") == 0 && p.i("tables") != kMaxTables)
    throw UsageError(fmt::format("{}: tables={} needs context=1 (plain mode has one table)", block, p.i("tables")));
}

ContextShape context_shape(const Params& p) {
  if (!p.i("context")) return {};
  return {static_cast<int>(p.i("hist")), static_cast<int>(p.i("tables"))};
}

void build_top(vlog::Design& d, const std::string& top, int lanes, const std::vector<Field>& fields,
               const LaneShape& shape, const ContextShape& ctx, const std::vector<std::string>& doc,
               LaneBuilder build_lane) {
  const int entries = kEntries * ctx.tables(), addr_bits = ctx.active() ? 9 : 5;
  vlog::Module& m = d.modules.emplace_back(top);
  for (const auto& l : doc) m.describe(l);
  if (ctx.active()) {
    m.describe(fmt::format("Context mode, {} tables: table c entry g at address 16c+g; each value uses the table of the",
                           ctx.tables()));
    m.describe(fmt::format("bucket of the value nb_dist (1..{}) values earlier in its lane (byte 0 before the substream's",
                           ctx.hist));
    m.describe("start); tbl_addr 256: configuration, 256+b: bucket b's first key, 272: nb_dist.");
  }
  m.input("clk", 1, "rising-edge clock");
  m.input("rst_n", 1, "synchronous active-low reset of the lane controllers (not the table)");
  m.input("tbl_we", 1, "table write strobe");
  if (ctx.active())
    m.input("tbl_addr", addr_bits,
            fmt::format("16c+g: table c entry g; 256: configuration (bit 0 = signed key order); 256+b: bucket b's "
                        "first key (b = 1..{}, 256 = unused); 272: neighbour distance", ctx.tables() - 1));
  else
    m.input("tbl_addr", addr_bits, "0..15: group entry, 16: configuration (bit 0 = signed key order)");
  m.input("tbl_data", entry_bits(fields), "entry fields, see the field list above");
  m.input("cnt_valid", lanes, "per lane: a substream value count is offered");
  m.output("cnt_ready", lanes, "per lane: idle, accepts a count (the previous substream is done)");
  m.input("cnt_data", 32 * lanes, "per lane: value count of the next substream");
  m.input("in_valid", lanes, "per lane: input beat offered");
  m.output("in_ready", lanes, "per lane: input beat accepted");
  m.input("in_data", shape.in_width * lanes, "per lane: " + shape.in_help);
  m.output("out_valid", lanes, "per lane: output beat offered");
  m.input("out_ready", lanes, "per lane: output beat accepted");
  m.output("out_data", shape.out_width * lanes, "per lane: " + shape.out_help);
  m.output("out_last", lanes, "per lane: this beat ends the substream");
  if (shape.err) m.output("err", lanes, "per lane: the last substream did not end in the rANS start state");

  m.localparam("CFG_ADDR", ctx.active() ? "9'd256" : "5'd16", "address of the configuration word");
  m.signal("key_signed_q", 1, "1: values are int8 (key = value ^ 0x80), 0: uint8");
  for (const auto& f : fields)
    m.signal(fmt::format("tbl_{}_q", f.name), entries * f.width, fmt::format("{}, {} entries", f.help, entries));
  m.comment("Table and configuration registers: written by the host before a tensor, read by all lanes.");
  m.regs("clk", {{"key_signed_q", "tbl_data[0]", ""}}, "tbl_we && tbl_addr == CFG_ADDR");
  if (ctx.active()) {
    m.localparam("DIST_ADDR", "9'd272", "address of the neighbour distance");
    m.signal("tbl_bound_q", (ctx.tables() - 1) * kBoundBits,
             fmt::format("first key of buckets 1..{} (256 = unused)", ctx.tables() - 1));
    m.signal("nb_dist_q", ctx.dist_bits(), fmt::format("neighbour distance in lane values, 1..{}", ctx.hist));
    m.regs("clk", {{"nb_dist_q", vlog::slice("tbl_data", ctx.dist_bits() - 1, 0), ""}}, "tbl_we && tbl_addr == DIST_ADDR");
    m.begin_loop("b", ctx.tables() - 1, "bucket");
    m.regs("clk", {{fmt::format("tbl_bound_q[b*{0} +: {0}]", kBoundBits), vlog::slice("tbl_data", kBoundBits - 1, 0), ""}},
           "tbl_we && tbl_addr == CFG_ADDR + 9'(b) + 9'd1");
    m.end_loop();
  }
  m.begin_loop("g", entries, "entry");
  std::vector<vlog::RegAssign> entry;
  int lsb = 0;
  for (const auto& f : fields) {
    entry.push_back({fmt::format("tbl_{0}_q[g*{1} +: {1}]", f.name, f.width), vlog::slice("tbl_data", lsb + f.width - 1, lsb), ""});
    lsb += f.width;
  }
  m.regs("clk", entry, fmt::format("tbl_we && tbl_addr == {}'(g)", addr_bits));
  m.end_loop();
  for (int l = 0; l < lanes; ++l) {
    std::vector<vlog::Connection> c = {{"clk", "clk"}, {"rst_n", "rst_n"}, {"key_signed", "key_signed_q"}};
    for (const auto& f : fields) c.push_back({"tbl_" + f.name, fmt::format("tbl_{}_q", f.name)});
    if (ctx.active()) {
      c.push_back({"tbl_bound", "tbl_bound_q"});
      c.push_back({"nb_dist", "nb_dist_q"});
    }
    c.push_back({"cnt_valid", lane_slice("cnt_valid", 1, l, lanes)});
    c.push_back({"cnt_ready", lane_slice("cnt_ready", 1, l, lanes)});
    c.push_back({"cnt_data", lane_slice("cnt_data", 32, l, lanes)});
    c.push_back({"in_valid", lane_slice("in_valid", 1, l, lanes)});
    c.push_back({"in_ready", lane_slice("in_ready", 1, l, lanes)});
    c.push_back({"in_data", lane_slice("in_data", shape.in_width, l, lanes)});
    c.push_back({"out_valid", lane_slice("out_valid", 1, l, lanes)});
    c.push_back({"out_ready", lane_slice("out_ready", 1, l, lanes)});
    c.push_back({"out_data", lane_slice("out_data", shape.out_width, l, lanes)});
    c.push_back({"out_last", lane_slice("out_last", 1, l, lanes)});
    if (shape.err) c.push_back({"err", lane_slice("err", 1, l, lanes)});
    m.instance(top + "_lane", fmt::format("lane{}", l), c);
  }
  build_lane(d, top + "_lane", ctx);  // after the last use of m: it may move
}

void lane_ports(vlog::Module& m, const std::vector<Field>& fields, const LaneShape& shape, const ContextShape& ctx) {
  m.input("clk", 1);
  m.input("rst_n", 1);
  m.input("key_signed", 1, "signed key order");
  for (const auto& f : fields) m.input("tbl_" + f.name, kEntries * ctx.tables() * f.width, f.help);
  if (ctx.active()) {
    m.input("tbl_bound", (ctx.tables() - 1) * kBoundBits,
            fmt::format("first key of buckets 1..{} (256 = unused)", ctx.tables() - 1));
    m.input("nb_dist", ctx.dist_bits(), "neighbour distance in lane values");
  }
  m.input("cnt_valid", 1);
  m.output("cnt_ready", 1);
  m.input("cnt_data", 32);
  m.input("in_valid", 1);
  m.output("in_ready", 1);
  m.input("in_data", shape.in_width, shape.in_help);
  m.output("out_valid", 1);
  m.input("out_ready", 1);
  m.output("out_data", shape.out_width, shape.out_help);
  m.output("out_last", 1);
  if (shape.err) m.output("err", 1);
}

std::string context_table(vlog::Module& m, const std::vector<Field>& fields, const ContextShape& ctx,
                          const std::string& neighbour) {
  if (!ctx.active()) return "tbl_";
  m.comment("Context: the bucket holding the neighbour's key (the highest bucket whose first key is <= it;");
  m.comment(fmt::format("bucket 0 starts at key 0) selects one of the {} tables.", ctx.tables()));
  m.wire("nb_key", 8, fmt::format("{} ^ {{key_signed, 7'd0}}", neighbour), "neighbour in key order");
  const int tables = ctx.tables();
  m.signal("bkt_match", tables, "bucket b starts at or below the neighbour's key");
  m.assign("bkt_match[0]", "1'b1");
  m.begin_loop("b", tables - 1, "bucket_match");
  m.assign("bkt_match[b + 1]", fmt::format("tbl_bound[b*{0} +: {0}] <= {{1'b0, nb_key}}", kBoundBits));
  m.end_loop();
  m.wire("bkt_sel", tables, fmt::format("bkt_match & ~{{1'b0, {}}}", vlog::slice("bkt_match", tables - 1, 1)),
         "the neighbour's bucket, one-hot");
  for (const auto& f : fields) {
    const int w = kEntries * f.width;
    std::vector<std::string> terms;
    for (int c = 0; c < tables; ++c)
      terms.push_back(fmt::format("(tbl_{0}[{1}:{2}] & {{{3}{{bkt_sel[{4}]}}}})", f.name, (c + 1) * w - 1, c * w, w, c));
    m.wire("ctab_" + f.name, w, fmt::format("{}", fmt::join(terms, " | ")), f.help + ", the bucket's table");
  }
  return "ctab_";
}

std::string history_shift_in(const ContextShape& ctx, const std::string& byte) {
  const int bits = 8 * ctx.hist;
  return bits > 8 ? fmt::format("{{hist[{}:0], {}}}", bits - 9, byte) : byte;
}

void history_byte(vlog::Module& m, const ContextShape& ctx, const std::string& name, const std::string& back,
                  const std::string& shift, const std::string& help, const std::string& shift_help) {
  m.wire(shift, ctx.dist_bits() + 3, fmt::format("{{{} - 1'b1, 3'b000}}", back), shift_help);
  m.wire(name, 8, fmt::format("8'(hist >> {})", shift), help);
}

void select_fields(vlog::Module& m, const std::string& onehot, const std::vector<Field>& fields,
                   const std::string& table) {
  m.comment("Entry fields of the selected group: an AND-OR multiplexer over the one-hot select.");
  for (const auto& f : fields) {
    std::vector<std::string> terms;
    for (int g = 0; g < kEntries; ++g)
      terms.push_back(fmt::format("({6}{0}[{1}:{2}] & {{{3}{{{4}[{5}]}}}})", f.name, (g + 1) * f.width - 1, g * f.width,
                                  f.width, onehot, g, table));
    m.wire("grp_" + f.name, f.width, fmt::format("{}", fmt::join(terms, " | ")), f.help + " of the selected group");
  }
}

void thermometer_select(vlog::Module& m, const std::string& name, const std::string& probe, int probe_width,
                        const Field& key, const std::string& table) {
  const std::string match = name + "_match";
  m.signal(match, kEntries, fmt::format("entry g matches: {}{}[g] <= {}", table, key.name, probe));
  m.signal(name, kEntries, "the highest matching entry, one-hot");
  std::string p = probe_width < key.width ? fmt::format("{{{}'d0, {}}}", key.width - probe_width, probe) : probe;
  m.begin_loop("g", kEntries, "match_entry");
  m.assign(fmt::format("{}[g]", match), fmt::format("{}{}[g*{} +: {}] <= {}", table, key.name, key.width, key.width, p));
  m.end_loop();
  m.assign(name, fmt::format("{0} & ~{{1'b0, {0}[{1}:1]}}", match, kEntries - 1));
}

void output_register(vlog::Module& m, int width) {
  m.signal("push", 1, "a beat enters the output register this cycle");
  m.signal("push_data", width);
  m.signal("push_last", 1);
  m.signal("out_valid_q", 1, "output register full");
  m.signal("out_data_q", width);
  m.signal("out_last_q", 1);
  m.wire("can_push", 1, "!out_valid_q || out_ready", "the output register is free by the next edge");
  m.regs("clk", {{"out_valid_q", "push || (out_valid_q && !out_ready)", "1'b0"}}, "", "rst_n");
  m.regs("clk", {{"out_data_q", "push_data", ""}, {"out_last_q", "push_last", ""}}, "push");
  m.assign("out_valid", "out_valid_q");
  m.assign("out_data", "out_data_q");
  m.assign("out_last", "out_last_q");
}

void lane_constants(vlog::Module& m, const std::array<std::pair<std::string, std::string>, 4>& states,
                    const std::string& state_low_help) {
  for (size_t i = 0; i < states.size(); ++i)
    m.localparam(states[i].first, fmt::format("2'd{}", i), states[i].second);
  m.localparam("STATE_LOW", "32'h0001_0000", state_low_help);
}

int entry_bits(const std::vector<Field>& fields) {
  int bits = 0;
  for (const auto& f : fields) bits += f.width;
  return bits;
}

std::string ports_doc(const std::vector<Field>& fields) {
  return fmt::format("ports: clk, rst_n; tbl_we, tbl_addr[4:0], tbl_data[{}:0] (table write port; context=1:\n"
                     "tbl_addr[8:0], table c entry g at 16c+g, configuration 256, bucket b's first key 256+b,\n"
                     "neighbour distance 272: docs/apack-format.md);\n"
                     "per lane l: cnt_valid/cnt_ready/cnt_data[32] (substream value count), in_valid/in_ready/\n",
                     entry_bits(fields) - 1);
}

}  // namespace qrtl::blocks::apack
