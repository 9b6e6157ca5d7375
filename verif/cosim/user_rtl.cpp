#include "cosim/user_rtl.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "errors.h"
#include "tools/scratch.h"
#include "fsutil.h"
#include "tools/tools.h"

namespace qrtl::verif {
namespace {

struct FilePort {
  std::string dir;  // "input", "output" or "inout"
  int width = 0;
};

// The ports of module `top` as Yosys elaborates it (its parser, not a regular expression, so that
// any legal port style - ANSI or not, parameters, packed ranges - is read the way tools will).
std::map<std::string, FilePort> file_ports(const std::string& path, const std::string& top) {
  tools::ScratchDir scratch("rtl-ports");
  const std::string json_path = scratch.path() + "/ports.json";
  // The file name reaches Yosys as a script word: reject what would split or end it.
  if (path.find_first_of(" \t\n;\"") != std::string::npos)
    throw UsageError(fmt::format("--rtl {}: the file name may not contain spaces, quotes or ';'", path));
  const std::string script = fmt::format("read_verilog -sv {}; hierarchy -top {}; proc; write_json {}",
                                         std::filesystem::absolute(path).string(), top, json_path);
  tools::RunResult r = tools::run({"yosys", "-q", "-p", script});
  if (r.exit_code != 0) {  // quote Yosys's ERROR line (UsageError keeps the message on one line)
    const size_t at = r.output.find("ERROR");
    const std::string why = at == std::string::npos ? r.output : r.output.substr(at, r.output.find('\n', at) - at);
    throw UsageError(fmt::format("--rtl {} --top {}: Yosys cannot elaborate it: {}", path, top, why));
  }
  const nlohmann::json j = nlohmann::json::parse(read_file(json_path));
  std::map<std::string, FilePort> ports;
  for (const auto& [name, p] : j.at("modules").at(top).at("ports").items())
    ports[name] = {p.at("direction").get<std::string>(), static_cast<int>(p.at("bits").size())};
  return ports;
}

}  // namespace

Generated adopt_rtl(const Generated& g, const std::string& path, const std::string& top) {
  Generated user = g;
  user.sv = read_file(path);
  user.top = top;
  std::map<std::string, FilePort> have = file_ports(path, top);
  for (const vlog::Port& want : g.ports) {
    auto it = have.find(want.name);
    if (it == have.end())
      throw UsageError(fmt::format("--rtl {}: module {} has no port {} ({} [{}:0] in the {} contract)", path, top,
                                   want.name, vlog::keyword(want.dir), want.width - 1, g.def->name));
    if (it->second.dir != vlog::keyword(want.dir) || it->second.width != want.width)
      throw UsageError(fmt::format("--rtl {}: port {} of {} is {} [{}:0], the {} contract has {} [{}:0]", path,
                                   want.name, top, it->second.dir, it->second.width - 1, g.def->name,
                                   vlog::keyword(want.dir), want.width - 1));
    have.erase(it);
  }
  if (!have.empty())
    throw UsageError(fmt::format("--rtl {}: port {} of {} is not in the {} contract", path, have.begin()->first, top,
                                 g.def->name));
  return user;
}

}  // namespace qrtl::verif
