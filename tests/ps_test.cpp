// Precision-scalable MACs (ps_dot, bb_dot, swp_mul, dg_mac): golden models on hand-computed values,
// cosimulation of every block in every mode (the random stimulus draws prec uniformly), both
// signednesses, combinational and pipelined; the toggle counter on a hand-written VCD; and the
// compare flow on a small configuration (structure and sanity, not exact figures).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "flows/compare.h"
#include "fsutil.h"
#include "models/model.h"
#include "registry.h"
#include "test_util.h"

namespace qrtl {
namespace {

verif::Expect eval1(const std::string& block, const std::vector<std::string>& words, const verif::Inputs& in) {
  Params p = parse_params(find_block(block), words);
  return verif::find_model(block)->eval(p, in).at("y");
}

verif::Inputs ab(unsigned width, uint64_t a, uint64_t b, unsigned prec) {
  return {{"a", Bits(width, a)}, {"b", Bits(width, b)}, {"prec", Bits(2, prec)}};
}

TEST(PsModel, DotProductsByHand) {
  // 8-bit signed: -128 * -128 = 16384 = 0x4000.
  EXPECT_EQ(eval1("ps_dot", {"signed=1"}, ab(8, 0x80, 0x80, 0)).value.u64(), 0x4000u);
  // 4-bit signed: a = 0x8f -> subwords (-1, -8), b = 0x72 -> (2, 7): -2 - 56 = -58 = 0xffffffc6.
  EXPECT_EQ(eval1("ps_dot", {"signed=1"}, ab(8, 0x8f, 0x72, 1)).value.u64(), 0xffffffc6u);
  // 2-bit: a = 0x9c = 10_01_11_00 -> subwords j=0..3 (0, 3, 1, 2), b = 0xe7 = 11_10_01_11 -> (3, 1, 2, 3).
  // Signed they are (0, -1, 1, -2) and (-1, 1, -2, -1): 0 - 1 - 2 + 2 = -1. Unsigned: 0 + 3 + 2 + 6 = 11.
  EXPECT_EQ(eval1("ps_dot", {"signed=1"}, ab(8, 0x9c, 0xe7, 2)).value.u64(), 0xffffffffu);
  EXPECT_EQ(eval1("ps_dot", {"signed=0"}, ab(8, 0x9c, 0xe7, 2)).value.u64(), 11u);
  // Two unsigned lanes at 8 bit: 2 * 255 * 255 = 130050 = 0x1fc02.
  EXPECT_EQ(eval1("ps_dot", {"lanes=2", "signed=0"}, ab(16, 0xffff, 0xffff, 0)).value.u64(), 0x1fc02u);
  // prec = 3 is reserved: any value is accepted.
  verif::Expect r = eval1("ps_dot", {}, ab(8, 1, 1, 3));
  EXPECT_TRUE(r.ok(Bits(32, 0x12345678)));
  EXPECT_FALSE(eval1("ps_dot", {}, ab(8, 1, 1, 0)).ok(Bits(32, 0x12345678)));
}

TEST(PsModel, AccumulatingDotProductsByHand) {
  auto with_acc = [](verif::Inputs in, unsigned w, uint64_t acc) {
    in["acc"] = Bits(w, acc);
    return in;
  };
  // acc = 0xfffff is -1 in 20 bits: 2 * 2 - 1 = 3.
  EXPECT_EQ(eval1("ps_dot", {"wacc=20"}, with_acc(ab(8, 2, 2, 0), 20, 0xfffff)).value.u64(), 3u);
  // The 4-bit example above, -58, plus 100 = 42, in 16 bits; unsigned the subwords are (15, 8) and
  // (2, 7): 30 + 56 + 100 = 186.
  EXPECT_EQ(eval1("ps_dot", {"wacc=16"}, with_acc(ab(8, 0x8f, 0x72, 1), 16, 100)).value.u64(), 42u);
  EXPECT_EQ(eval1("bb_dot", {"wacc=16", "signed=0"}, with_acc(ab(8, 0x8f, 0x72, 1), 16, 100)).value.u64(), 186u);
  // Modulo 2^W: 0x80 * 0x80 = 16384 = 0x4000 wraps to 0 in 8 bits, leaving acc.
  EXPECT_EQ(eval1("ps_dot", {"wacc=8"}, with_acc(ab(8, 0x80, 0x80, 0), 8, 0x5a)).value.u64(), 0x5au);
  // The reserved mode accepts anything, at the accumulator's width.
  EXPECT_TRUE(eval1("ps_dot", {"wacc=12"}, with_acc(ab(8, 1, 1, 3), 12, 7)).ok(Bits(12, 0xabc)));
}

// bf_dot's operands: a and b of one 32-bit lane, and the two widths.
verif::Inputs ab2(uint64_t a, uint64_t b, unsigned pa, unsigned pb) {
  return {{"a", Bits(32, a)}, {"b", Bits(32, b)}, {"pa", Bits(2, pa)}, {"pb", Bits(2, pb)}};
}

TEST(PsModel, FusionUnitDotProductsByHand) {
  auto y = [](const char* s, verif::Inputs in) { return eval1("bf_dot", {s}, in).value.u64(); };
  // 8x4: a = (0x80, 0x7f), b = (0x9, 0x7). Signed: -128 * -7 + 127 * 7 = 1785; unsigned 1152 + 889 = 2041.
  EXPECT_EQ(y("signed=1", ab2(0x7f80, 0x79, 0, 1)), 1785u);
  EXPECT_EQ(y("signed=0", ab2(0x7f80, 0x79, 0, 1)), 2041u);
  // 2x2: sixteen products of (-1 or 3) and 1: -16 signed, 48 unsigned.
  EXPECT_EQ(y("signed=1", ab2(0xffffffff, 0x55555555, 2, 2)), 0xfffffff0u);
  EXPECT_EQ(y("signed=0", ab2(0xffffffff, 0x55555555, 2, 2)), 48u);
  // 4x2: a nibbles 0 and 7 are 8 (-8) and 1, b digits 0 and 7 are 2 (-2) and 1: 16 + 1 either way.
  EXPECT_EQ(y("signed=1", ab2(0x10000008, 0x4002, 1, 2)), 17u);
  // 2x4 is 4x2 with the roles swapped.
  EXPECT_EQ(y("signed=1", ab2(0x4002, 0x10000008, 2, 1)), 17u);
  // 8x8 reads only the low bytes: 3 * 5.
  EXPECT_EQ(y("signed=1", ab2(0xffffff03, 0xabcdef05, 0, 0)), 15u);
  // Two lanes at 8x2: lane 0 has a = (1, 2, 3, 4), b digits (1, 1, 1, 1): 10; lane 1 adds -128 * -2.
  verif::Inputs two = {{"a", Bits(64, 0x0000008004030201ull)}, {"b", Bits(64, 0x0000000200000055ull)},
                       {"pa", Bits(2, 0)}, {"pb", Bits(2, 2)}};
  EXPECT_EQ(eval1("bf_dot", {"lanes=2"}, two).value.u64(), 266u);
  // With an accumulator, modulo 2^W: 0xff0 + 15 = 0xfff, and 0xff1 + 15 wraps to 0 in 12 bits.
  verif::Inputs acc = ab2(0x03, 0x05, 0, 0);
  acc["acc"] = Bits(12, 0xff0);
  EXPECT_EQ(eval1("bf_dot", {"wacc=12"}, acc).value.u64(), 0xfffu);
  acc["acc"] = Bits(12, 0xff1);
  EXPECT_EQ(eval1("bf_dot", {"wacc=12"}, acc).value.u64(), 0u);
  // A reserved width accepts anything; a real one does not.
  EXPECT_TRUE(eval1("bf_dot", {}, ab2(1, 1, 3, 0)).ok(Bits(32, 0x12345678)));
  EXPECT_TRUE(eval1("bf_dot", {}, ab2(1, 1, 0, 3)).ok(Bits(32, 0x12345678)));
  EXPECT_FALSE(eval1("bf_dot", {}, ab2(1, 1, 0, 0)).ok(Bits(32, 0x12345678)));
}

TEST(PsModel, PackedProductsByHand) {
  // 4-bit signed: y[7:0] = -1 * 2 = 0xfe, y[15:8] = -8 * 7 = -56 = 0xc8.
  EXPECT_EQ(eval1("swp_mul", {"signed=1"}, ab(8, 0x8f, 0x72, 1)).value.u64(), 0xc8feu);
  // 2-bit signed, subwords as in DotProductsByHand: products 0, -1, -2, 2 -> nibbles 0, f, e, 2.
  EXPECT_EQ(eval1("swp_mul", {"signed=1"}, ab(8, 0x9c, 0xe7, 2)).value.u64(), 0x2ef0u);
  // 8-bit unsigned: 255 * 255 = 0xfe01; signed: -1 * -1 = 1.
  EXPECT_EQ(eval1("swp_mul", {"signed=0"}, ab(8, 0xff, 0xff, 0)).value.u64(), 0xfe01u);
  EXPECT_EQ(eval1("swp_mul", {"signed=1"}, ab(8, 0xff, 0xff, 0)).value.u64(), 0x0001u);
}

TEST(PsModel, GatedMacByHand) {
  // 4-bit signed: a = 0x9f -> 0x90 = -112, b = 0x3a -> 0x30 = 48: 10000 - 5376 = 4624 = 0x1210.
  verif::Inputs in = ab(8, 0x9f, 0x3a, 1);
  in["acc"] = Bits(32, 10000);
  EXPECT_EQ(eval1("dg_mac", {"signed=1"}, in).value.u64(), 0x1210u);
  // 2-bit unsigned: 0xff -> 0xc0 = 192, 0x7f -> 0x40 = 64: 192 * 64 = 12288 = 0x3000.
  in = ab(8, 0xff, 0x7f, 2);
  in["acc"] = Bits(32, 0);
  EXPECT_EQ(eval1("dg_mac", {"signed=0"}, in).value.u64(), 0x3000u);
}

TEST(PsModel, GatedMacIsIntMacOnMaskedOperands) {
  // The contract of dg_mac, checked between the two models on random vectors.
  std::mt19937_64 rng(7);
  const uint8_t keep[3] = {0xff, 0xf0, 0xc0};
  for (int n = 0; n < 3000; ++n) {
    unsigned prec = static_cast<unsigned>(rng() % 3), a = rng() & 0xff, b = rng() & 0xff;
    uint64_t acc = rng() & 0xffffffffu;
    for (const char* s : {"signed=0", "signed=1"}) {
      verif::Inputs in = ab(8, a, b, prec);
      in["acc"] = Bits(32, acc);
      verif::Inputs masked = {{"a", Bits(8, a & keep[prec])}, {"b", Bits(8, b & keep[prec])}, {"acc", Bits(32, acc)}};
      ASSERT_EQ(eval1("dg_mac", {s}, in).value, eval1("int_mac", {s}, masked).value) << s << " prec " << prec;
    }
  }
}

TEST(PsBlocks, BadParametersAreUsageErrors) {
  for (std::vector<std::string> args : {std::vector<std::string>{"gen", "ps_dot", "lanes=65"},
                                        {"gen", "ps_dot", "w=4"},
                                        {"gen", "ps_dot", "stages=17"},
                                        {"gen", "ps_dot", "wacc=7"},
                                        {"gen", "bb_dot", "wacc=65"},
                                        {"gen", "bf_dot", "lanes=17"},
                                        {"gen", "bf_dot", "wacc=3"},
                                        {"gen", "swp_mul", "signed=2"},
                                        {"gen", "dg_mac", "wacc=8"}}) {
    std::string dir = test::temp_dir("ps-bad");
    args.insert(args.end(), {"--out", dir});
    test::CliResult r = test::run_qrtl(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << " " << args[2] << ": " << r.output;
    EXPECT_NE(r.output.find(args[1]), std::string::npos) << r.output;
  }
}

struct CosimCase {
  std::string block;
  std::vector<std::string> words;
  uint64_t vectors;  // random vectors; 0: the run must be exhaustive over `space` inputs
  uint64_t space = 0;
};

class PsCosim : public ::testing::TestWithParam<CosimCase> {};

TEST_P(PsCosim, BitExact) {
  const CosimCase& c = GetParam();
  verif::CosimResult r = test::cosim_block(c.block, c.words, c.vectors);
  for (const auto& m : r.mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(r.pass) << r.summary();
  if (c.vectors == 0) {  // every input combination, each exactly once
    EXPECT_TRUE(r.exhaustive);
    EXPECT_EQ(r.vectors, c.space);
  } else {  // the random vectors asked for, plus the model's corner cases
    EXPECT_FALSE(r.exhaustive);
    EXPECT_GE(r.vectors, c.vectors);
  }
}

// Exhaustive spaces: a (8 bits) x b (8 bits) x mode (2 bits) = 2^18.
INSTANTIATE_TEST_SUITE_P(
    Configs, PsCosim,
    ::testing::Values(CosimCase{"ps_dot", {"lanes=1", "signed=1"}, 0, 1u << 18},
                      CosimCase{"ps_dot", {"lanes=1", "signed=0", "stages=2"}, 0, 1u << 18},
                      CosimCase{"ps_dot", {"lanes=2", "signed=1", "stages=1"}, 40000},
                      CosimCase{"ps_dot", {"lanes=3", "signed=0", "stages=3"}, 30000},
                      CosimCase{"bb_dot", {"lanes=3", "signed=1", "stages=1"}, 30000},
                      // The accumulating forms of issue 16's area targets, and a pipelined one.
                      CosimCase{"ps_dot", {"lanes=1", "signed=1", "wacc=20"}, 100000},
                      CosimCase{"ps_dot", {"lanes=1", "signed=0", "wacc=20"}, 100000},
                      CosimCase{"bb_dot", {"lanes=2", "signed=1", "wacc=24", "stages=2"}, 30000},
                      // Accumulators narrower than the sum: the bits above are dropped, not computed.
                      CosimCase{"ps_dot", {"lanes=2", "signed=1", "wacc=8", "stages=1"}, 20000},
                      CosimCase{"bb_dot", {"lanes=1", "signed=0", "wacc=8"}, 20000},
                      CosimCase{"bb_dot", {"lanes=3", "signed=1", "wacc=11"}, 20000},
                      // bf_dot: 3 * 10^5 random vectors draw each of the 9 width pairs about 3.3 * 10^4 times.
                      CosimCase{"bf_dot", {"lanes=1", "signed=1"}, 300000},
                      CosimCase{"bf_dot", {"lanes=1", "signed=0", "stages=2"}, 300000},
                      CosimCase{"bf_dot", {"lanes=3", "signed=1", "wacc=20", "stages=1"}, 30000},
                      CosimCase{"bf_dot", {"lanes=2", "signed=0", "wacc=8"}, 20000},
                      CosimCase{"swp_mul", {"signed=1"}, 0, 1u << 18},
                      CosimCase{"swp_mul", {"signed=0", "stages=3"}, 0, 1u << 18},
                      CosimCase{"dg_mac", {"signed=1"}, 40000},
                      CosimCase{"dg_mac", {"signed=0", "stages=2", "wacc=20"}, 30000}),
    [](const ::testing::TestParamInfo<CosimCase>& info) {
      std::string name = info.param.block;
      for (const auto& w : info.param.words)
        for (char c : w) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(PsLint, NarrowAccumulatorsLeaveNothingUnused) {
  // Modulo 2^wacc the heap drops columns, so the generator must drop (or declare unused) what fed
  // them: every warning here would be a lint failure for users of a narrow accumulator.
  const std::string dir = test::temp_dir("ps-lint");
  for (const std::string block : {"ps_dot", "bb_dot", "bf_dot"})
    for (const char* wacc : {"wacc=8", "wacc=13"})
      for (const char* lanes : {"lanes=1", "lanes=2"}) {
        SCOPED_TRACE(fmt::format("{} {} {}", block, lanes, wacc));
        Generated g = generate(block, {lanes, wacc, "depth=16"}, block);
        write_generated(g, dir);
        auto r = test::run_qrtl({"lint", dir + "/" + block + ".sv", "--top", block});
        EXPECT_EQ(r.exit_code, 0) << r.output;
      }
}

TEST(PsCosim, DetectsAWrongModel) {
  // Unsigned hardware against the signed model must fail (reuses the exhaustive build above).
  Generated g = generate("ps_dot", {"lanes=1", "signed=0", "stages=2"}, "ps_dot");
  g.params = parse_params(find_block("ps_dot"), {"lanes=1", "signed=1", "stages=2"});
  verif::CosimResult r = verif::cosim(g, test::cosim_options());
  EXPECT_FALSE(r.pass);
  EXPECT_GT(r.mismatch_count, 0u);
}

TEST(PsCompare, CountsVcdTogglesByHand) {
  // Net ! (1 bit) goes 0 -> 1 -> 1 -> 0: 2 flips. Net " (4 bits) goes 0000 -> 0101 (2 flips)
  // -> 1010 (4 flips). Input a (id #) is skipped; the #0 values are the initial state.
  std::string dir = test::temp_dir("ps-vcd");
  std::ofstream(dir + "/t.vcd") << "$timescale 1ps $end\n$scope module TOP $end\n"
                                   "$var wire 1 # a $end\n$var wire 1 ! n1 $end\n$var wire 4 \" n2 [3:0] $end\n"
                                   "$scope module top $end\n$var wire 1 # a $end\n$var wire 1 ! n1 $end\n"
                                   "$upscope $end\n$upscope $end\n$enddefinitions $end\n"
                                   "#0\n$dumpvars\n0#\n0!\nb0000 \"\n$end\n#1\n1#\n1!\nb101 \"\n#2\n0#\n#3\n0!\nb1010 \"\n";
  flows::Activity act = flows::count_vcd_toggles(dir + "/t.vcd", {"a"}, 1);
  EXPECT_EQ(act.toggles, 2u + 2u + 4u);
  EXPECT_EQ(act.nets, 5u);  // n1 and the 4 bits of n2; the alias of n1 counts once
  EXPECT_EQ(act.cycles, 3u);
  // Only the changes at times [2, 4): n1 1 -> 0 and n2 0101 -> 1010 at #3.
  EXPECT_EQ(flows::count_vcd_toggles(dir + "/t.vcd", {"a"}, 1, 2, 4).toggles, 1u + 4u);
  EXPECT_EQ(flows::count_vcd_toggles(dir + "/t.vcd", {"a"}, 1, 1, 3).toggles, 1u + 2u);  // #1 only
}

// `qrtl compare --designs DESIGNS --vectors N`: its printed tables and its JSON rows (empty, with a
// test failure, when it exits non-zero).
struct CompareRun {
  std::string output;
  nlohmann::json rows = nlohmann::json::array();
};
CompareRun run_compare(const std::string& designs, const std::string& vectors) {
  const std::string dir = test::temp_dir("ps-compare");
  test::CliResult r = test::run_qrtl({"compare", "--designs", designs, "--vectors", vectors, "--json",
                                      dir + "/rows.json", "--cache", QRTL_TEST_CACHE});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  CompareRun run{r.output};
  if (r.exit_code == 0) run.rows = nlohmann::json::parse(read_file(dir + "/rows.json"));
  return run;
}

// One `qrtl compare` run over a unit of each kind (data-gated, 2D fusion, the three temporal
// ones), checked below part by part: one run, because every run synthesizes and simulates the
// int_mac baseline too, and separate runs started together by CTest built it twice.
using CompareRows = std::map<std::pair<std::string, int>, nlohmann::json>;

// Data gating (dg_mac beside the int_mac baseline): one MAC per cycle at every precision, far
// fewer toggles at 2 bits than at 8 (random 8-bit operands switch about half of the partial
// products), little area over the plain MAC (a few AND gates per operand bit).
void check_data_gated(const CompareRows& rows) {
  EXPECT_DOUBLE_EQ(rows.at({"int_mac", 8})["energy_rel"].get<double>(), 1.0);
  for (const char* d : {"int_mac", "dg_mac"})
    for (int bits : {8, 4, 2}) EXPECT_EQ(rows.at({d, bits})["ops_per_cycle"].get<double>(), 1.0) << d << " " << bits;
  const double dg8 = rows.at({"dg_mac", 8})["toggles_per_op"].get<double>();
  const double dg2 = rows.at({"dg_mac", 2})["toggles_per_op"].get<double>();
  EXPECT_LT(dg2, 0.5 * dg8);
  EXPECT_LT(rows.at({"dg_mac", 8})["transistors"].get<double>(), 1.2 * rows.at({"int_mac", 8})["transistors"].get<double>());
}

// bf_dot sets the widths of a and b apart: the comparison measures all nine pairs, each at its
// throughput of 64 / (bits_a * bits_b) products per cycle, checked against the golden model.
void check_fusion_pairs(const nlohmann::json& all) {
  int pairs = 0;
  for (const auto& row : all) {
    if (row["design"] != "bf_dot_l1") continue;
    const int ba = row["bits"].get<int>(), bb = row["bits_b"].get<int>();
    ++pairs;
    EXPECT_DOUBLE_EQ(row["ops_per_cycle"].get<double>(), 64.0 / (ba * bb)) << ba << "x" << bb;
    EXPECT_GT(row["toggles_per_op"].get<double>(), 0.0) << ba << "x" << bb;
  }
  EXPECT_EQ(pairs, 9);
}

// The temporal units: their gate netlists run back-to-back transactions (each checked against the
// golden model), and the operations per cycle counted in that run must be the cycle formulas of
// issue 7 for L lanes of bits-bit operands (L = 4 here, the on-request rows; the default ones have
// 16): Stripes L / p, Loom b=2 L / ceil(p/2)^2, Laconic L / max_i T(a_i) T(w_i) - 2-bit two's
// complement values have at most one non-zero Booth digit, so one cycle per dot product.
void check_temporal_cycles(const CompareRows& rows) {
  auto ops = [&](const char* d, int bits) { return rows.at({d, bits})["ops_per_cycle"].get<double>(); };
  const double lanes = 4;
  for (int bits : {8, 4, 2}) {
    EXPECT_DOUBLE_EQ(ops("bs_dot_l4", bits), lanes / bits) << bits;
    const int digits = (bits + 1) / 2;
    EXPECT_DOUBLE_EQ(ops("loom_dot_l4_b2", bits), lanes / (digits * digits)) << bits;
  }
  EXPECT_DOUBLE_EQ(ops("term_dot_l4", 2), lanes);
  // Random 8-bit signed operands have 4 Booth digits, mostly non-zero: the lanes in lock step wait
  // for their densest lane, at most 4 x 4 term pairs, and with 4 lanes nearly always more than 4.
  EXPECT_GE(ops("term_dot_l4", 8), lanes / 16);
  EXPECT_LT(ops("term_dot_l4", 8), lanes / 4);
  // Fewer bits, fewer cycles per product: the serial units spend less switching per operation.
  for (const char* d : {"bs_dot_l4", "loom_dot_l4_b2", "term_dot_l4"})
    EXPECT_LT(rows.at({d, 2})["toggles_per_op"].get<double>(), rows.at({d, 8})["toggles_per_op"].get<double>()) << d;
}

TEST(PsCompare, OneRunMeasuresEveryKindOfUnit) {
  const CompareRun run = run_compare("dg_mac,bf_dot_l1,bs_dot_l4,loom_dot_l4_b2,term_dot_l4", "320");
  EXPECT_NE(run.output.find("area overhead at 8b"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("| bf_dot_l1 | 8x2 |"), std::string::npos) << run.output;
  // One row per design and precision (bf_dot: per pair), nothing else: int_mac (baseline and
  // reference, always added) and int_mul (bf_dot's reference) besides the five asked for.
  std::map<std::string, int> count;
  CompareRows rows;
  for (const auto& row : run.rows) {
    const std::string d = row["design"].get<std::string>();
    ++count[d];
    rows[{d, row["bits"].get<int>()}] = row;
    EXPECT_GT(row["transistors"].get<long>(), row["cells"].get<long>()) << d;
    EXPECT_GT(row["depth"].get<long>(), 0) << d;
    EXPECT_GT(row["toggles_per_op"].get<double>(), 0.0) << d << " " << row["bits"];
  }
  const std::map<std::string, int> want = {{"int_mac", 3}, {"int_mul", 3},        {"dg_mac", 3},
                                           {"bf_dot_l1", 9}, {"bs_dot_l4", 3}, {"loom_dot_l4_b2", 3},
                                           {"term_dot_l4", 3}};
  ASSERT_EQ(count, want);
  check_data_gated(rows);
  check_fusion_pairs(run.rows);
  check_temporal_cycles(rows);
}

TEST(PsCompare, UnknownDesignIsAUsageError) {
  test::CliResult r = test::run_qrtl({"compare", "--designs", "nope"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("nope"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace qrtl
