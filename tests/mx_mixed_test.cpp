// ctest-label: slow
// mx_dot with mixed element types (fmt_a / fmt_b) and FP32 accumulation (acc=1), co-simulated against
// the golden model (whose hand-worked values are in mx_test.cpp). Slow: every configuration is its own
// Verilator build, and the acc corners are many (each block corner with a range of accumulators).
#include <gtest/gtest.h>

#include "registry.h"
#include "test_util.h"

namespace qrtl {
namespace {

class MxMixedCosim : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(MxMixedCosim, BitExact) {
  verif::CosimResult r = test::cosim_block("mx_dot", GetParam(), 3000);
  for (const auto& m : r.mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(r.pass) << r.summary();
  EXPECT_GT(r.vectors, 3000u);  // the corners come on top of the random vectors
}

INSTANTIATE_TEST_SUITE_P(
    Configs, MxMixedCosim,
    ::testing::Values(
        // Mixed element types (MXFP4 weights against MXFP6 / MXFP8 / MXINT8 activations).
        std::vector<std::string>{"fmt_a=e2m1", "fmt_b=e3m2", "k=32"},
        std::vector<std::string>{"fmt_a=e2m1", "fmt_b=e4m3", "k=32"},
        std::vector<std::string>{"fmt_a=int8", "fmt_b=e5m2", "k=16"},
        std::vector<std::string>{"fmt_a=e5m2", "fmt_b=e2m3", "k=4", "stages=3"},
        std::vector<std::string>{"fmt=e4m3", "fmt_b=int8", "k=4", "depth=24"},
        // acc=1: a binary32 accumulator added exactly before the one rounding.
        std::vector<std::string>{"fmt_a=e2m1", "fmt_b=e4m3", "k=32", "acc=1"},
        std::vector<std::string>{"fmt_a=int8", "fmt_b=e5m2", "k=16", "acc=1"},
        std::vector<std::string>{"fmt=e5m2", "k=4", "acc=1"},  // sums wide enough for ties
        std::vector<std::string>{"fmt=int8", "k=3", "acc=1"},
        std::vector<std::string>{"fmt=e2m3", "k=3", "acc=1", "stages=4"}),
    [](const ::testing::TestParamInfo<std::vector<std::string>>& info) { return test::case_name("mx_dot", info.param); });

// acc=1: the accumulator far below the sum enters as a signed sticky bit, which decides exact ties
// of the sum; without it, or with the wrong sign, e5m2 blocks (sums wider than 24 bits) must fail.
TEST(MxMixedCosim, AccumulatorStickyDecidesTies) {
  for (const char* wrong : {"2'd0", "{1'b0, acc_far & ~acc_top}"}) {
    Generated g = generate("mx_dot", {"fmt=e5m2", "k=4", "acc=1"}, "mx_dot");
    const std::string from = "acc_sticky = {acc_far & acc_sign & ~acc_top, acc_far & ~acc_top}";
    const size_t at = g.sv.find(from);
    ASSERT_NE(at, std::string::npos);
    g.sv.replace(at, from.size(), std::string("acc_sticky = ") + wrong);
    verif::CosimResult r = verif::cosim(g, test::cosim_options(3000));
    EXPECT_FALSE(r.pass) << wrong;
  }
}

}  // namespace
}  // namespace qrtl
