// Cosim driver of loom_dot: each transaction (pa, pw, a, w) is one start vector; the operands are
// loaded in parallel, so every later cycle is an idle vector of garbage.
#include "cosim/txn_cosim.h"
#include "golden/temporal.h"

namespace qrtl::verif {
namespace {

Txn transaction(const Params& prm, uint64_t pa, uint64_t pw, const std::vector<uint64_t>& a,
                const std::vector<uint64_t>& w, int gap) {
  const int WA = static_cast<int>(prm.i("wa")), WW = static_cast<int>(prm.i("ww"));
  return parallel_load({{"pa", Bits(precision_port_bits(WA), pa)},
                        {"pw", Bits(precision_port_bits(WW), pw)},
                        {"a", pack_lanes(a, WA)},
                        {"w", pack_lanes(w, WW)}},
                       gap);
}

TxnBench loom_dot_bench() {
  TxnBench b;
  b.corners = [](const Params& prm, std::mt19937_64&) {
    const auto [L, WA, WW] = lane_widths(prm);
    std::vector<Txn> v;
    for (uint64_t pa : {uint64_t{1}, static_cast<uint64_t>(WA), uint64_t{0}, static_cast<uint64_t>((WA + 1) / 2)})
      for (uint64_t pw : {uint64_t{1}, static_cast<uint64_t>(WW), static_cast<uint64_t>((WW + 1) / 2)})
        for (const auto& a : corner_lanes(L, WA, golden::effective_precision(pa, WA)))
          for (const auto& w : corner_lanes(L, WW, golden::effective_precision(pw, WW)))
            v.push_back(transaction(prm, pa, pw, a, w, 0));
    return v;
  };
  b.random = [](const Params& prm, std::mt19937_64& rng) {
    const auto [L, WA, WW] = lane_widths(prm);
    const uint64_t pa = random_precision(WA, rng), pw = random_precision(WW, rng);
    const int gap = rng() % 2 ? 0 : static_cast<int>(rng() % 6);
    return transaction(prm, pa, pw, random_lanes(L, WA, rng), random_lanes(L, WW, rng), gap);
  };
  b.at_precision = [](const Params& prm, int bits, std::mt19937_64& rng) {
    const auto [L, WA, WW] = lane_widths(prm);
    const int pa = std::min(bits, WA), pw = std::min(bits, WW);
    return transaction(prm, static_cast<uint64_t>(pa), static_cast<uint64_t>(pw),
                       random_lanes_at(L, WA, pa, prm.b("asigned"), rng), random_lanes_at(L, WW, pw, prm.b("wsigned"), rng), 0);
  };
  b.load_cycles = 1;  // the start edge only loads the operands
  return b;
}

const TxnBenchRegistration loom_dot_bench_reg("loom_dot", loom_dot_bench);

}  // namespace
}  // namespace qrtl::verif
