// qrtl list [BLOCK]
#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "cli/command.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

void print_block(const BlockDef& b, bool details) {
  fmt::print("{:<12} {}\n", b.name, b.summary);
  for (const auto& k : b.keys)
    fmt::print("    {:<10} default {:<6} allowed {:<24} {}\n", k.name, k.def, k.allowed(), k.help);
  if (details)
    for (std::string_view rest = b.doc; !rest.empty();) {
      const size_t end = std::min(rest.find('\n'), rest.size());
      fmt::print("  {}\n", rest.substr(0, end));
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
}

Command make_list_command() {
  return {"list", "list blocks with their keys, defaults and allowed values", [](CLI::App& sub) {
            auto block = std::make_shared<std::string>();
            sub.add_option("block", *block, "show one block in detail");
            return [=]() {
              if (!block->empty()) {
                print_block(find_block(*block), true);
                return 0;
              }
              for (const auto& b : all_blocks()) print_block(b, false);
              return 0;
            };
          }};
}

QRTL_COMMAND(make_list_command);

}  // namespace
}  // namespace qrtl::cli
