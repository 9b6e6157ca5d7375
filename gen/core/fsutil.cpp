#include "fsutil.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "errors.h"

namespace fs = std::filesystem;

namespace qrtl {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void make_dirs(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw UsageError(fmt::format("cannot create directory '{}': {}", dir,
                                 ec ? ec.message() : "exists and is not a directory"));
}

void atomic_write_files(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::string> temps;
  auto cleanup = [&] {
    for (const auto& t : temps) ::unlink(t.c_str());
  };
  for (const auto& [path, content] : files) {
    std::string tmp = fmt::format("{}.tmp{}", path, ::getpid());
    temps.push_back(tmp);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      int err = errno;
      cleanup();
      throw UsageError(fmt::format("cannot write '{}': {}", path, std::strerror(err)));
    }
    out << content;
    out.close();
    if (!out) {
      cleanup();
      throw UsageError(fmt::format("cannot write '{}': write failed", path));
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      int err = errno;
      cleanup();
      throw UsageError(fmt::format("cannot write '{}': {}", files[i].first, std::strerror(err)));
    }
  }
}

void atomic_write_file(const std::string& path, const std::string& content) {
  atomic_write_files({{path, content}});
}

uint64_t fnv1a64(const std::string& data, uint64_t h) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace qrtl
