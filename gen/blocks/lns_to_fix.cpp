// lns_to_fix: converts a log-domain code (the log_mul format) back to two's-complement fixed point,
// truncating the magnitude: y = (-1)^s * floor(2^(L/2^F) * 2^Q) / 2^Q, i.e. y is an integer with
// Q fractional bits, rounded toward zero.
//
// Write L = k*2^F + j (k = L >> F signed, j = L mod 2^F). Then |y| * 2^Q = 2^(j/2^F) * 2^(k+Q).
// A table holds T[j] = floor(2^(j/2^F) * 2^M) with M = KMAX + Q, KMAX the largest k; then
// floor(2^(j/2^F) * 2^(k+Q)) = floor(T[j] / 2^(KMAX-k)) = T[j] >> (KMAX - k), exactly, because
// flooring twice equals flooring once when the second division is by an integer power of two.
// So the conversion is one 2^F-entry table and one right shift: no rounding error beyond the
// specified truncation.
#include <fmt/format.h>
#include <gmpxx.h>

#include "registry.h"

namespace qrtl {
namespace {

struct Shape {
  int wi, f, q;
  int kmax() const { return (1 << (wi - 1)) - 1; }  // largest integer part of a log
  int m() const { return kmax() + q; }              // fractional bits of the table
  int table_w() const { return m() + 1; }           // table entries lie in [2^M, 2^(M+1))
  int out_w() const { return table_w() + 1; }       // magnitude plus sign
};

// floor(2^(j/2^f) * 2^m) = floor((2^(j + m*2^f))^(1/2^f)), an exact integer root.
mpz_class table_entry(int j, int f, int m) {
  mpz_class x = 1, r;
  mpz_mul_2exp(x.get_mpz_t(), x.get_mpz_t(), static_cast<mp_bitcnt_t>(j + (m << f)));
  mpz_root(r.get_mpz_t(), x.get_mpz_t(), 1ul << f);
  return r;
}

void build_lns_to_fix(vlog::Design& d, const Params& p, const std::string& top) {
  const Shape s{static_cast<int>(p.i("wi")), static_cast<int>(p.i("f")), static_cast<int>(p.i("q"))};
  const int wl = s.wi + s.f;
  vlog::Module& m = d.modules.emplace_back(top);
  m.describe(fmt::format("Log-domain code {{zero, sign, log2 in {}.{} fixed point}} to fixed point with {} fractional",
                         s.wi, s.f, s.q));
  m.describe("bits, magnitude truncated: y = (-1)^s * floor(2^(L/2^F) * 2^Q), exact.");
  m.input("a", wl + 2, fmt::format("{{zero, sign, log2|a| * 2^{}}}", s.f));
  m.output("y", s.out_w(), fmt::format("value * 2^{}, rounded toward zero, two's complement", s.q));
  m.localparam("KMAX", std::to_string(s.kmax()), "largest integer part of a log");
  m.wire("a_zero", 1, vlog::bit("a", wl + 1));
  m.wire("a_sign", 1, vlog::bit("a", wl));
  m.wire("log_int", s.wi, vlog::slice("a", wl - 1, s.f), "k = floor(L / 2^F), two's complement");
  m.wire("shift", s.wi, fmt::format("{}'(KMAX) - log_int", s.wi),
         fmt::format("KMAX - k, in 0..{}: exact modulo 2^{}", (1 << s.wi) - 1, s.wi));
  const int tw = s.table_w();
  std::string pow2;
  if (s.f == 0) {
    pow2 = m.wire("pow2", tw, fmt::format("{}'h{}", tw, table_entry(0, 0, s.m()).get_str(16)), "2^M");
  } else {
    std::vector<std::string> entries;
    for (int j = (1 << s.f) - 1; j >= 0; --j)
      entries.push_back(fmt::format("{}'h{}", tw, table_entry(j, s.f, s.m()).get_str(16)));
    m.comment(fmt::format("POW2_FRAC[j] = floor(2^(j/{}) * 2^{}), j = 0..{} (entry 0 lowest)", 1 << s.f, s.m(),
                          (1 << s.f) - 1));
    m.localparam("POW2_FRAC", fmt::format("{{{}}}", fmt::join(entries, ", ")), "", tw << s.f);
    m.wire("log_frac", s.f, vlog::slice("a", s.f - 1, 0), "j = L mod 2^F");
    pow2 = m.wire("pow2", tw, fmt::format("POW2_FRAC[log_frac * {} +: {}]", tw, tw), "floor(2^(j/2^F) * 2^M)");
  }
  m.wire("magnitude", tw, fmt::format("{} >> shift", pow2), "floor(2^(L/2^F) * 2^Q)");
  m.wire("signed_mag", s.out_w(), "a_sign ? -{1'b0, magnitude} : {1'b0, magnitude}");
  m.assign("y", fmt::format("a_zero ? {} : signed_mag", vlog::lit(s.out_w(), 0)));
}

QRTL_BLOCK(BlockDef{
    .name = "lns_to_fix",
    .summary = "log-domain code (log_mul format) to fixed point, truncated, exact",
    .doc = R"(ports: input [WI+F+1:0] a = {z, s, L}, output [2^(WI-1)+Q:0] y
y = 0 if z, else (-1)^s * floor(2^(L/2^F) * 2^Q): the value with Q fractional bits,
rounded toward zero; to convert a log_mul output use WI one larger; combinational)",
    .keys = {KeyDef::integer("wi", 4, 1, 5, "integer bits of log2 (including its sign)"),
             KeyDef::integer("f", 3, 0, 4, "fractional bits of log2"),
             KeyDef::integer("q", 8, 0, 16, "fractional bits of the fixed-point output")},
    .build = build_lns_to_fix,
});

}  // namespace
}  // namespace qrtl
