// CLI subcommands register themselves (QRTL_COMMAND in their cmd_*.cpp); main.cpp builds the
// CLI11 app from the registry. A setup function declares the subcommand's options on `sub` and
// returns the action to run when it is chosen. Actions return the exit code: 0 success,
// 1 a check failed (lint, cosim mismatch); a UsageError exits 2 and a ToolError 3.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace qrtl::cli {

using Action = std::function<int()>;

struct Command {
  std::string name;
  std::string help;
  std::function<Action(CLI::App& sub)> setup;
};

void register_command(Command c);
const std::vector<Command>& all_commands();

struct CommandRegistration {
  explicit CommandRegistration(Command (*make)()) { register_command(make()); }
};
#define QRTL_COMMAND(fn) static const ::qrtl::cli::CommandRegistration qrtl_command_reg_(fn)

}  // namespace qrtl::cli
