// Sweep reports, written into a directory:
//   report.json                       every block's result (sweep.h to_json), in precision-set order
//   report.md                         a summary, then one table per block family (block kind)
//   plots/area_<family>.svg           transistors vs precision (the block's first format or w* key)
//   plots/area_vs_throughput.svg      transistors vs operations per cycle at every precision a block
//                                     supports (throughput.h), labelled, Pareto front marked
// Output is deterministic: no times, no host names (wall times are in report.json only).
#pragma once
#include <string>
#include <vector>

#include "flows/sweep.h"

namespace qrtl::flows {

// Writes the files above; returns their paths.
std::vector<std::string> write_report(const std::vector<BlockResult>& results, const std::string& dir);
// The concise terminal table: top, block, cosim, cells, transistors, depth, status.
std::string summary_table(const std::vector<BlockResult>& results);
size_t count_failed(const std::vector<BlockResult>& results);

}  // namespace qrtl::flows
