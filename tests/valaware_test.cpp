// Value-aware blocks: prec_detect, dpred_pack/dpred_unpack (and the software DPRed packer),
// bin_dot, log_mul, lns_to_fix; the .npy reader and `qrtl profile`. Golden models are checked on values
// worked out by hand in the comments, then every block is co-simulated (exhaustive where the
// input space allows) against its model.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "errors.h"
#include "golden/dpred.h"
#include "models/model.h"
#include "npy.h"
#include "registry.h"
#include "test_util.h"

namespace qrtl {
namespace {

verif::Outputs eval(const std::string& block, const std::vector<std::string>& words, const verif::Inputs& in) {
  Params p = parse_params(find_block(block), words);
  return verif::find_model(block)->eval(p, in);
}
uint64_t out(const verif::Outputs& o, const std::string& port) { return o.at(port).value.u64(); }

TEST(PrecDetectModel, HandValues) {
  auto p = [](bool sgn, uint64_t x) {
    return out(eval("prec_detect", {"group=2", sgn ? "signed=1" : "signed=0"}, {{"x", Bits(16, x)}}), "p");
  };
  // Unsigned: elements (x0, x1) = (5, 0): 5 = 101b needs 3 bits. (0, 0): 0. (1, 0x80): 8.
  EXPECT_EQ(p(false, 0x0005), 3u);
  EXPECT_EQ(p(false, 0x0000), 0u);
  EXPECT_EQ(p(false, 0x8001), 8u);
  EXPECT_EQ(p(false, 0x0201), 2u);  // (1, 2): 2 = 10b needs 2 bits
  // Signed: (0, -1) both fit 1 bit. (127, 0): 127 needs 8. (1, -64): -64 in [-64, 63] needs 7.
  EXPECT_EQ(p(true, 0xff00), 1u);
  EXPECT_EQ(p(true, 0x007f), 8u);
  EXPECT_EQ(p(true, 0xc001), 7u);
  // (3, -8): 3 needs 3 ([-4, 3]), -8 needs 4 ([-8, 7]) -> 4. (64, 0): 64 > 63 needs 8.
  EXPECT_EQ(p(true, 0xf803), 4u);
  EXPECT_EQ(p(true, 0x0040), 8u);
  EXPECT_EQ(p(true, 0x0080), 8u);  // -128
}

TEST(DpredModel, PackByHand) {
  // Unsigned (5, 2): p = 3; rec = 3 | 5 << 4 | 2 << 7 = 3 + 80 + 256 = 339 = 0x153; len = 4 + 2*3.
  verif::Outputs o = eval("dpred_pack", {"group=2", "signed=0"}, {{"x", Bits(16, 0x0205)}});
  EXPECT_EQ(out(o, "p"), 3u);
  EXPECT_EQ(out(o, "rec"), 0x153u);
  EXPECT_EQ(out(o, "len"), 10u);
  // Signed (-1, 1): p = 2; -1 -> 11b, 1 -> 01b; rec = 2 | 3 << 4 | 1 << 6 = 2 + 48 + 64 = 0x72; len 8.
  o = eval("dpred_pack", {"group=2", "signed=1"}, {{"x", Bits(16, 0x01ff)}});
  EXPECT_EQ(out(o, "p"), 2u);
  EXPECT_EQ(out(o, "rec"), 0x72u);
  EXPECT_EQ(out(o, "len"), 8u);
  // All zero, unsigned: p = 0, the record is the header alone.
  o = eval("dpred_pack", {"group=2", "signed=0"}, {{"x", Bits(16, 0)}});
  EXPECT_EQ(out(o, "rec"), 0u);
  EXPECT_EQ(out(o, "len"), 4u);
}

TEST(DpredModel, UnpackByHand) {
  // The signed record above, 0x72, gives back (-1, 1) = x 0x01ff.
  verif::Outputs o = eval("dpred_unpack", {"group=2", "signed=1"}, {{"rec", Bits(20, 0x72)}});
  EXPECT_EQ(out(o, "x"), 0x01ffu);
  EXPECT_EQ(out(o, "len"), 8u);
  // Read unsigned, the same bits are (3, 1) = 0x0103. Bits above len (here 0xf0000) are ignored.
  o = eval("dpred_unpack", {"group=2", "signed=0"}, {{"rec", Bits(20, 0xf0072)}});
  EXPECT_EQ(out(o, "x"), 0x0103u);
  // Header 15 > w = 8 reads as 8: the payload is the two bytes verbatim, len = 4 + 16.
  o = eval("dpred_unpack", {"group=2", "signed=0"}, {{"rec", Bits(20, 0xabcdf)}});
  EXPECT_EQ(out(o, "x"), 0xabcdu);
  EXPECT_EQ(out(o, "len"), 20u);
}

TEST(DpredStream, FootprintByHandAndRoundTrip) {
  // Groups of 4, unsigned: (0, 0, 0, 1) has p = 1 -> 4 + 4*1 = 8 bits; the tail (7, 0) has p = 3
  // -> 4 + 2*3 = 10 bits; 18 bits in all, headers at bits 0 and 8.
  golden::BitStream s = golden::dpred_pack({0, 0, 0, 1, 7, 0}, 4, false);
  EXPECT_EQ(s.size(), 18u);
  EXPECT_EQ(s.read(0, 4), 1u);
  EXPECT_EQ(s.read(8, 4), 3u);
  EXPECT_EQ(s.read(12, 3), 7u);
  // A synthetic signed tensor with runs of different magnitude comes back unchanged.
  std::mt19937_64 rng(7);
  std::vector<int64_t> v(1000);
  for (size_t i = 0; i < v.size(); ++i) {
    int bits = 1 + static_cast<int>((i / 40) % 8);  // precision changes every 40 values
    v[i] = static_cast<int64_t>(rng() % (uint64_t{1} << bits)) - (int64_t{1} << (bits - 1));
  }
  for (size_t g : {1u, 16u, 256u, 1000u, 5000u}) {
    golden::BitStream st = golden::dpred_pack(v, g, true);
    EXPECT_EQ(golden::dpred_unpack(st, v.size(), g, true), v) << "group " << g;
  }
  // Fewer bits than 8 per value: the first runs need only 1..7 bits.
  EXPECT_LT(golden::dpred_pack(v, 16, true).size(), 8u * v.size());
}

TEST(BinDotModel, HandValues) {
  auto y = [](int n, uint64_t a, uint64_t b) {
    return out(eval("bin_dot", {fmt::format("n={}", n)}, {{"a", Bits(n, a)}, {"b", Bits(n, b)}}), "y");
  };
  // n=4, y is 4 bits (2^3 > 4). a = ++++, b = -+-+ (0101): agree at bits 0, 2 -> +1 +1 -1 -1 = 0.
  EXPECT_EQ(y(4, 0xf, 0x5), 0u);
  EXPECT_EQ(y(4, 0x6, 0x6), 4u);    // all agree: +4
  EXPECT_EQ(y(4, 0x0, 0xf), 0xcu);  // all disagree: -4 = 1100b
  EXPECT_EQ(y(3, 0x0, 0x0), 3u);    // (-1)(-1) three times: +3
  EXPECT_EQ(y(3, 0x1, 0x0), 1u);    // -1 + 1 + 1
}

TEST(LogMulModel, HandValues) {
  // wi=4 f=2: codes are 8 bits {z, s, L[5:0]}, value 2^(L/4); products are 9 bits {z, s, L[6:0]}.
  auto y = [](uint64_t a, uint64_t b) {
    return out(eval("log_mul", {"wi=4", "f=2"}, {{"a", Bits(8, a)}, {"b", Bits(8, b)}}), "y");
  };
  // 2 (L = 4) * -4 (s = 1, L = 8) = -8 = -2^3: L = 12, y = {0, 1, 12} = 0x80 | 12 = 0x8c.
  EXPECT_EQ(y(0x04, 0x48), 0x8cu);
  // 2^(1/4) (L = 1) * 2^(-1/4) (L = -1 = 111111b) = 1: L = 0.
  EXPECT_EQ(y(0x01, 0x3f), 0x00u);
  // -1 (s, L = 0) * -1 = +1.
  EXPECT_EQ(y(0x40, 0x40), 0x00u);
  // 0 (z = 1) * -2: canonical zero {1, 0, 0} = 0x100, whatever the other fields hold.
  EXPECT_EQ(y(0xff, 0x44), 0x100u);
  // Extremes: 2^(-8) * 2^(-8) = 2^-16: L = -64 = 1000000b; 2^(31/4) squared: L = 62 = 0x3e.
  EXPECT_EQ(y(0x20, 0x20), 0x40u);
  EXPECT_EQ(y(0x1f, 0x1f), 0x3eu);
}

TEST(LnsToFixModel, HandValues) {
  // wi=4 f=2 q=4: codes are 8 bits {z, s, L[5:0]}, value 2^(L/4); y = floor(|value| * 16) with
  // the sign, 2^3 + 4 + 1 = 13 bits.
  auto y = [](uint64_t a) { return out(eval("lns_to_fix", {"wi=4", "f=2", "q=4"}, {{"a", Bits(8, a)}}), "y"); };
  EXPECT_EQ(y(0x04), 32u);      // L = 4: 2 * 16 = 32
  EXPECT_EQ(y(0x02), 22u);      // L = 2: sqrt(2) * 16 = 22.627...
  EXPECT_EQ(y(0x42), 0x1feau);  // -22 = 8192 - 22 = 8170 in 13 bits
  EXPECT_EQ(y(0x01), 19u);      // 2^(1/4) * 16 = 19.027...
  EXPECT_EQ(y(0x30), 1u);       // L = -16: 2^-4 * 16 = 1 exactly
  EXPECT_EQ(y(0x20), 0u);       // L = -32: 2^-8 * 16 = 1/16, truncated to 0
  EXPECT_EQ(y(0x1f), 3444u);    // L = 31: 2^7.75 * 16 = 2^11.75 = 1.6817928... * 2048 = 3444.31...
  EXPECT_EQ(y(0xdf), 0u);       // z = 1: zero, whatever the other fields hold
}

struct CosimCase {
  std::string block;
  std::vector<std::string> words;
  bool exhaustive;
};

class ValueAwareCosim : public ::testing::TestWithParam<CosimCase> {};

TEST_P(ValueAwareCosim, BitExact) {
  verif::CosimResult r = test::cosim_block(GetParam().block, GetParam().words, 4000);
  for (const auto& m : r.mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(r.pass) << r.summary();
  EXPECT_EQ(r.exhaustive, GetParam().exhaustive);
  EXPECT_GE(r.vectors, 128u);
}

INSTANTIATE_TEST_SUITE_P(
    Configs, ValueAwareCosim,
    ::testing::Values(CosimCase{"prec_detect", {"group=1", "signed=1"}, true},  // 256 vectors
                      CosimCase{"prec_detect", {"group=2", "signed=0"}, true},  // 65536 vectors
                      CosimCase{"prec_detect", {"group=2", "signed=1"}, true},
                      CosimCase{"prec_detect", {"group=64", "signed=1"}, false},
                      CosimCase{"dpred_pack", {"group=2", "signed=1"}, true},
                      CosimCase{"dpred_pack", {"group=4", "w=4", "signed=0"}, true},
                      CosimCase{"dpred_pack", {"group=16", "signed=0"}, false},
                      CosimCase{"dpred_unpack", {"group=2", "signed=0"}, true},  // 2^20 records
                      CosimCase{"dpred_unpack", {"group=1", "w=15", "signed=1"}, true},
                      CosimCase{"dpred_unpack", {"group=16", "signed=1"}, false},
                      CosimCase{"bin_dot", {"n=10"}, true},
                      CosimCase{"bin_dot", {"n=100", "stages=2"}, false},
                      CosimCase{"log_mul", {"wi=4", "f=3"}, true},
                      CosimCase{"log_mul", {"wi=8", "f=8"}, false},
                      CosimCase{"lns_to_fix", {"wi=5", "f=4", "q=16"}, true},  // 2048, every code
                      CosimCase{"lns_to_fix", {"wi=5", "f=0", "q=2"}, true}),
    [](const ::testing::TestParamInfo<CosimCase>& info) {
      std::string name = info.param.block;
      for (const auto& w : info.param.words) name += "_" + w;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

TEST(ValueAwareCosim, DpredRoundTripThroughBothBlocks) {
  // What dpred_pack writes, dpred_unpack must read back: feed the pack model's records (all
  // 65536 signed pairs) through the unpack model, which is cosimulated above against its RTL.
  for (uint64_t x = 0; x < 65536; x += 37) {
    verif::Outputs packed = eval("dpred_pack", {"group=2", "signed=1"}, {{"x", Bits(16, x)}});
    verif::Outputs back = eval("dpred_unpack", {"group=2", "signed=1"}, {{"rec", packed.at("rec").value}});
    ASSERT_EQ(out(back, "x"), x);
    ASSERT_EQ(out(back, "len"), out(packed, "len"));
  }
}

TEST(ValueAwareCosim, DetectsAWrongModel) {
  // The harness must be able to fail on these blocks: the unsigned unpacker (same RTL as the
  // exhaustive case above) checked against the signed model differs wherever an element's top
  // payload bit is set.
  Generated g = generate("dpred_unpack", {"group=2", "signed=0"}, "dpred_unpack");
  g.params = parse_params(find_block("dpred_unpack"), {"group=2", "signed=1"});
  verif::CosimResult r = verif::cosim(g, test::cosim_options());
  EXPECT_FALSE(r.pass);
  EXPECT_GT(r.mismatch_count, 0u);
}

TEST(BlockParams, BadValuesAreUsageErrors) {
  EXPECT_THROW(generate("prec_detect", {"group=0"}, "p"), UsageError);
  EXPECT_THROW(generate("prec_detect", {"w=16"}, "p"), UsageError);
  EXPECT_THROW(generate("dpred_pack", {"signed=2"}, "p"), UsageError);
  EXPECT_THROW(generate("bin_dot", {"n=0"}, "p"), UsageError);
  EXPECT_THROW(generate("log_mul", {"f=13"}, "p"), UsageError);
  EXPECT_THROW(generate("lns_to_fix", {"wi=6"}, "p"), UsageError);
  test::CliResult r = test::run_qrtl({"gen", "prec_detect", "group=300"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("prec_detect: group=300"), std::string::npos) << r.output;
}

// A .npy file: magic, version, little-endian header length, header padded with spaces to a
// multiple of 64 bytes and ended by a newline, then the data.
std::string npy(const std::string& header, const std::string& data, int major = 1) {
  std::string h = header;
  const size_t pre = major == 1 ? 10 : 12;
  while ((pre + h.size() + 1) % 64) h += ' ';
  h += '\n';
  std::string s = "\x93NUMPY";
  s += static_cast<char>(major);
  s += '\0';
  const size_t len_bytes = major == 1 ? 2 : 4;
  for (size_t k = 0; k < len_bytes; ++k) s += static_cast<char>((h.size() >> (8 * k)) & 0xff);
  return s + h + data;
}

TEST(Npy, ReadsValidFiles) {
  NpyArray a = parse_npy(npy("{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }", "abcdef"), "t");
  EXPECT_EQ(a.dtype, "int8");
  EXPECT_EQ(a.shape, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(a.count(), 6u);
  EXPECT_EQ(a.bytes, "abcdef");
  // Version 2.0, a 1-d shape "(4,)", little-endian uint16: 8 data bytes.
  a = parse_npy(npy("{'descr': '<u2', 'fortran_order': False, 'shape': (4,), }", std::string(8, 'x'), 2), "t");
  EXPECT_EQ(a.dtype, "uint16");
  EXPECT_EQ(a.itemsize, 2u);
  EXPECT_EQ(a.count(), 4u);
  // Files written by Python 2 NumPy spell dimensions as longs: (3L, 2L).
  a = parse_npy(npy("{'descr': '|u1', 'fortran_order': True, 'shape': (3L, 2L), }", "abcdef"), "t");
  EXPECT_EQ(a.shape, (std::vector<uint64_t>{3, 2}));
  EXPECT_TRUE(a.fortran_order);
  // A scalar: shape ().
  a = parse_npy(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (), }", "z"), "t");
  EXPECT_EQ(a.count(), 1u);
}

TEST(Npy, MalformedFilesAreUsageErrors) {
  auto err = [](const std::string& data) {
    try {
      parse_npy(data, "bad.npy");
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string ok_header = "{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }";
  EXPECT_NE(err("NUMPY").find("magic"), std::string::npos);
  EXPECT_NE(err(npy(ok_header, "abc").substr(0, 9)).find("truncated"), std::string::npos);
  EXPECT_NE(err(npy(ok_header, "abc").substr(0, 30)).find("truncated header"), std::string::npos);
  EXPECT_NE(err(npy(ok_header, "abc", 7)).find("version"), std::string::npos);
  EXPECT_NE(err(npy(ok_header, "ab")).find("need 3 data bytes, the file has 2"), std::string::npos);
  EXPECT_NE(err(npy(ok_header, "abcd")).find("the file has 4"), std::string::npos);
  EXPECT_NE(err(npy("{'descr': 'i1', 'fortran_order': False, 'shape': (3,), }", "abc")).find("dtype"),
            std::string::npos);
  EXPECT_NE(err(npy("{'descr': '|i1', 'shape': (3,), }", "abc")).find("lacks"), std::string::npos);
  EXPECT_NE(err(npy("{'descr': '|i1', 'fortran_order': Maybe, 'shape': (3,), }", "abc")).find("fortran_order"),
            std::string::npos);
  EXPECT_NE(err(npy("{'descr': '|i1', 'fortran_order': False, 'shape': (-3,), }", "abc")).find("shape"),
            std::string::npos);
  EXPECT_NE(err(npy("{'descr': '|i1', 'fortran_order': False, 'shape': (3,), 'x': 1}", "abc")).find("unknown"),
            std::string::npos);
  EXPECT_NE(err(npy("{'descr': '|i1, 'fortran_order': False", "abc")).find("bad.npy"), std::string::npos);
  EXPECT_THROW(read_npy("/nonexistent/t.npy"), UsageError);
}

TEST(Profile, SyntheticTensorByHand) {
  const std::string dir = test::temp_dir("profile");
  // 32 int8 values. Group 0: fifteen 0 and one 3 (signed widths 1 and 3) -> p = 3.
  // Group 1: fifteen -1 and one -128 (widths 1 and 8) -> p = 8.
  std::string data(15, '\0');
  data += '\x03';
  data += std::string(15, '\xff');
  data += '\x80';
  {
    std::ofstream f(dir + "/t.npy", std::ios::binary);
    f << npy("{'descr': '|i1', 'fortran_order': False, 'shape': (2, 16), }", data);
  }
  test::CliResult r = test::run_qrtl({"profile", dir + "/t.npy", "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::json j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["signed"], true);
  EXPECT_EQ(j[0]["values"], 32);
  // Values: 30 of width 1, one of 3, one of 8.
  EXPECT_EQ(j[0]["value_hist"][1], 30);
  EXPECT_EQ(j[0]["value_hist"][3], 1);
  EXPECT_EQ(j[0]["value_hist"][8], 1);
  // G=16: groups of precision 3 and 8: (4 + 16*3) + (4 + 16*8) = 52 + 132 = 184 bits of 256.
  EXPECT_EQ(j[0]["groups"][0]["group"], 16);
  EXPECT_EQ(j[0]["groups"][0]["hist"][3], 1);
  EXPECT_EQ(j[0]["groups"][0]["hist"][8], 1);
  EXPECT_EQ(j[0]["groups"][0]["dpred_bits"], 184);
  EXPECT_DOUBLE_EQ(j[0]["groups"][0]["dpred_ratio"].get<double>(), 184.0 / 256.0);
  EXPECT_DOUBLE_EQ(j[0]["groups"][0]["mean_precision"].get<double>(), 5.5);  // (3 + 8) / 2
  EXPECT_EQ(j[0]["max_precision"], 8);
  // Booth radix-4 terms, d_j = x[2j-1] + x[2j] - 2 x[2j+1]: 0 has none; -1 = (-1) and
  // -128 = (-2) * 4^3 have one; 3 = (-1) + 1 * 4 has two.
  EXPECT_EQ(j[0]["term_hist"], nlohmann::json::parse("[15, 16, 1]"));
  // G=256: one group of all 32 values at p = 8: 4 + 32*8 = 260 bits.
  EXPECT_EQ(j[0]["groups"][1]["dpred_bits"], 260);
  // The software packer writes exactly that many bits.
  std::vector<int64_t> v;
  for (char c : data) v.push_back(static_cast<int8_t>(c));
  EXPECT_EQ(golden::dpred_pack(v, 16, true).size(), 184u);

  // Raw uint8 codes (130, 128, 128, 255) with zero point 128 are (2, 0, 0, 127): widths 2, 0, 0,
  // 7; one group of 4 at p = 7: 4 + 28 = 32 bits. The text report names the footprint.
  {
    std::ofstream f(dir + "/r.bin", std::ios::binary);
    f << std::string("\x82\x80\x80\xff", 4);
  }
  r = test::run_qrtl({"profile", dir + "/r.bin", "--dtype", "uint8", "--zero-point", "128", "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j[0]["signed"], false);
  EXPECT_EQ(j[0]["value_hist"][0], 2);
  EXPECT_EQ(j[0]["value_hist"][2], 1);
  EXPECT_EQ(j[0]["value_hist"][7], 1);
  EXPECT_EQ(j[0]["groups"][0]["hist"][7], 1);
  EXPECT_EQ(j[0]["groups"][0]["dpred_bits"], 32);
  EXPECT_EQ(j[0]["max_precision"], 7);
  // Terms of (2, 0, 0, 127): 2 = (-2) + 1 * 4 and 127 = (-1) + 2 * 4^3 have two each.
  EXPECT_EQ(j[0]["term_hist"], nlohmann::json::parse("[2, 0, 2]"));
  // --signed auto: no value of r.bin is negative, so unsigned; t.npy has negatives, so signed.
  r = test::run_qrtl({"profile", dir + "/r.bin", dir + "/t.npy", "--signed", "auto", "--json", "-"});
  ASSERT_EQ(r.exit_code, 2);  // r.bin is raw and needs --dtype
  r = test::run_qrtl({"profile", dir + "/t.npy", "--signed", "auto", "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(nlohmann::json::parse(r.output)[0]["signed"], true);
  r = test::run_qrtl({"profile", dir + "/r.bin", "--dtype", "int8", "--zero-point", "-128", "--signed", "auto",
                      "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  j = nlohmann::json::parse(r.output);
  // int8 codes (-126, -128, -128, -1) + 128 = (2, 0, 0, 127): none negative -> unsigned, as above.
  EXPECT_EQ(j[0]["signed"], false);
  EXPECT_EQ(j[0]["groups"][0]["dpred_bits"], 32);
  r = test::run_qrtl({"profile", dir + "/r.bin", dir + "/t.npy", "--dtype", "uint8"});
  EXPECT_EQ(r.exit_code, 2);  // the .npy says int8
  EXPECT_NE(r.output.find("contradicts"), std::string::npos) << r.output;
  r = test::run_qrtl({"profile", dir + "/r.bin", "--dtype", "uint8"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // Without the zero point the codes 130, 128, 128, 255 all need 8 bits: 4 + 4*8 = 36 bits = 36/32.
  EXPECT_NE(r.output.find("G=16        mean group precision 8.000; DPRed 36 bits = 1.1250"), std::string::npos)
      << r.output;
  std::filesystem::remove_all(dir);
}

TEST(Profile, UserMistakesExitWithTwo) {
  const std::string dir = test::temp_dir("profile-bad");
  {
    std::ofstream f(dir + "/r.bin", std::ios::binary);
    f << std::string("\x00\x01", 2);
    std::ofstream g(dir + "/f.npy", std::ios::binary);
    g << npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", "abcd");
  }
  auto run = [&](std::vector<std::string> args, const std::string& needle) {
    test::CliResult r = test::run_qrtl(args);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
  };
  run({"profile", dir + "/r.bin"}, "needs --dtype");
  run({"profile", dir + "/f.npy"}, "float32");
  run({"profile", dir + "/missing.npy"}, "missing.npy");
  run({"profile", dir + "/r.bin", "--dtype", "uint8", "--zero-point", "1", "--signed", "0"}, "negative");
  run({"profile", dir + "/r.bin", "--dtype", "int4"}, "dtype");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace qrtl
