#include "ir.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace qrtl::vlog {

namespace {
Item make_item(Item::Kind k) {
  Item it;
  it.kind = k;
  return it;
}
}  // namespace

void Module::declare(const std::string& name) {
  if (!is_identifier(name)) throw std::logic_error("vlog: illegal identifier '" + name + "'");
  if (declared(name)) throw std::logic_error("vlog: '" + name + "' declared twice in " + name_);
  names_.push_back(name);
}

bool Module::declared(const std::string& name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

int Module::width_of(const std::string& name) const {
  for (const auto& p : ports_)
    if (p.name == name) return p.width;
  for (const auto& it : items_)
    if (it.kind == Item::Kind::signal && it.name == name) return it.width;
  return -1;
}

void Module::input(const std::string& name, int width, const std::string& comment) {
  declare(name);
  ports_.push_back({Dir::in, name, width, comment});
}

void Module::output(const std::string& name, int width, const std::string& comment) {
  declare(name);
  ports_.push_back({Dir::out, name, width, comment});
}

std::string Module::signal(const std::string& name, int width, const std::string& comment) {
  if (width < 1) throw std::logic_error("vlog: signal '" + name + "' has width < 1");
  declare(name);
  Item it = make_item(Item::Kind::signal);
  it.name = name;
  it.width = width;
  it.text = comment;
  items_.push_back(std::move(it));
  return name;
}

std::string Module::wire(const std::string& name, int width, const std::string& expr,
                         const std::string& comment) {
  signal(name, width, comment);
  assign(name, expr);
  return name;
}

void Module::assign(const std::string& lhs, const std::string& expr) {
  Item it = make_item(Item::Kind::assign);
  it.name = lhs;
  it.text = expr;
  items_.push_back(std::move(it));
}

void Module::localparam(const std::string& name, const std::string& value, const std::string& comment) {
  declare(name);
  Item it = make_item(Item::Kind::localparam);
  it.name = name;
  it.text = value;
  it.conns = {{comment, ""}};
  items_.push_back(std::move(it));
}

void Module::regs(const std::string& clk, std::vector<std::pair<std::string, std::string>> q_d) {
  if (q_d.empty()) return;
  Item it = make_item(Item::Kind::regs);
  it.name = clk;
  it.regs = std::move(q_d);
  items_.push_back(std::move(it));
}

std::string Module::reg(const std::string& clk, const std::string& name, int width,
                        const std::string& d, const std::string& comment) {
  signal(name, width, comment);
  regs(clk, {{name, d}});
  return name;
}

void Module::instance(const std::string& module, const std::string& name, std::vector<Connection> conns,
                      std::vector<std::pair<std::string, std::string>> params) {
  declare(name);
  Item it = make_item(Item::Kind::instance);
  it.name = name;
  it.text = module;
  it.conns = std::move(conns);
  it.params = std::move(params);
  items_.push_back(std::move(it));
}

void Module::comment(const std::string& text) {
  Item it = make_item(Item::Kind::comment);
  it.text = text;
  items_.push_back(std::move(it));
}

void Module::blank() { items_.push_back(make_item(Item::Kind::blank)); }

void Module::raw(const std::string& code) {
  Item it = make_item(Item::Kind::raw);
  it.text = code;
  items_.push_back(std::move(it));
}

std::string bit(const std::string& sig, int i) { return fmt::format("{}[{}]", sig, i); }

std::string slice(const std::string& sig, int hi, int lo) {
  return hi == lo ? bit(sig, hi) : fmt::format("{}[{}:{}]", sig, hi, lo);
}

std::string lit(int width, unsigned long long value) {
  return width <= 4 || value < 10 ? fmt::format("{}'d{}", width, value)
                                  : fmt::format("{}'h{:x}", width, value);
}

std::string range(int width) { return width == 1 ? "" : fmt::format("[{}:0] ", width - 1); }

bool is_identifier(const std::string& s) {
  static const char* reserved[] = {
      "accept_on", "alias", "always", "always_comb", "always_ff", "always_latch", "and", "assert",
      "assign", "assume", "automatic", "before", "begin", "bind", "bins", "binsof", "bit", "break",
      "buf", "bufif0", "bufif1", "byte", "case", "casex", "casez", "cell", "chandle", "checker",
      "class", "clocking", "cmos", "config", "const", "constraint", "context", "continue", "cover",
      "covergroup", "coverpoint", "cross", "deassign", "default", "defparam", "design", "disable",
      "dist", "do", "edge", "else", "end", "endcase", "endchecker", "endclass", "endclocking",
      "endconfig", "endfunction", "endgenerate", "endgroup", "endinterface", "endmodule",
      "endpackage", "endprimitive", "endprogram", "endproperty", "endspecify", "endsequence",
      "endtable", "endtask", "enum", "event", "eventually", "expect", "export", "extends", "extern",
      "final", "first_match", "for", "force", "foreach", "forever", "fork", "forkjoin", "function",
      "generate", "genvar", "global", "highz0", "highz1", "if", "iff", "ifnone", "ignore_bins",
      "illegal_bins", "implements", "implies", "import", "incdir", "include", "initial", "inout",
      "input", "inside", "instance", "int", "integer", "interconnect", "interface", "intersect",
      "join", "join_any", "join_none", "large", "let", "liblist", "library", "local", "localparam",
      "logic", "longint", "macromodule", "matches", "medium", "modport", "module", "nand",
      "negedge", "nettype", "new", "nexttime", "nmos", "nor", "noshowcancelled", "not", "notif0",
      "notif1", "null", "or", "output", "package", "packed", "parameter", "pmos", "posedge",
      "primitive", "priority", "program", "property", "protected", "pull0", "pull1", "pulldown",
      "pullup", "pulsestyle_ondetect", "pulsestyle_onevent", "pure", "rand", "randc", "randcase",
      "randsequence", "rcmos", "real", "realtime", "ref", "reg", "reject_on", "release", "repeat",
      "restrict", "return", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "s_always",
      "s_eventually", "s_nexttime", "s_until", "s_until_with", "scalared", "sequence", "shortint",
      "shortreal", "showcancelled", "signed", "small", "soft", "solve", "specify", "specparam",
      "static", "string", "strong", "strong0", "strong1", "struct", "super", "supply0", "supply1",
      "sync_accept_on", "sync_reject_on", "table", "tagged", "task", "this", "throughout", "time",
      "timeprecision", "timeunit", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand",
      "trior", "trireg", "type", "typedef", "union", "unique", "unique0", "unsigned", "until",
      "until_with", "untyped", "use", "uwire", "var", "vectored", "virtual", "void", "wait",
      "wait_order", "wand", "weak", "weak0", "weak1", "while", "wildcard", "wire", "with",
      "within", "wor", "xnor", "xor"};
  if (s.empty() || s.size() > 200) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$')) return false;
  for (const char* r : reserved)
    if (s == r) return false;
  return true;
}

}  // namespace qrtl::vlog
