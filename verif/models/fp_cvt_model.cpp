// Golden model of fp_cvt: decode x exactly, round once into the output format with the requested
// mode (verif/golden/fp_exact). Directed vectors are enumerated from the OUTPUT format: every
// representable magnitude, every midpoint between neighbours (the rounding ties), the overflow
// threshold, each with the input codes right at / around it, plus the input's class boundaries.
#include <algorithm>
#include <set>

#include "format.h"
#include "golden/fp_exact.h"
#include "models/fp_expect.h"
#include "model.h"

namespace qrtl::verif {
namespace {

golden::Round mode_of(const Params& p) {
  const std::string& r = p.s("round");
  return r == "rtz" ? golden::Round::rtz : r == "sr" ? golden::Round::sr : golden::Round::rne;
}

Outputs eval(const Params& p, const Inputs& in) {
  const FloatFormat fi = p.fmt("in"), fo = p.fmt("out");
  golden::XReal x = golden::decode(fi, in.at("x").u64());
  golden::RoundOpts o;
  o.mode = mode_of(p);
  o.sat = p.b("sat");
  if (o.mode == golden::Round::sr) {
    o.sr_bits = static_cast<unsigned>(p.i("srbits"));
    o.sr_rand = in.at("rnd").u64();
  }
  return Outputs{{"y", fp_expect(fo, golden::round_to(fo, x, o), x, p.s("nan") == "max")}};
}

// Positive input codes at and around magnitude t: the code rounding t toward zero, and neighbours.
void codes_around(const FloatFormat& fi, const mpq_class& t, std::set<uint64_t>& out) {
  golden::RoundOpts rtz;
  rtz.mode = golden::Round::rtz;
  rtz.sat = true;
  golden::Expected e = golden::round_to(fi, golden::XReal::finite(t), rtz);
  const uint64_t top = (uint64_t{1} << (fi.e + fi.m)) - 1;
  for (int d = -1; d <= 2; ++d) {
    int64_t c = static_cast<int64_t>(e.code) + d;
    if (c >= 0 && static_cast<uint64_t>(c) <= top) out.insert(static_cast<uint64_t>(c));
  }
}

std::vector<Inputs> corners(const Params& p, const PortWidths& w) {
  const FloatFormat fi = p.fmt("in"), fo = p.fmt("out");
  std::set<uint64_t> mags;  // positive input codes
  // Every output magnitude, every midpoint (tie) and the overflow threshold (max + ulp/2) and
  // the first value past it (max + ulp, where toward-zero rounding starts to overflow).
  const uint64_t maxc = fo.max_finite_code();
  for (uint64_t c = 0; c <= maxc; ++c) {
    mpq_class v = golden::decode(fo, c).mag;
    mpq_class next = c < maxc ? golden::decode(fo, c + 1).mag
                              : v + golden::pow2(golden::floor_log2(v) - fo.m);  // max + one ulp
    codes_around(fi, v, mags);
    codes_around(fi, (v + next) / 2, mags);
    if (c == maxc) codes_around(fi, next, mags);
  }
  // Input class boundaries: zero, smallest subnormals, subnormal/normal border, max, Inf, NaNs.
  const uint64_t top = (uint64_t{1} << (fi.e + fi.m)) - 1;
  const uint64_t min_normal = uint64_t{1} << fi.m;
  for (uint64_t c : {uint64_t{0}, uint64_t{1}, uint64_t{2}, min_normal - 1, min_normal, min_normal + 1,
                     fi.max_finite_code() - 1, fi.max_finite_code(), fi.max_finite_code() + 1, top - 1, top})
    if (c <= top) mags.insert(c);
  if (fi.has_nan()) mags.insert(fi.nan_code());
  if (fi.has_inf()) mags.insert(fi.inf_code());

  std::vector<uint64_t> rnds = {0};
  const bool sr = p.s("round") == "sr";
  if (sr) {
    const int n = w.at("rnd");
    const uint64_t all = n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    rnds = {0, 1, all >> 1, (all >> 1) + 1, all};
  }
  std::vector<Inputs> v;
  for (uint64_t c : mags)
    for (int s = 0; s <= (fi.is_signed ? 1 : 0); ++s)
      for (uint64_t r : rnds) {
        Inputs in{{"x", Bits(static_cast<unsigned>(fi.width()), c | (s ? fi.sign_bit() : 0))}};
        if (sr) in["rnd"] = Bits(static_cast<unsigned>(w.at("rnd")), r);
        v.push_back(std::move(in));
      }
  return v;
}

// Random inputs, three quarters of them with exponents in or near the output's range (where the
// rounding happens), the rest uniform bit patterns.
Inputs random_input(const Params& p, const PortWidths& w, std::mt19937_64& rng) {
  const FloatFormat fi = p.fmt("in"), fo = p.fmt("out");
  uint64_t bits = rng();
  uint64_t code = bits & ((uint64_t{1} << fi.width()) - 1);
  if ((bits >> 62) != 0) {
    const long lo = fo.emin() - fo.m - 3, hi = fo.emax() + 2;
    long e = lo + static_cast<long>(rng() % static_cast<uint64_t>(hi - lo + 1));
    long field = std::clamp<long>(e + fi.bias, 0, (1L << fi.e) - 1);
    code = (code & ~(fi.exp_all_ones() << fi.m)) | (static_cast<uint64_t>(field) << fi.m);
  }
  Inputs in{{"x", Bits(static_cast<unsigned>(fi.width()), code)}};
  if (p.s("round") == "sr") {
    const int n = w.at("rnd");
    in["rnd"] = Bits(static_cast<unsigned>(n), rng() & (n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1));
  }
  return in;
}

// Directed vectors, then (for inputs too wide to enumerate, e.g. fp32) a fixed sweep of
// kSweep biased random inputs, so that `qrtl cosim fp_cvt` with its default 100000 random
// vectors checks more than 10^6 random inputs.
constexpr uint64_t kSweep = 900000;

std::vector<Inputs> corners_and_sweep(const Params& p, const PortWidths& w) {
  std::vector<Inputs> v = corners(p, w);
  unsigned in_bits = 0;
  for (const auto& [name, width] : w) in_bits += static_cast<unsigned>(width);
  if (in_bits <= 20) return v;  // cosim enumerates the whole space instead
  std::mt19937_64 rng(0x5eed'f0c7);
  for (uint64_t i = 0; i < kSweep; ++i) v.push_back(random_input(p, w, rng));
  return v;
}

QRTL_MODEL(ModelDef{
    .block = "fp_cvt",
    .eval = eval,
    .corners = corners_and_sweep,
    .random = random_input,
});

}  // namespace
}  // namespace qrtl::verif
