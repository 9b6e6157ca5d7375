#include "blocks/subword.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "errors.h"

namespace qrtl::blocks {

void decode_prec(vlog::Module& m, const std::string& prec, unsigned modes) {
  static const char* what[3] = {"the 8-bit mode", "the 4-bit mode (2 subwords per byte)",
                                "the 2-bit mode (4 subwords per byte)"};
  for (unsigned k = 0; k < 3; ++k)
    if (modes >> k & 1) m.localparam(fmt::format("PREC_{}", kPrecBits[k]), fmt::format("2'd{}", k), fmt::format("prec code of {}", what[k]));
  m.comment("One-hot mode decode; all low for the reserved code 3.");
  for (unsigned k = 0; k < 3; ++k)
    if (modes >> k & 1) m.wire(fmt::format("mode{}", kPrecBits[k]), 1, fmt::format("{} == PREC_{}", prec, kPrecBits[k]));
}

void emit_brick_module(vlog::Design& d, const std::string& name, int width) {
  vlog::Module& m = d.modules.emplace_back(name);
  m.describe("2x2 brick multiplier with run-time sign control: p = X * Y, where X is x read as two's");
  m.describe("complement when xs=1 and as unsigned when xs=0 (Y likewise). Each operand is extended by");
  m.describe(fmt::format("one bit to a 3-bit signed number; the product (-6..9) is kept in {} bits{}.", width,
                         width >= 5 ? " (exact, signed)" : " (modulo 16)"));
  m.input("x", 2, "2-bit digit of the first operand");
  m.input("xs", 1, "x is a two's complement digit (it holds its operand's sign)");
  m.input("y", 2, "2-bit digit of the second operand");
  m.input("ys", 1, "y is a two's complement digit");
  m.output("p", width, "product");
  m.wire("xe", 3, "{xs & x[1], x}", "x extended with its sign (or a zero)");
  m.wire("ye", 3, "{ys & y[1], y}", "y extended with its sign (or a zero)");
  arith::BitHeap heap(m, "bb", width);
  heap.add_product("xe", 3, true, "ye", 3, true);
  m.assign("p", heap.emit("prod"));
}

void add_runtime_signed(arith::BitHeap& heap, vlog::Module& m, const std::string& sig, int w,
                        const std::string& is_signed, int shift, const std::string& neg) {
  if (is_signed == "1'b0" || is_signed == "1'b1") {  // known when generating: no gate needed
    heap.add_number(sig, w, is_signed == "1'b1", shift);
    return;
  }
  // value = sig (unsigned) - 2^w * (is_signed & sig[w-1]): the top bit weighs +2^(w-1) unsigned
  // and -2^(w-1) signed, a difference of 2^w.
  heap.add_number(sig, w, false, shift);
  m.wire(neg, 1, fmt::format("{} & {}", is_signed, vlog::bit(sig, w - 1)));
  heap.sub_bit(shift + w, neg);
}

int add_shifted_by_mode(arith::BitHeap& heap, vlog::Module& m, const std::string& src, int src_w,
                        const std::map<int, std::string>& shifts, int heap_w, const std::string& name,
                        bool src_signed) {
  const int lo = shifts.begin()->first, hi = shifts.rbegin()->first;
  const int word_w = std::min(src_w + hi - lo, heap_w - lo);
  if (word_w <= 0) return 0;
  if (shifts.size() == 1 && shifts.begin()->second == "1'b1" && word_w == src_w) {
    heap.add_number(src, src_w, src_signed, lo);
    return src_w;
  }
  int read = 0;
  std::vector<std::string> copies;
  for (const auto& [shift, cond] : shifts) {
    const int d = shift - lo, bits = std::min(src_w, word_w - d);
    if (bits <= 0) continue;
    read = std::max(read, bits);
    const std::string value = vlog::pick(m, src, bits - 1, 0);
    std::vector<std::string> parts;  // MSB first
    if (const int ext = word_w - d - bits; ext > 0 && !src_signed) {
      parts.push_back(vlog::lit(ext, 0));
    } else if (ext > 0) {
      const std::string sign = cond == "1'b1" ? vlog::bit(src, src_w - 1) : fmt::format("{} & {}", vlog::bit(src, src_w - 1), cond);
      parts.push_back(ext == 1 ? sign : fmt::format("{{{}{{{}}}}}", ext, sign));
    }
    parts.push_back(cond == "1'b1" ? value : fmt::format("{} & {{{}{{{}}}}}", value, bits, cond));
    if (d > 0) parts.push_back(vlog::lit(d, 0));
    copies.push_back(parts.size() == 1 ? parts[0] : fmt::format("{{{}}}", fmt::join(parts, ", ")));
  }
  std::vector<int> amounts;
  for (const auto& entry : shifts) amounts.push_back(entry.first);
  heap.add_number(m.wire(name, word_w, fmt::format("{}", fmt::join(copies, " | ")),
                         fmt::format("{} shifted by {} (one shift at a time)", src, fmt::join(amounts, "/"))),
                  word_w, src_signed, lo);
  return read;
}

int brick_sum_width(int n) {
  int w = 5;
  while ((1ll << (w - 1)) - 1 < 9ll * n) ++w;
  return w;
}

int product_sum_width(long long n, bool is_signed, int bits_a, int bits_b) {
  const long long ha = 1ll << (bits_a - 1), hb = 1ll << (bits_b - 1);
  const long long hi = is_signed ? n * ha * hb : n * (2 * ha - 1) * (2 * hb - 1);
  const long long lo = is_signed ? -n * std::max(ha * (hb - 1), (ha - 1) * hb) : 0;
  int need = 1;
  while (is_signed ? (hi > (1ll << (need - 1)) - 1 || lo < -(1ll << (need - 1))) : hi > (1ll << need) - 1) ++need;
  return need;
}

void add_mode_constant(arith::BitHeap& heap, const std::vector<long long>& constant, int width,
                       const std::function<std::string(unsigned)>& gate) {
  long long common = ~0ll;  // bits every mode has (all bits above 63 alike)
  for (long long c : constant) common &= c;
  heap.add_constant(common);
  for (int col = 0; col < std::min(width, 64); ++col) {
    unsigned modes = 0;
    for (size_t k = 0; k < constant.size(); ++k)
      if ((constant[k] & ~common) >> col & 1) modes |= 1u << k;
    if (modes) heap.add_bit(col, gate(modes));
  }
}

std::string extended(const std::string& sum, int w, int to, bool is_signed) {
  if (w >= to) return sum;
  return is_signed ? fmt::format("{{{{{}{{{}}}}}, {}}}", to - w, vlog::bit(sum, w - 1), sum)
                   : fmt::format("{{{}'d0, {}}}", to - w, sum);
}

KeyDef accumulator_key() { return KeyDef::integer("wacc", 0, 0, 64, "accumulator width W: 0 = none (32-bit y), else 8..64"); }

void check_accumulator(const std::string& block, const Params& p) {
  const int64_t w = p.i("wacc");
  if (w > 0 && w < 8) throw UsageError(fmt::format("{}: wacc={} is not 0 (no accumulator) or 8..64", block, w));
}

}  // namespace qrtl::blocks
