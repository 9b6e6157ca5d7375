#include "format.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "errors.h"

namespace qrtl {

namespace {

FloatFormat make(int e, int m, int bias, bool is_signed, Specials sp) {
  FloatFormat f;
  f.e = e;
  f.m = m;
  f.bias = bias;
  f.is_signed = is_signed;
  f.specials = sp;
  return f;
}

const char* policy_name(Specials sp) {
  switch (sp) {
    case Specials::ieee: return "ieee";
    case Specials::fn: return "fn";
    case Specials::none: return "none";
  }
  return "?";
}

struct Named {
  const char* name;
  FloatFormat f;
};

const std::vector<Named>& named_formats() {
  static const std::vector<Named> list = {
      {"e4m3", make(4, 3, 7, true, Specials::fn)},
      {"e5m2", make(5, 2, 15, true, Specials::ieee)},
      {"e3m2", make(3, 2, 3, true, Specials::none)},
      {"e2m3", make(2, 3, 1, true, Specials::none)},
      {"e2m1", make(2, 1, 1, true, Specials::none)},
      {"fp16", make(5, 10, 15, true, Specials::ieee)},
      {"bf16", make(8, 7, 127, true, Specials::ieee)},
      {"fp32", make(8, 23, 127, true, Specials::ieee)},
  };
  return list;
}

std::string custom_name(const FloatFormat& f) {
  return fmt::format("fp:{}.{}.b{}{}.{}", f.e, f.m, f.bias, f.is_signed ? "" : ".u",
                     policy_name(f.specials));
}

bool parse_int(const std::string& s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

bool FloatFormat::is_nan(uint64_t code) const {
  switch (specials) {
    case Specials::ieee: return exp_field(code) == exp_all_ones() && man_field(code) != 0;
    case Specials::fn: return exp_field(code) == exp_all_ones() && man_field(code) == man_all_ones();
    case Specials::none: return false;
  }
  return false;
}

bool FloatFormat::is_inf(uint64_t code) const {
  return specials == Specials::ieee && exp_field(code) == exp_all_ones() && man_field(code) == 0;
}

uint64_t FloatFormat::max_finite_code() const {
  uint64_t all = (uint64_t{1} << (e + m)) - 1;  // all-ones exponent and mantissa, no sign
  switch (specials) {
    case Specials::ieee: return e == 1 ? man_all_ones() : ((exp_all_ones() - 1) << m) | man_all_ones();
    case Specials::fn: return m == 0 ? (exp_all_ones() - 1) << m : all - 1;
    case Specials::none: return all;
  }
  return all;
}

uint64_t FloatFormat::nan_code() const {
  return specials == Specials::ieee ? (exp_all_ones() << m) | (uint64_t{1} << (m - 1))
                                    : (exp_all_ones() << m) | man_all_ones();
}

uint64_t FloatFormat::inf_code() const { return exp_all_ones() << m; }

int FloatFormat::emax() const {
  uint64_t c = max_finite_code();
  uint64_t ef = exp_field(c), mf = man_field(c);
  if (ef != 0) return static_cast<int>(ef) - bias;
  int msb = 63 - __builtin_clzll(mf);  // subnormal-only format; mf != 0 for valid formats
  return emin() - m + msb;
}

std::string format_syntax() {
  std::string names;
  for (const auto& n : named_formats()) names += std::string(names.empty() ? "" : " ") + n.name;
  return names + " | fp:E.M[.bBIAS][.u][.fn|.ieee|.none]";
}

FloatFormat parse_format(const std::string& text) {
  for (const auto& n : named_formats())
    if (text == n.name) {
      FloatFormat f = n.f;
      f.name = n.name;
      return f;
    }
  if (text.rfind("fp:", 0) != 0)
    throw UsageError(fmt::format("unknown format '{}' ({})", text, format_syntax()));
  std::vector<std::string> parts;
  std::string rest = text.substr(3);
  for (size_t pos = 0;;) {
    size_t dot = rest.find('.', pos);
    parts.push_back(rest.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  FloatFormat f;
  if (parts.size() < 2 || !parse_int(parts[0], f.e) || !parse_int(parts[1], f.m))
    throw UsageError(fmt::format("malformed format '{}' (expected fp:E.M[.bBIAS][.u][.fn|.ieee|.none])", text));
  if (f.e < 1 || f.e > 8) throw UsageError(fmt::format("format '{}': exponent width {} not in 1..8", text, f.e));
  if (f.m < 0 || f.m > 10) throw UsageError(fmt::format("format '{}': mantissa width {} not in 0..10", text, f.m));
  f.bias = (1 << (f.e - 1)) - 1;
  f.is_signed = true;
  f.specials = Specials::ieee;
  bool seen_bias = false, seen_u = false, seen_policy = false;
  for (size_t i = 2; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (!p.empty() && p[0] == 'b' && !seen_bias) {
      if (!parse_int(p.substr(1), f.bias) || f.bias < -255 || f.bias > 255)
        throw UsageError(fmt::format("format '{}': bias '{}' is not an integer in -255..255", text, p.substr(1)));
      seen_bias = true;
    } else if (p == "u" && !seen_u) {
      f.is_signed = false;
      seen_u = true;
    } else if ((p == "ieee" || p == "fn" || p == "none") && !seen_policy) {
      f.specials = p == "ieee" ? Specials::ieee : p == "fn" ? Specials::fn : Specials::none;
      seen_policy = true;
    } else {
      throw UsageError(fmt::format("format '{}': unexpected field '{}'", text, p));
    }
  }
  if (f.max_finite_code() == 0)
    throw UsageError(fmt::format("format '{}': no non-zero finite value is left (too few codes for policy {})",
                                 text, policy_name(f.specials)));
  for (const auto& n : named_formats())
    if (n.f.e == f.e && n.f.m == f.m && n.f.bias == f.bias && n.f.is_signed == f.is_signed &&
        n.f.specials == f.specials) {
      f.name = n.name;
      return f;
    }
  f.name = custom_name(f);
  return f;
}

}  // namespace qrtl
