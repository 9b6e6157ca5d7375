#include "npy.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "errors.h"
#include "fsutil.h"

namespace qrtl {

namespace {

const std::string kMagic = "\x93NUMPY";

[[noreturn]] void fail(const std::string& name, const std::string& why) {
  throw UsageError(fmt::format("{}: not a valid .npy file: {}", name, why));
}

// The header is a Python dict literal with exactly the keys 'descr', 'fortran_order' and 'shape'.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& name) : s_(text), name_(name) {}

  void parse(NpyArray& a) {
    bool have_descr = false, have_order = false, have_shape = false;
    expect('{');
    while (true) {
      skip_space();
      if (peek() == '}') break;
      std::string key = string_literal();
      expect(':');
      if (key == "descr") {
        a.descr = string_literal();
        have_descr = true;
      } else if (key == "fortran_order") {
        a.fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        a.shape = tuple();
        have_shape = true;
      } else {
        fail(name_, fmt::format("unknown header key '{}'", key));
      }
      skip_space();
      if (peek() == ',') ++i_;
    }
    ++i_;
    if (!have_descr || !have_order || !have_shape)
      fail(name_, "the header lacks one of 'descr', 'fortran_order', 'shape'");
  }

 private:
  char peek() {
    if (i_ >= s_.size()) fail(name_, "the header ends early");
    return s_[i_];
  }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail(name_, fmt::format("expected '{}' in the header at offset {}", c, i_));
    ++i_;
  }
  std::string string_literal() {
    skip_space();
    char q = peek();
    if (q != '\'' && q != '"') fail(name_, fmt::format("expected a quoted string in the header at offset {}", i_));
    size_t end = s_.find(q, i_ + 1);
    if (end == std::string::npos) fail(name_, "unterminated string in the header");
    std::string v = s_.substr(i_ + 1, end - i_ - 1);
    i_ = end + 1;
    return v;
  }
  bool boolean() {
    skip_space();
    if (s_.compare(i_, 4, "True") == 0) {
      i_ += 4;
      return true;
    }
    if (s_.compare(i_, 5, "False") == 0) {
      i_ += 5;
      return false;
    }
    fail(name_, "fortran_order is neither True nor False");
  }
  std::vector<uint64_t> tuple() {
    std::vector<uint64_t> dims;
    expect('(');
    while (true) {
      skip_space();
      if (peek() == ')') break;
      uint64_t d = 0;
      auto [p, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), d);
      if (ec != std::errc() || p == s_.data() + i_) fail(name_, "a shape dimension is not a non-negative integer");
      i_ = static_cast<size_t>(p - s_.data());
      if (i_ < s_.size() && s_[i_] == 'L') ++i_;  // Python 2 long literal, e.g. (3L, 4L)
      dims.push_back(d);
      skip_space();
      if (peek() == ',') ++i_;
    }
    ++i_;
    return dims;
  }

  const std::string& s_;
  const std::string& name_;
  size_t i_ = 0;
};

// "|i1" -> int8, "<f4" -> float32, ... (the byte order is left in descr).
void normalize(NpyArray& a, const std::string& name) {
  const std::string& d = a.descr;
  if (d.size() < 3 || std::string("<>|=").find(d[0]) == std::string::npos)
    fail(name, fmt::format("unsupported dtype '{}'", d));
  uint64_t size = 0;
  auto [p, ec] = std::from_chars(d.data() + 2, d.data() + d.size(), size);
  if (ec != std::errc() || p != d.data() + d.size() || size == 0 || size > 16)
    fail(name, fmt::format("unsupported dtype '{}'", d));
  a.itemsize = size;
  const char kind = d[1];
  if (kind == 'i' || kind == 'u')
    a.dtype = fmt::format("{}int{}", kind == 'u' ? "u" : "", size * 8);
  else if (kind == 'f')
    a.dtype = fmt::format("float{}", size * 8);
  else if (kind == 'b' && size == 1)
    a.dtype = "bool";
  else
    a.dtype = d;
}

}  // namespace

uint64_t NpyArray::count() const {
  uint64_t n = 1;
  for (uint64_t d : shape) n *= d;
  return n;
}

NpyArray parse_npy_header(std::string_view data, const std::string& name) {
  if (data.size() < kMagic.size() + 2 || data.compare(0, kMagic.size(), kMagic) != 0)
    fail(name, "missing the \\x93NUMPY magic");
  const unsigned major = static_cast<unsigned char>(data[6]);
  size_t len_bytes = 0;
  if (major == 1)
    len_bytes = 2;
  else if (major == 2 || major == 3)
    len_bytes = 4;
  else
    fail(name, fmt::format("unsupported format version {}.{}", major, static_cast<unsigned char>(data[7])));
  const size_t at = 8;
  if (data.size() < at + len_bytes) fail(name, "truncated header length");
  size_t header_len = 0;
  for (size_t k = 0; k < len_bytes; ++k) header_len |= size_t{static_cast<unsigned char>(data[at + k])} << (8 * k);
  const size_t data_at = at + len_bytes + header_len;
  if (data.size() < data_at) fail(name, "truncated header");
  NpyArray a;
  HeaderParser(std::string(data.substr(at + len_bytes, header_len)), name).parse(a);
  normalize(a, name);
  a.header_size = data_at;
  return a;
}

NpyArray parse_npy(const std::string& data, const std::string& name) {
  NpyArray a = parse_npy_header(data, name);
  const size_t data_at = a.header_size;
  // Guard the size arithmetic against absurd shapes before multiplying by the item size.
  uint64_t count = 1;
  for (uint64_t d : a.shape) {
    if (d != 0 && count > (uint64_t{1} << 48) / d) fail(name, "the shape is too large");
    count *= d;
  }
  const uint64_t expect = count * a.itemsize;
  const uint64_t have = data.size() - data_at;
  if (have != expect)
    fail(name, fmt::format("shape and dtype need {} data bytes, the file has {}", expect, have));
  a.bytes = data.substr(data_at);
  return a;
}

NpyArray read_npy(const std::string& path) { return parse_npy(read_file(path), path); }

}  // namespace qrtl
