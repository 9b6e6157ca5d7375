// Small file-system helpers with UsageError messages a user can act on.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qrtl {

std::string read_file(const std::string& path);  // throws UsageError if unreadable
// Writes every (path, content) to a temporary beside it, then renames all into place; on any
// failure removes the temporaries and throws UsageError, leaving no partial file.
void atomic_write_files(const std::vector<std::pair<std::string, std::string>>& files);
void atomic_write_file(const std::string& path, const std::string& content);
// A file's bytes without copying them: mapped read-only where the system allows (a regular file),
// else read into memory. Throws UsageError if unreadable.
class InputFile {
 public:
  explicit InputFile(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  std::string_view bytes() const { return bytes_; }

 private:
  std::string copy_;  // the bytes when they could not be mapped
  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string_view bytes_;
};

// A file written piece by piece into a temporary beside `path`, renamed into place by commit();
// destroyed without commit() (an error on the way) it removes the temporary: no partial file.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::string path);  // throws UsageError
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  void write(std::string_view data);  // throws UsageError
  void close();   // all written: closes the temporary, still to be committed; throws UsageError
  void commit();  // renames the temporary into place; throws UsageError

 private:
  std::string path_, tmp_;
  int fd_ = -1;
  bool pending_ = true;  // the temporary exists and is not renamed yet
};
void make_dirs(const std::string& dir);  // mkdir -p; throws UsageError
// 64-bit FNV-1a, for cache keys (stable across runs and hosts).
uint64_t fnv1a64(const std::string& data, uint64_t h = 14695981039346656037ull);

}  // namespace qrtl
