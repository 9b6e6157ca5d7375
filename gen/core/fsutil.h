// Small file-system helpers with UsageError messages a user can act on.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace qrtl {

std::string read_file(const std::string& path);  // throws UsageError if unreadable
// Writes every (path, content) to a temporary beside it, then renames all into place; on any
// failure removes the temporaries and throws UsageError, leaving no partial file.
void atomic_write_files(const std::vector<std::pair<std::string, std::string>>& files);
void atomic_write_file(const std::string& path, const std::string& content);
void make_dirs(const std::string& dir);  // mkdir -p; throws UsageError
// 64-bit FNV-1a, for cache keys (stable across runs and hosts).
uint64_t fnv1a64(const std::string& data, uint64_t h = 14695981039346656037ull);

}  // namespace qrtl
