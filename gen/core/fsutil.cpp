#include "fsutil.h"

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <fstream>
#include <sstream>

#include "errors.h"

namespace fs = std::filesystem;

namespace qrtl {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  // One read into a buffer of the file's size (a stream copy would grow and copy a large file
  // several times); then whatever is left, for files whose size the seek cannot tell (pipes).
  std::string data;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0 && in) {
    data.resize(static_cast<size_t>(size));
    in.read(data.data(), size);
    data.resize(static_cast<size_t>(in.gcount()));
  }
  in.clear();
  std::ostringstream rest;
  if (in.peek() != std::char_traits<char>::eof()) {
    rest << in.rdbuf();
    data += rest.str();
  }
  if (in.bad()) throw UsageError(fmt::format("cannot read '{}': read failed", path));
  return data;
}

void make_dirs(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw UsageError(fmt::format("cannot create directory '{}': {}", dir,
                                 ec ? ec.message() : "exists and is not a directory"));
}

void atomic_write_files(const std::vector<std::pair<std::string, std::string>>& files) {
  // Every file written and closed before any is renamed; a failure on the way leaves the writers
  // to remove their temporaries.
  std::vector<std::unique_ptr<AtomicFileWriter>> writers;
  for (const auto& [path, content] : files) {
    writers.push_back(std::make_unique<AtomicFileWriter>(path));
    writers.back()->write(content);
    writers.back()->close();
  }
  for (auto& w : writers) w->commit();
}

InputFile::InputFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p != MAP_FAILED) {
      map_ = p;
      map_size_ = static_cast<size_t>(st.st_size);
      bytes_ = std::string_view(static_cast<const char*>(p), map_size_);
    }
  }
  if (fd >= 0) ::close(fd);
  if (!map_) {
    copy_ = read_file(path);
    bytes_ = copy_;
  }
}

InputFile::~InputFile() {
  if (map_) ::munmap(map_, map_size_);
}

AtomicFileWriter::AtomicFileWriter(std::string path) : path_(std::move(path)) {
  tmp_ = fmt::format("{}.tmp{}", path_, ::getpid());
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) throw UsageError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (pending_) ::unlink(tmp_.c_str());
}

void AtomicFileWriter::close() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw UsageError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
}

void AtomicFileWriter::write(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw UsageError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
    data.remove_prefix(static_cast<size_t>(n));
  }
}

void AtomicFileWriter::commit() {
  close();
  if (::rename(tmp_.c_str(), path_.c_str()) != 0)
    throw UsageError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
  pending_ = false;
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
