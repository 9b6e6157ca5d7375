// Module IR: what a block generator builds instead of pasting Verilog text. Ports, signals,
// localparams, continuous assignments, clocked register groups, instances and free comments are
// kept in declaration order; emit.h turns a Design into one deterministic SystemVerilog file.
// Expressions stay strings (they read best that way), but every name they use is declared here.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace qrtl::vlog {

enum class Dir { in, out };

struct Port {
  Dir dir;
  std::string name;
  int width;
  std::string comment;
};

struct Connection {
  std::string port, expr;
};

// One item of a module body, in order. Kinds are few on purpose.
struct Item {
  enum class Kind { comment, blank, localparam, signal, assign, regs, instance, raw };
  Kind kind = Kind::comment;
  std::string name;            // signal/localparam/instance name, or register group's clock
  int width = 1;               // signal width
  std::string text;            // comment text, expression, localparam value, module name, raw code
  std::vector<std::pair<std::string, std::string>> regs;  // regs: (q, d) pairs
  std::vector<Connection> conns;                          // instance connections
  std::vector<std::pair<std::string, std::string>> params;  // instance parameter overrides
};

class Module {
 public:
  explicit Module(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  // Header comment lines (description of the module, without comment markers).
  void describe(const std::string& line) { doc_.push_back(line); }

  void input(const std::string& name, int width, const std::string& comment = "");
  void output(const std::string& name, int width, const std::string& comment = "");

  // Declares `logic [width-1:0] name;` and returns the name.
  std::string signal(const std::string& name, int width, const std::string& comment = "");
  // Declares a signal and assigns it: the common case of a named intermediate.
  std::string wire(const std::string& name, int width, const std::string& expr,
                   const std::string& comment = "");
  void assign(const std::string& lhs, const std::string& expr);
  void localparam(const std::string& name, const std::string& value, const std::string& comment = "");
  // A group of flip-flops clocked by `clk`: q <= d for every pair; each q must be declared.
  void regs(const std::string& clk, std::vector<std::pair<std::string, std::string>> q_d);
  // Declares `name` and a register q <= d for it, returns name.
  std::string reg(const std::string& clk, const std::string& name, int width, const std::string& d,
                   const std::string& comment = "");
  void instance(const std::string& module, const std::string& name, std::vector<Connection> conns,
                std::vector<std::pair<std::string, std::string>> params = {});
  void comment(const std::string& text);
  void blank();
  // Verbatim code (a function, an always_comb block); use sparingly.
  void raw(const std::string& code);

  const std::vector<std::string>& doc() const { return doc_; }
  const std::vector<Port>& ports() const { return ports_; }
  const std::vector<Item>& items() const { return items_; }
  bool declared(const std::string& name) const;
  int width_of(const std::string& name) const;  // declared port or signal width; -1 if unknown

 private:
  void declare(const std::string& name);
  std::string name_;
  std::vector<std::string> doc_;
  std::vector<Port> ports_;
  std::vector<Item> items_;
  std::vector<std::string> names_;
};

// One generated file: the top module first, then helpers named TOP_*.
struct Design {
  std::string top;
  std::vector<std::string> header;  // file header lines: generator, block, parameters
  std::vector<Module> modules;
  Module& top_module() { return modules.front(); }
  const Module& top_module() const { return modules.front(); }
};

// Verilog helpers for building expressions.
std::string bit(const std::string& sig, int i);                  // sig[i]
std::string slice(const std::string& sig, int hi, int lo);       // sig[hi:lo] (or sig[i])
std::string lit(int width, unsigned long long value);            // W'dV / W'hV
std::string range(int width);                                    // "[W-1:0] " or ""
bool is_identifier(const std::string& s);                        // legal and not a keyword

}  // namespace qrtl::vlog
