// libFuzzer target: the APack container parser and lane decoders on arbitrary bytes. Every input
// must either decode or raise apack::FormatError; AddressSanitizer/UBSan catch anything else.
// Built and run by `make fuzz` (seeds: fuzz/corpus/apack_decode/, containers written by the
// software encoder); see docs/reliability.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "golden/apack.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    // A value-count limit keeps a forged header from asking for gigabytes.
    (void)qrtl::apack::decode_file(std::string_view(reinterpret_cast<const char*>(data), size), uint64_t{1} << 20);
  } catch (const qrtl::apack::FormatError&) {
  }
  return 0;
}
