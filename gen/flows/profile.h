// Precision profile of 8-bit tensors: the per-value and per-group precision histograms that
// Judd-style per-layer precision selection and DPRed need, the DPRed footprint they imply, and the
// Booth term histogram that term-serial (Laconic) designs need.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace qrtl::flows {

struct TensorValues {
  std::string name;
  std::string dtype;             // int8 or uint8
  std::vector<int64_t> values;   // code - zero point, C order
};

// Reads a .npy file (int8/uint8, C order) or a raw byte file; `raw_dtype` ("int8", "uint8" or
// empty) is required for raw files and must match the dtype of a .npy file when given.
TensorValues load_tensor(const std::string& path, const std::string& raw_dtype, int64_t zero_point);

inline constexpr int kMaxPrecision = 16;  // histogram bins 0..16
inline constexpr int kMaxTerms = 9;       // Booth radix-4 terms of a value of up to 17 bits

struct GroupStats {
  size_t group = 0;
  uint64_t groups = 0;
  std::array<uint64_t, kMaxPrecision + 1> hist{};  // groups whose precision is p
  uint64_t footprint_bits = 0;                     // DPRed stream: sum over groups of 4 + n*p
  // Mean group precision: the cycles per group of a Dynamic-Stripes-style serial unit that
  // processes each group in p cycles, averaged.
  double mean_precision() const;
};

struct Profile {
  std::string name, dtype;
  bool is_signed = false;
  uint64_t count = 0;
  std::array<uint64_t, kMaxPrecision + 1> value_hist{};  // values whose precision is p
  // values with t non-zero Booth radix-4 digits (the term pairs Laconic's lanes walk); a property
  // of the value, the same at every width that holds it
  std::array<uint64_t, kMaxTerms + 1> term_hist{};
  std::vector<GroupStats> groups;
  int max_precision() const;  // the per-tensor (Judd-style per-layer) precision: fits every value
  int max_terms() const;
  double footprint_ratio(size_t k) const {  // DPRed bits / 8 bits per value
    return count ? static_cast<double>(groups[k].footprint_bits) / (8.0 * static_cast<double>(count)) : 0.0;
  }
};

Profile profile(const TensorValues& t, bool is_signed, const std::vector<size_t>& group_sizes);
// Adds b into a (same group sizes); a takes the name "TOTAL".
void accumulate(Profile& a, const Profile& b);

}  // namespace qrtl::flows
