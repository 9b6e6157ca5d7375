// Packaging for other flows: FuseSoC CAPI2 core files and plain filelists (.f).
//
// A core follows FuseSoC's CAPI2 format: the `CAPI=2:` first line, a VLNV `name`
// (vendor:library:name:version = qrtl:generated:NAME:VERSION), a `description`, one fileset `rtl`
// (file_type systemVerilogSource, paths relative to the core file), and targets: `default` (the
// fileset and, for one block, its toplevel) and per block a `lint` target running Verilator in
// lint-only mode with the flags qrtl's own lint uses. A filelist holds one path per line, relative
// to the filelist's directory (pass it with -F to VCS/Xcelium, or run from that directory with -f).
#pragma once
#include <string>
#include <vector>

namespace qrtl::flows {

struct CoreSpec {
  std::string name;                // core name (and filelist name)
  std::string description;
  std::vector<std::string> tops;   // top modules; file TOP.sv each
};

std::string capi2_core(const CoreSpec& c);
std::string filelist(const CoreSpec& c);
// A core/filelist name from a file name: lower-case letters, digits, '_' and '-' only.
std::string package_name(const std::string& stem);

}  // namespace qrtl::flows
