// Cosim driver of bs_dot: each transaction is (p, w, a); the start cycle carries p, w and bit p-1 of
// every activation on abit, the next p-1 cycles carry bits p-2 .. 0 while p and w are garbage and
// start toggles at random (ready is low, so it must be ignored) - or, for measurements, held.
#include "cosim/txn_cosim.h"
#include "golden/temporal.h"

namespace qrtl::verif {
namespace {

Txn transaction(const Params& prm, uint64_t p, const std::vector<uint64_t>& w, const std::vector<uint64_t>& a,
                int gap, std::mt19937_64& rng, bool hold = false) {
  const auto [L, WA, WW] = lane_widths(prm);
  const unsigned pw = precision_port_bits(WA);
  Txn t;
  t.operands = {{"p", Bits(pw, p)}, {"w", pack_lanes(w, WW)}, {"a", pack_lanes(a, WA)}};
  const int pe = golden::effective_precision(p, WA);
  for (int k = 0; k < pe; ++k) {
    Inputs v;
    const bool first = k == 0 || hold;
    v["start"] = Bits(1, k == 0 ? 1 : hold ? 0 : rng() & 1);
    v["p"] = first ? Bits(pw, p) : random_bits(pw, rng);
    v["w"] = first ? t.operands["w"] : random_bits(static_cast<unsigned>(L * WW), rng);
    Bits abit(static_cast<unsigned>(L));
    for (int i = 0; i < L; ++i) abit.set_bit(static_cast<unsigned>(i), (a[i] >> (pe - 1 - k)) & 1);
    v["abit"] = abit;
    t.cycles.push_back(v);
  }
  t.gap = gap;
  return t;
}

TxnBench bs_dot_bench() {
  TxnBench b;
  b.load_cycles = 0;
  b.corners = [](const Params& prm, std::mt19937_64& rng) {
    const auto [L, WA, WW] = lane_widths(prm);
    std::vector<Txn> v;
    std::vector<uint64_t> precs = {1, static_cast<uint64_t>(WA), 0};
    if (WA > 2) precs.push_back(static_cast<uint64_t>(WA / 2 + 1));
    for (uint64_t p : precs) {
      const int pe = golden::effective_precision(p, WA);
      for (const auto& a : corner_lanes(L, WA, pe))
        for (const auto& w : corner_lanes(L, WW, WW)) v.push_back(transaction(prm, p, w, a, 0, rng));
    }
    return v;
  };
  b.random = [](const Params& prm, std::mt19937_64& rng) {
    const auto [L, WA, WW] = lane_widths(prm);
    const uint64_t p = random_precision(WA, rng);
    int gap = rng() % 2 ? 0 : static_cast<int>(rng() % 4);
    return transaction(prm, p, random_lanes(L, WW, rng), random_lanes(L, WA, rng), gap, rng);
  };
  b.at_precision = [](const Params& prm, int bits, std::mt19937_64& rng) {
    const auto [L, WA, WW] = lane_widths(prm);
    const std::vector<uint64_t> w = random_lanes_at(L, WW, std::min(bits, WW), prm.b("wsigned"), rng);
    const std::vector<uint64_t> a = random_lanes_at(L, WA, std::min(bits, WA), prm.b("asigned"), rng);
    return transaction(prm, static_cast<uint64_t>(std::min(bits, WA)), w, a, 0, rng, true);
  };
  return b;
}

const TxnBenchRegistration bs_dot_bench_reg("bs_dot", bs_dot_bench);

}  // namespace
}  // namespace qrtl::verif
