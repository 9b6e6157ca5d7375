// APack archives (container version 3): several files in one container, each a complete version-1
// or version-2 container of its own file under the file's name (layout in docs/apack-format.md).
#include <fmt/format.h>

#include <set>

#include "golden/apack.h"
#include "golden/apack_bytes.h"

namespace qrtl::apack {

namespace {

constexpr int kVersionArchive = 3;
constexpr size_t kMaxMembers = 65535, kMaxName = 255;

}  // namespace

std::string check_member_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxName) return fmt::format("a file name must have 1..{} bytes", kMaxName);
  if (name == "." || name == "..") return fmt::format("'{}' is not a file name", name);
  for (char c : name)
    if (c == '/' || c == '\\' || c == '\0') return fmt::format("file name '{}' has a path separator or NUL", name);
  return "";
}

bool is_archive(std::string_view bytes) {
  return bytes.size() > 4 && bytes.substr(0, 4) == std::string_view(kMagic, 4) &&
         static_cast<unsigned char>(bytes[4]) == kVersionArchive;
}

std::string serialize_archive(const std::vector<ArchiveMember>& members) {
  if (members.empty() || members.size() > kMaxMembers) throw std::invalid_argument("apack: 1..65535 archive members");
  std::string s(kMagic, 4);
  put(s, kVersionArchive, 1);
  put(s, 0, 1);  // flags
  put(s, members.size(), 2);
  for (const ArchiveMember& m : members) {
    if (!check_member_name(m.name).empty()) throw std::invalid_argument("apack: " + check_member_name(m.name));
    put(s, m.name.size(), 1);
    s += m.name;
    put(s, m.container.size(), 8);
  }
  for (const ArchiveMember& m : members) s += m.container;
  return s;
}

std::vector<ArchiveMemberView> parse_archive(std::string_view bytes) {
  if (!is_archive(bytes)) throw FormatError("not an APack archive");
  Reader r{bytes, 5};
  if (r.get(1, "archive header") != 0) throw FormatError("unknown flags in APack archive header");
  const uint64_t n = r.get(2, "archive header");
  if (n < 1) throw FormatError("an APack archive without files");
  std::vector<ArchiveMemberView> members(static_cast<size_t>(n));
  std::vector<uint64_t> sizes(static_cast<size_t>(n));
  std::set<std::string_view> names;
  for (size_t k = 0; k < members.size(); ++k) {
    members[k].name = r.take(r.get(1, "archive index"), "archive index");
    if (const std::string why = check_member_name(members[k].name); !why.empty()) throw FormatError(why);
    if (!names.insert(members[k].name).second)
      throw FormatError(fmt::format("file name '{}' appears twice", members[k].name));
    sizes[k] = r.get(8, "archive index");
  }
  for (size_t k = 0; k < members.size(); ++k) members[k].container = r.take(sizes[k], "archived file data");
  if (r.at != bytes.size()) throw FormatError("trailing bytes after the APack archive");
  return members;
}

}  // namespace qrtl::apack
