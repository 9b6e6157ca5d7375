// qrtl: generator of synthesizable Verilog for low-precision deep-learning arithmetic.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "errors.h"
#include "registry.h"

namespace qrtl::cli {
namespace {
std::vector<Command>& registry() {
  static std::vector<Command> r;
  return r;
}
}  // namespace
void register_command(Command c) { registry().push_back(std::move(c)); }
const std::vector<Command>& all_commands() { return registry(); }
}  // namespace qrtl::cli

int main(int argc, char** argv) {
  using namespace qrtl;
  CLI::App app{fmt::format("qrtl {}: synthesizable Verilog for low-precision deep-learning arithmetic, "
                           "verified bit-exactly against golden models",
                           kVersion),
               "qrtl"};
  app.set_version_flag("--version", std::string("qrtl ") + kVersion);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, cli::Action>> actions;
  auto commands = cli::all_commands();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& c : commands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    actions.emplace_back(sub, c.setup(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "qrtl: error: %s\n", e.what());
    return 2;
  }
  try {
    for (auto& [sub, action] : actions)
      if (sub->parsed()) return action();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "qrtl: error: %s\n", e.what());
    return 2;
  } catch (const ToolError& e) {
    std::fprintf(stderr, "qrtl: tool error: %s\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qrtl: internal error (please report): %s\n", e.what());
    return 4;
  }
  return 2;
}
