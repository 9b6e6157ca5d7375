// qrtl mxerr FILE [--k K] [--formats LIST] [--bits LIST] [--dtype f32|f64|i8|u8]
// Quantizes a tensor to every OCP MX element type (blocks of k along the flattened C order) and
// reports the error against the original, then the per-tensor INT clipping that OCTAV picks versus
// plain max scaling. FILE is a .npy array (<f4, <f8, |i1, |u1; C order) or raw little-endian data of
// --dtype. The quantization is the exact golden one (golden/mx_quantize.h), so the numbers describe
// what mx_quant hardware produces.
#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli/command.h"
#include "errors.h"
#include "golden/mx_quantize.h"
#include "npy.h"

namespace qrtl::cli {
namespace {

std::vector<float> convert(const std::string& bytes, const std::string& dtype, const std::string& what) {
  std::vector<float> v;
  const size_t size = dtype == "f64" ? 8 : dtype == "f32" ? 4 : 1;
  if (bytes.size() % size) throw UsageError(fmt::format("mxerr: {} is not a whole number of {} values", what, dtype));
  for (size_t i = 0; i < bytes.size(); i += size) {
    const char* p = bytes.data() + i;
    if (dtype == "f32") {
      float f;
      std::memcpy(&f, p, 4);
      v.push_back(f);
    } else if (dtype == "f64") {
      double d;
      std::memcpy(&d, p, 8);
      v.push_back(static_cast<float>(d));
    } else if (dtype == "i8") {
      v.push_back(static_cast<float>(static_cast<int8_t>(*p)));
    } else {
      v.push_back(static_cast<float>(static_cast<uint8_t>(*p)));
    }
  }
  return v;
}

// A .npy file, through the project's one reader (npy.h): C order, little-endian f4/f8 or bytes.
std::vector<float> read_npy(const std::string& bytes, const std::string& path) {
  NpyArray a = parse_npy(bytes, path);
  if (a.fortran_order) throw UsageError(fmt::format("mxerr: {}: Fortran-order arrays are not supported", path));
  for (auto [descr, name] : {std::pair{"<f4", "f32"}, {"<f8", "f64"}, {"|i1", "i8"}, {"|u1", "u8"}})
    if (a.descr == descr) return convert(a.bytes, name, path);
  throw UsageError(fmt::format("mxerr: {}: dtype {} not supported (use <f4, <f8, |i1 or |u1)", path, a.descr));
}

Command make_mxerr_command() {
  return {"mxerr", "error of a tensor quantized to each MX format, and OCTAV clipping for INT formats",
          [](CLI::App& sub) {
            auto file = std::make_shared<std::string>();
            auto k = std::make_shared<int>(32);
            auto formats = std::make_shared<std::vector<std::string>>(golden::mx_type_names());
            auto bits = std::make_shared<std::vector<int>>(std::vector<int>{4, 8});
            auto dtype = std::make_shared<std::string>("f32");
            sub.add_option("file", *file, ".npy file, or raw little-endian values of --dtype")->required();
            sub.add_option("--k", *k, "MX block size")->check(CLI::Range(1, 1024));
            sub.add_option("--formats", *formats, "MX element types (default: all)")->delimiter(',');
            sub.add_option("--bits", *bits, "INT widths for the per-tensor clipping search")
                ->delimiter(',')
                ->check(CLI::Range(2, 16));
            sub.add_option("--dtype", *dtype, "raw file element type")->check(CLI::IsMember({"f32", "f64", "i8", "u8"}));
            return [=]() {
              std::ifstream in(*file, std::ios::binary);
              if (!in) throw UsageError(fmt::format("mxerr: cannot read {}", *file));
              std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
              std::vector<float> x = file->size() > 4 && file->substr(file->size() - 4) == ".npy"
                                         ? read_npy(bytes, *file)
                                         : convert(bytes, *dtype, *file);
              if (x.empty()) throw UsageError(fmt::format("mxerr: {} holds no values", *file));
              for (float v : x)
                if (!std::isfinite(v)) throw UsageError(fmt::format("mxerr: {} holds a NaN or Inf", *file));
              fmt::print("{}: {} values, MX blocks of k={}\n", *file, x.size(), *k);
              fmt::print("{:<8} {:>14} {:>14} {:>10}\n", "format", "mse", "max_abs_err", "sqnr_db");
              for (const auto& name : *formats) {
                golden::MxType t;
                try {
                  t = golden::mx_type(name);
                } catch (const std::invalid_argument&) {
                  throw UsageError(fmt::format("mxerr: unknown MX format '{}' ({})", name,
                                               fmt::join(golden::mx_type_names(), " ")));
                }
                golden::ErrorStats s = golden::mx_tensor_error(t, *k, x);
                fmt::print("{:<8} {:>14.6e} {:>14.6e} {:>10.2f}\n", name, s.mse, s.max_abs, s.sqnr_db);
              }
              fmt::print("per-tensor symmetric INT: max scaling vs OCTAV clipping (MSE-optimal)\n");
              fmt::print("{:<5} {:>12} {:>14} {:>10} {:>12} {:>14} {:>10} {:>5}\n", "bits", "clip_max", "mse_max",
                         "sqnr_max", "clip_octav", "mse_octav", "sqnr_oct", "iter");
              double amax = 0;
              for (float v : x) amax = std::max(amax, static_cast<double>(std::fabs(v)));
              for (int b : *bits) {
                golden::ErrorStats m = golden::int_clip_error(x, b, amax);
                golden::OctavResult o = golden::octav_clip(x, b);
                fmt::print("{:<5} {:>12.6g} {:>14.6e} {:>10.2f} {:>12.6g} {:>14.6e} {:>10.2f} {:>5}\n", b, amax, m.mse,
                           m.sqnr_db, o.clip, o.err.mse, o.err.sqnr_db, o.iterations);
              }
              return 0;
            };
          }};
}

QRTL_COMMAND(make_mxerr_command);

}  // namespace
}  // namespace qrtl::cli
