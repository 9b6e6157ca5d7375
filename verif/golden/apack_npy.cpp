// Minimal .npy reader (format versions 1.0-3.0): enough to split a file into its verbatim header
// and its data bytes and to read dtype and shape. APack compresses only int8/uint8 data.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "golden/apack.h"

namespace qrtl::apack {

namespace {

constexpr std::string_view kNpyMagic("\x93NUMPY", 6);

// The quoted value after 'key': in the header dict, e.g. descr -> "|i1".
std::string dict_value(std::string_view dict, std::string_view key) {
  const std::string k = fmt::format("'{}':", key);
  const size_t at = dict.find(k);
  if (at == std::string_view::npos) throw FormatError(fmt::format("npy header has no '{}'", key));
  size_t i = at + k.size();
  while (i < dict.size() && dict[i] == ' ') ++i;
  if (i >= dict.size()) throw FormatError("npy header is malformed");
  if (dict[i] == '\'') {
    const size_t end = dict.find('\'', i + 1);
    if (end == std::string_view::npos) throw FormatError("npy header is malformed");
    return std::string(dict.substr(i + 1, end - i - 1));
  }
  if (dict[i] == '(') {
    const size_t end = dict.find(')', i);
    if (end == std::string_view::npos) throw FormatError("npy header is malformed");
    return std::string(dict.substr(i, end - i + 1));
  }
  const size_t end = dict.find_first_of(",}", i);
  if (end == std::string_view::npos) throw FormatError("npy header is malformed");
  return std::string(dict.substr(i, end - i));
}

}  // namespace

bool looks_like_npy(std::string_view bytes) { return bytes.substr(0, 6) == kNpyMagic; }

Npy read_npy_bytes(std::string_view bytes) {
  if (!looks_like_npy(bytes) || bytes.size() < 10) throw FormatError("not an .npy file (bad magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t hlen = 0, pre = 0;
  if (major == 1) {
    hlen = static_cast<unsigned char>(bytes[8]) | static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8;
    pre = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw FormatError("truncated .npy header");
    for (int i = 3; i >= 0; --i) hlen = hlen << 8 | static_cast<unsigned char>(bytes[8 + static_cast<size_t>(i)]);
    pre = 12;
  } else {
    throw FormatError(fmt::format("unsupported .npy version {}", major));
  }
  if (bytes.size() - pre < hlen) throw FormatError("truncated .npy header");
  const std::string_view dict = bytes.substr(pre, hlen);
  if (dict.empty() || dict.front() != '{' || dict.find('}') == std::string_view::npos || dict.back() != '\n')
    throw FormatError("npy header is malformed");
  Npy n;
  n.dtype = dict_value(dict, "descr");
  if (dict_value(dict, "fortran_order") != "False") throw FormatError("Fortran-ordered .npy arrays are not supported");
  const std::string shape = dict_value(dict, "shape");
  if (shape.size() < 2 || shape.front() != '(') throw FormatError("npy header has a malformed shape");
  std::istringstream ss(shape.substr(1, shape.size() - 2));
  std::string item;
  while (std::getline(ss, item, ',')) {
    const size_t b = item.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    const std::string d = item.substr(b, item.find_last_not_of(' ') - b + 1);
    if (d.empty() || d.size() > 18 || d.find_first_not_of("0123456789") != std::string::npos)
      throw FormatError("npy header has a malformed shape");
    n.shape.push_back(std::stoull(d));
  }
  n.header = std::string(bytes.substr(0, pre + hlen));
  n.data = std::string(bytes.substr(pre + hlen));
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
      return t;
    }
  } catch (const FormatError& e) {
    t.note = fmt::format("{}: compressing the file as raw bytes", e.what());
  }
  t.data = std::string(bytes);
  return t;
}

}  // namespace qrtl::apack
