#include "flows/throughput.h"

#include <algorithm>
#include <string_view>

namespace qrtl::flows {

namespace {

double ceil_div(int64_t a, int64_t b) { return static_cast<double>((a + b - 1) / b); }

// The `prec` port of the spatial blocks: 0 = 8-bit, 1 = 4-bit, 2 = 2-bit operands.
std::vector<int> prec_port(const Params&) { return {8, 4, 2}; }

// Temporal blocks take any activation precision up to wa: plot wa and the powers of two below it.
std::vector<int> up_to_wa(const Params& p) {
  const int wa = static_cast<int>(p.i("wa"));
  std::vector<int> v{wa};
  int b = 1;
  while (b * 2 < wa) b *= 2;
  for (; b >= 2; b /= 2) v.push_back(b);
  return v;
}

// Radix-4 Booth digits of a `bits`-bit value: at most this many are non-zero (term_dot).
int64_t booth_digits(int bits, bool is_signed) { return is_signed ? (bits + 1) / 2 : (bits + 2) / 2; }

struct RuntimePrecision {
  std::string_view block;
  std::vector<int> (*precisions)(const Params&);  // highest first
  double (*ops)(const Params&, int bits);          // operations per cycle at `bits`
  std::string_view caveat = {};
};

// Blocks whose precision is chosen at run time, from their semantics in `qrtl list BLOCK`.
// Temporal blocks: activations have `bits` bits, weights min(bits, ww) (bs_dot's weights are
// parallel, so their precision does not matter).
const RuntimePrecision kRuntimePrecision[] = {
    // y sums all L*8/bits subword products of a and b.
    {"ps_dot", prec_port, [](const Params& p, int bits) { return static_cast<double>(p.i("lanes")) * 8 / bits; }},
    {"bb_dot", prec_port, [](const Params& p, int bits) { return static_cast<double>(p.i("lanes")) * 8 / bits; }},
    // bf_dot with both widths at `bits`: 64/bits^2 products per 32-bit lane (the asymmetric pairs in
    // between: `qrtl compare --designs bf_dot_l1`).
    {"bf_dot", prec_port, [](const Params& p, int bits) { return static_cast<double>(p.i("lanes")) * 64 / (bits * bits); }},
    // y holds 8/bits separate products (sum-apart).
    {"swp_mul", prec_port, [](const Params&, int bits) { return 8.0 / bits; }},
    // One MAC on the gated operands at every precision (saves energy, not cycles).
    {"dg_mac", prec_port, [](const Params&, int) { return 1.0; }},
    // Stripes: L products every p cycles (one activation bit per cycle).
    {"bs_dot", up_to_wa, [](const Params& p, int bits) { return static_cast<double>(p.i("lanes")) / bits; }},
    // Loom: L products every ceil(pa/bpc) * ceil(pw/bpc) cycles.
    {"loom_dot", up_to_wa,
     [](const Params& p, int bits) {
       const int64_t bpc = p.i("bpc"), pw = std::min<int64_t>(bits, p.i("ww"));
       return static_cast<double>(p.i("lanes")) / (ceil_div(bits, bpc) * ceil_div(pw, bpc));
     }},
    // Laconic: value-dependent; this is the worst case, every Booth digit of both operands non-zero.
    {"term_dot", up_to_wa,
     [](const Params& p, int bits) {
       const int pw = static_cast<int>(std::min<int64_t>(bits, p.i("ww")));
       const double cycles = static_cast<double>(booth_digits(bits, p.b("asigned")) * booth_digits(pw, p.b("wsigned")));
       return static_cast<double>(p.i("lanes")) / cycles;
     },
     "worst case"},
};

const RuntimePrecision* find_runtime(const std::string& block) {
  for (const auto& r : kRuntimePrecision)
    if (r.block == block) return &r;
  return nullptr;
}

}  // namespace

std::vector<OpsAtPrecision> throughput_by_precision(const BlockDef& def, const Params& p, double design_bits) {
  std::vector<OpsAtPrecision> out;
  if (const RuntimePrecision* r = find_runtime(def.name)) {
    for (int bits : r->precisions(p)) out.push_back({bits, r->ops(p, bits)});
  } else if (def.throughput) {
    out.push_back({design_bits > 0 ? static_cast<int>(design_bits) : 0, def.throughput(p)});
  }
  return out;
}

std::string throughput_caveat(const std::string& block) {
  const RuntimePrecision* r = find_runtime(block);
  return r ? std::string(r->caveat) : "";
}

double ops_per_cycle_at(const BlockDef& def, const Params& p, int bits) {
  if (const RuntimePrecision* r = find_runtime(def.name)) return r->ops(p, bits);
  return def.throughput ? def.throughput(p) : -1;
}

}  // namespace qrtl::flows
