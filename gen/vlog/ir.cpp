#include "vlog/ir.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <stdexcept>

#include "vlog/expr.h"

namespace qrtl::vlog {

namespace {
[[noreturn]] void fail(const std::string& module, const std::string& what) {
  throw std::logic_error("vlog: " + module + ": " + what);
}

// The signal an assignment target names: `x` or `x[...]`.
std::string target_name(const std::string& lhs) {
  size_t b = lhs.find('[');
  std::string n = lhs.substr(0, b);
  while (!n.empty() && n.back() == ' ') n.pop_back();
  return n;
}
}  // namespace

void Module::declare(const std::string& name, Decl d) {
  if (!is_identifier(name)) fail(name_, "illegal identifier '" + name + "'");
  if (declared(name)) fail(name_, "'" + name + "' declared twice");
  if (loop_depth_ > 0 && d.kind != DeclKind::genvar && d.kind != DeclKind::instance)
    fail(name_, "'" + name + "' declared inside a generate loop");
  decls_.emplace(name, d);
}

void Module::check_names(const std::string& expr) const {
  // Yosys 0.23 reads "~8'(x)" as a cast of size ~8: an inversion before a cast needs parentheses.
  static const std::regex unary_cast(R"([~!]\s*[0-9]+'\()");
  if (std::regex_search(expr, unary_cast)) fail(name_, "unary operator before a sized cast in '" + expr + "' (write ~(N'(x)))");
  for (const auto& id : identifiers(expr))
    if (!declared(id)) fail(name_, "'" + id + "' is used but not declared (in '" + expr + "')");
}

void Module::drive(const std::string& lhs) {
  std::string n = target_name(lhs);
  auto it = decls_.find(n);
  if (it == decls_.end()) fail(name_, "assignment to undeclared '" + n + "'");
  if (it->second.kind != DeclKind::signal && it->second.kind != DeclKind::out)
    fail(name_, "'" + n + "' is not a signal or output");
  if (lhs != n) {  // a part select: only check the index expressions
    check_names(lhs);
    return;
  }
  if (it->second.driven) fail(name_, "'" + n + "' has two drivers");
  it->second.driven = true;
}

void Module::mark_driven(const std::string& name) { drive(name); }

void Module::declare_pass_signal(const std::string& name, int width, bool driven) {
  declare(name, {DeclKind::signal, width, std::nullopt, driven});
}

void Module::release_driver(const std::string& name) {
  auto it = decls_.find(name);
  if (it != decls_.end()) it->second.driven = false;
}

int Module::width_of(const std::string& name) const {
  auto it = decls_.find(name);
  if (it == decls_.end() || it->second.kind == DeclKind::instance || it->second.kind == DeclKind::genvar) return -1;
  return it->second.width;
}

std::optional<int64_t> Module::value_of(const std::string& name) const {
  auto it = decls_.find(name);
  if (it == decls_.end() || it->second.kind != DeclKind::localparam) return std::nullopt;
  return it->second.value;
}

bool Module::is_localparam(const std::string& name) const {
  auto it = decls_.find(name);
  return it != decls_.end() && (it->second.kind == DeclKind::localparam || it->second.kind == DeclKind::genvar);
}

bool Module::driven(const std::string& name) const {
  auto it = decls_.find(name);
  return it != decls_.end() && (it->second.driven || it->second.kind == DeclKind::in);
}

void Module::input(const std::string& name, int width, const std::string& comment) {
  if (width < 1) fail(name_, "port '" + name + "' has width < 1");
  declare(name, {DeclKind::in, width, std::nullopt, true});
  ports_.push_back({Dir::in, name, width, comment});
}

void Module::output(const std::string& name, int width, const std::string& comment) {
  if (width < 1) fail(name_, "port '" + name + "' has width < 1");
  declare(name, {DeclKind::out, width, std::nullopt, false});
  ports_.push_back({Dir::out, name, width, comment});
}

void Module::add_port_front(const Port& p) {
  declare(p.name, {p.dir == Dir::in ? DeclKind::in : DeclKind::out, p.width, std::nullopt, p.dir == Dir::in});
  ports_.insert(ports_.begin(), p);
}

std::string Module::signal(const std::string& name, int width, const std::string& comment) {
  if (width < 1) fail(name_, "signal '" + name + "' has width < 1");
  declare(name, {DeclKind::signal, width, std::nullopt, false});
  items_.push_back({.kind = Item::Kind::signal, .name = name, .width = width, .comment = comment});
  return name;
}

void Module::insert_signal_after(const std::string& after, const std::string& name, int width,
                                 const std::string& comment, bool declared) {
  if (!declared) declare(name, {DeclKind::signal, width, std::nullopt, false});
  Item it{.kind = Item::Kind::signal, .name = name, .width = width, .comment = comment};
  auto pos = std::find_if(items_.begin(), items_.end(), [&](const Item& i) {
    return (i.kind == Item::Kind::signal || i.kind == Item::Kind::wire) && i.name == after;
  });
  items_.insert(pos == items_.end() ? items_.begin() : pos + 1, std::move(it));
}

std::string Module::wire(const std::string& name, int width, const std::string& expr, const std::string& comment) {
  if (width < 1) fail(name_, "wire '" + name + "' has width < 1");
  check_names(expr);
  declare(name, {DeclKind::signal, width, std::nullopt, true});
  items_.push_back({.kind = Item::Kind::wire, .name = name, .width = width, .expr = expr, .comment = comment});
  return name;
}

void Module::assign(const std::string& lhs, const std::string& expr) {
  check_names(expr);
  drive(lhs);
  items_.push_back({.kind = Item::Kind::assign, .name = lhs, .expr = expr});
}

void Module::localparam(const std::string& name, const std::string& value, const std::string& comment, int width) {
  check_names(value);
  NameInfo info;
  info.value = [this](const std::string& n) { return value_of(n); };
  info.width = [this](const std::string& n) { return width_of(n); };
  ExprPtr e = parse_expr(value);
  // An untyped localparam takes the width of its value (a sized literal: its size; else 32).
  declare(name, {DeclKind::localparam, width > 0 ? width : expr_width(*e, info), const_value(*e, info), true});
  items_.push_back({.kind = Item::Kind::localparam, .name = name, .width = width, .expr = value, .comment = comment});
}

void Module::regs(const std::string& clk, std::vector<RegAssign> entries, const std::string& enable,
                  const std::string& reset) {
  if (entries.empty()) return;
  check_names(clk);
  if (!enable.empty()) check_names(enable);
  if (!reset.empty()) check_names(reset);
  for (const auto& r : entries) {
    check_names(r.d);
    if (!r.reset.empty()) {
      if (reset.empty()) fail(name_, "register '" + r.q + "' has a reset value but its group no reset");
      check_names(r.reset);
    }
    drive(r.q);
  }
  items_.push_back(
      {.kind = Item::Kind::regs, .name = clk, .reset = reset, .enable = enable, .regs = std::move(entries)});
}

std::string Module::reg(const std::string& clk, const std::string& name, int width, const std::string& d,
                        const std::string& comment) {
  signal(name, width, comment);
  regs(clk, {{name, d, ""}});
  return name;
}

void Module::instance(const std::string& module, const std::string& name, std::vector<Connection> conns,
                      std::vector<std::pair<std::string, std::string>> params) {
  for (const auto& c : conns) check_names(c.expr);
  declare(name, {DeclKind::instance, 0, std::nullopt, true});
  items_.push_back({.kind = Item::Kind::instance,
                    .name = name,
                    .expr = module,
                    .conns = std::move(conns),
                    .params = std::move(params)});
}

void Module::begin_loop(const std::string& genvar, int count, const std::string& label) {
  if (loop_depth_ > 0) fail(name_, "nested generate loops are not supported");
  declare(genvar, {DeclKind::genvar, 32, std::nullopt, true});
  if (!is_identifier(label)) fail(name_, "illegal loop label '" + label + "'");
  items_.push_back({.kind = Item::Kind::loop_begin, .name = genvar, .width = count, .expr = label});
  ++loop_depth_;
}

void Module::end_loop() {
  if (loop_depth_ == 0) fail(name_, "end_loop without begin_loop");
  --loop_depth_;
  items_.push_back({.kind = Item::Kind::loop_end});
}

void Module::comment(const std::string& text) {
  items_.push_back({.kind = Item::Kind::comment, .comment = text});
}

void Module::set_cost(const std::string& name, int gates) {
  for (auto& it : items_)
    if ((it.kind == Item::Kind::wire || it.kind == Item::Kind::assign) && it.name == name) {
      it.cost = gates;
      return;
    }
  fail(name_, "set_cost: no wire '" + name + "'");
}

void Module::blank() { items_.push_back({.kind = Item::Kind::blank}); }

Module* Design::find(const std::string& name) {
  for (auto& m : modules)
    if (m.name() == name) return &m;
  return nullptr;
}

const Module* Design::find(const std::string& name) const {
  for (const auto& m : modules)
    if (m.name() == name) return &m;
  return nullptr;
}

std::string bit(const std::string& sig, int i) { return fmt::format("{}[{}]", sig, i); }

std::string slice(const std::string& sig, int hi, int lo) {
  return hi == lo ? bit(sig, hi) : fmt::format("{}[{}:{}]", sig, hi, lo);
}

std::string pick(const Module& m, const std::string& sig, int hi, int lo) {
  int w = m.width_of(sig);
  if (w == 1 && hi == 0 && lo == 0) return sig;
  if (lo == 0 && w == hi + 1) return sig;
  return slice(sig, hi, lo);
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
