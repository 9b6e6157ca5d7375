#include "models/mx_stimulus.h"

#include <cstdint>
#include <cstring>
#include <optional>

namespace qrtl::verif {

namespace {

using golden::MxType;
using golden::XReal;

// The code of the exact value num * 2^e2 (it must be representable).
uint64_t enc(const MxType& t, long num, long e2) {
  mpq_class v = mpq_class(num) * golden::pow2(e2);
  if (t.is_int) {
    mpq_class c = v * 64;
    long n = c.get_num().get_si();
    return static_cast<uint64_t>(n) & 0xff;
  }
  return golden::encode_exact(t.f, num < 0, abs(v));
}

uint64_t negate(const MxType& t, uint64_t c) {
  if (t.is_int) return c == 0x80 ? 0x7f : (0x100 - c) & 0xff;
  return c ^ t.f.sign_bit();
}

uint64_t max_code(const MxType& t) { return t.is_int ? 0x7f : t.f.max_finite_code(); }

bool finite_code(const MxType& t, uint64_t c) { return t.is_int || (!t.f.is_nan(c) && !t.f.is_inf(c)); }

Bits pack(const std::vector<uint64_t>& codes, int width, int k) {
  Bits b(static_cast<unsigned>(width * k));
  for (int i = 0; i < k && i < static_cast<int>(codes.size()); ++i)
    b.set_field(static_cast<unsigned>(i * width), static_cast<unsigned>(width), codes[i]);
  return b;
}

Inputs dot_vec(const MxType& ta, const MxType& tb, int k, unsigned as, unsigned bs, const std::vector<uint64_t>& a,
               const std::vector<uint64_t>& b) {
  return {{"a", pack(a, ta.width, k)}, {"a_scale", Bits(8, as)}, {"b", pack(b, tb.width, k)}, {"b_scale", Bits(8, bs)}};
}

// log2 of the smallest positive element value and floor(log2) of the largest.
long min_exp(const MxType& t) { return t.is_int ? -6 : t.f.emin() - t.f.m; }
long max_log2(const MxType& t) { return golden::floor_log2(golden::mx_decode(t, max_code(t)).mag); }

uint64_t random_finite(const MxType& t, std::mt19937_64& rng) {
  for (;;) {
    uint64_t c = rng() & ((uint64_t{1} << t.width) - 1);
    if (finite_code(t, c)) return c;
  }
}

std::vector<uint64_t> special_codes(const MxType& t) {
  std::vector<uint64_t> s = {0, max_code(t), negate(t, max_code(t)), 1, negate(t, 1)};
  if (t.is_int) {
    s.push_back(0x80);  // -128, the one code without a negation
    return s;
  }
  s.push_back(t.f.sign_bit());  // -0
  if (t.f.has_nan()) {
    s.push_back(t.f.nan_code());
    s.push_back(t.f.nan_code() | t.f.sign_bit());
  }
  if (t.f.has_inf()) {
    s.push_back(t.f.inf_code());
    s.push_back(t.f.inf_code() | t.f.sign_bit());
  }
  return s;
}

unsigned clamp_scale(long s) { return static_cast<unsigned>(s < 0 ? 0 : s > 254 ? 254 : s); }

// Two scales whose sum is `sum` (0..508).
std::pair<unsigned, unsigned> split(long sum) {
  unsigned a = clamp_scale(sum);
  return {a, clamp_scale(sum - a)};
}

}  // namespace

MxBlockValue mx_block_value(const MxType& ta, const MxType& tb, int k, const Inputs& in) {
  MxBlockValue r;
  const XReal sa = golden::e8m0_decode(static_cast<unsigned>(in.at("a_scale").u64()));
  const XReal sb = golden::e8m0_decode(static_cast<unsigned>(in.at("b_scale").u64()));
  r.nan = sa.is_nan() || sb.is_nan();
  mpq_class sum = 0;
  for (int i = 0; i < k; ++i) {
    const unsigned la = static_cast<unsigned>(i * ta.width), lb = static_cast<unsigned>(i * tb.width);
    const XReal p = golden::mul(golden::mx_decode(ta, in.at("a").field(la, static_cast<unsigned>(ta.width))),
                                golden::mx_decode(tb, in.at("b").field(lb, static_cast<unsigned>(tb.width))));
    if (p.is_nan())
      r.nan = true;
    else if (p.is_inf())
      (p.neg ? r.ninf : r.pinf) = true;
    else
      sum += p.value();
  }
  if (!r.nan) r.value = sum * sa.value() * sb.value();
  return r;
}

std::vector<Inputs> mx_dot_corners(const MxType& ta, const MxType& tb, int k) {
  std::vector<Inputs> v;
  auto add = [&](unsigned as, unsigned bs, const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
    v.push_back(dot_vec(ta, tb, k, as, bs, a, b));
  };
  // Each value below exists in both element types, as its A code (_a) and its B code (_b).
  const uint64_t one_a = enc(ta, 1, 0), one_b = enc(tb, 1, 0), mone_a = negate(ta, one_a), mone_b = negate(tb, one_b);
  const uint64_t mx_a = max_code(ta), mx_b = max_code(tb), mmx_a = negate(ta, mx_a), mmx_b = negate(tb, mx_b);
  const uint64_t mn = 1;  // the smallest positive value, code 1 in every element type
  // NaN scales.
  add(255, 127, {one_a}, {one_b});
  add(127, 255, {one_a}, {one_b});
  add(255, 255, {mx_a}, {mx_b});
  // All-zero blocks and exact-zero sums, at ordinary and extreme scales.
  for (unsigned s : {0u, 127u, 254u}) {
    add(s, s, {}, {});
    add(s, 254 - s, {one_a, one_a}, {one_b, mone_b});
    if (!ta.is_int) add(s, s, std::vector<uint64_t>(k, ta.f.sign_bit()), std::vector<uint64_t>(k, 0));
    if (!tb.is_int) add(s, s, std::vector<uint64_t>(k, 0), std::vector<uint64_t>(k, tb.f.sign_bit()));
  }
  // Special element codes, on either side.
  if (!ta.is_int && ta.f.has_nan()) add(127, 127, {one_a, ta.f.nan_code()}, {one_b, one_b});
  if (!tb.is_int && tb.f.has_nan()) add(127, 127, {one_a}, {one_b, tb.f.nan_code() | tb.f.sign_bit()});
  const uint64_t zero_a = 0, zero_b = 0, mzero_a = ta.is_int ? 0 : ta.f.sign_bit(), mzero_b = tb.is_int ? 0 : tb.f.sign_bit();
  if (!ta.is_int && ta.f.has_inf()) {
    const uint64_t inf = ta.f.inf_code(), minf = inf | ta.f.sign_bit();
    add(127, 127, {inf}, {zero_b});  // Inf * 0
    add(127, 127, {minf}, {mzero_b});
    add(127, 127, {inf, one_a}, {one_b, one_b});
    add(127, 127, {minf, mx_a}, {one_b, mx_b});
    add(127, 127, {inf, inf}, {one_b, mone_b});  // +Inf and -Inf products
    add(0, 0, {inf}, {mone_b});
    add(254, 254, {minf, mx_a}, {mmx_b, mx_b});
    add(255, 127, {inf}, {one_b});
  }
  if (!tb.is_int && tb.f.has_inf()) {
    const uint64_t inf = tb.f.inf_code(), minf = inf | tb.f.sign_bit();
    add(127, 127, {zero_a}, {inf});
    add(127, 127, {mzero_a}, {minf});  // -0 * -Inf
    add(127, 127, {one_a, mone_a}, {inf, inf});
    add(127, 127, {one_a, one_a}, {inf, minf});
    add(127, 255, {one_a}, {minf});
    if (!ta.is_int && ta.f.has_inf()) add(127, 127, {ta.f.inf_code(), ta.f.inf_code() | ta.f.sign_bit()}, {inf, minf});
  }
  // The largest scales: overflow to +-Inf, and results around the binary32 maximum.
  add(254, 254, std::vector<uint64_t>(k, mx_a), std::vector<uint64_t>(k, mx_b));
  add(254, 254, std::vector<uint64_t>(k, mx_a), std::vector<uint64_t>(k, mmx_b));
  add(254, 127, {mx_a}, {mx_b});
  add(254, 0, std::vector<uint64_t>(k, mx_a), std::vector<uint64_t>(k, mx_b));
  const long top = max_log2(ta) + max_log2(tb);  // floor(log2(max*max)) is top or top+1
  for (long d = -3; d <= 2; ++d) {
    auto [as, bs] = split(254 + 127 - top + d);
    add(as, bs, {mx_a}, {mx_b});
    add(as, bs, {mx_a, mn}, {mx_b, mn});
    add(as, bs, std::vector<uint64_t>(k, mx_a), std::vector<uint64_t>(k, mmx_b));
  }
  // The smallest scales: binary32 subnormals, rounding on the 2^-149 grid, underflow to +-0.
  add(0, 0, std::vector<uint64_t>(k, mx_a), std::vector<uint64_t>(k, mx_b));
  add(0, 0, {mone_a}, {mn});
  const long lo = min_exp(ta) + min_exp(tb);  // log2 of the smallest product
  const uint64_t three = 3;  // 3 * the smallest positive value in every element type
  for (long target = -153; target <= -120; ++target) {
    auto [as, bs] = split(target - lo + 254);
    add(as, bs, {mn}, {mn});
    add(as, bs, {negate(ta, mn)}, {three});
    add(as, bs, {negate(ta, mn)}, {mn});  // -1 in the word's last place: a negative power of two
    add(as, bs, {mone_a, mn}, {mn, mn});  // -mn + mn^2: a negative sum whose magnitude is just below a power of two
    add(as, bs, {mx_a, mn}, {three, mn});
    add(as, bs, {mx_a, mmx_a, three}, {mx_b, mx_b, three});
  }
  // Massive cancellation: huge terms cancel exactly, leaving the tiny one.
  add(127, 127, {mx_a, mmx_a, mn}, {mx_b, mx_b, mn});
  add(127, 127, {mx_a, mn, mmx_a}, {mx_b, mn, mx_b});
  add(100, 160, {mx_a, mx_a, mmx_a, mmx_a, negate(ta, mn)}, {mx_b, mx_b, mx_b, mx_b, mn});
  // Ties in binary32 rounding: 2^(x+x') + 2^(y+y') with the two exponents about 24 apart (only wide
  // formats get there): A holds 2^x and 2^y, B the same powers where it can, else its own range.
  const long ea_lo = min_exp(ta), ea_hi = max_log2(ta), eb_lo = min_exp(tb), eb_hi = max_log2(tb);
  auto clampb = [&](long e) { return std::min(std::max(e, eb_lo), eb_hi); };
  for (long x = ea_lo; x <= ea_hi; ++x)
    for (long y = x - 14; y <= x - 10; ++y) {
      if (y < ea_lo) continue;
      const uint64_t px = enc(ta, 1, x), py = enc(ta, 1, y);
      const uint64_t qx = enc(tb, 1, clampb(x)), qy = enc(tb, 1, clampb(y));
      add(127, 127, {px, py}, {qx, qy});
      add(127, 127, {px, negate(ta, py)}, {qx, qy});
      add(127, 127, {px, py, mn}, {qx, qy, mn});
      add(127, 127, {px, py, mn}, {qx, qy, negate(tb, mn)});
    }
  if (ta.is_int && tb.is_int) {
    add(127, 127, std::vector<uint64_t>(k, 0x80), std::vector<uint64_t>(k, 0x80));
    add(127, 127, std::vector<uint64_t>(k, 0x80), std::vector<uint64_t>(k, 0x7f));
  } else if (ta.is_int) {
    add(127, 127, std::vector<uint64_t>(k, 0x80), std::vector<uint64_t>(k, mx_b));
    add(127, 127, std::vector<uint64_t>(k, 0x80), std::vector<uint64_t>(k, mmx_b));
  } else if (tb.is_int) {
    add(127, 127, std::vector<uint64_t>(k, mmx_a), std::vector<uint64_t>(k, 0x80));
  }
  return v;
}

Inputs mx_dot_random(const MxType& ta, const MxType& tb, int k, std::mt19937_64& rng) {
  auto pct = [&]() { return static_cast<int>(rng() % 100); };
  auto scale = [&]() -> unsigned {
    int r = pct();
    if (r < 70) return static_cast<unsigned>(127 - 40 + static_cast<int>(rng() % 81));
    if (r < 85) return static_cast<unsigned>(rng() % 255);
    if (r < 97) return static_cast<unsigned>(rng() % 2 ? rng() % 9 : 246 + rng() % 9);
    return 255;
  };
  unsigned as = scale(), bs = scale();
  std::vector<uint64_t> a(k), b(k);
  int mode = pct();
  for (int i = 0; i < k; ++i) {
    a[i] = random_finite(ta, rng);
    b[i] = random_finite(tb, rng);
  }
  if (mode < 50) {
    // dense random finite elements
  } else if (mode < 65) {
    for (int i = 0; i < k; ++i)
      if (pct() < 80) (rng() % 2 ? a[i] : b[i]) = 0;
  } else if (mode < 80) {
    // cancellation: the second half repeats the first with a's signs flipped, plus a small residue
    for (int i = 0; i + k / 2 < k && i < k / 2; ++i) {
      a[i + k / 2] = negate(ta, a[i]);
      b[i + k / 2] = b[i];
    }
    if (k % 2) a[k - 1] = rng() % 2 ? 1 : 0;
  } else if (mode < 90) {
    // one binade: equal exponents, random mantissas
    uint64_t keep = ta.is_int ? 0xc0 : (ta.f.exp_all_ones() << ta.f.m);
    for (int i = 0; i < k; ++i) {
      a[i] = (a[i] & ~keep) | (a[0] & keep);
      if (!finite_code(ta, a[i])) a[i] = a[0];
    }
  } else {
    const std::vector<uint64_t> sa = special_codes(ta), sb = special_codes(tb);
    int n = 1 + static_cast<int>(rng() % 3);
    for (int j = 0; j < n; ++j) {
      if (rng() % 2)
        a[rng() % k] = sa[rng() % sa.size()];
      else
        b[rng() % k] = sb[rng() % sb.size()];
    }
  }
  return dot_vec(ta, tb, k, as, bs, a, b);
}

namespace {

// The finite exact value of a block, or nullopt when it is NaN or infinite.
std::optional<mpq_class> block_value(const MxType& ta, const MxType& tb, int k, const Inputs& in) {
  const MxBlockValue v = mx_block_value(ta, tb, k, in);
  if (v.nan || v.pinf || v.ninf) return std::nullopt;
  return v.value;
}

const FloatFormat& f32_format() {
  static const FloatFormat f = parse_format("fp32");
  return f;
}

// binary32 codes around the exact value v: RNE(v) and the codes next to it, and v's negation's.
std::vector<uint32_t> codes_near(const mpq_class& v) {
  const uint32_t r = static_cast<uint32_t>(golden::round_to(f32_format(), XReal::finite(v)).code);
  std::vector<uint32_t> c = {r, r ^ 0x80000000u};
  if ((r & 0x7fffffffu) < 0x7f800000u) c.push_back((r ^ 0x80000000u) + 1);  // just past -v: cancellation leaves an ulp
  if ((r & 0x7fffffffu) > 0) c.push_back((r ^ 0x80000000u) - 1);
  return c;
}

Inputs with_acc(Inputs in, uint32_t acc) {
  in["acc"] = Bits(32, acc);
  return in;
}

// A binary32 code: random sign and mantissa, exponent field e (0: subnormal or zero).
uint32_t f32_code(std::mt19937_64& rng, unsigned e) {
  return (static_cast<uint32_t>(rng() & 1) << 31) | (e << 23) | static_cast<uint32_t>(rng() & 0x7fffff);
}

}  // namespace

std::vector<Inputs> mx_dot_acc_corners(const MxType& ta, const MxType& tb, int k) {
  std::vector<Inputs> v;
  std::mt19937_64 rng(12345);  // fixed: corners are the same every run
  const std::vector<uint32_t> fixed = {0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x007fffffu, 0x00800000u,
                                       0x3f800000u, 0xbf800000u, 0x7f7fffffu, 0xff7fffffu, 0x7f800000u, 0xff800000u,
                                       0x7fc00000u, 0xffc00001u, 0x7f000000u, 0x33800000u, 0x4b800000u};
  const std::vector<Inputs> blocks = mx_dot_corners(ta, tb, k);
  for (size_t j = 0; j < blocks.size(); ++j) {
    const Inputs& in = blocks[j];
    for (uint32_t a : fixed) v.push_back(with_acc(in, a));
    const std::optional<mpq_class> s = block_value(ta, tb, k, in);
    if (!s) continue;
    for (uint32_t a : codes_near(*s)) v.push_back(with_acc(in, a));
    if (*s != 0) {
      // acc a power of two at every distance from the sum, -90..90 binades: the word's edges (sticky,
      // passed on). Each block takes every third distance, starting at j mod 3, so that the corner
      // set stays near 10^4 vectors while every distance meets many blocks.
      const long e = golden::floor_log2(abs(*s));
      for (long d = -90 + static_cast<long>(j % 3); d <= 90; d += 3) {
        const long x = e + d;
        if (x < -149 || x > 127) continue;
        const uint32_t code = static_cast<uint32_t>(golden::encode_exact(f32_format(), rng() % 2, golden::pow2(x)));
        v.push_back(with_acc(in, code));
      }
    }
  }
  return v;
}

Inputs mx_dot_acc_random(const MxType& ta, const MxType& tb, int k, std::mt19937_64& rng) {
  Inputs in = mx_dot_random(ta, tb, k, rng);
  const std::optional<mpq_class> s = block_value(ta, tb, k, in);
  const int r = static_cast<int>(rng() % 100);
  if (s && *s != 0 && r < 60) {
    // Near the sum: its negation or a neighbour (cancellation), or its size times 2^d (alignment).
    const std::vector<uint32_t> near = codes_near(*s);
    if (r < 25) return with_acc(in, near[rng() % near.size()]);
    const long e = golden::floor_log2(abs(*s)) + static_cast<long>(rng() % 121) - 60;
    const unsigned field = static_cast<unsigned>(std::min(254l, std::max(0l, e + 127)));
    return with_acc(in, f32_code(rng, field));
  }
  if (r < 85) return with_acc(in, f32_code(rng, static_cast<unsigned>(rng() % 255)));
  if (r < 95) return with_acc(in, f32_code(rng, rng() % 2 ? 0u : 254u));
  return with_acc(in, static_cast<uint32_t>(rng()));  // any code, NaN and Inf included
}

// ---- mx_quant: blocks of binary32 values ----

namespace {

uint32_t f32(bool neg, unsigned ef, uint32_t mf) { return (neg ? 0x80000000u : 0) | (ef << 23) | (mf & 0x7fffff); }

Inputs quant_vec(int k, const std::vector<uint32_t>& x) {
  Bits b(static_cast<unsigned>(32 * k));
  for (int i = 0; i < k && i < static_cast<int>(x.size()); ++i) b.set_word32(static_cast<unsigned>(i), x[i]);
  return {{"x", b}};
}

}  // namespace

std::vector<Inputs> mx_quant_corners(const MxType& t, int k) {
  std::vector<Inputs> v;
  auto add = [&](const std::vector<uint32_t>& x) { v.push_back(quant_vec(k, x)); };
  const uint32_t one = f32(false, 127, 0), inf = f32(false, 255, 0), qnan = 0x7fc00000u;
  add({});                                              // all zero
  add(std::vector<uint32_t>(k, 0x80000000u));           // all -0
  add({one, qnan});                                     // NaN
  add({one, 0xff800001u});                              // signalling NaN, negative
  add({inf, one});                                      // +Inf
  add({one, 0, inf | 0x80000000u});                     // -Inf
  add({0x7f7fffffu, inf});                              // Inf beside the largest float
  // amax exactly a power of two, just below and just above, across the whole exponent range; the
  // other elements step down from it so that every target binade and the subnormals are used.
  for (unsigned ef : {0u, 1u, 2u, 3u, 10u, 100u, 120u, 127u, 128u, 130u, 135u, 140u, 200u, 253u, 254u}) {
    for (uint32_t mf : {0u, 0x7fffffu, 1u, 0x400000u, 0x600000u, 0x700000u, 0x780000u}) {
      if (ef == 0 && mf == 0) continue;
      std::vector<uint32_t> x;
      for (int i = 0; i < k; ++i) {
        long e = static_cast<long>(ef) - i;
        // Below the subnormals (k > 24 elements under ef = 0..2) the element is a signed zero.
        if (e > 0) {
          x.push_back(f32(i % 2, static_cast<unsigned>(e), mf + static_cast<uint32_t>(i) * 0x51000u));
        } else {
          const long shift = 1 - e;  // >= 1
          x.push_back(f32(i % 2, 0, shift < 32 ? (0x400000u | mf) >> shift : 0));
        }
      }
      add(x);
    }
  }
  // Binary32 subnormal blocks, the contract's int8 example (max 2^-127: scale 0x00) among them.
  add({f32(false, 0, 0x400000u)});                      // 2^-127
  add({f32(false, 0, 0x200000u), f32(true, 0, 1)});     // 2^-128, -2^-149
  add({f32(false, 0, 1)});                              // 2^-149 alone
  add({f32(true, 0, 0x7fffffu), f32(false, 0, 0x3fffffu), f32(false, 0, 0x155555u)});
  add({f32(false, 1, 0), f32(false, 0, 0x7fffffu), f32(true, 0, 3)});  // 2^-126 with subnormals
  // Values rounding up past the largest element (saturate) and ties between element values.
  const long emax = t.emax;
  for (unsigned base : {127u, 60u, 200u}) {
    std::vector<uint32_t> x;
    for (int i = 0; i < k; ++i) {
      // amax = 2^(base-127) * (2 - 2^-23); others: ties of the element grid at several binades.
      uint32_t mf = i == 0 ? 0x7fffffu : static_cast<uint32_t>((i * 0x9000u) | 0x8000u) & 0x7fffffu;
      long e = static_cast<long>(base) - (i % (emax + 4));
      x.push_back(f32(i % 3 == 1, static_cast<unsigned>(e), mf));
    }
    add(x);
  }
  return v;
}

Inputs mx_quant_random(const MxType& t, int k, std::mt19937_64& rng) {
  auto pct = [&]() { return static_cast<int>(rng() % 100); };
  int r = pct();
  long base = r < 60 ? 127 - 20 + static_cast<long>(rng() % 41)
              : r < 75 ? static_cast<long>(rng() % 6)
              : r < 85 ? 248 + static_cast<long>(rng() % 7)
                       : 1 + static_cast<long>(rng() % 254);
  const int short_bits = (t.is_int ? 8 : t.f.m) + 2;  // mantissas this short make ties likely
  std::vector<uint32_t> x(k);
  for (int i = 0; i < k; ++i) {
    long e = base - static_cast<long>(rng() % (r % 3 == 0 ? 4 : 30));
    uint32_t mf = static_cast<uint32_t>(rng()) & 0x7fffffu;
    if (pct() < 50) mf &= ~((1u << (23 - short_bits)) - 1);
    bool neg = rng() & 1;
    if (pct() < 8)
      x[i] = neg ? 0x80000000u : 0;
    else if (e <= 0)
      x[i] = f32(neg, 0, (0x800000u | mf) >> (1 - e > 24 ? 24 : 1 - e));
    else
      x[i] = f32(neg, static_cast<unsigned>(e), mf);
  }
  if (pct() < 3) x[rng() % k] = rng() % 2 ? 0x7fc00000u : (rng() % 2 ? 0x7f800000u : 0xff800000u);
  return quant_vec(k, x);
}

}  // namespace qrtl::verif
