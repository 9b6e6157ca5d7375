// A fresh temporary directory for the intermediate files of a tool run, removed with its contents
// when the object goes out of scope (also on an exception).
#pragma once
#include <string>

namespace qrtl::tools {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag);  // $TMPDIR/qrtl-TAG-PID-RANDOM
  // PARENT/.TAG-PID-RANDOM: work renamed into PARENT when done (the rename empties the scratch).
  ScratchDir(const std::string& parent, const std::string& tag);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace qrtl::tools
