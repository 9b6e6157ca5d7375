#include "blocks/apack_common.h"

#include <fmt/format.h>

namespace qrtl::blocks::apack {

namespace {

// sig[l*w +: w] or sig itself when the whole bus is one bit.
std::string lane_slice(const std::string& sig, int w, int l, int lanes) {
  if (w * lanes == 1) return sig;
  return vlog::slice(sig, l * w + w - 1, l * w);
}

}  // namespace

void build_top(vlog::Design& d, const std::string& top, int lanes, const std::vector<Field>& fields,
               const LaneShape& shape, const std::vector<std::string>& doc,
               void (*build_lane)(vlog::Design&, const std::string&)) {
  vlog::Module& m = d.modules.emplace_back(top);
  for (const auto& l : doc) m.describe(l);
  m.input("clk", 1, "rising-edge clock");
  m.input("rst_n", 1, "synchronous active-low reset of the lane controllers (not the table)");
  m.input("tbl_we", 1, "table write strobe");
  m.input("tbl_addr", 5, "0..15: group entry, 16: configuration (bit 0 = signed key order)");
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

  m.localparam("CFG_ADDR", "5'd16", "address of the configuration word");
  m.signal("key_signed_q", 1, "1: values are int8 (key = value ^ 0x80), 0: uint8");
  for (const auto& f : fields)
    m.signal(fmt::format("tbl_{}_q", f.name), kEntries * f.width, fmt::format("{}, 16 entries", f.help));
  m.comment("Table and configuration registers: written by the host before a tensor, read by all lanes.");
  m.regs("clk", {{"key_signed_q", "tbl_data[0]", ""}}, "tbl_we && tbl_addr == CFG_ADDR");
  m.begin_loop("g", kEntries, "entry");
  std::vector<vlog::RegAssign> entry;
  int lsb = 0;
  for (const auto& f : fields) {
    entry.push_back({fmt::format("tbl_{0}_q[g*{1} +: {1}]", f.name, f.width), vlog::slice("tbl_data", lsb + f.width - 1, lsb), ""});
    lsb += f.width;
  }
  m.regs("clk", entry, "tbl_we && tbl_addr == 5'(g)");
  m.end_loop();
  for (int l = 0; l < lanes; ++l) {
    std::vector<vlog::Connection> c = {{"clk", "clk"}, {"rst_n", "rst_n"}, {"key_signed", "key_signed_q"}};
    for (const auto& f : fields) c.push_back({"tbl_" + f.name, fmt::format("tbl_{}_q", f.name)});
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
  build_lane(d, top + "_lane");  // after the last use of m: it may move
}

void lane_ports(vlog::Module& m, const std::vector<Field>& fields, const LaneShape& shape) {
  m.input("clk", 1);
  m.input("rst_n", 1);
  m.input("key_signed", 1, "signed key order");
  for (const auto& f : fields) m.input("tbl_" + f.name, kEntries * f.width, f.help);
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

void select_fields(vlog::Module& m, const std::string& onehot, const std::vector<Field>& fields) {
  m.comment("Entry fields of the selected group: an AND-OR multiplexer over the one-hot select.");
  for (const auto& f : fields) {
    std::vector<std::string> terms;
    for (int g = 0; g < kEntries; ++g)
      terms.push_back(fmt::format("(tbl_{0}[{1}:{2}] & {{{3}{{{4}[{5}]}}}})", f.name, (g + 1) * f.width - 1, g * f.width,
                                  f.width, onehot, g));
    m.wire("grp_" + f.name, f.width, fmt::format("{}", fmt::join(terms, " | ")), f.help + " of the selected group");
  }
}

void thermometer_select(vlog::Module& m, const std::string& name, const std::string& probe, int probe_width,
                        const Field& key) {
  const std::string match = name + "_match";
  m.signal(match, kEntries, fmt::format("entry g matches: tbl_{}[g] <= {}", key.name, probe));
  m.signal(name, kEntries, "the highest matching entry, one-hot");
  std::string p = probe_width < key.width ? fmt::format("{{{}'d0, {}}}", key.width - probe_width, probe) : probe;
  m.begin_loop("g", kEntries, "match_entry");
  m.assign(fmt::format("{}[g]", match), fmt::format("tbl_{}[g*{} +: {}] <= {}", key.name, key.width, key.width, p));
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
  return fmt::format("ports: clk, rst_n; tbl_we, tbl_addr[4:0], tbl_data[{}:0] (table write port);\n"
                     "per lane l: cnt_valid/cnt_ready/cnt_data[32] (substream value count), in_valid/in_ready/\n",
                     entry_bits(fields) - 1);
}

}  // namespace qrtl::blocks::apack
