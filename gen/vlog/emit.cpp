#include "emit.h"

#include <fmt/format.h>

#include <algorithm>

namespace qrtl::vlog {

namespace {

void emit_comment_block(std::string& out, const std::vector<std::string>& lines, const char* indent) {
  for (const auto& l : lines) out += l.empty() ? fmt::format("{}//\n", indent) : fmt::format("{}// {}\n", indent, l);
}

void emit_module(std::string& out, const Module& m) {
  if (!m.doc().empty()) emit_comment_block(out, m.doc(), "");
  out += fmt::format("module {} (\n", m.name());
  size_t name_w = 0;
  for (const auto& p : m.ports()) name_w = std::max(name_w, p.name.size());
  for (size_t i = 0; i < m.ports().size(); ++i) {
    const Port& p = m.ports()[i];
    std::string decl = fmt::format("  {} logic {:<9}{}", p.dir == Dir::in ? "input " : "output",
                                   range(p.width), p.name);
    std::string sep = i + 1 < m.ports().size() ? "," : "";
    if (p.comment.empty())
      out += decl + sep + "\n";
    else
      out += fmt::format("{:<40}// {}\n", decl + sep, p.comment);
  }
  out += ");\n";
  for (const auto& it : m.items()) {
    switch (it.kind) {
      case Item::Kind::comment:
        out += fmt::format("  // {}\n", it.text);
        break;
      case Item::Kind::blank:
        out += "\n";
        break;
      case Item::Kind::localparam: {
        std::string decl = fmt::format("  localparam {} = {};", it.name, it.text);
        const std::string& c = it.conns.front().port;
        out += c.empty() ? decl + "\n" : fmt::format("{:<40}// {}\n", decl, c);
        break;
      }
      case Item::Kind::signal: {
        std::string decl = fmt::format("  logic {:<9}{};", range(it.width), it.name);
        out += it.text.empty() ? decl + "\n" : fmt::format("{:<40}// {}\n", decl, it.text);
        break;
      }
      case Item::Kind::assign:
        out += fmt::format("  assign {} = {};\n", it.name, it.text);
        break;
      case Item::Kind::regs:
        out += fmt::format("  always_ff @(posedge {}) begin\n", it.name);
        for (const auto& [q, d] : it.regs) out += fmt::format("    {} <= {};\n", q, d);
        out += "  end\n";
        break;
      case Item::Kind::instance: {
        out += "  " + it.text;
        if (!it.params.empty()) {
          out += " #(";
          for (size_t i = 0; i < it.params.size(); ++i)
            out += fmt::format("{}.{}({})", i ? ", " : "", it.params[i].first, it.params[i].second);
          out += ")";
        }
        out += fmt::format(" {} (\n", it.name);
        for (size_t i = 0; i < it.conns.size(); ++i)
          out += fmt::format("    .{}({}){}\n", it.conns[i].port, it.conns[i].expr,
                             i + 1 < it.conns.size() ? "," : "");
        out += "  );\n";
        break;
      }
      case Item::Kind::raw:
        out += it.text;
        if (!it.text.empty() && it.text.back() != '\n') out += "\n";
        break;
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
