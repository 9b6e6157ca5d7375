// The main job over a precision set: generate -> lint -> cosim -> synth for every block, N blocks
// at a time, with results cached by a hash of (block, parameters, top, generated RTL, generator
// version, tool versions, options). One failing block is reported and does not stop the others.
// Reports: see report.h. Cluster runs: see jobs.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flows/throughput.h"
#include "precset.h"

namespace qrtl::flows {

struct SweepOptions {
  std::string out_dir;
  bool lint = true, cosim = true, synth = true;
  bool equiv = true;         // prove a pipelined block equal to its stages=0 twin (qrtl equiv)
  int equiv_timeout = 300;   // seconds per proof
  uint64_t vectors = 20000;  // random cosim vectors per block when not exhaustive
  uint64_t seed = 1;
  std::string cache_dir;     // Verilator builds and sweep results; default: verif::default_cache_dir()
  bool use_cache = true;     // reuse a cached result of an identical job
  unsigned jobs = 1;         // blocks run in parallel
  bool progress = true;      // progress on stderr (a bar with ETA on a terminal, plain lines otherwise)
};

struct BlockResult {
  BuildItem item;
  std::string params;  // canonical key=value list
  bool generated = false;
  std::string lint = "-", cosim = "-";  // "clean"/"FAIL tool", "PASS n vectors"/"FAIL ..."
  // "proved", "FAIL different", "UNKNOWN (timeout)"; "-" combinational; "n/a" no pipelined form
  std::string equiv = "-";
  uint64_t vectors = 0;                 // cosim vectors run
  long cells = -1, transistors = -1, depth = -1, flops = -1;
  double throughput = -1;               // operations per cycle at full precision, when known
  std::vector<OpsAtPrecision> throughputs;  // at every precision it supports (throughput.h)
  std::string precision_key;            // the key plotted as "precision" (first format or w* key)
  double precision = -1;                // its width in bits
  double seconds = 0;                   // wall time of the job (of the original run when cached)
  bool cached = false;
  std::string error;
  bool ok() const;
};

nlohmann::ordered_json to_json(const BlockResult& r);
BlockResult result_from_json(const nlohmann::ordered_json& j);  // throws UsageError when malformed

// Keeps only the items whose top is in `tops` (all when empty); UsageError for an unknown top.
std::vector<BuildItem> select_tops(const std::vector<BuildItem>& items, const std::vector<std::string>& tops);

std::vector<BlockResult> sweep(const std::vector<BuildItem>& items, const SweepOptions& opts);

}  // namespace qrtl::flows
