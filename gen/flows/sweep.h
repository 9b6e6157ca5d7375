// The main job over a precision set: generate -> lint -> cosim -> synth for every block, and a
// report (report.json, report.md) in the output directory. One failing block is reported and
// does not stop the others.
#pragma once
#include <string>
#include <vector>

#include "precset.h"

namespace qrtl::flows {

struct SweepOptions {
  std::string out_dir;
  bool lint = true, cosim = true, synth = true;
  uint64_t vectors = 20000;  // random cosim vectors per block when not exhaustive
  std::string cache_dir;
};

struct BlockResult {
  BuildItem item;
  std::string params;  // canonical key=value list
  bool generated = false;
  std::string lint = "-", cosim = "-";  // "clean"/"FAIL ...", "PASS n"/"FAIL ..."
  long cells = -1, transistors = -1, depth = -1, flops = -1;
  std::string error;
  bool ok() const;
};

std::vector<BlockResult> sweep(const std::vector<BuildItem>& items, const SweepOptions& opts);
// Writes report.json and report.md into opts.out_dir; returns the markdown table.
std::string write_report(const std::vector<BlockResult>& results, const SweepOptions& opts);

}  // namespace qrtl::flows
