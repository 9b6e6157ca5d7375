// OCP Microscaling blocks (mx_dot, mx_quant), vsq_dot and the MX error helpers: golden models on
// values worked out by hand, then cosimulation of every element type at k=32 and pipelined
// instances (directed corners + structured random vectors).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "golden/mx_quantize.h"
#include "models/model.h"
#include "registry.h"
#include "test_util.h"

namespace qrtl {
namespace {

verif::Outputs eval(const std::string& block, const std::vector<std::string>& words, const verif::Inputs& in) {
  Params p = parse_params(find_block(block), words);
  return verif::find_model(block)->eval(p, in);
}

// mx_dot with k=n, elements given as codes (element 0 first).
uint64_t dot_y(const std::string& fmt, std::vector<uint64_t> a, unsigned as, std::vector<uint64_t> b, unsigned bs,
               verif::Expect* full = nullptr) {
  const unsigned w = fmt == "e2m1" ? 4 : (fmt == "e3m2" || fmt == "e2m3") ? 6 : 8;
  const unsigned k = static_cast<unsigned>(a.size());
  Bits ba(w * k), bb(w * k);
  for (unsigned i = 0; i < k; ++i) {
    ba.set_field(i * w, w, a[i]);
    bb.set_field(i * w, w, b[i]);
  }
  verif::Outputs o = eval("mx_dot", {"fmt=" + fmt, "k=" + std::to_string(k)},
                          {{"a", ba}, {"a_scale", Bits(8, as)}, {"b", bb}, {"b_scale", Bits(8, bs)}});
  if (full) *full = o.at("y");
  return o.at("y").value.u64();
}

TEST(MxDotModel, SmallSumsByHand) {
  // e4m3: 1.0 = 0x38, 2.0 = 0x40, 3.0 = 0x44, -0.5 = 0xb0. 1*3 + 2*(-0.5) = 2.0 = binary32 0x40000000.
  EXPECT_EQ(dot_y("e4m3", {0x38, 0x40}, 127, {0x44, 0xb0}, 127), 0x40000000u);
  // Same with scales 2^3 and 2^-7: 2 * 2^-4 = 0.125 = 0x3e000000.
  EXPECT_EQ(dot_y("e4m3", {0x38, 0x40}, 130, {0x44, 0xb0}, 120), 0x3e000000u);
  // int8 (x 2^-6): 64*64 + (-128)*64 = 1 - 2 = -1.0 = 0xbf800000.
  EXPECT_EQ(dot_y("int8", {64, 0x80}, 127, {64, 64}, 127), 0xbf800000u);
  // Massive cancellation, e4m3: 448*448 - 448*448 + 2^-9*2^-9 = 2^-18 = 0x36800000.
  EXPECT_EQ(dot_y("e4m3", {0x7e, 0xfe, 0x01}, 127, {0x7e, 0x7e, 0x01}, 127), 0x36800000u);
}

TEST(MxDotModel, MixedElementTypesByHand) {
  // A in e2m1 (4 bits: 1.0 = 0x2, 6.0 = 0x7, -0.5 = 0x9), B in e4m3 (1.5 = 0x3c, 448 = 0x7e):
  // 1*1.5 + 6*448 + (-0.5)*1.5 = 2688.75 = binary32 0x45280c00.
  auto mixed = [](const std::string& fa, const std::string& fb, unsigned wa, unsigned wb, std::vector<uint64_t> a,
                  std::vector<uint64_t> b) {
    const unsigned k = static_cast<unsigned>(a.size());
    Bits ba(wa * k), bb(wb * k);
    for (unsigned i = 0; i < k; ++i) {
      ba.set_field(i * wa, wa, a[i]);
      bb.set_field(i * wb, wb, b[i]);
    }
    return eval("mx_dot", {"fmt_a=" + fa, "fmt_b=" + fb, "k=" + std::to_string(k)},
                {{"a", ba}, {"a_scale", Bits(8, 127)}, {"b", bb}, {"b_scale", Bits(8, 127)}})
        .at("y")
        .value.u64();
  };
  EXPECT_EQ(mixed("e2m1", "e4m3", 4, 8, {0x2, 0x7, 0x9}, {0x3c, 0x7e, 0x3c}), 0x45280c00u);
  // A in int8 (x 2^-6: -128 = -2.0), B in e5m2 (Inf = 0x7c, 3.0 = 0x42): -2 * 3 = -6 = 0xc0c00000;
  // -2 * Inf = -Inf; 0 * Inf = NaN.
  EXPECT_EQ(mixed("int8", "e5m2", 8, 8, {0x80}, {0x42}), 0xc0c00000u);
  EXPECT_EQ(mixed("int8", "e5m2", 8, 8, {0x80}, {0x7c}), 0xff800000u);
  EXPECT_EQ(mixed("int8", "e5m2", 8, 8, {0x00}, {0x7c}) & 0x7fc00000u, 0x7fc00000u);
  // fmt= sets both sides; fmt_a overrides A only: e2m1 0x7 (6.0) times e3m2 0x1f (28.0) = 168.
  EXPECT_EQ(eval("mx_dot", {"fmt=e3m2", "fmt_a=e2m1", "k=1"},
                 {{"a", Bits(4, 0x7)}, {"a_scale", Bits(8, 127)}, {"b", Bits(6, 0x1f)}, {"b_scale", Bits(8, 127)}})
                .at("y")
                .value.u64(),
            0x43280000u);
}

TEST(MxDotModel, RoundsOnceToNearestEven) {
  // e5m2: 2^15 = 0x78, 2^6 = 0x54, 1.0 = 0x3c, 1.25 = 0x3d. 2^30 + 2^6 = 2^30 (1 + 2^-24) is a tie:
  // even -> 2^30 = 0x4e800000. 2^30 + 1.25*2^6 is above the half: 2^30 + 2^7 = 0x4e800001.
  EXPECT_EQ(dot_y("e5m2", {0x78, 0x54}, 127, {0x78, 0x3c}, 127), 0x4e800000u);
  EXPECT_EQ(dot_y("e5m2", {0x78, 0x54}, 127, {0x78, 0x3d}, 127), 0x4e800001u);
}

TEST(MxDotModel, SubnormalsAndUnderflow) {
  // int8 1*1 = 2^-12; scales 2^-127 * 2^-10 -> 2^-149, the smallest binary32 subnormal.
  EXPECT_EQ(dot_y("int8", {1}, 0, {1}, 117), 0x00000001u);
  EXPECT_EQ(dot_y("int8", {3}, 0, {1}, 117), 0x00000003u);
  // One step lower: 2^-150 is a tie between 0 and 2^-149 -> even (0), keeping the sign; 3*2^-150 -> 2*2^-149.
  EXPECT_EQ(dot_y("int8", {1}, 0, {1}, 116), 0x00000000u);
  EXPECT_EQ(dot_y("int8", {0xff}, 0, {1}, 116), 0x80000000u);
  EXPECT_EQ(dot_y("int8", {3}, 0, {1}, 116), 0x00000002u);
}

TEST(MxDotModel, SpecialsAndOverflow) {
  verif::Expect e;
  dot_y("e4m3", {0x38}, 0xff, {0x38}, 127, &e);  // NaN scale: any NaN, nothing else
  EXPECT_TRUE(e.ok(Bits(32, 0x7fc00000)));
  EXPECT_TRUE(e.ok(Bits(32, 0xffc00001)));
  EXPECT_FALSE(e.ok(Bits(32, 0x7f800000)));
  // e5m2: +Inf = 0x7c, -Inf = 0xfc, 1.0 = 0x3c, 0 = 0x00.
  dot_y("e5m2", {0x7c}, 127, {0x00}, 127, &e);  // Inf * 0
  EXPECT_FALSE(e.ok(Bits(32, 0x7f800000)));
  EXPECT_TRUE(e.ok(Bits(32, 0x7fc00000)));
  EXPECT_EQ(dot_y("e5m2", {0x7c, 0x3c}, 127, {0x3c, 0x3c}, 127), 0x7f800000u);
  dot_y("e5m2", {0x7c, 0xfc}, 127, {0x3c, 0x3c}, 127, &e);  // +Inf and -Inf products
  EXPECT_TRUE(e.ok(Bits(32, 0x7fc00000)));
  // e4m3 448 * 448 * 2^254 overflows to +-Inf.
  EXPECT_EQ(dot_y("e4m3", {0x7e}, 254, {0x7e}, 254), 0x7f800000u);
  EXPECT_EQ(dot_y("e4m3", {0xfe}, 254, {0x7e}, 254), 0xff800000u);
  // An exact zero may be either sign.
  dot_y("e4m3", {0x38, 0xb8}, 127, {0x38, 0x38}, 127, &e);
  EXPECT_TRUE(e.ok(Bits(32, 0)));
  EXPECT_TRUE(e.ok(Bits(32, 0x80000000)));
  EXPECT_FALSE(e.ok(Bits(32, 1)));
}

struct Quant {
  uint64_t scale;
  verif::Expect q;
};

Quant quant(const std::string& fmt, const std::vector<uint32_t>& x) {
  Bits bx(32 * static_cast<unsigned>(x.size()));
  for (size_t i = 0; i < x.size(); ++i) bx.set_word32(static_cast<unsigned>(i), x[i]);
  verif::Outputs o = eval("mx_quant", {"fmt=" + fmt, "k=" + std::to_string(x.size())}, {{"x", bx}});
  return {o.at("scale").value.u64(), o.at("q")};
}

TEST(MxQuantModel, ByHand) {
  // e4m3, x = 1, 0.5, -3, 0: amax 3, floor(log2) 1, e = 1 - 8 = -7, scale 120. q = x * 128:
  // 128 = 0x70, 64 = 0x68, -384 = -1.5*2^8 = 0xfc, 0 = 0x00 (elements packed low first).
  Quant r = quant("e4m3", {0x3f800000, 0x3f000000, 0xc0400000, 0});
  EXPECT_EQ(r.scale, 120u);
  EXPECT_EQ(r.q.value.u64(), 0x00fc6870u);
  // int8: 1.0 and -0.3: e = 0, q = 64 (0x40) and round(-19.2) = -19 (0xed).
  r = quant("int8", {0x3f800000, 0xbe99999a});
  EXPECT_EQ(r.scale, 127u);
  EXPECT_EQ(r.q.value.u64(), 0xed40u);
  // The contract's example: an int8 block maximum of 2^-127 (subnormal 0x00400000) gives scale 0x00, q = 64.
  r = quant("int8", {0x00400000});
  EXPECT_EQ(r.scale, 0u);
  EXPECT_EQ(r.q.value.u64(), 0x40u);
  // e2m1 (0, 0.5, 1, 1.5, 2, 3, 4, 6 = codes 0..7): x = 7.9 and 1: e = 2 - 2 = 0, 7.9 saturates to 6 (0x7).
  r = quant("e2m1", {0x40fccccd, 0x3f800000});
  EXPECT_EQ(r.scale, 127u);
  EXPECT_TRUE(r.q.ok(Bits(8, 0x27)));
  // Ties to even: 2.5 -> 2 (code 4), 3.5 -> 4 (code 6), beside 4.0 (code 6).
  r = quant("e2m1", {0x40800000, 0x40200000, 0x40600000});
  EXPECT_TRUE(r.q.ok(Bits(12, 0x646)));
  EXPECT_FALSE(r.q.ok(Bits(12, 0x656)));
}

TEST(MxQuantModel, ZeroAndSpecialBlocks) {
  Quant r = quant("e5m2", {0, 0x80000000});
  EXPECT_EQ(r.scale, 0u);
  EXPECT_TRUE(r.q.ok(Bits(16, 0x0000)));
  EXPECT_TRUE(r.q.ok(Bits(16, 0x8000)));  // -0 is fine for a float zero
  EXPECT_FALSE(r.q.ok(Bits(16, 0x0001)));
  r = quant("e5m2", {0x3f800000, 0x7fc00000});
  EXPECT_EQ(r.scale, 0xffu);
  r = quant("int8", {0xff800000});
  EXPECT_EQ(r.scale, 0xffu);
}

TEST(VsqDotModel, ByHand) {
  // int4, k=2, sw=8: a = (-8, 7), b = (-8, 3), scales 3 and 5: (64 + 21) * 15 = 1275 = 0x4fb.
  // y width: 9-bit dot product (2 * 64 needs 8 bits + sign) + 16 = 25 bits.
  verif::Outputs o = eval("vsq_dot", {"fmt=int4", "k=2"},
                          {{"a", Bits(8, 0x78)}, {"a_scale", Bits(8, 3)}, {"b", Bits(8, 0x38)}, {"b_scale", Bits(8, 5)}});
  EXPECT_EQ(o.at("y").value.width(), 25u);
  EXPECT_EQ(o.at("y").value.u64(), 0x4fbu);
  // a = (-8, 0), b = (7, 0): -56 * 15 = -840 = 2^25 - 840 = 0x1fffcb8.
  o = eval("vsq_dot", {"fmt=int4", "k=2"},
           {{"a", Bits(8, 0x08)}, {"a_scale", Bits(8, 3)}, {"b", Bits(8, 0x07)}, {"b_scale", Bits(8, 5)}});
  EXPECT_EQ(o.at("y").value.u64(), 0x1fffcb8u);
}

TEST(MxError, TensorErrorByHand) {
  const golden::MxType e4m3 = golden::mx_type("e4m3");
  // Exactly representable after scaling: no error.
  golden::ErrorStats s = golden::mx_tensor_error(e4m3, 4, {1.0f, 0.5f, -3.0f, 0.0f});
  EXPECT_EQ(s.mse, 0.0);
  EXPECT_TRUE(std::isinf(s.sqnr_db));
  // 1.0 and 1.0625: e = 0 - 8, scaled 256 and 272; e4m3 steps by 32 at 256, 272 is a tie -> 256.
  // Errors 0 and 0.0625: MSE = 0.0625^2 / 2 = 0.001953125, max 0.0625.
  s = golden::mx_tensor_error(e4m3, 32, {1.0f, 1.0625f});
  EXPECT_DOUBLE_EQ(s.mse, 0.001953125);
  EXPECT_DOUBLE_EQ(s.max_abs, 0.0625);
  // 256 and 1.5*2^-9 in one block: e = 8 - 8 = 0, and 1.5*2^-9 lands on the e4m3 subnormal grid
  // (step 2^-9) as a tie -> 2*2^-9: error 2^-10, MSE 2^-20 / 2. In blocks of k=1 the small value gets
  // its own scale (e = -9 - 8, scaled 384 = 1.5*2^8, exact): no error.
  s = golden::mx_tensor_error(e4m3, 2, {256.0f, 0.0029296875f});
  EXPECT_DOUBLE_EQ(s.mse, std::ldexp(1.0, -21));
  EXPECT_DOUBLE_EQ(s.max_abs, std::ldexp(1.0, -10));
  EXPECT_EQ(golden::mx_tensor_error(e4m3, 1, {256.0f, 0.0029296875f}).mse, 0.0);
}

TEST(MxError, IntClippingByHand) {
  // 2-bit symmetric (levels -1, 0, 1), clip 1: 1 -> 1, -1 -> -1, 0.5 -> 0 (tie to even): MSE 0.25/3.
  EXPECT_DOUBLE_EQ(golden::int_clip_error({1.0f, -1.0f, 0.5f}, 2, 1.0).mse, 0.25 / 3);
  // OCTAV, 2 bits (N = 1, noise 1/12), x = 1, 1, 1, 4: s0 = mean = 1.75; above it only 4, so
  // s1 = 4 / (3/12 + 1) = 3.2, and s = 3.2 reproduces itself: the fixed point.
  golden::OctavResult o = golden::octav_clip({1.0f, 1.0f, 1.0f, 4.0f}, 2);
  EXPECT_NEAR(o.clip, 3.2, 1e-12);
  EXPECT_LE(o.iterations, 3);
  // All magnitudes equal: nothing to clip, the clip is max|x| and the error zero.
  o = golden::octav_clip({1.0f, -1.0f, 1.0f}, 8);
  EXPECT_DOUBLE_EQ(o.clip, 1.0);
  EXPECT_EQ(o.err.mse, 0.0);
}

TEST(MxError, OctavNearTheBestClipOnHeavyTails) {
  // Laplace-distributed values (exact quantiles, b = 1): the long tail makes max scaling waste the
  // 4-bit levels. OCTAV's clip must beat max scaling and come within 2% of the best MSE over a fine
  // grid of clips (its noise model is approximate, so not exactly the grid optimum).
  std::vector<float> x;
  const int n = 8192;
  for (int i = 0; i < n; ++i) {
    double u = (i + 0.5) / n;  // inverse CDF of Laplace(0, 1)
    x.push_back(static_cast<float>(u < 0.5 ? std::log(2 * u) : -std::log(2 - 2 * u)));
  }
  const double amax = -std::log(1.0 / n);
  golden::OctavResult o = golden::octav_clip(x, 4);
  golden::ErrorStats m = golden::int_clip_error(x, 4, amax);
  double best = m.mse;
  for (int i = 1; i <= 2000; ++i) best = std::min(best, golden::int_clip_error(x, 4, amax * i / 2000).mse);
  EXPECT_LT(o.clip, amax);
  EXPECT_LT(o.err.mse, 0.8 * m.mse);
  EXPECT_LT(o.err.mse, 1.02 * best);
}

TEST(MxError, CliReadsNpyAndRaw) {
  std::string dir = test::temp_dir("mxerr");
  // A hand-written .npy (version 1.0) of float32 1.0, 1.0625, then the same values as raw f32.
  std::string hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  hdr += std::string(64 - (10 + hdr.size() + 1) % 64, ' ') + "\n";
  float v[2] = {1.0f, 1.0625f};
  {
    std::ofstream f(dir + "/t.npy", std::ios::binary);
    f << "\x93NUMPY" << '\x01' << '\x00' << static_cast<char>(hdr.size() & 0xff) << static_cast<char>(hdr.size() >> 8)
      << hdr;
    f.write(reinterpret_cast<const char*>(v), sizeof v);
    std::ofstream r(dir + "/t.f32", std::ios::binary);
    r.write(reinterpret_cast<const char*>(v), sizeof v);
  }
  for (const char* name : {"/t.npy", "/t.f32"}) {
    test::CliResult r = test::run_qrtl({"mxerr", dir + name, "--formats", "e4m3", "--bits", "8"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("2 values"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("1.953125e-03"), std::string::npos) << r.output;  // MSE worked out above
  }
  EXPECT_EQ(test::run_qrtl({"mxerr", dir + "/t.npy", "--formats", "fp16"}).exit_code, 2);
  EXPECT_EQ(test::run_qrtl({"mxerr", dir + "/missing.npy"}).exit_code, 2);
}

TEST(MxBlocks, BadParametersAreUsageErrors) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"gen", "mx_dot", "fmt=fp16"},
                                                               {"gen", "mx_dot", "k=65"},
                                                               {"gen", "mx_dot", "stages=17"},
                                                               {"gen", "mx_quant", "depth=1001"},
                                                               {"gen", "mx_quant", "k=0"},
                                                               {"gen", "vsq_dot", "fmt=int2"},
                                                               {"gen", "vsq_dot", "sw=17"}}) {
    test::CliResult r = test::run_qrtl(args);
    EXPECT_EQ(r.exit_code, 2) << r.output;
  }
}

struct CosimCase {
  std::string block;
  std::vector<std::string> words;
};

class MxCosim : public ::testing::TestWithParam<CosimCase> {};

TEST_P(MxCosim, BitExact) {
  verif::CosimResult r = test::cosim_block(GetParam().block, GetParam().words, 3000);
  for (const auto& m : r.mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(r.pass) << r.summary();
  EXPECT_GT(r.vectors, 3000u);  // the corners come on top of the random vectors
}

INSTANTIATE_TEST_SUITE_P(
    Configs, MxCosim,
    ::testing::Values(CosimCase{"mx_dot", {"fmt=e4m3", "k=32"}}, CosimCase{"mx_dot", {"fmt=e5m2", "k=32"}},
                      CosimCase{"mx_dot", {"fmt=e3m2", "k=32"}}, CosimCase{"mx_dot", {"fmt=e2m3", "k=32"}},
                      CosimCase{"mx_dot", {"fmt=e2m1", "k=32"}}, CosimCase{"mx_dot", {"fmt=int8", "k=32"}},
                      CosimCase{"mx_dot", {"fmt=e4m3", "k=5", "stages=6"}},
                      CosimCase{"mx_dot", {"fmt=e2m1", "k=3", "stages=3"}},
                      CosimCase{"mx_quant", {"fmt=e4m3", "k=32"}}, CosimCase{"mx_quant", {"fmt=e5m2", "k=32"}},
                      CosimCase{"mx_quant", {"fmt=e3m2", "k=32"}}, CosimCase{"mx_quant", {"fmt=e2m3", "k=32"}},
                      CosimCase{"mx_quant", {"fmt=e2m1", "k=32"}}, CosimCase{"mx_quant", {"fmt=int8", "k=32"}},
                      CosimCase{"mx_quant", {"fmt=e4m3", "k=6", "stages=4"}},
                      CosimCase{"mx_quant", {"fmt=int8", "k=3", "stages=2"}},
                      CosimCase{"vsq_dot", {"fmt=int8", "k=8", "sw=8"}},
                      CosimCase{"vsq_dot", {"fmt=int4", "k=5", "sw=5", "stages=4"}}),
    [](const ::testing::TestParamInfo<CosimCase>& info) { return test::case_name(info.param.block, info.param.words); });

TEST(MxDotModel, AccumulatesExactlyBeforeRounding) {
  // e4m3 elements, k=1: 1.0 * 1.0 (0x38 x 0x38) plus acc.
  auto y = [](uint32_t acc, uint64_t a = 0x38, uint64_t b = 0x38, unsigned sa = 127) {
    return eval("mx_dot", {"fmt=e4m3", "k=1", "acc=1"},
                {{"a", Bits(8, a)}, {"a_scale", Bits(8, sa)}, {"b", Bits(8, b)}, {"b_scale", Bits(8, 127)},
                 {"acc", Bits(32, acc)}})
        .at("y");
  };
  EXPECT_EQ(y(0x40000000u).value.u64(), 0x40400000u);  // 2 + 1 = 3
  EXPECT_EQ(y(0xbf800000u).value.u64() & 0x7fffffffu, 0u);  // -1 + 1 = 0 (either sign)
  // 2^24 + 1 is a tie between 2^24 and 2^24 + 2: even -> 2^24 (0x4b800000); 2^24 + 2 + 1 -> 2^24 + 4.
  EXPECT_EQ(y(0x4b800000u).value.u64(), 0x4b800000u);
  EXPECT_EQ(y(0x4b800001u).value.u64(), 0x4b800002u);
  // One rounding, not two: acc = -(1 - 2^-24) and the block 1.0 give exactly 2^-24 (0x33800000).
  EXPECT_EQ(y(0xbf7fffffu).value.u64(), 0x33800000u);
  // acc at the binary32 maximum plus 2^127 * 1 * 1 (a_scale 254) overflows to +Inf.
  EXPECT_EQ(y(0x7f7fffffu, 0x38, 0x38, 254).value.u64(), 0x7f800000u);
  // Subnormals: acc 2^-149 plus 2^-127 * 2^-9 * 2^-9 = 2^-145 is 17 * 2^-149, exactly.
  EXPECT_EQ(y(0x00000001u, 0x01, 0x01, 0).value.u64(), 0x00000011u);
  EXPECT_EQ(y(0x00000001u, 0x00, 0x38).value.u64(), 0x00000001u);  // acc + 0
  // NaN acc -> NaN; +Inf acc + finite -> +Inf; e5m2 -Inf product + +Inf acc -> NaN.
  EXPECT_TRUE(y(0x7fc00000u).ok(Bits(32, 0x7fc00000u)));
  EXPECT_FALSE(y(0x7fc00000u).ok(Bits(32, 0x3f800000u)));
  EXPECT_EQ(y(0x7f800000u).value.u64(), 0x7f800000u);
  const verif::Outputs o = eval("mx_dot", {"fmt=e5m2", "k=1", "acc=1"},
                                {{"a", Bits(8, 0xfc)}, {"a_scale", Bits(8, 127)}, {"b", Bits(8, 0x3c)},
                                 {"b_scale", Bits(8, 127)}, {"acc", Bits(32, 0x7f800000u)}});
  EXPECT_TRUE(o.at("y").ok(Bits(32, 0x7fc00000u)));
  EXPECT_FALSE(o.at("y").ok(Bits(32, 0x7f800000u)));
}

TEST(MxCosim, DetectsAWrongModel) {
  // Generated as e4m3 but checked against the e5m2 model (same 8-bit ports): must fail.
  Generated g = generate("mx_dot", {"fmt=e4m3", "k=2"}, "mx_dot");
  g.params = parse_params(find_block("mx_dot"), {"fmt=e5m2", "k=2"});
  verif::CosimResult r = verif::cosim(g, test::cosim_options(500));
  EXPECT_FALSE(r.pass);
  EXPECT_GT(r.mismatch_count, 0u);
}

}  // namespace
}  // namespace qrtl
