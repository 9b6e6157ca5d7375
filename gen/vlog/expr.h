// Expressions of the IR: generators write them as SystemVerilog text (it reads best that way); this
// parser turns the subset they use into a small tree so that the IR can check that every name is
// declared, the pipelining pass can find dependencies and substitute delayed signals, and the depth
// model can estimate the generic-gate depth of each assignment.
//
// Subset: identifiers with bit/part selects ([i], [h:l], [b +: w], [b -: w]); sized and unsized
// literals (8'hff, 'b0, 42); casts W'(e) (W a number or a localparam); $signed/$unsigned(e);
// concatenation and replication; unary ~ ! - + & | ^ ~& ~| ~^; binary * / % + - << >> <<< >>> < <= >
// >= == != === !== & ^ ~^ | && ||; and ?:.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qrtl::vlog {

struct Expr {
  enum class Kind { ident, number, select, concat, repeat, unary, binary, ternary, cast, call };
  Kind kind = Kind::number;
  std::string text;     // ident: name; number: literal text; unary/binary: operator; call: $name
  int width = 0;        // number: size (0 = unsized); select: set by the parser for [h:l] etc. when constant
  std::vector<std::unique_ptr<Expr>> args;  // operands; select: base, then index expressions
  std::string select_kind;                  // select: "[]", ":", "+:", "-:"
};

using ExprPtr = std::unique_ptr<Expr>;

// Parses `text` in full; throws std::logic_error (a generator bug) with the text on a syntax error.
ExprPtr parse_expr(const std::string& text);

// Every identifier the expression reads (localparams included), in order of first appearance.
std::vector<std::string> identifiers(const std::string& text);

// `text` with every identifier token found in `rename` replaced by its mapped name. Literals,
// system functions and unmapped names are kept byte for byte.
std::string rename_identifiers(const std::string& text, const std::map<std::string, std::string>& rename);

// What the width and depth estimates need to know about names.
struct NameInfo;

// One read of a name in an expression: the text span of the identifier and of its select when the
// select is constant ([i], [h:l], [b +: w], [b -: w]), and the bits it selects (-1: the whole
// signal, or a variable select, whose index names are reported as uses of their own).
struct Use {
  std::string name;
  size_t begin = 0, end = 0;
  int lo = -1, hi = -1;
};
std::vector<Use> uses(const std::string& text, const NameInfo& info);

struct NameInfo {
  std::function<int(const std::string&)> width;                     // -1: unknown
  std::function<std::optional<int64_t>(const std::string&)> value;  // localparam value, if constant
  std::function<int(const std::string&)> depth;                     // arrival depth of a signal
};

// Constant value of an integer expression (numbers, localparams, + - * / << >>), if it has one.
std::optional<int64_t> const_value(const Expr& e, const NameInfo& info);
// Self-determined width of an expression (a best effort for the depth model).
int expr_width(const Expr& e, const NameInfo& info);
// Estimated depth of the expression's result in generic 2-input gates, from the arrival depths
// of the signals it reads (see arith/depth.h for the calibration).
int expr_depth(const Expr& e, const NameInfo& info);

}  // namespace qrtl::vlog
