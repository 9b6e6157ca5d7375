// Shared structure of the APack encoder and decoder RTL (apack_enc, apack_dec): N independent lanes
// behind one run-time loadable group table. The top module holds the table registers and
// instantiates TOP_lane N times; each lane has valid/ready streams for its substream's value count
// (cnt_*), its input beats (in_*) and its output beats (out_*).
#pragma once
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "registry.h"
#include "vlog/ir.h"

namespace qrtl::blocks::apack {

inline constexpr int kEntries = 16;   // hardware group-table entries (APack's K <= 16)
inline constexpr int kMaxTables = 16;  // context mode: at most 16 tables (buckets) per segment

// One field of a table entry: bits [lsb +: width] of tbl_data, stored per entry in TOP as the
// flat bus tbl_NAME_q[16*width-1:0] and passed to every lane as tbl_NAME.
struct Field {
  std::string name;
  int width;
  std::string help;
};

struct LaneShape {
  int in_width;   // in_data bits per lane
  int out_width;  // out_data bits per lane
  std::string in_help, out_help;
  bool err = false;  // the lane has a sticky err output (decoder)
};

// Context mode (context=1, docs/apack-format.md version 4): up to 16 tables, each value's chosen by
// the bucket of its neighbour, the value `dist` earlier in the same lane (1 <= dist <= hist).
struct ContextShape {
  int hist = 0;     // 0: plain mode; else the deepest lane-local neighbour distance supported
  int buckets = 1;  // tables held (context mode: 2..16; streams with at most as many buckets)
  bool active() const { return hist > 0; }
  int tables() const { return active() ? buckets : 1; }
  int dist_bits() const;  // width of the distance register: holds 1..hist
};

// The block keys of both APack blocks (lanes, context, hist, tables), the check that hist and
// tables need context,
// and the context shape of a parameter set.
std::vector<KeyDef> block_keys();
void check_keys(const std::string& block, const Params& p);
ContextShape context_shape(const Params& p);

using LaneBuilder = void (*)(vlog::Design&, const std::string&, const ContextShape&);

// Builds the top module: ports, table registers (plain mode: entry writes at addresses 0..15,
// address 16 = configuration, bit 0 = signed key order; context mode: table c entry g at 16c+g,
// configuration at 256, bucket b's first key at 256+b for b = 1..tables-1, the neighbour distance
// at 272), and N lane instances of module TOP_lane, which build_lane(d, "TOP_lane", ctx) then adds.
void build_top(vlog::Design& d, const std::string& top, int lanes, const std::vector<Field>& fields,
               const LaneShape& shape, const ContextShape& ctx, const std::vector<std::string>& doc,
               LaneBuilder build_lane);

// Bits of one table entry (the width of tbl_data).
int entry_bits(const std::vector<Field>& fields);

// The opening of an APack block's contract text: the table write port and the count stream.
std::string ports_doc(const std::vector<Field>& fields);

// Declares the lane module's ports (clk, rst_n, key_signed, the table buses, the streams; in
// context mode also the bucket boundaries tbl_bound and the neighbour distance nb_dist).
void lane_ports(vlog::Module& m, const std::vector<Field>& fields, const LaneShape& shape, const ContextShape& ctx);

// The table a lane's value uses: plain mode the tbl_F buses themselves ("tbl_"); context mode the
// table of the bucket holding the key of byte `neighbour`, selected into buses ctab_F ("ctab_").
// Returns the prefix of the buses to select groups from.
std::string context_table(vlog::Module& m, const std::vector<Field>& fields, const ContextShape& ctx,
                          const std::string& neighbour);

// Context mode's history register `hist` (a lane's last ctx.hist bytes, newest in [7:0]): its value
// with `byte` shifted in, and the wire `name` holding the byte `back` (1 = newest, a ctx.dist_bits()
// wide signal) bytes back, through the wire `shift` of its bit position.
std::string history_shift_in(const ContextShape& ctx, const std::string& byte);
void history_byte(vlog::Module& m, const ContextShape& ctx, const std::string& name, const std::string& back,
                  const std::string& shift, const std::string& help, const std::string& shift_help);

// Emits the one-hot selection of entry fields: for every field F, a signal grp_F holding the
// field of the entry whose bit is set in `onehot` (16 bits) of the buses TABLE_F.
void select_fields(vlog::Module& m, const std::string& onehot, const std::vector<Field>& fields,
                   const std::string& table = "tbl_");

// The highest entry g whose TABLE_KEY[g] <= probe, as a one-hot vector `name` (16 bits). The
// entries' keys must be non-decreasing (the table builder guarantees it for used entries;
// unused entries hold a key larger than any probe), so the matches form a thermometer code.
void thermometer_select(vlog::Module& m, const std::string& name, const std::string& probe, int probe_width,
                        const Field& key, const std::string& table = "tbl_");

// The per-lane FSM registers shared by both lanes: output register (out_valid/out_data/out_last)
// with push_* inputs computed by the caller. Declares can_push = !out_valid || out_ready.
void output_register(vlog::Module& m, int width);

// A lane's control constants: its four FSM states ST_* (name and meaning, codes 0..3 in order) and
// STATE_LOW = 2^16, the rANS state bound, with the lane's reading of it.
void lane_constants(vlog::Module& m, const std::array<std::pair<std::string, std::string>, 4>& states,
                    const std::string& state_low_help);

}  // namespace qrtl::blocks::apack
