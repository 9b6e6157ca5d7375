// .npy files for APack: the verbatim header and the data bytes, dtype and shape (format versions
// 1.0-3.0, through npy.h). APack compresses only int8/uint8 data.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "errors.h"
#include "golden/apack.h"
#include "npy.h"

namespace qrtl::apack {

namespace {
constexpr std::string_view kNpyMagic("\x93NUMPY", 6);
}  // namespace

bool looks_like_npy(std::string_view bytes) { return bytes.substr(0, 6) == kNpyMagic; }

// The project's one .npy header parser (npy.h), its errors as APack format errors.
Npy read_npy_bytes(std::string_view bytes) {
  NpyArray a;
  try {
    a = parse_npy_header(bytes, ".npy");
  } catch (const UsageError& e) {
    throw FormatError(e.what());
  }
  if (a.fortran_order) throw FormatError("Fortran-ordered .npy arrays are not supported");
  Npy n;
  n.dtype = a.descr;
  n.shape = a.shape;
  n.header = std::string(bytes.substr(0, a.header_size));
  n.data = std::string(bytes.substr(a.header_size));
  return n;
}

Npy read_npy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw FormatError(fmt::format("cannot read {}", path));
  std::ostringstream ss;
  ss << f.rdbuf();
  return read_npy_bytes(ss.str());
}

}  // namespace qrtl::apack

namespace qrtl::apack {

TensorFile split_tensor_file(std::string_view bytes) {
  TensorFile t;
  if (!looks_like_npy(bytes)) {
    t.data = std::string(bytes);
    return t;
  }
  try {
    Npy n = read_npy_bytes(bytes);
    const std::string_view kind = std::string_view(n.dtype).substr(n.dtype.size() > 2 ? n.dtype.size() - 2 : 0);
    const bool one_byte = (n.dtype.size() == 2 || (n.dtype.size() == 3 && std::string_view("|<>=").find(n.dtype[0]) != std::string_view::npos)) &&
                          (kind == "i1" || kind == "u1");
    uint64_t elems = 1;
    for (uint64_t d : n.shape) elems = d && elems > UINT64_MAX / d ? UINT64_MAX : elems * d;
    if (!one_byte) {
      t.note = fmt::format("dtype '{}' is not int8/uint8: compressing the file as raw bytes", n.dtype);
    } else if (elems != n.data.size()) {
      t.note = "the .npy data size does not match its shape: compressing the file as raw bytes";
    } else {
      t.header = std::move(n.header);
      t.data = std::move(n.data);
      t.npy = true;
      t.is_signed = kind == "i1";
      if (!n.shape.empty() && n.shape.back() > 0) t.last_dim = n.shape.back();
      return t;
    }
  } catch (const FormatError& e) {
    t.note = fmt::format("{}: compressing the file as raw bytes", e.what());
  }
  t.data = std::string(bytes);
  return t;
}

}  // namespace qrtl::apack
