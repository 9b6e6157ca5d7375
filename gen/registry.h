// Block registry: every block registers itself once (QRTL_BLOCK in its gen/blocks/ file) with its
// keys, constraints and generator; the CLI, lint, cosim, synth, sweep and docs iterate over it.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "params.h"
#include "vlog/ir.h"

namespace qrtl {

inline constexpr const char* kVersion = "0.1.0";

struct BlockDef {
  std::string name{};
  std::string summary{};           // one line for `qrtl list`
  std::string doc{};      // ports, packing and semantics, shown by `qrtl list BLOCK`; lines apart by \n
  std::vector<KeyDef> keys{};
  // Cross-key constraints; throws UsageError. May be empty.
  std::function<void(const Params&)> check{};
  // Builds the design; the top module must be named top, helpers top_*.
  std::function<void(vlog::Design&, const Params&, const std::string& top)> build{};
  // A pipelined block builds its function combinationally and takes the keys `stages` and `depth`
  // (arith/pipeline.h), which the registry adds; the pipelining pass places the registers and sets
  // the latency. Blocks with their own timing leave this false and give `latency` instead.
  bool pipelined = false;
  // Clock cycles from input to output of a block that is not `pipelined` (empty: combinational).
  // Blocks with a handshake (valid/ready, start/done) return -1 and have a custom cosim driver.
  std::function<int(const Params&)> latency{};
  // Optional, for sweep reports and plots: the block's operations (multiplies, MACs, dot-product
  // terms) completed per clock cycle at these parameters. Empty = the report shows no throughput.
  std::function<double(const Params&)> throughput{};
};

// The `latency` of a block with a handshake.
inline int handshake_latency(const Params&) { return -1; }

void register_block(BlockDef def);
const std::vector<BlockDef>& all_blocks();  // sorted by name
const BlockDef& find_block(const std::string& name);  // throws UsageError for unknown names

struct BlockRegistration {
  explicit BlockRegistration(BlockDef def) { register_block(std::move(def)); }
};

#define QRTL_BLOCK_CAT2(a, b) a##b
#define QRTL_BLOCK_CAT(a, b) QRTL_BLOCK_CAT2(a, b)
// Usage, at the end of a block's .cpp:
//   QRTL_BLOCK(BlockDef{.name = "int_mul", .summary = ..., .keys = {...}, .build = build, .pipelined = true});
// or any expression of type BlockDef (a family's helper, e.g. QRTL_BLOCK(temporal_block(...))).
#define QRTL_BLOCK(...) static const ::qrtl::BlockRegistration QRTL_BLOCK_CAT(qrtl_block_, __COUNTER__)(__VA_ARGS__)

// A generated block: validated parameters, the SystemVerilog text and its manifest.
struct Generated {
  const BlockDef* def = nullptr;
  Params params;
  std::string top;
  int latency = 0;
  std::vector<vlog::Port> ports;  // top-level ports
  std::string sv;                 // the file NAME.sv
  std::string manifest;           // the file NAME.json
  int model_depth = 0;            // depth model: gate levels of the deepest register-to-register path
};

Generated generate(const BlockDef& def, const Params& params, const std::string& top);
// Parses "key=value" words for block and generates; every user mistake is a UsageError.
Generated generate(const std::string& block, const std::vector<std::string>& words,
                   const std::string& top);
Params parse_params(const BlockDef& def, const std::vector<std::string>& words);

// Writes DIR/TOP.sv and DIR/TOP.json atomically (temporary file + rename); creates DIR if needed.
void write_generated(const Generated& g, const std::string& dir);

}  // namespace qrtl
