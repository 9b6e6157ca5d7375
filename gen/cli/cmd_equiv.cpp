// qrtl equiv --a FILE.sv:TOP:LATENCY --b FILE.sv:TOP:LATENCY [--timeout SECONDS]
// qrtl equiv BLOCK [key=value ...] [--timeout SECONDS]   (the configuration against its stages=0 twin)
// Exit 0 EQUIVALENT (proved), 1 DIFFERENT, 4 UNKNOWN (timeout), 2 usage, 3 missing tool.
#include <fmt/format.h>

#include "cli/command.h"
#include "errors.h"
#include "flows/equiv.h"
#include "tools/scratch.h"
#include "registry.h"

namespace qrtl::cli {
namespace {

constexpr int kExitUnknown = 4;

flows::EquivSide parse_side(const std::string& spec, const char* opt) {
  const size_t last = spec.rfind(':');
  const size_t mid = last == std::string::npos || last == 0 ? std::string::npos : spec.rfind(':', last - 1);
  if (mid == std::string::npos)
    throw UsageError(fmt::format("{} '{}' is not FILE.sv:TOP:LATENCY", opt, spec));
  flows::EquivSide s{spec.substr(0, mid), spec.substr(mid + 1, last - mid - 1), 0};
  const std::string lat = spec.substr(last + 1);
  if (lat.empty() || lat.size() > 4 || lat.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError(fmt::format("{} '{}': latency '{}' is not a number of cycles", opt, spec, lat));
  s.latency = std::stoi(lat);
  return s;
}

// A pipelined configuration against its combinational twin.
flows::EquivResult block_against_twin(const std::string& block, const std::vector<std::string>& words,
                                      int timeout_seconds) {
  Generated g = generate(block, words, block);
  if (!g.def->pipelined)
    throw UsageError(g.latency < 0 ? fmt::format("{} is not a combinational/pipelined block (it has a handshake)", block)
                                   : fmt::format("{} has no stages/depth keys: there is no pipelined twin to compare", block));
  tools::ScratchDir dir("equiv-gen");
  write_generated(g, dir.path());
  return flows::check_against_twin(g, dir.path() + "/" + block + ".sv", timeout_seconds);
}

Command make_equiv_command() {
  return {"equiv", "prove two modules (or a block and its stages=0 twin) equal for all inputs", [](CLI::App& sub) {
            auto a = std::make_shared<std::string>();
            auto b = std::make_shared<std::string>();
            auto args = add_block_args(sub, false, "a block (see qrtl list), proved against its stages=0 twin",
                                       "its parameters, key=value");
            auto timeout = std::make_shared<int>(300);
            sub.add_option("--a", *a, "FILE.sv:TOP:LATENCY (latency in cycles, 0 = combinational)");
            sub.add_option("--b", *b, "FILE.sv:TOP:LATENCY");
            sub.add_option("--timeout", *timeout, "seconds before the answer is UNKNOWN (exit 4)")->check(CLI::Range(1, 86400));
            return [=]() {
              if (args->block.empty() == (a->empty() && b->empty()) || (args->block.empty() && (a->empty() || b->empty())))
                throw UsageError("give either --a and --b, or a block and its parameters");
              flows::EquivResult r = args->block.empty()
                                         ? flows::check_equivalence(parse_side(*a, "--a"), parse_side(*b, "--b"), *timeout)
                                         : block_against_twin(args->block, args->words, *timeout);
              switch (r.verdict) {
                case flows::EquivVerdict::equivalent:
                  fmt::print("EQUIVALENT (proved)\n{:.1f} s: {}\n", r.seconds, r.method);
                  return 0;
                case flows::EquivVerdict::different:
                  fmt::print("DIFFERENT\ncounterexample: {}\n{:.1f} s: {}\n", r.counterexample, r.seconds, r.method);
                  return 1;
                default:
                  fmt::print("UNKNOWN\n{:.1f} s: {}\n", r.seconds, r.method);
                  return kExitUnknown;
              }
            };
          }};
}

QRTL_COMMAND(make_equiv_command);

}  // namespace
}  // namespace qrtl::cli
