// CLI subcommands register themselves (QRTL_COMMAND in their cmd_*.cpp); main.cpp builds the
// CLI11 app from the registry. A setup function declares the subcommand's options on `sub` and
// returns the action to run when it is chosen. Actions return the exit code: 0 success,
// 1 a check failed (lint, cosim mismatch); a UsageError exits 2 and a ToolError 3.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace qrtl::cli {

using Action = std::function<int()>;

struct Command {
  std::string name;
  std::string help;
  std::function<Action(CLI::App& sub)> setup;
};

// BLOCK [key=value ...]: the positional arguments of the commands that generate one block. Parsed
// into the returned object, which the command's action captures.
struct BlockArgs {
  std::string block;
  std::vector<std::string> words;
};
inline std::shared_ptr<BlockArgs> add_block_args(CLI::App& sub, bool required = true,
                                                 const std::string& block_help = "block name (see qrtl list)",
                                                 const std::string& words_help = "parameters, key=value") {
  auto args = std::make_shared<BlockArgs>();
  CLI::Option* block = sub.add_option("block", args->block, block_help);
  if (required) block->required();
  sub.add_option("params", args->words, words_help);
  return args;
}

// FILE.sv --top NAME: the design file and top module of the commands that read one.
struct RtlArgs {
  std::string file, top;
};
inline std::shared_ptr<RtlArgs> add_rtl_args(CLI::App& sub) {
  auto args = std::make_shared<RtlArgs>();
  sub.add_option("file", args->file, "SystemVerilog file")->required();
  sub.add_option("--top", args->top, "top module")->required();
  return args;
}

void register_command(Command c);
const std::vector<Command>& all_commands();

struct CommandRegistration {
  explicit CommandRegistration(Command (*make)()) { register_command(make()); }
};
#define QRTL_COMMAND(fn) static const ::qrtl::cli::CommandRegistration qrtl_command_reg_##fn(fn)

}  // namespace qrtl::cli
