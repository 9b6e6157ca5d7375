#include "tools/tools.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

#include "errors.h"
#include "fsutil.h"

extern char** environ;

namespace qrtl::tools {

namespace {
const char* debian_package(const std::string& tool) {
  if (tool == "verilator") return "verilator";
  if (tool == "iverilog" || tool == "vvp") return "iverilog";
  if (tool == "yosys" || tool == "yosys-abc") return "yosys";
  if (tool == "timeout") return "coreutils";
  return nullptr;
}
}  // namespace

std::string find_tool(const std::string& tool) {
  static std::mutex mu;
  static std::map<std::string, std::string> cache;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(tool); it != cache.end()) return it->second;
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  for (size_t pos = 0; pos <= p.size();) {
    size_t colon = p.find(':', pos);
    std::string dir = p.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos);
    std::string cand = (dir.empty() ? "." : dir) + "/" + tool;
    if (::access(cand.c_str(), X_OK) == 0 && !std::filesystem::is_directory(cand)) {
      cache[tool] = cand;
      return cand;
    }
    if (colon == std::string::npos) break;
    pos = colon + 1;
  }
  const char* pkg = debian_package(tool);
  throw ToolError(pkg ? fmt::format("'{}' not found on PATH; install it with scripts/install-deps.sh "
                                    "(Debian package {})", tool, pkg)
                      : fmt::format("'{}' not found on PATH", tool));
}

bool has_tool(const std::string& tool) {
  try {
    find_tool(tool);
    return true;
  } catch (const ToolError&) {
    return false;
  }
}

RunResult run(const std::vector<std::string>& argv, const std::string& cwd) {
  std::string exe = argv.at(0).find('/') == std::string::npos ? find_tool(argv[0]) : argv[0];
  int pipefd[2];
  if (::pipe(pipefd) != 0) throw ToolError("cannot create a pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  posix_spawn_file_actions_addclose(&fa, pipefd[0]);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(pipefd[1]);
  if (rc != 0) {
    ::close(pipefd[0]);
    throw ToolError(fmt::format("cannot run '{}': {}", exe, std::strerror(rc)));
  }
  RunResult r;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) r.output.append(buf, static_cast<size_t>(n));
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

namespace {
// What changes when the executable is replaced or rebuilt ("" when it cannot be read).
std::string file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return fmt::format("{}|{}|{}|{}.{}|{}.{}", path, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                     st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

std::string ask_version(const std::string& tool) {
  try {
    RunResult r = run({tool, tool == "iverilog" ? "-V" : "--version"});
    return r.output.substr(0, r.output.find('\n'));
  } catch (const ToolError&) {
    return "";
  }
}
}  // namespace

std::string tool_version(const std::string& tool, const std::string& memo_dir) {
  static std::mutex mu;
  static std::map<std::string, std::string> asked;  // by executable path
  const std::string path = tool.find('/') != std::string::npos ? tool : has_tool(tool) ? find_tool(tool) : "";
  if (path.empty()) return "";
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = asked.find(path); it != asked.end()) return it->second;
  }
  std::string memo;
  if (!memo_dir.empty()) {
    const std::string identity = file_identity(path) + "\n" + file_identity(path + "_bin");
    memo = fmt::format("{}/tool-version-{}-{:016x}", memo_dir, std::filesystem::path(path).filename().string(),
                       fnv1a64(identity));
  }
  std::string version;
  if (!memo.empty()) {
    try {
      version = read_file(memo);
    } catch (const UsageError&) {
    }
  }
  if (version.empty()) {
    version = ask_version(tool);
    if (!memo.empty() && !version.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(memo_dir, ec);
      try {
        atomic_write_file(memo, version);
      } catch (const std::exception&) {  // a read-only cache only costs the next process the question
      }
    }
  }
  std::lock_guard<std::mutex> lock(mu);
  asked.emplace(path, version);
  return version;
}

void check_scriptable_path(const std::string& path) {
  if (path.find_first_of("\"\n;") != std::string::npos)
    throw UsageError(fmt::format("path '{}' contains a quote, semicolon or newline", path));
}

}  // namespace qrtl::tools
