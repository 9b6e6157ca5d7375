// dpred_pack / dpred_unpack: a group of values stored at its detected precision (DPRed).
//
// Record layout (see verif/golden/dpred.h, the contract both blocks and the software packer share):
// rec[3:0] = p, then element i's low p bits in rec[4 + p*i +: p]; a record is 4 + G*p bits (len),
// the rest of rec is zero. The packer detects p with prec_detect (instantiated as a helper); for
// every precision q the layout is plain wiring, so both directions are an AND-OR selection among
// the w+1 fixed layouts, one select line per q.
#include <fmt/format.h>

#include "bits.h"
#include "blocks/prec_detect.h"
#include "errors.h"
#include "registry.h"

namespace qrtl::blocks {
namespace {

struct Shape {
  int group, w;
  bool sgn;
};
Shape shape(const Params& p) { return {static_cast<int>(p.i("group")), static_cast<int>(p.i("w")), p.b("signed")}; }
// "a group of 16 unsigned 8-bit values", for module descriptions.
std::string group_text(const Shape& s) {
  return fmt::format("a group of {} {} {}-bit values", s.group, s.sgn ? "signed" : "unsigned", s.w);
}

int record_bits(const Shape& s) { return kPrecFieldBits + s.group * s.w; }
int len_bits(const Shape& s) { return bits_of(static_cast<uint64_t>(record_bits(s))); }

void declare_shape(vlog::Module& m, const Shape& s) {
  m.localparam("GROUP", std::to_string(s.group), "elements per group");
  m.localparam("HEADER_BITS", std::to_string(kPrecFieldBits), "precision header at the bottom of a record");
}

// len = HEADER_BITS + GROUP * prec: the record's size in bits.
void assign_len(vlog::Module& m, const Shape& s, const std::string& prec) {
  m.assign("len", fmt::format("{}'(HEADER_BITS + GROUP * {})", len_bits(s), prec));
}

// AND-OR selection of `choices` (select line, value) into a new signal `name`.
std::string select(vlog::Module& m, const std::string& name, int width,
                   const std::vector<std::pair<std::string, std::string>>& choices) {
  std::vector<std::string> terms;
  for (const auto& [sel, value] : choices) terms.push_back(fmt::format("({{{}{{{}}}}} & {})", width, sel, value));
  return m.wire(name, width, fmt::format("{}", fmt::join(terms, "\n      | ")));
}

void build_pack(vlog::Design& d, const Params& p, const std::string& top) {
  const Shape s = shape(p);
  const int data_w = s.group * s.w;
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("DPRed packer: {} stored at its detected precision p,", group_text(s)));
  m.describe("as rec = {element GROUP-1 .. element 0 in p bits each, p}, len = 4 + GROUP*p valid bits.");
  m.input("x", data_w, fmt::format("element i in x[{}*i +: {}]", s.w, s.w));
  m.output("p", kPrecFieldBits, "detected precision of the group");
  m.output("rec", record_bits(s), "record: p in rec[3:0], element i's low p bits in rec[4+p*i +: p], zero above");
  m.output("len", len_bits(s), "record size in bits, 4 + GROUP*p");
  declare_shape(m, s);
  m.signal("prec", kPrecFieldBits, "detected precision");
  m.instance(top + "_detect", "u_detect", {{"x", "x"}, {"p", "prec"}});

  std::vector<std::pair<std::string, std::string>> choices;
  for (int q = 1; q <= s.w; ++q) {
    std::vector<std::string> parts;
    if (q < s.w) parts.push_back(fmt::format("{}'b0", (s.w - q) * s.group));
    for (int i = s.group - 1; i >= 0; --i) parts.push_back(vlog::slice("x", s.w * i + q - 1, s.w * i));
    std::string layout = q == s.w ? "x" : m.wire(fmt::format("layout_p{}", q), data_w,
                                                  fmt::format("{{{}}}", fmt::join(parts, ", ")),
                                                  fmt::format("every element cut to its low {} bit(s)", q));
    std::string sel = m.wire(fmt::format("sel_p{}", q), 1, fmt::format("prec == {}", vlog::lit(kPrecFieldBits, q)));
    choices.emplace_back(sel, layout);
  }
  m.comment(s.sgn ? "p >= 1 always (signed)" : "p = 0 (all zero) selects nothing: an empty payload");
  std::string payload = select(m, "payload", data_w, choices);
  m.assign("rec", fmt::format("{{{}, prec}}", payload));
  m.assign("p", "prec");
  assign_len(m, s, "prec");
  add_prec_detect(d, top + "_detect", s.group, s.w, s.sgn);  // after the last use of m: it may move
}

void build_unpack(vlog::Design& d, const Params& p, const std::string& top) {
  const Shape s = shape(p);
  const int data_w = s.group * s.w;
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("DPRed unpacker: restores {} from a record written by", group_text(s)));
  m.describe(fmt::format("dpred_pack; a header above {} reads as {}. Bits of rec beyond len are ignored.", s.w, s.w));
  m.input("rec", record_bits(s), "record: p in rec[3:0], element i's low p bits in rec[4+p*i +: p]");
  m.output("x", data_w, fmt::format("element i in x[{}*i +: {}], {}", s.w, s.w,
                                    s.sgn ? "sign-extended" : "zero-extended"));
  m.output("len", len_bits(s), "record size in bits, 4 + GROUP*p");
  declare_shape(m, s);
  m.wire("header", kPrecFieldBits, vlog::slice("rec", kPrecFieldBits - 1, 0), "precision header");
  std::string payload = m.wire("payload", data_w, vlog::slice("rec", record_bits(s) - 1, kPrecFieldBits));
  std::string prec = "header";
  if (s.w < (1 << kPrecFieldBits) - 1) {
    m.localparam("W", std::to_string(s.w), "bits per element, the widest precision");
    prec = m.wire("prec", kPrecFieldBits, fmt::format("(header > {}'(W)) ? {}'(W) : header", kPrecFieldBits, kPrecFieldBits),
                  "precisions above W (never written by the packer) read as W");
  }
  std::vector<std::pair<std::string, std::string>> choices;
  for (int q = 1; q <= s.w; ++q) {
    std::vector<std::string> parts;
    for (int i = s.group - 1; i >= 0; --i) {
      std::string field = vlog::slice("payload", q * (i + 1) - 1, q * i);
      std::string top_bit = vlog::bit("payload", q * (i + 1) - 1);
      if (q == s.w)
        parts.push_back(field);
      else if (s.sgn && s.w - q == 1)
        parts.push_back(fmt::format("{}, {}", top_bit, field));
      else if (s.sgn)
        parts.push_back(fmt::format("{{{}{{{}}}}}, {}", s.w - q, top_bit, field));
      else
        parts.push_back(fmt::format("{}'b0, {}", s.w - q, field));
    }
    std::string layout = q == s.w ? payload : m.wire(fmt::format("layout_p{}", q), data_w,
                                                     fmt::format("{{{}}}", fmt::join(parts, ", ")),
                                                     fmt::format("elements read as {} bit(s), {}", q,
                                                                 s.sgn ? "sign-extended" : "zero-extended"));
    std::string sel = m.wire(fmt::format("sel_p{}", q), 1, fmt::format("{} == {}", prec, vlog::lit(kPrecFieldBits, q)));
    choices.emplace_back(sel, layout);
  }
  m.comment("p = 0 selects nothing: every element is zero");
  m.assign("x", select(m, "values", data_w, choices));
  assign_len(m, s, prec);
}

std::vector<KeyDef> keys() {
  return {KeyDef::integer("group", 16, 1, 256, "values per group"),
          KeyDef::integer("w", 8, 2, 15, "bits per value"),
          KeyDef::choice("signed", "0", {"0", "1"}, "two's complement values")};
}

QRTL_BLOCK(BlockDef{
    .name = "dpred_pack",
    .summary = "DPRed packer: a group stored at its detected precision (4-bit header + GROUP*p bits)",
    .doc = R"(ports: input [GROUP*W-1:0] x, output [3:0] p, output [4+GROUP*W-1:0] rec, output [LW-1:0] len
p as prec_detect; rec[3:0] = p, element i's low p bits in rec[4+p*i +: p], zero above bit len-1
len = 4 + GROUP*p, LW = bits to hold 4 + GROUP*W; combinational)",
    .keys = keys(),
    .build = build_pack,
});

QRTL_BLOCK(BlockDef{
    .name = "dpred_unpack",
    .summary = "DPRed unpacker: restores a group from its precision-header record",
    .doc = R"(ports: input [4+GROUP*W-1:0] rec, output [GROUP*W-1:0] x, output [LW-1:0] len
p = min(rec[3:0], W); element i = rec[4+p*i +: p] sign-extended (signed=1) or zero-extended
(p = 0: zero); bits of rec at and above len = 4 + GROUP*p are ignored; combinational)",
    .keys = keys(),
    .build = build_unpack,
});

}  // namespace
}  // namespace qrtl::blocks
