// A small, strict reader of NumPy .npy files (format versions 1.0, 2.0 and 3.0): the header's
// dtype, order and shape, and the raw data bytes. Anything malformed is a UsageError naming the
// file and what is wrong with it, never a crash or a silent misread.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qrtl {

struct NpyArray {
  std::string descr;             // NumPy type string as written, e.g. "|i1", "<f4"
  std::string dtype;             // normalized name: int8 uint8 int16 ... float32 bool, or descr if unknown
  size_t itemsize = 0;           // bytes per element
  bool fortran_order = false;
  std::vector<uint64_t> shape;   // empty for a scalar
  std::string bytes;             // count() * itemsize data bytes, in file order
  size_t header_size = 0;        // bytes before the data: magic, version, length, dict, padding

  uint64_t count() const;        // product of shape (1 for a scalar)
};

NpyArray read_npy(const std::string& path);
// Parses the contents of a .npy file; `name` is used in error messages.
NpyArray parse_npy(const std::string& data, const std::string& name);
// Parses only the header at the start of `data` (whatever follows it, if anything, is not read):
// every field but `bytes`.
NpyArray parse_npy_header(std::string_view data, const std::string& name);

}  // namespace qrtl
