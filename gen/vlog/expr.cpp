#include "vlog/expr.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <stdexcept>

#include "vlog/cost.h"

namespace qrtl::vlog {

namespace {

struct Token {
  enum class Kind { ident, number, sysname, op, end };
  Kind kind;
  std::string text;
  size_t pos;
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// Operators, longest first so that "<<<" wins over "<<" and "<".
const char* const kOps[] = {"<<<", ">>>", "===", "!==", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "~&",
                            "~|", "~^", "^~", "+:", "-:", "'(", "+", "-", "*", "/", "%", "&", "|", "^",
                            "~", "!", "<", ">", "?", ":", "(", ")", "[", "]", "{", "}", ","};

std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0;
  auto fail = [&](size_t p) {
    throw std::logic_error(fmt::format("vlog: cannot parse expression '{}' at offset {}", s, p));
  };
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    size_t start = i;
    if (ident_start(c)) {
      while (i < s.size() && ident_char(s[i])) ++i;
      out.push_back({Token::Kind::ident, s.substr(start, i - start), start});
      continue;
    }
    if (c == '$') {
      ++i;
      while (i < s.size() && ident_char(s[i])) ++i;
      out.push_back({Token::Kind::sysname, s.substr(start, i - start), start});
      continue;
    }
    // Numbers: 42, 8'hff, 'b0, '0, 32'h0001_0000; "8'(" is a cast, not a literal.
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '\'' && i + 1 < s.size() && s[i + 1] != '(')) {
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      if (i < s.size() && s[i] == '\'' && !(i + 1 < s.size() && s[i + 1] == '(')) {
        ++i;
        if (i < s.size() && (s[i] == 's' || s[i] == 'S')) ++i;
        if (i < s.size() && std::strchr("bBoOdDhH", s[i])) {
          ++i;
          if (i >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i]))) {
            if (!(i < s.size() && std::strchr("xXzZ", s[i]))) fail(i);
          }
          while (i < s.size() && (std::isxdigit(static_cast<unsigned char>(s[i])) || std::strchr("_xXzZ", s[i]))) ++i;
        } else if (i < s.size() && (s[i] == '0' || s[i] == '1')) {
          ++i;  // '0, '1
        } else {
          fail(i);
        }
      }
      out.push_back({Token::Kind::number, s.substr(start, i - start), start});
      continue;
    }
    bool matched = false;
    for (const char* op : kOps) {
      if (op[0] != c) continue;  // (most operators differ in the first character: skip the compare)
      size_t n = std::char_traits<char>::length(op);
      if (s.compare(i, n, op) == 0) {
        out.push_back({Token::Kind::op, op, start});
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) fail(i);
  }
  out.push_back({Token::Kind::end, "", s.size()});
  return out;
}

// Binary operator precedence (higher binds tighter); 0 = not a binary operator.
int precedence(const std::string& op) {
  static const std::map<std::string, int> p = {
      {"||", 1}, {"&&", 2}, {"|", 3}, {"^", 4},  {"~^", 4}, {"^~", 4}, {"&", 5},   {"==", 6},  {"!=", 6},
      {"===", 6}, {"!==", 6}, {"<", 7}, {"<=", 7}, {">", 7}, {">=", 7}, {"<<", 8}, {">>", 8}, {"<<<", 8},
      {">>>", 8}, {"+", 9}, {"-", 9}, {"*", 10}, {"/", 10}, {"%", 10}};
  auto it = p.find(op);
  return it == p.end() ? 0 : it->second;
}

class Parser {
 public:
  Parser(const std::string& text) : text_(text), toks_(tokenize(text)) {}

  ExprPtr parse_all() {
    ExprPtr e = ternary();
    if (peek().kind != Token::Kind::end) fail();
    return e;
  }

 private:
  const Token& peek() const { return toks_[pos_]; }
  bool is_op(const char* op) const {
    const Token& t = peek();
    return t.kind == Token::Kind::op && t.text[0] == op[0] && t.text == op;
  }
  void expect(const char* op) {
    if (!is_op(op)) fail();
    ++pos_;
  }
  [[noreturn]] void fail() const {
    throw std::logic_error(fmt::format("vlog: cannot parse expression '{}' at offset {}", text_, peek().pos));
  }
  static ExprPtr node(Expr::Kind k, std::string text = "") {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->text = std::move(text);
    return e;
  }

  ExprPtr ternary() {
    ExprPtr c = binary(1);
    if (!is_op("?")) return c;
    ++pos_;
    ExprPtr t = ternary();
    expect(":");
    ExprPtr f = ternary();
    ExprPtr e = node(Expr::Kind::ternary, "?:");
    e->args.push_back(std::move(c));
    e->args.push_back(std::move(t));
    e->args.push_back(std::move(f));
    return e;
  }

  ExprPtr binary(int min_prec) {
    ExprPtr lhs = unary();
    while (peek().kind == Token::Kind::op) {
      int p = precedence(peek().text);
      if (p == 0 || p < min_prec) break;
      std::string op = peek().text;
      ++pos_;
      ExprPtr rhs = binary(p + 1);
      ExprPtr e = node(Expr::Kind::binary, op);
      e->args.push_back(std::move(lhs));
      e->args.push_back(std::move(rhs));
      lhs = std::move(e);
    }
    return lhs;
  }

  ExprPtr unary() {
    static const char* ops[] = {"~&", "~|", "~^", "^~", "~", "!", "-", "+", "&", "|", "^"};
    for (const char* op : ops)
      if (is_op(op)) {
        ++pos_;
        ExprPtr e = node(Expr::Kind::unary, op);
        e->args.push_back(unary());
        return e;
      }
    return postfix(primary());
  }

  ExprPtr postfix(ExprPtr e) {
    while (true) {
      if (is_op("[")) {
        ++pos_;
        ExprPtr s = node(Expr::Kind::select);
        s->args.push_back(std::move(e));
        s->args.push_back(ternary());
        if (is_op(":") || is_op("+:") || is_op("-:")) {
          s->select_kind = peek().text;
          ++pos_;
          s->args.push_back(ternary());
        } else {
          s->select_kind = "[]";
        }
        expect("]");
        e = std::move(s);
      } else if (is_op("'(")) {  // W'(e) with W a number or a localparam
        ++pos_;
        ExprPtr c = node(Expr::Kind::cast);
        c->args.push_back(std::move(e));
        c->args.push_back(ternary());
        expect(")");
        e = std::move(c);
      } else {
        return e;
      }
    }
  }

  ExprPtr primary() {
    const Token& t = peek();
    switch (t.kind) {
      case Token::Kind::ident: {
        ++pos_;
        return node(Expr::Kind::ident, t.text);
      }
      case Token::Kind::number: {
        ++pos_;
        ExprPtr e = node(Expr::Kind::number, t.text);
        size_t q = t.text.find('\'');
        if (q != std::string::npos && q > 0) e->width = std::stoi(t.text.substr(0, q));
        return e;
      }
      case Token::Kind::sysname: {
        ++pos_;
        ExprPtr e = node(Expr::Kind::call, t.text);
        expect("(");
        e->args.push_back(ternary());
        expect(")");
        return e;
      }
      case Token::Kind::op:
        if (t.text == "(") {
          ++pos_;
          ExprPtr e = ternary();
          expect(")");
          return e;
        }
        if (t.text == "{") {
          ++pos_;
          ExprPtr first = ternary();
          if (is_op("{")) {  // replication {n{...}}
            ++pos_;
            ExprPtr r = node(Expr::Kind::repeat);
            r->args.push_back(std::move(first));
            ExprPtr inner = node(Expr::Kind::concat);
            inner->args.push_back(ternary());
            while (is_op(",")) {
              ++pos_;
              inner->args.push_back(ternary());
            }
            expect("}");
            expect("}");
            r->args.push_back(std::move(inner));
            return r;
          }
          ExprPtr c = node(Expr::Kind::concat);
          c->args.push_back(std::move(first));
          while (is_op(",")) {
            ++pos_;
            c->args.push_back(ternary());
          }
          expect("}");
          return c;
        }
        fail();
      case Token::Kind::end:
        fail();
    }
    fail();
  }

  std::string text_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
};

std::optional<int64_t> number_value(const std::string& t) {
  size_t q = t.find('\'');
  std::string digits = q == std::string::npos ? t : t.substr(q + 1);
  int base = 10;
  if (q != std::string::npos) {
    size_t k = 0;
    if (k < digits.size() && (digits[k] == 's' || digits[k] == 'S')) ++k;
    if (k < digits.size()) {
      char b = static_cast<char>(std::tolower(static_cast<unsigned char>(digits[k])));
      if (b == 'b') base = 2;
      else if (b == 'o') base = 8;
      else if (b == 'h') base = 16;
      else if (b == 'd') base = 10;
      else return std::nullopt;  // '0 / '1: fill, width from context
      digits = digits.substr(k + 1);
    }
  }
  int64_t v = 0;
  for (char c : digits) {
    if (c == '_') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    if (d >= base || v > (INT64_MAX >> 4)) return std::nullopt;
    v = v * base + d;
  }
  return v;
}

void collect(const Expr& e, std::vector<std::string>& out) {
  if (e.kind == Expr::Kind::ident && std::find(out.begin(), out.end(), e.text) == out.end()) out.push_back(e.text);
  for (const auto& a : e.args) collect(*a, out);
}

}  // namespace

ExprPtr parse_expr(const std::string& text) { return Parser(text).parse_all(); }

std::vector<std::string> identifiers(const std::string& text) {
  std::vector<std::string> out;
  collect(*parse_expr(text), out);
  return out;
}

std::string rename_identifiers(const std::string& text, const std::map<std::string, std::string>& rename) {
  std::string out;
  size_t last = 0;
  for (const Token& t : tokenize(text)) {
    if (t.kind != Token::Kind::ident) continue;
    auto it = rename.find(t.text);
    if (it == rename.end()) continue;
    out += text.substr(last, t.pos - last);
    out += it->second;
    last = t.pos + t.text.size();
  }
  return out + text.substr(last);
}

std::vector<Use> uses(const std::string& text, const NameInfo& info) {
  std::vector<Use> out;
  const std::vector<Token> toks = tokenize(text);
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind != Token::Kind::ident) continue;
    Use u;
    u.name = toks[i].text;
    u.begin = toks[i].pos;
    u.end = toks[i].pos + toks[i].text.size();
    // A select right after the name: find its closing bracket and try to evaluate it.
    if (i + 1 < toks.size() && toks[i + 1].kind == Token::Kind::op && toks[i + 1].text == "[") {
      int depth = 0;
      size_t j = i + 1;
      for (; j < toks.size(); ++j) {
        if (toks[j].kind != Token::Kind::op) continue;
        if (toks[j].text == "[") ++depth;
        if (toks[j].text == "]" && --depth == 0) break;
      }
      if (j < toks.size()) {
        const size_t close = toks[j].pos;
        const std::string sel = text.substr(u.begin, close + 1 - u.begin);
        try {
          ExprPtr e = parse_expr(sel);
          if (e->kind == Expr::Kind::select && e->args[0]->kind == Expr::Kind::ident) {
            auto a = const_value(*e->args[1], info);
            std::optional<int64_t> b = e->args.size() > 2 ? const_value(*e->args[2], info) : a;
            if (a && b) {
              int64_t lo = 0, hi = 0;
              if (e->select_kind == "[]" || e->select_kind == ":") lo = std::min(*a, *b), hi = std::max(*a, *b);
              else if (e->select_kind == "+:") lo = *a, hi = *a + *b - 1;
              else lo = *a - *b + 1, hi = *a;
              u.lo = static_cast<int>(lo);
              u.hi = static_cast<int>(hi);
              u.end = close + 1;
              out.push_back(u);
              i = j;  // the select's tokens are constant: no names in them to report
              continue;
            }
          }
        } catch (const std::logic_error&) {
        }
      }
    }
    // A cast of the bare name to fewer bits, N'(name), reads only its N low bits.
    if (i >= 2 && i + 1 < toks.size() && toks[i - 1].kind == Token::Kind::op && toks[i - 1].text == "'(" &&
        toks[i + 1].kind == Token::Kind::op && toks[i + 1].text == ")") {
      std::optional<int64_t> n;
      if (toks[i - 2].kind == Token::Kind::number) n = number_value(toks[i - 2].text);
      else if (toks[i - 2].kind == Token::Kind::ident && info.value) n = info.value(toks[i - 2].text);
      const int w = info.width ? info.width(u.name) : -1;
      if (n && *n >= 1 && w > 0 && *n < w) {
        u.lo = 0;
        u.hi = static_cast<int>(*n) - 1;
      }
    }
    out.push_back(u);
  }
  return out;
}

std::optional<int64_t> const_value(const Expr& e, const NameInfo& info) {
  switch (e.kind) {
    case Expr::Kind::number:
      return number_value(e.text);
    case Expr::Kind::ident:
      return info.value ? info.value(e.text) : std::nullopt;
    case Expr::Kind::cast:
    case Expr::Kind::call:
      return const_value(*e.args.back(), info);
    case Expr::Kind::unary: {
      auto v = const_value(*e.args[0], info);
      if (!v) return std::nullopt;
      if (e.text == "-") return -*v;
      if (e.text == "+") return *v;
      return std::nullopt;
    }
    case Expr::Kind::binary: {
      auto a = const_value(*e.args[0], info), b = const_value(*e.args[1], info);
      if (!a || !b) return std::nullopt;
      if (e.text == "+") return *a + *b;
      if (e.text == "-") return *a - *b;
      if (e.text == "*") return *a * *b;
      if (e.text == "/" && *b != 0) return *a / *b;
      if (e.text == "%" && *b != 0) return *a % *b;
      if (e.text == "<<" && *b >= 0 && *b < 63) return *a << *b;
      if (e.text == ">>" && *b >= 0 && *b < 63) return *a >> *b;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

int expr_width(const Expr& e, const NameInfo& info) {
  switch (e.kind) {
    case Expr::Kind::ident: {
      int w = info.width ? info.width(e.text) : -1;
      return w > 0 ? w : 32;
    }
    case Expr::Kind::number:
      return e.width > 0 ? e.width : 32;
    case Expr::Kind::select: {
      if (e.select_kind == "[]") return 1;
      if (e.select_kind == ":") {
        auto h = const_value(*e.args[1], info), l = const_value(*e.args[2], info);
        return h && l ? static_cast<int>(std::abs(*h - *l) + 1) : expr_width(*e.args[0], info);
      }
      auto w = const_value(*e.args[2], info);
      return w ? static_cast<int>(*w) : expr_width(*e.args[0], info);
    }
    case Expr::Kind::concat: {
      int w = 0;
      for (const auto& a : e.args) w += expr_width(*a, info);
      return w;
    }
    case Expr::Kind::repeat: {
      auto n = const_value(*e.args[0], info);
      return static_cast<int>(n.value_or(1)) * expr_width(*e.args[1], info);
    }
    case Expr::Kind::unary:
      if (e.text == "~" || e.text == "-" || e.text == "+") return expr_width(*e.args[0], info);
      return 1;
    case Expr::Kind::binary: {
      const std::string& op = e.text;
      if (op == "==" || op == "!=" || op == "===" || op == "!==" || op == "<" || op == "<=" || op == ">" ||
          op == ">=" || op == "&&" || op == "||")
        return 1;
      if (op == "<<" || op == ">>" || op == "<<<" || op == ">>>") return expr_width(*e.args[0], info);
      if (op == "*") return expr_width(*e.args[0], info) + expr_width(*e.args[1], info);
      return std::max(expr_width(*e.args[0], info), expr_width(*e.args[1], info));
    }
    case Expr::Kind::ternary:
      return std::max(expr_width(*e.args[1], info), expr_width(*e.args[2], info));
    case Expr::Kind::cast: {
      auto n = const_value(*e.args[0], info);
      return n ? static_cast<int>(*n) : expr_width(*e.args[1], info);
    }
    case Expr::Kind::call:
      return expr_width(*e.args[0], info);
  }
  return 1;
}

int expr_depth(const Expr& e, const NameInfo& info) {
  if (e.kind != Expr::Kind::ident && const_value(e, info)) return 0;  // folded by synthesis
  auto d = [&](size_t i) { return expr_depth(*e.args[i], info); };
  switch (e.kind) {
    case Expr::Kind::ident:
      return info.depth ? info.depth(e.text) : 0;
    case Expr::Kind::number:
      return 0;
    case Expr::Kind::select: {
      // A constant select is wiring; a variable one is a multiplexer on the index.
      int base = d(0);
      if (e.select_kind == "[]" && !const_value(*e.args[1], info)) {
        int n = expr_width(*e.args[0], info);
        return std::max(base, d(1)) + cost::mux_tree(n);
      }
      if ((e.select_kind == "+:" || e.select_kind == "-:") && !const_value(*e.args[1], info)) {
        int n = expr_width(*e.args[0], info) / std::max(1, expr_width(e, info));
        return std::max(base, d(1)) + cost::mux_tree(n);
      }
      return base;
    }
    case Expr::Kind::concat:
    case Expr::Kind::repeat: {
      int m = 0;
      for (size_t i = e.kind == Expr::Kind::repeat ? 1 : 0; i < e.args.size(); ++i) m = std::max(m, d(i));
      return m;
    }
    case Expr::Kind::cast:
      return d(1);
    case Expr::Kind::call:
      return d(0);
    case Expr::Kind::unary: {
      const std::string& op = e.text;
      if (op == "~" || op == "!" || op == "+") return d(0) + (op == "!" ? cost::reduce(expr_width(*e.args[0], info)) : 0);
      if (op == "-") return d(0) + cost::add_const(expr_width(*e.args[0], info));
      return d(0) + cost::reduce(expr_width(*e.args[0], info));  // reductions
    }
    case Expr::Kind::binary: {
      const std::string& op = e.text;
      int m = std::max(d(0), d(1));
      int w = std::max(expr_width(*e.args[0], info), expr_width(*e.args[1], info));
      auto is_const = [&](size_t i) { return const_value(*e.args[i], info).has_value(); };
      if (op == "&" || op == "|" || op == "^" || op == "~^" || op == "^~") {
        // A chain of one associative operator is a balanced tree after synthesis: merge the two
        // earliest operands first (Huffman on arrival depth).
        std::vector<const Expr*> leaves;
        std::vector<const Expr*> todo = {&e};
        while (!todo.empty()) {
          const Expr* x = todo.back();
          todo.pop_back();
          if (x->kind == Expr::Kind::binary && x->text == op) {
            todo.push_back(x->args[1].get());
            todo.push_back(x->args[0].get());
          } else {
            leaves.push_back(x);
          }
        }
        std::vector<int> ds;
        for (const Expr* x : leaves) ds.push_back(expr_depth(*x, info));
        std::sort(ds.begin(), ds.end(), std::greater<int>());
        while (ds.size() > 1) {
          int a = ds.back();
          ds.pop_back();
          int b = ds.back();
          ds.pop_back();
          int merged = std::max(a, b) + cost::gate();
          ds.insert(std::upper_bound(ds.begin(), ds.end(), merged, std::greater<int>()), merged);
        }
        return ds.front();
      }
      if (op == "&&" || op == "||")
        return std::max(d(0) + cost::reduce(expr_width(*e.args[0], info)),
                        d(1) + cost::reduce(expr_width(*e.args[1], info))) + cost::gate();
      if (op == "==" || op == "!=" || op == "===" || op == "!==") return m + cost::equal(w);
      if (op == "<" || op == "<=" || op == ">" || op == ">=") return m + cost::compare(w);
      if (op == "+" || op == "-") {
        // Adding a constant or a single bit (a cast of one, too) is an increment: a chain of ANDs.
        auto one_bit = [&](size_t i) {
          const Expr* x = e.args[i].get();
          while (x->kind == Expr::Kind::cast || x->kind == Expr::Kind::call) x = x->args.back().get();
          return is_const(i) || expr_width(*x, info) == 1;
        };
        int n = std::max(w, expr_width(e, info));
        // a + b + cin is one adder: the carry-in joins the chain at its bottom.
        const Expr& l = *e.args[0];
        if (one_bit(1) && l.kind == Expr::Kind::binary && l.text == "+")
          return std::max(d(0) + cost::gate(), d(1) + cost::add(n));
        return m + (one_bit(0) || one_bit(1) ? cost::add_const(n) : cost::add(n));
      }
      if (op == "*" || op == "/" || op == "%") return m + cost::multiply(expr_width(*e.args[0], info), expr_width(*e.args[1], info));
      // Shifts: free by a constant, one multiplexer level per bit of a variable amount.
      if (is_const(1)) return d(0);
      return m + cost::shift(expr_width(*e.args[1], info));
    }
    case Expr::Kind::ternary: {
      if (auto c = const_value(*e.args[0], info)) return *c ? d(1) : d(2);
      return std::max({d(0), d(1), d(2)}) + cost::gate();
    }
  }
  return 0;
}

}  // namespace qrtl::vlog
