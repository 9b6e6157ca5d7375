// libFuzzer target: the APack container and archive parsers and lane decoders on arbitrary bytes. Every input
// must either decode or raise apack::FormatError, and the piecewise decoder (qrtl apack decode's)
// must give the same bytes or the same rejection; AddressSanitizer/UBSan catch anything else.
// Built and run by `make fuzz` (seeds: fuzz/corpus/apack_decode/, containers written by the
// software encoder); see docs/reliability.md.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "golden/apack.h"

namespace {

constexpr uint64_t kMaxCount = uint64_t{1} << 20;  // keeps a forged header from asking for gigabytes

void check_container(std::string_view bytes) {
  std::string whole, pieces;
  bool whole_ok = true, pieces_ok = true;
  try {
    whole = qrtl::apack::decode_file(bytes, kMaxCount);
  } catch (const qrtl::apack::FormatError&) {
    whole_ok = false;
  }
  try {
    qrtl::apack::decode_file_to(bytes, [&](std::string_view s) { pieces += s; }, kMaxCount, 64);
  } catch (const qrtl::apack::FormatError&) {
    pieces_ok = false;
  }
  if (whole_ok != pieces_ok || (whole_ok && whole != pieces)) std::abort();
}

}  // namespace

// A container, or an archive whose every member container is checked the same way.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!qrtl::apack::is_archive(bytes)) {
    check_container(bytes);
    return 0;
  }
  try {
    for (const auto& m : qrtl::apack::parse_archive(bytes)) check_container(m.container);
  } catch (const qrtl::apack::FormatError&) {
  }
  return 0;
}
