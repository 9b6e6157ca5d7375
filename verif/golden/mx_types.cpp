#include "golden/mx_types.h"

#include <stdexcept>

namespace qrtl::golden {

namespace {
struct Row {
  const char* name;
  int emax;
};
// OCP MX v1.0, table of element types: emax of each.
const Row kRows[] = {{"e4m3", 8}, {"e5m2", 15}, {"e3m2", 4}, {"e2m3", 2}, {"e2m1", 2}, {"int8", 0}};
}  // namespace

const std::vector<std::string>& mx_type_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Row& r : kRows) v.push_back(r.name);
    return v;
  }();
  return names;
}

MxType mx_type(const std::string& name) {
  for (const Row& r : kRows) {
    if (name != r.name) continue;
    MxType t;
    t.name = name;
    t.emax = r.emax;
    if (name == "int8") {
      t.is_int = true;
      t.width = 8;
    } else {
      t.f = parse_format(name);
      t.width = t.f.width();
    }
    return t;
  }
  throw std::invalid_argument("unknown MX element type '" + name + "'");
}

XReal mx_decode(const MxType& t, uint64_t code) {
  if (!t.is_int) return decode(t.f, code);
  long v = static_cast<long>(code & 0xff);
  if (v >= 128) v -= 256;
  return XReal::finite(mpq_class(v) * pow2(-6));
}

XReal e8m0_decode(unsigned s) {
  if (s == 0xff) return XReal::nan();
  return XReal::finite(pow2(static_cast<long>(s) - 127));
}

mpz_class round_half_even(const mpq_class& v) {
  mpz_class q;
  mpz_fdiv_q(q.get_mpz_t(), v.get_num_mpz_t(), v.get_den_mpz_t());
  mpq_class rem = v - mpq_class(q);
  if (rem > mpq_class(1, 2) || (rem == mpq_class(1, 2) && mpz_odd_p(q.get_mpz_t()))) q += 1;
  return q;
}

}  // namespace qrtl::golden
