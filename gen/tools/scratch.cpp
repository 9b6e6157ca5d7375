#include "tools/scratch.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "fsutil.h"

namespace qrtl::tools {

ScratchDir::ScratchDir(const std::string& tag) {
  std::random_device rd;
  path_ = fmt::format("{}/qrtl-{}-{}-{:08x}", std::filesystem::temp_directory_path().string(), tag, ::getpid(), rd());
  make_dirs(path_);
}

ScratchDir::ScratchDir(const std::string& parent, const std::string& tag) {
  std::random_device rd;
  path_ = fmt::format("{}/.{}-{}-{:08x}", parent, tag, ::getpid(), rd());
  make_dirs(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace qrtl::tools
