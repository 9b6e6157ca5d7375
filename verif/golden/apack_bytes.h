// Little-endian fields of the APack containers and archives (apack_container.cpp, apack_archive.cpp):
// writing, and reading with a FormatError that names the part a truncated input ends in.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "golden/apack.h"

namespace qrtl::apack {

inline constexpr char kMagic[4] = {'A', 'P', 'A', 'K'};

inline void put(std::string& s, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

struct Reader {
  std::string_view b;
  size_t at = 0;
  std::string_view take(uint64_t n, const char* what) {
    if (b.size() - at < n) throw FormatError(fmt::format("truncated APack stream (in the {})", what));
    std::string_view r = b.substr(at, static_cast<size_t>(n));
    at += static_cast<size_t>(n);
    return r;
  }
  uint64_t get(int bytes, const char* what) {
    std::string_view r = take(static_cast<uint64_t>(bytes), what);
    uint64_t v = 0;
    for (int i = bytes; i-- > 0;) v = v << 8 | static_cast<unsigned char>(r[static_cast<size_t>(i)]);
    return v;
  }
};

}  // namespace qrtl::apack
