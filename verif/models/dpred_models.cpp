// Golden models of prec_detect, dpred_pack and dpred_unpack. Element precisions come from their
// definition (golden/precision.h) and records from the software DPRed packer (golden/dpred.h),
// which implements the documented layout bit by bit.
#include <algorithm>

#include "bits.h"
#include "golden/dpred.h"
#include "golden/precision.h"
#include "exact.h"
#include "model.h"

namespace qrtl::verif {
namespace {

struct Shape {
  int group, w;
  bool sgn;
};
Shape shape(const Params& p) { return {static_cast<int>(p.i("group")), static_cast<int>(p.i("w")), p.b("signed")}; }

std::vector<int64_t> elements(const Bits& x, const Shape& s) {
  std::vector<int64_t> v;
  for (int i = 0; i < s.group; ++i)
    v.push_back(s.sgn ? x.sfield(i * s.w, s.w) : static_cast<int64_t>(x.field(i * s.w, s.w)));
  return v;
}

Bits from_stream(const golden::BitStream& st, unsigned width) {
  Bits b(width);
  for (uint64_t k = 0; k < st.size(); ++k) b.set_bit(static_cast<unsigned>(k), st.read(k, 1));
  return b;
}

// Stimulus that spreads the group precision evenly: pick a target t, draw every element from the
// t-bit range, so every p value (not just the all-random p = w) is exercised.
Inputs random_group(const Params& p, const PortWidths&, std::mt19937_64& rng) {
  Shape s = shape(p);
  const int lo = s.sgn ? 1 : 0;
  const int t = lo + static_cast<int>(rng() % static_cast<uint64_t>(s.w - lo + 1));
  Bits x(static_cast<unsigned>(s.group * s.w));
  for (int i = 0; i < s.group; ++i) {
    // A t-bit value: unsigned in [0, 2^t), signed in [-2^(t-1), 2^(t-1)).
    int64_t span = int64_t{1} << t;
    int64_t v = static_cast<int64_t>(rng() % static_cast<uint64_t>(span)) - (s.sgn ? span / 2 : 0);
    x.set_field(static_cast<unsigned>(i * s.w), static_cast<unsigned>(s.w), static_cast<uint64_t>(v));
  }
  return {{"x", x}};
}

// One element at each extreme of each precision, the others zero: the boundaries of every p.
std::vector<Inputs> corner_groups(const Params& p, const PortWidths&) {
  Shape s = shape(p);
  std::vector<Inputs> out;
  auto one = [&](int i, int64_t v) {
    Bits x(static_cast<unsigned>(s.group * s.w));
    x.set_field(static_cast<unsigned>(i * s.w), static_cast<unsigned>(s.w), static_cast<uint64_t>(v));
    out.push_back({{"x", x}});
  };
  Bits ones(static_cast<unsigned>(s.group * s.w));
  for (unsigned k = 0; k < ones.width(); ++k) ones.set_bit(k, true);
  out.push_back({{"x", ones}});
  for (int i = 0; i < s.group; ++i)
    for (int t = 1; t <= s.w; ++t) {
      if (s.sgn) {
        one(i, -(int64_t{1} << (t - 1)));
        one(i, (int64_t{1} << (t - 1)) - 1);
      } else {
        one(i, int64_t{1} << (t - 1));
        one(i, (int64_t{1} << t) - 1);
      }
    }
  return out;
}

QRTL_MODEL(ModelDef{
    .block = "prec_detect",
    .eval = [](const Params& p, const Inputs& in) {
      Shape s = shape(p);
      std::vector<int64_t> v = elements(in.at("x"), s);
      return Outputs{{"p", exact(Bits(4, static_cast<uint64_t>(golden::group_precision(v.data(), v.size(), s.sgn))))}};
    },
    .corners = corner_groups,
    .random = random_group,
});

QRTL_MODEL(ModelDef{
    .block = "dpred_pack",
    .eval = [](const Params& p, const Inputs& in) {
      Shape s = shape(p);
      std::vector<int64_t> v = elements(in.at("x"), s);
      golden::BitStream st;
      int prec = golden::dpred_append_group(st, v.data(), v.size(), s.sgn);
      const unsigned rec_w = static_cast<unsigned>(golden::kDpredHeaderBits + s.group * s.w);
      const unsigned len_w = static_cast<unsigned>(bits_of(rec_w));
      return Outputs{{"p", exact(Bits(4, static_cast<uint64_t>(prec)))},
                     {"rec", exact(from_stream(st, rec_w))},  // bits above the record are zero
                     {"len", exact(Bits(len_w, st.size()))}};
    },
    .corners = corner_groups,
    .random = random_group,
});

QRTL_MODEL(ModelDef{
    .block = "dpred_unpack",
    .eval = [](const Params& p, const Inputs& in) {
      Shape s = shape(p);
      const Bits& rec = in.at("rec");
      golden::BitStream st;
      for (unsigned k = 0; k < rec.width(); ++k) st.append(rec.bit(k), 1);
      std::vector<int64_t> v(static_cast<size_t>(s.group));
      uint64_t end = golden::dpred_read_group(st, 0, v.size(), s.sgn, s.w, v.data());
      Bits x(static_cast<unsigned>(s.group * s.w));
      for (int i = 0; i < s.group; ++i)
        x.set_field(static_cast<unsigned>(i * s.w), static_cast<unsigned>(s.w), static_cast<uint64_t>(v[i]));
      const unsigned len_w = static_cast<unsigned>(bits_of(rec.width()));
      return Outputs{{"x", exact(x)}, {"len", exact(Bits(len_w, end))}};
    },
});

}  // namespace
}  // namespace qrtl::verif
