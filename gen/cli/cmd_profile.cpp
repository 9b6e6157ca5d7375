// qrtl profile TENSOR... [--dtype int8|uint8] [--signed 0|1|auto] [--zero-point Z] [--group G ...] [--json FILE]
// Per-tensor precision histograms (per value and per group of G consecutive values, C order) and
// the DPRed footprint: the bits of the stream that stores every group at its precision
// (4-bit header + n*p bits, verif/golden/dpred.h) over 8 bits per value, and the histogram of
// non-zero Booth radix-4 terms per value (what Laconic-style term-serial units process).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/profile.h"
#include "errors.h"
#include "fsutil.h"

namespace qrtl::cli {
namespace {

template <size_t N>
std::string hist_line(const std::array<uint64_t, N>& h, int top) {
  std::string s;
  for (int p = 0; p <= top; ++p) s += fmt::format(" {:>9}", h[p]);
  return s;
}

void print_profile(const Profile& pr) {
  fmt::print("{}  {} {}  {} values\n", pr.name, pr.dtype, pr.is_signed ? "signed" : "unsigned", pr.count);
  int top = 8;  // at least 0..8; wider when a zero point pushed values past 8 bits
  for (int p = 9; p <= kMaxPrecision; ++p)
    if (pr.value_hist[p]) top = p;
  std::string head;
  for (int p = 0; p <= top; ++p) head += fmt::format(" {:>9}", fmt::format("p={}", p));
  fmt::print("  {:<12}{}\n", "", head);
  fmt::print("  {:<12}{}\n", "values", hist_line(pr.value_hist, top));
  for (size_t k = 0; k < pr.groups.size(); ++k)
    fmt::print("  {:<12}{}\n", fmt::format("groups G={}", pr.groups[k].group), hist_line(pr.groups[k].hist, top));
  std::string terms_head;
  for (int t = 0; t <= pr.max_terms(); ++t) terms_head += fmt::format(" {:>9}", fmt::format("t={}", t));
  fmt::print("  {:<12}{}\n", "", terms_head);
  fmt::print("  {:<12}{}\n", "Booth terms", hist_line(pr.term_hist, pr.max_terms()));
  fmt::print("  precision   {} (every value fits)\n", pr.max_precision());
  for (size_t k = 0; k < pr.groups.size(); ++k)
    fmt::print("  G={:<9} mean group precision {:.3f}; DPRed {} bits = {:.4f} of 8-bit storage\n",
               pr.groups[k].group, pr.groups[k].mean_precision(), pr.groups[k].footprint_bits,
               pr.footprint_ratio(k));
}

nlohmann::ordered_json to_json(const Profile& pr) {
  nlohmann::ordered_json j;
  j["tensor"] = pr.name;
  j["dtype"] = pr.dtype;
  j["signed"] = pr.is_signed;
  j["values"] = pr.count;
  j["max_precision"] = pr.max_precision();
  j["value_hist"] = pr.value_hist;
  j["term_hist"] = std::vector<uint64_t>(pr.term_hist.begin(), pr.term_hist.begin() + pr.max_terms() + 1);
  nlohmann::ordered_json gs = nlohmann::ordered_json::array();
  for (size_t k = 0; k < pr.groups.size(); ++k) {
    const GroupStats& g = pr.groups[k];
    gs.push_back({{"group", g.group}, {"groups", g.groups}, {"hist", g.hist}, {"mean_precision", g.mean_precision()},
                  {"dpred_bits", g.footprint_bits}, {"dpred_ratio", pr.footprint_ratio(k)}});
  }
  j["groups"] = gs;
  return j;
}

Command make() {
  return {"profile", "precision histograms of int8/uint8 tensors (raw or .npy) and their DPRed footprint",
          [](CLI::App& sub) {
            auto files = std::make_shared<std::vector<std::string>>();
            auto dtype = std::make_shared<std::string>();
            auto sgn = std::make_shared<std::string>();
            auto zp = std::make_shared<int64_t>(0);
            auto groups = std::make_shared<std::vector<size_t>>(std::vector<size_t>{16, 256});
            auto json = std::make_shared<std::string>();
            sub.add_option("tensors", *files, "tensor files: .npy (int8/uint8) or raw bytes")->required();
            sub.add_option("--dtype", *dtype, "dtype of raw files (checked against .npy files)")
                ->check(CLI::IsMember({"int8", "uint8"}));
            sub.add_option("--signed", *sgn, "precision of two's complement (1) or unsigned (0) values, or auto: "
                                             "unsigned when no value is negative; default: from the dtype")
                ->check(CLI::IsMember({"0", "1", "auto"}));
            sub.add_option("--zero-point", *zp, "subtract this zero point from every code first")
                ->check(CLI::Range(-255, 255));
            sub.add_option("--group", *groups, "group sizes (default 16 256)")->check(CLI::Range(1, 1 << 20));
            sub.add_option("--json", *json, "also write the profiles as JSON to this file ('-' = stdout only)");
            return [=]() {
              std::vector<Profile> all;
              for (const auto& f : *files) {
                TensorValues t = load_tensor(f, *dtype, *zp);
                bool is_signed = t.dtype == "int8";
                if (*sgn == "auto")
                  is_signed = std::any_of(t.values.begin(), t.values.end(), [](int64_t v) { return v < 0; });
                else if (!sgn->empty())
                  is_signed = *sgn == "1";
                all.push_back(profile(t, is_signed, *groups));
              }
              if (all.size() > 1) {
                Profile total = all.front();
                for (size_t k = 1; k < all.size(); ++k) accumulate(total, all[k]);
                all.push_back(total);
              }
              nlohmann::ordered_json j = nlohmann::ordered_json::array();
              for (const auto& pr : all) j.push_back(to_json(pr));
              if (*json == "-") {
                fmt::print("{}\n", j.dump(1));
                return 0;
              }
              for (const auto& pr : all) print_profile(pr);
              if (!json->empty()) atomic_write_file(*json, j.dump(1) + "\n");
              return 0;
            };
          }};
}

QRTL_COMMAND(make);

}  // namespace
}  // namespace qrtl::cli
