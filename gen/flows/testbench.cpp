#include "flows/testbench.h"

#include <fmt/format.h>

namespace qrtl::flows {

namespace {

int total_width(const std::vector<vlog::Port>& ports) {
  int w = 0;
  for (const auto& p : ports) w += p.width;
  return w;
}

std::string decl(const vlog::Port& p) {
  return p.width == 1 ? fmt::format("  logic {};\n", p.name) : fmt::format("  logic [{}:0] {};\n", p.width - 1, p.name);
}

std::string concat(const std::vector<vlog::Port>& ports) {
  std::string s;
  for (const auto& p : ports) s += (s.empty() ? "" : ", ") + p.name;
  return "{" + s + "}";
}

}  // namespace

std::string hex_file(const std::string& top, const std::string& kind, size_t alt) {
  return kind == "in" ? top + "_in.hex" : fmt::format("{}_{}{}.hex", top, kind, alt);
}

std::string testbench(const TestbenchSpec& s) {
  const int iw = total_width(s.in), ow = total_width(s.out);
  const std::string tb = "tb_" + s.top;
  std::string t;
  for (const auto& h : s.header) t += "// " + h + "\n";
  t += "`timescale 1ns / 1ps\n\n";
  t += fmt::format("module {};\n", tb);
  t += fmt::format("  localparam int N = {};  // vectors\n", s.vectors);
  t += fmt::format("  localparam int LATENCY = {};  // clock cycles from inputs to outputs\n", s.latency);
  t += fmt::format("  localparam int IW = {};  // bits per line of {}\n", iw, hex_file(s.top, "in"));
  t += fmt::format("  localparam int OW = {};  // bits per line of the expected and mask files\n", ow);
  t += "  localparam int MAX_REPORT = 10;  // mismatches printed in full\n\n";
  t += "  logic [IW-1:0] tb_stim [0:N-1];\n";
  for (size_t k = 0; k < s.alternatives; ++k)
    t += fmt::format("  logic [OW-1:0] tb_exp{0} [0:N-1];\n  logic [OW-1:0] tb_mask{0} [0:N-1];\n", k);
  t += "  int tb_errors;\n  int tb_checked;\n  int tb_cycle;\n  int tb_v;\n  logic tb_bad;\n\n";
  if (s.clocked) t += "  logic clk;\n";
  for (const auto& p : s.in) t += decl(p);
  for (const auto& p : s.out) t += decl(p);
  t += fmt::format("\n  {} dut (\n", s.top);
  std::vector<std::string> conns;
  if (s.clocked) conns.push_back("clk");
  for (const auto& p : s.in) conns.push_back(p.name);
  for (const auto& p : s.out) conns.push_back(p.name);
  for (size_t i = 0; i < conns.size(); ++i)
    t += fmt::format("      .{0}({0}){1}\n", conns[i], i + 1 < conns.size() ? "," : "");
  t += "  );\n\n";

  // One check per output port: it passes when it matches any alternative under its mask. An X or Z
  // on a checked bit fails (=== against zero). Written inline in the loop (no task): simulators
  // differ on tasks that update module variables from a timed initial block.
  std::string check = "        tb_bad = 1'b0;\n";
  int hi = ow - 1;
  for (const auto& p : s.out) {
    const std::string sl = fmt::format("[{}:{}]", hi, hi - p.width + 1);
    std::string any;
    for (size_t k = 0; k < s.alternatives; ++k)
      any += fmt::format("{}((({} ^ tb_exp{}[tb_v]{}) & tb_mask{}[tb_v]{}) === {}'d0)", k ? "\n            || " : "", p.name,
                         k, sl, k, sl, p.width);
    check += fmt::format("        if (!({})) begin\n", any);
    check += "          tb_bad = 1'b1;\n";
    check += fmt::format("          if (tb_errors < MAX_REPORT)\n            $display(\"vector %0d: {0} expected %h (mask %h) got %h\", "
                         "tb_v, tb_exp0[tb_v]{1}, tb_mask0[tb_v]{1}, {0});\n",
                         p.name, sl);
    check += "        end\n";
    hi -= p.width;
  }
  check += "        if (tb_bad) tb_errors = tb_errors + 1;\n        tb_checked = tb_checked + 1;\n";

  t += "  initial begin\n";
  t += fmt::format("    $readmemh(\"{}\", tb_stim);\n", hex_file(s.top, "in"));
  for (size_t k = 0; k < s.alternatives; ++k)
    t += fmt::format("    $readmemh(\"{}\", tb_exp{});\n    $readmemh(\"{}\", tb_mask{});\n", hex_file(s.top, "exp", k), k,
                     hex_file(s.top, "mask", k), k);
  t += fmt::format("    if ($isunknown(tb_stim[N-1]) || $isunknown(tb_mask{}[N-1])) begin\n", s.alternatives - 1);
  t += "      $display(\"FAIL cannot read the vector files (run the simulator in their directory)\");\n";
  t += "      $finish;\n    end\n";
  t += "    tb_errors = 0;\n    tb_checked = 0;\n";
  if (s.clocked) t += "    clk = 1'b0;\n";
  t += "    // One vector per clock cycle; the outputs seen just before the rising edge of cycle c\n"
       "    // belong to the vector applied LATENCY cycles earlier. LATENCY more cycles drain the pipeline.\n";
  t += "    for (tb_cycle = 0; tb_cycle < N + LATENCY; tb_cycle++) begin\n";
  t += fmt::format("      {} = tb_stim[tb_cycle < N ? tb_cycle : N - 1];\n", concat(s.in));
  t += "      #5;\n";
  t += "      if (tb_cycle >= LATENCY) begin\n        tb_v = tb_cycle - LATENCY;\n" + check + "      end\n";
  t += s.clocked ? "      clk = 1'b1;\n      #5;\n      clk = 1'b0;\n" : "      #5;\n";
  t += "    end\n";
  t += "    #1;  // a last delay: without it some simulators (e.g. Verilator 5.006 --timing) report stale counts\n";
  t += "    if (tb_errors == 0) $display(\"PASS %0d vectors\", tb_checked);\n";
  t += "    else $display(\"FAIL %0d of %0d vectors mismatch\", tb_errors, tb_checked);\n";
  t += "    $finish;\n  end\n\nendmodule\n";
  return t;
}

}  // namespace qrtl::flows
