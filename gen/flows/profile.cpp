#include "flows/profile.h"

#include <fmt/format.h>

#include <algorithm>

#include "errors.h"
#include "fsutil.h"
#include "golden/dpred.h"
#include "golden/precision.h"
#include "golden/temporal.h"
#include "npy.h"

namespace qrtl::flows {

namespace {
// Two's complement width at which the Booth terms are counted: wide enough for any value here
// (a code minus a zero point), and the count does not depend on it beyond that.
constexpr int kTermWidth = 2 * kMaxTerms;

bool is_npy(const std::string& path, const std::string& data) {
  return (path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0) || data.rfind("\x93NUMPY", 0) == 0;
}
}  // namespace

TensorValues load_tensor(const std::string& path, const std::string& raw_dtype, int64_t zero_point) {
  const std::string data = read_file(path);
  TensorValues t;
  t.name = path;
  std::string bytes;
  if (is_npy(path, data)) {
    NpyArray a = parse_npy(data, path);
    if (a.dtype != "int8" && a.dtype != "uint8")
      throw UsageError(fmt::format("{}: dtype {} ('{}') is not int8 or uint8", path, a.dtype, a.descr));
    if (a.fortran_order && a.shape.size() > 1)
      throw UsageError(fmt::format("{}: Fortran-order arrays are not supported (groups follow C order)", path));
    if (!raw_dtype.empty() && raw_dtype != a.dtype)
      throw UsageError(fmt::format("{}: --dtype {} contradicts the file's dtype {}", path, raw_dtype, a.dtype));
    t.dtype = a.dtype;
    bytes = std::move(a.bytes);
  } else {
    if (raw_dtype.empty())
      throw UsageError(fmt::format("{}: a raw tensor needs --dtype int8 or --dtype uint8", path));
    t.dtype = raw_dtype;
    bytes = data;
  }
  t.values.reserve(bytes.size());
  for (char c : bytes) {
    int64_t code = t.dtype == "int8" ? static_cast<int64_t>(static_cast<int8_t>(c)) : static_cast<unsigned char>(c);
    t.values.push_back(code - zero_point);
  }
  return t;
}

Profile profile(const TensorValues& t, bool is_signed, const std::vector<size_t>& group_sizes) {
  Profile pr;
  pr.name = t.name;
  pr.dtype = t.dtype;
  pr.is_signed = is_signed;
  pr.count = t.values.size();
  for (int64_t v : t.values) {
    if (!is_signed && v < 0)
      throw UsageError(fmt::format("{}: value {} is negative; profile it as signed (--signed 1)", t.name, v));
    ++pr.value_hist[golden::precision(v, is_signed)];
    ++pr.term_hist[golden::booth4_terms(v, kTermWidth, true)];
  }
  for (size_t g : group_sizes) {
    GroupStats gs;
    gs.group = g;
    for (size_t i = 0; i < t.values.size(); i += g) {
      const size_t n = std::min(g, t.values.size() - i);
      const int p = golden::group_precision(t.values.data() + i, n, is_signed);
      ++gs.groups;
      ++gs.hist[p];
      gs.footprint_bits += golden::kDpredHeaderBits + n * static_cast<uint64_t>(p);
    }
    pr.groups.push_back(gs);
  }
  return pr;
}

double GroupStats::mean_precision() const {
  uint64_t sum = 0;
  for (int p = 0; p <= kMaxPrecision; ++p) sum += hist[p] * static_cast<uint64_t>(p);
  return groups ? static_cast<double>(sum) / static_cast<double>(groups) : 0.0;
}

int Profile::max_precision() const {
  int top = 0;
  for (int p = 0; p <= kMaxPrecision; ++p)
    if (value_hist[p]) top = p;
  return top;
}

int Profile::max_terms() const {
  int top = 0;
  for (int t = 0; t <= kMaxTerms; ++t)
    if (term_hist[t]) top = t;
  return top;
}

void accumulate(Profile& a, const Profile& b) {
  a.name = "TOTAL";
  if (a.dtype != b.dtype) a.dtype = "mixed";
  a.count += b.count;
  for (int p = 0; p <= kMaxPrecision; ++p) a.value_hist[p] += b.value_hist[p];
  for (int t = 0; t <= kMaxTerms; ++t) a.term_hist[t] += b.term_hist[t];
  for (size_t k = 0; k < a.groups.size(); ++k) {
    a.groups[k].groups += b.groups[k].groups;
    a.groups[k].footprint_bits += b.groups[k].footprint_bits;
    for (int p = 0; p <= kMaxPrecision; ++p) a.groups[k].hist[p] += b.groups[k].hist[p];
  }
}

}  // namespace qrtl::flows
