// Cosim driver of term_dot: each transaction (a, w) is one start vector, operands loaded in
// parallel. Random operands mix zeros (skipped lanes), one-hot values (one term) and dense values
// (up to ceil(W/2)+1 terms), so the data-dependent cycle count is exercised across its range.
#include "cosim/txn_cosim.h"

namespace qrtl::verif {
namespace {

Txn transaction(const Params& prm, const std::vector<uint64_t>& a, const std::vector<uint64_t>& w, int gap) {
  return parallel_load(
      {{"a", pack_lanes(a, static_cast<int>(prm.i("wa")))}, {"w", pack_lanes(w, static_cast<int>(prm.i("ww")))}}, gap);
}

TxnBench term_dot_bench() {
  TxnBench b;
  b.corners = [](const Params& prm, std::mt19937_64&) {
    const auto [L, WA, WW] = lane_widths(prm);
    std::vector<Txn> v;
    for (const auto& a : corner_lanes(L, WA, WA))
      for (const auto& w : corner_lanes(L, WW, WW)) v.push_back(transaction(prm, a, w, 0));
    // The densest Booth patterns: alternating 01 pairs give a non-zero digit in every position.
    const uint64_t dense_a = 0x5555555555555555ull & ((uint64_t{1} << WA) - 1);
    const uint64_t dense_w = 0x5555555555555555ull & ((uint64_t{1} << WW) - 1);
    v.push_back(transaction(prm, std::vector<uint64_t>(L, dense_a), std::vector<uint64_t>(L, dense_w), 0));
    return v;
  };
  b.random = [](const Params& prm, std::mt19937_64& rng) {
    const auto [L, WA, WW] = lane_widths(prm);
    const int gap = rng() % 2 ? 0 : static_cast<int>(rng() % 6);
    return transaction(prm, random_lanes(L, WA, rng), random_lanes(L, WW, rng), gap);
  };
  // No runtime precision: bits-bit operands simply have fewer non-zero Booth terms.
  b.at_precision = [](const Params& prm, int bits, std::mt19937_64& rng) {
    const auto [L, WA, WW] = lane_widths(prm);
    return transaction(prm, random_lanes_at(L, WA, std::min(bits, WA), prm.b("asigned"), rng),
                       random_lanes_at(L, WW, std::min(bits, WW), prm.b("wsigned"), rng), 0);
  };
  b.load_cycles = 1;  // the start edge only loads the operands
  return b;
}

const TxnBenchRegistration term_dot_bench_reg("term_dot", term_dot_bench);

}  // namespace
}  // namespace qrtl::verif
