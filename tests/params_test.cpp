// Parameter parsing and number-format descriptions.
#include <gtest/gtest.h>

#include "errors.h"
#include "format.h"
#include "params.h"
#include "precset.h"

namespace qrtl {
namespace {

TEST(Params, DefaultsAndCanonicalValues) {
  std::vector<KeyDef> keys = {KeyDef::integer("w", 8, 1, 16, ""), KeyDef::choice("m", "a", {"a", "b"}, ""),
                              KeyDef::format("f", "e4m3", "")};
  Params p = Params::parse("blk", keys, {"w=03", "f=fp:4.3.b7.fn"});
  EXPECT_EQ(p.i("w"), 3);
  EXPECT_EQ(p.s("m"), "a");
  EXPECT_EQ(p.s("f"), "e4m3");  // the custom spelling of OCP E4M3 is canonicalised
  EXPECT_EQ(p.to_string(), "w=3 m=a f=e4m3");
  EXPECT_THROW(Params::parse("blk", keys, {"w=0"}), UsageError);
  EXPECT_THROW(Params::parse("blk", keys, {"w=3x"}), UsageError);
  EXPECT_THROW(Params::parse("blk", keys, {"m=c"}), UsageError);
  EXPECT_THROW(Params::parse("blk", keys, {"f=e9m9"}), UsageError);
  EXPECT_THROW(Params::parse("blk", keys, {"=3"}), UsageError);
}

TEST(Format, NamedFormatsFromTheOcpSpecs) {
  FloatFormat e4m3 = parse_format("e4m3");
  EXPECT_EQ(e4m3.width(), 8);
  EXPECT_EQ(e4m3.max_finite_code(), 0x7eu);  // S.1111.110 = 448
  EXPECT_TRUE(e4m3.is_nan(0x7f));
  EXPECT_TRUE(e4m3.is_nan(0xff));
  EXPECT_FALSE(e4m3.is_nan(0x7e));
  EXPECT_FALSE(e4m3.has_inf());
  EXPECT_EQ(e4m3.emax(), 8);
  FloatFormat e5m2 = parse_format("e5m2");
  EXPECT_EQ(e5m2.max_finite_code(), 0x7bu);  // S.11110.11 = 57344
  EXPECT_TRUE(e5m2.is_inf(0x7c));
  EXPECT_TRUE(e5m2.is_nan(0x7d));
  EXPECT_EQ(e5m2.emax(), 15);
  EXPECT_EQ(parse_format("e3m2").emax(), 4);
  EXPECT_EQ(parse_format("e2m3").emax(), 2);
  EXPECT_EQ(parse_format("e2m1").emax(), 2);
  EXPECT_EQ(parse_format("e2m1").max_finite_code(), 0x7u);
  EXPECT_EQ(parse_format("fp32").width(), 32);
}

TEST(Format, CustomFormats) {
  FloatFormat f = parse_format("fp:4.3.b9.u.none");
  EXPECT_EQ(f.width(), 7);
  EXPECT_FALSE(f.is_signed);
  EXPECT_EQ(f.bias, 9);
  EXPECT_EQ(f.name, "fp:4.3.b9.u.none");
  EXPECT_EQ(parse_format("fp:5.2").name, "e5m2");  // default bias and ieee policy
  EXPECT_THROW(parse_format("fp:9.2"), UsageError);
  EXPECT_THROW(parse_format("fp:4.11"), UsageError);
  EXPECT_THROW(parse_format("fp:4.3.bx"), UsageError);
  EXPECT_THROW(parse_format("fp:4.3.fn.fn"), UsageError);
  EXPECT_THROW(parse_format("fp:1.0.ieee"), UsageError);  // no non-zero finite value left
  EXPECT_THROW(parse_format("fp:1.0.fn"), UsageError);
}

TEST(PrecisionSet, ExpandsSweepsAndNamesErrors) {
  auto items = parse_precision_set("[[block]]\nkind = \"int_mul\"\nwa = 4\n\n[[sweep]]\nkind = \"int_mac\"\nwa = [4, 8]\nwacc = 32\n", "p.toml");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].top, "int_mul_wa4");
  EXPECT_EQ(items[1].block, "int_mac");
  EXPECT_NE(items[1].top, items[2].top);
  try {
    parse_precision_set("[[block]]\nkind = \"int_mul\"\n\nwa = 99\n", "p.toml");
    FAIL() << "expected an error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("p.toml:1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("wa=99"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_precision_set("[[block]]\nwa = 3\n", "p.toml"), UsageError);
  EXPECT_THROW(parse_precision_set("[[block]\n", "p.toml"), UsageError);
  EXPECT_THROW(parse_precision_set("[[block]]\nkind=\"int_mul\"\ntop=\"a\"\n[[block]]\nkind=\"int_mul\"\ntop=\"a\"\n", "p.toml"),
               UsageError);
}

}  // namespace
}  // namespace qrtl
