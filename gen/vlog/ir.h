// Module IR: what a block generator builds instead of pasting Verilog text. Ports, signals,
// localparams, continuous assignments, clocked register groups (with synchronous reset and enable),
// instances and comments are kept in declaration order; emit.h turns a Design into one deterministic
// SystemVerilog file. Expressions stay strings (they read best that way), but every one is parsed
// (vlog/expr.h): each name it reads must already be declared, and each signal has one driver.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace qrtl::vlog {

enum class Dir { in, out };
// The Verilog keyword of a port direction: "input" or "output".
inline const char* keyword(Dir d) { return d == Dir::in ? "input" : "output"; }

struct Port {
  Dir dir;
  std::string name;
  int width;
  std::string comment;
};

struct Connection {
  std::string port, expr;
};

// One flip-flop (or register vector) of a register group: q <= d, and q <= reset when the group's
// reset is active (empty: not reset).
struct RegAssign {
  std::string q, d;
  std::string reset = {};  // defaulted, so {q, d} needs no third field
};

// One item of a module body, in order. Kinds are few on purpose.
struct Item {
  enum class Kind { comment, blank, localparam, signal, wire, assign, regs, instance, loop_begin, loop_end };
  Kind kind = Kind::comment;
  std::string name{};   // localparam/signal/wire/instance name; assign target; regs: the clock;
                        // loop_begin: the genvar (width = the iteration count, expr = the block label)
  int width = 1;        // signal/wire width; localparam: 0 = untyped, else logic [width-1:0]
  std::string expr{};   // wire/assign expression, localparam value; instance: the module name
  std::string comment{};  // the comment text (comment items, or the trailing comment of a declaration)
  // regs: synchronous active-low reset signal ("" = none) and enable expression ("" = always).
  std::string reset{}, enable{};
  std::vector<RegAssign> regs{};
  int cost = -1;  // wire/assign: calibrated gate depth of the expression (-1: from the depth model)
  std::vector<Connection> conns{};                          // instance connections
  std::vector<std::pair<std::string, std::string>> params{};  // instance parameter overrides
};

class Module {
 public:
  explicit Module(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  // Header comment lines (description of the module, without comment markers).
  void describe(const std::string& line) { doc_.push_back(line); }

  void input(const std::string& name, int width, const std::string& comment = "");
  void output(const std::string& name, int width, const std::string& comment = "");

  // Declares `logic [width-1:0] name;` (driven later by assign, a register or an instance).
  std::string signal(const std::string& name, int width, const std::string& comment = "");
  // Declares a named intermediate and its value in one: `wire [width-1:0] name = expr;`.
  std::string wire(const std::string& name, int width, const std::string& expr, const std::string& comment = "");
  // `assign lhs = expr;` for a declared signal or output that has no driver yet.
  void assign(const std::string& lhs, const std::string& expr);
  // `localparam NAME = value;`, or `localparam logic [width-1:0] NAME = value;` when width > 0.
  void localparam(const std::string& name, const std::string& value, const std::string& comment = "", int width = 0);
  // A group of flip-flops clocked by `clk`: q <= d for every entry (each q a declared signal with no
  // other driver), under `enable` if given; entries with a reset value take it while !reset.
  void regs(const std::string& clk, std::vector<RegAssign> entries, const std::string& enable = "",
            const std::string& reset = "");
  // Declares `name` and a register q <= d for it; returns name.
  std::string reg(const std::string& clk, const std::string& name, int width, const std::string& d,
                  const std::string& comment = "");
  void instance(const std::string& module, const std::string& name, std::vector<Connection> conns,
                std::vector<std::pair<std::string, std::string>> params = {});
  void comment(const std::string& text);
  void blank();
  // Overrides the depth model for the wire `name` (declared by wire()): its expression costs `gates`
  // levels after its latest input. For builders whose structure ABC maps differently from its
  // expression (a measured figure, see vlog/cost.h).
  void set_cost(const std::string& name, int gates);
  // A generate loop `for (genvar g = 0; g < count; g++) begin : label ... end` around the items added
  // until end_loop(): assigns, registers and instances that repeat per element, indexed by g.
  // Declarations stay outside loops (a pipelined module has none: the pass works on flat items).
  void begin_loop(const std::string& genvar, int count, const std::string& label);
  void end_loop();

  const std::vector<std::string>& doc() const { return doc_; }
  const std::vector<Port>& ports() const { return ports_; }
  const std::vector<Item>& items() const { return items_; }
  std::vector<Item>& mutable_items() { return items_; }
  std::vector<Port>& mutable_ports() { return ports_; }

  bool declared(const std::string& name) const { return decls_.count(name) != 0; }
  int width_of(const std::string& name) const;                      // port or signal width; -1 if unknown
  std::optional<int64_t> value_of(const std::string& name) const;   // a constant localparam's value
  bool is_localparam(const std::string& name) const;
  bool driven(const std::string& name) const;                       // has an assign/register/instance driver

  // Adds a port or declaration after the fact (the pipelining pass adds clk and registers).
  void add_port_front(const Port& p);
  // Inserts a signal declaration right after the item declaring `after` (or at the front). With
  // `declared`, `name` was already declared by declare_pass_signal and only its item is added.
  void insert_signal_after(const std::string& after, const std::string& name, int width, const std::string& comment,
                           bool declared = false);
  // Checks that every name an expression reads is declared; throws std::logic_error otherwise.
  void check_names(const std::string& expr) const;
  // Marks `name` as driven (by an instance output); throws if it already has a driver.
  void mark_driven(const std::string& name);
  // For passes that rewrite items in place: declare a signal without adding an item, and take
  // away a driver (the pass moves it elsewhere).
  void declare_pass_signal(const std::string& name, int width, bool driven);
  void release_driver(const std::string& name);

 private:
  enum class DeclKind { in, out, signal, localparam, instance, genvar };
  struct Decl {
    DeclKind kind;
    int width = 1;
    std::optional<int64_t> value;
    bool driven = false;
  };
  void declare(const std::string& name, Decl d);
  void drive(const std::string& lhs);
  std::string name_;
  std::vector<std::string> doc_;
  std::vector<Port> ports_;
  std::vector<Item> items_;
  std::map<std::string, Decl> decls_;
  int loop_depth_ = 0;
};

// One generated file: the top module first, then helpers named TOP_*.
struct Design {
  std::string top;
  std::vector<std::string> header;  // file header lines: generator, block, parameters
  std::vector<Module> modules;
  Module& top_module() { return modules.front(); }
  const Module& top_module() const { return modules.front(); }
  Module* find(const std::string& name);
  const Module* find(const std::string& name) const;
};

// Verilog helpers for building expressions.
std::string bit(const std::string& sig, int i);                  // sig[i]
std::string slice(const std::string& sig, int hi, int lo);       // sig[hi:lo] (or sig[i])
// sig[hi:lo] that is also right for a 1-bit signal (which cannot be selected) and for the whole
// signal (no select at all).
std::string pick(const Module& m, const std::string& sig, int hi, int lo);
std::string lit(int width, unsigned long long value);            // W'dV / W'hV
std::string range(int width);                                    // "[W-1:0] " or ""
bool is_identifier(const std::string& s);                        // legal and not a keyword

}  // namespace qrtl::vlog
