#include "vlog/emit.h"

#include <fmt/format.h>

#include <algorithm>

namespace qrtl::vlog {

namespace {

constexpr size_t kLineWidth = 100;  // generated lines wrap before this column where they can

void emit_comment_block(std::string& out, const std::vector<std::string>& lines, const char* indent) {
  for (const auto& l : lines) out += l.empty() ? fmt::format("{}//\n", indent) : fmt::format("{}// {}\n", indent, l);
}

// Appends `line` (no newline), broken at spaces so that no piece is longer than kLineWidth where a
// break exists; continuation lines are indented by `cont` spaces. Breaks prefer the space after a
// comma or before a binary operator, outside the innermost brackets.
void emit_wrapped(std::string& out, const std::string& line, size_t cont) {
  std::string rest = line;
  std::string pad;
  while (pad.size() + rest.size() > kLineWidth) {
    size_t limit = kLineWidth - pad.size();
    size_t best = std::string::npos;
    int best_score = -1;
    int nest = 0, nest_at_best = 1 << 20;
    for (size_t i = 0; i < rest.size() && i <= limit; ++i) {
      char c = rest[i];
      if (c == '(' || c == '{' || c == '[') ++nest;
      if (c == ')' || c == '}' || c == ']') --nest;
      if (c != ' ' || i < 8) continue;
      int score = 1;
      if (rest[i - 1] == ',') score = 3;
      else if (i + 1 < rest.size() && std::string("|&^+?:").find(rest[i + 1]) != std::string::npos) score = 2;
      // Prefer the shallowest nesting, then the better kind of break, then the latest.
      if (nest < nest_at_best || (nest == nest_at_best && score >= best_score)) {
        best = i;
        best_score = score;
        nest_at_best = nest;
      }
    }
    if (best == std::string::npos) break;
    out += pad + rest.substr(0, best) + "\n";
    rest = rest.substr(best + 1);
    pad.assign(cont, ' ');
  }
  out += pad + rest;
}

// A declaration or statement with an optional trailing comment: the comment goes on the same line
// when it fits, else on its own line above.
void emit_statement(std::string& out, const std::string& stmt, const std::string& comment) {
  if (comment.empty()) {
    emit_wrapped(out, stmt, 6);
    out += "\n";
  } else if (std::max<size_t>(stmt.size() + 2, 40) + comment.size() + 3 <= kLineWidth) {
    out += fmt::format("{:<40}// {}\n", stmt + (stmt.size() >= 40 ? "  " : ""), comment);
  } else {
    out += fmt::format("  // {}\n", comment);
    emit_wrapped(out, stmt, 6);
    out += "\n";
  }
}

void emit_regs(std::string& out, const Item& it) {
  std::vector<const RegAssign*> with_reset, plain;
  for (const auto& r : it.regs) (r.reset.empty() ? plain : with_reset).push_back(&r);
  const std::string clk = fmt::format("  always_ff @(posedge {})", it.name);
  const std::string en = it.enable.empty() ? "" : fmt::format("if ({}) ", it.enable);
  if (!with_reset.empty()) {
    out += clk + "\n";
    out += fmt::format("    if (!{}) begin\n", it.reset);
    for (const auto* r : with_reset) out += fmt::format("      {} <= {};\n", r->q, r->reset);
    out += fmt::format("    end else {}begin\n", en);
    for (const auto* r : with_reset) {
      emit_wrapped(out, fmt::format("      {} <= {};", r->q, r->d), 10);
      out += "\n";
    }
    out += "    end\n";
  }
  if (plain.empty()) return;
  if (plain.size() == 1) {
    emit_wrapped(out, fmt::format("{} {}{} <= {};", clk, en, plain[0]->q, plain[0]->d), 6);
    out += "\n";
    return;
  }
  out += fmt::format("{} {}begin\n", clk, en);
  for (const auto* r : plain) {
    emit_wrapped(out, fmt::format("    {} <= {};", r->q, r->d), 8);
    out += "\n";
  }
  out += "  end\n";
}

void emit_module(std::string& out_top, const Module& m) {
  std::string& out = out_top;
  if (!m.doc().empty()) emit_comment_block(out, m.doc(), "");
  out += fmt::format("module {} (\n", m.name());
  for (size_t i = 0; i < m.ports().size(); ++i) {
    const Port& p = m.ports()[i];
    std::string decl = fmt::format("  {:<6} logic {:<9}{}", keyword(p.dir),
                                   range(p.width), p.name);
    std::string sep = i + 1 < m.ports().size() ? "," : "";
    if (p.comment.empty())
      out += decl + sep + "\n";
    else
      out += fmt::format("{:<40}// {}\n", decl + sep, p.comment);
  }
  out += ");\n";
  std::string body;  // items of an open generate loop, indented by two more spaces at its end
  std::string* dst = &out;
  for (const auto& it : m.items()) {
    std::string& out = *dst;
    switch (it.kind) {
      case Item::Kind::loop_begin:
        out += fmt::format("  for (genvar {0} = 0; {0} < {1}; {0}++) begin : {2}\n", it.name, it.width, it.expr);
        body.clear();
        dst = &body;
        break;
      case Item::Kind::loop_end: {
        std::string& top = *(dst = &out_top);
        size_t p = 0;
        while (p < body.size()) {
          size_t e = body.find('\n', p);
          top += "  " + body.substr(p, e - p + 1);
          p = e + 1;
        }
        top += "  end\n";
        break;
      }
      case Item::Kind::comment:
        out += fmt::format("  // {}\n", it.comment);
        break;
      case Item::Kind::blank:
        out += "\n";
        break;
      case Item::Kind::localparam:
        emit_statement(out,
                       it.width > 0 ? fmt::format("  localparam logic {}{} = {};", range(it.width), it.name, it.expr)
                                    : fmt::format("  localparam {} = {};", it.name, it.expr),
                       it.comment);
        break;
      case Item::Kind::signal:
        emit_statement(out, fmt::format("  logic {:<9}{};", range(it.width), it.name), it.comment);
        break;
      case Item::Kind::wire:
        emit_statement(out, fmt::format("  wire {}{} = {};", range(it.width), it.name, it.expr), it.comment);
        break;
      case Item::Kind::assign:
        emit_statement(out, fmt::format("  assign {} = {};", it.name, it.expr), "");
        break;
      case Item::Kind::regs:
        emit_regs(out, it);
        break;
      case Item::Kind::instance: {
        // One statement, wrapped between connections where a line would pass kLineWidth.
        std::string inst = "  " + it.expr;
        if (!it.params.empty()) {
          inst += " #(";
          for (size_t i = 0; i < it.params.size(); ++i)
            inst += fmt::format("{}.{}({})", i ? ", " : "", it.params[i].first, it.params[i].second);
          inst += ")";
        }
        inst += fmt::format(" {} (", it.name);
        for (size_t i = 0; i < it.conns.size(); ++i) {
          std::string conn = fmt::format(".{}({}){}", it.conns[i].port, it.conns[i].expr, i + 1 < it.conns.size() ? "," : ");");
          const size_t line_start = inst.rfind('\n') + 1;  // npos + 1 == 0
          if (i > 0 && inst.size() - line_start + 1 + conn.size() > kLineWidth) inst += "\n      ";
          else if (i > 0) inst += " ";
          inst += conn;
        }
        if (it.conns.empty()) inst += ");";
        out += inst;
        out += "\n";
        break;
      }
    }
  }
  out += "endmodule\n";
}

}  // namespace

std::string emit(const Design& d) {
  std::string out;
  out += "// " + std::string(76, '-') + "\n";
  emit_comment_block(out, d.header, "");
  out += "// " + std::string(76, '-') + "\n";
  out += "`default_nettype none\n\n";
  for (size_t i = 0; i < d.modules.size(); ++i) {
    if (i) out += "\n";
    emit_module(out, d.modules[i]);
  }
  out += "\n`default_nettype wire\n";
  return out;
}

}  // namespace qrtl::vlog
