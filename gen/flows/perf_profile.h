// Network profiles for `qrtl perf`: a TOML file with an optional [accelerator] table and one
// [[layer]] per layer (name, macs, pa, pw, optional kind, a_zero, w_zero, a_signed, w_signed, and
// what `qrtl profile` measures: the histograms a_groups, a_terms, w_terms, a_window_max and the
// weight schedules w_schedule).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "flows/perf_model.h"

namespace qrtl::flows {

struct NetworkProfile {
  std::string name, source;
  flows::PerfConfig config;
  std::vector<flows::LayerProfile> layers;
  // [area]: transistors of one unit of each design with `lanes` lanes at base_bits (qrtl synth);
  // empty when the profile has none. Keys: bit-parallel, stripes, dstripes (optional, default
  // stripes), loom1, loom2, loom4, laconic; optional cnvlutin, tartan, tactical (no qrtl unit).
  std::map<std::string, double> area;
};

// Reads and validates a profile; every mistake is a UsageError naming the file and the field.
NetworkProfile load_profile(const std::string& path);

}  // namespace qrtl::flows
