#include "arith/shift.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "arith/adder.h"
#include "vlog/cost.h"

namespace qrtl::arith {

std::string shift_left(vlog::Module& m, const std::string& name, const std::string& x, int wx,
                       const std::string& amount, int amount_bits, int max_amount, int w_out,
                       const std::string& comment, const std::string& fill, bool sign_extend) {
  auto fills = [&](int n) { return fill == "1'b0" ? vlog::lit(n, 0) : fmt::format("{{{}{{{}}}}}", n, fill); };
  // Bits above a word: zeros, or copies of its sign bit.
  auto above = [&](const std::string& word, int w, int n) {
    return sign_extend ? fmt::format("{{{}{{{}}}}}", n, vlog::pick(m, word, w - 1, w - 1)) : vlog::lit(n, 0);
  };
  std::string cur = x;
  int w = wx, reach = 0;  // width of cur, largest shift applied so far
  for (int j = 0; j < amount_bits && (1 << j) <= max_amount; ++j) {
    const int d = 1 << j;
    reach = std::min(max_amount, reach + d);
    const int nw = std::min(w_out, wx + reach);
    const std::string sel = amount_bits == 1 ? amount : vlog::bit(amount, j);
    // Shifted: cur's low bits move up by d, `fill` below; kept: cur extended. Both nw bits.
    std::string shifted;
    if (d >= nw) {
      shifted = fills(nw);
    } else {
      const int take = std::min(w, nw - d);
      shifted = fmt::format("{{{}{}, {}}}", nw - d - take > 0 ? above(cur, w, nw - d - take) + ", " : "",
                            vlog::pick(m, cur, take - 1, 0), fills(d));
    }
    std::string kept = nw > w ? fmt::format("{{{}, {}}}", above(cur, w, nw - w), cur) : vlog::pick(m, cur, nw - 1, 0);
    const bool last = j + 1 == amount_bits || (2 << j) > max_amount;
    cur = m.wire(last && nw == w_out ? name : fmt::format("{}_s{}", name, d), nw,
                 fmt::format("{} ? {} : {}", sel, shifted, kept),
                 last && nw == w_out ? comment : fmt::format("shifted by the amount's bit worth {}", d));
    w = nw;
  }
  if (cur == name) return cur;
  return m.wire(name, w_out, w_out > w ? fmt::format("{{{}, {}}}", above(cur, w, w_out - w), cur) : vlog::pick(m, cur, w_out - 1, 0),
                comment);
}

std::string shift_right(vlog::Module& m, const std::string& name, const std::string& x, int wx,
                        const std::string& amount, int amount_bits, const std::string& comment, bool with_all) {
  std::string cur = x;
  std::vector<std::string> any, all;
  for (int j = amount_bits - 1; j >= 0; --j) {
    const int d = 1 << j;
    const std::string sel = amount_bits == 1 ? amount : vlog::bit(amount, j);
    const std::string shifted =
        d >= wx ? vlog::lit(wx, 0) : fmt::format("{{{}, {}}}", vlog::lit(d, 0), vlog::pick(m, cur, wx - 1, d));
    const int nout = std::min(d, wx);
    const std::string out_bits = vlog::pick(m, cur, nout - 1, 0);
    any.push_back(fmt::format("({} & (|{}))", sel, out_bits));
    // A step of d >= wx also shifts out zeros above the word.
    all.push_back(d > wx ? fmt::format("~{}", sel) : fmt::format("(~{} | (&{}))", sel, out_bits));
    cur = m.wire(j == 0 ? name : fmt::format("{}_s{}", name, d), wx, fmt::format("{} ? {} : {}", sel, shifted, cur),
                 j == 0 ? comment : fmt::format("shifted by the amount's bit worth {}", d));
  }
  m.wire(name + "_any", 1, fmt::format("{}", fmt::join(any, " | ")), "some bit shifted out was set");
  if (with_all) m.wire(name + "_all", 1, fmt::format("{}", fmt::join(all, " & ")), "every bit shifted out was set");
  return cur;
}

std::string leading_zeros(vlog::Module& m, const std::string& name, const std::string& x, int w,
                          const std::string& comment) {
  // x padded below with ones to a power of two (at least one bit): the count of zero is then w, and
  // it fits the ceil(log2(w+1)) bits of the result.
  const int levels = vlog::cost::ceil_log2(w + 1);
  const int n = 1 << levels;
  const std::string padded = m.wire(name + "_x", n, fmt::format("{{{}, {}'b{}}}", x, n - w, std::string(n - w, '1')),
                                    "padded with ones, so that zero counts w");
  // Level 0: per bit, zero = ~bit (no count bits). Level k: per block of 2^k bits, zero flag and a
  // k-bit count; a block's count is the high half's when it has a one, else 2^(k-1) + the low half's.
  std::string zero = m.wire(name + "_z0", n, "~" + padded, "bits that are zero");
  std::string cnt;
  for (int k = 1; k <= levels; ++k) {
    const int blocks = n >> k;
    std::vector<std::string> zs, cs;  // MSB (highest block) first
    for (int b = blocks - 1; b >= 0; --b) {
      const std::string zh = vlog::bit(zero, 2 * b + 1), zl = vlog::bit(zero, 2 * b);
      zs.push_back(fmt::format("{} & {}", zh, zl));
      if (k == 1) {
        cs.push_back(zh);
      } else {
        const int cw = k - 1;
        const std::string ch = vlog::slice(cnt, (2 * b + 1) * cw + cw - 1, (2 * b + 1) * cw);
        const std::string cl = vlog::slice(cnt, 2 * b * cw + cw - 1, 2 * b * cw);
        cs.push_back(fmt::format("{} ? {{1'b1, {}}} : {{1'b0, {}}}", zh, cw == 1 ? vlog::bit(cnt, 2 * b * cw) : cl,
                                 cw == 1 ? vlog::bit(cnt, (2 * b + 1) * cw) : ch));
      }
    }
    auto join = [](const std::vector<std::string>& v) {
      if (v.size() == 1) return v[0];
      std::string s = "{";
      for (size_t i = 0; i < v.size(); ++i) s += (i ? ", (" : "(") + v[i] + ")";
      return s + "}";
    };
    const bool last = k == levels;
    zero = m.wire(fmt::format("{}_z{}", name, k), blocks, join(zs), fmt::format("blocks of {} bits that are zero", 1 << k));
    cnt = m.wire(last ? name : fmt::format("{}_c{}", name, k), blocks * k, join(cs),
                 last ? comment : fmt::format("leading zeros of each block of {} bits", 1 << k));
    m.set_cost(cnt, vlog::cost::lzc_level());
  }
  m.wire(name + "_z_unused", 1, zero, "x is zero: also count == w");
  return cnt;
}

std::string increment(vlog::Module& m, const std::string& name, const std::string& x, int w, const std::string& inc,
                      const std::string& comment) {
  const std::string xw = m.wire(name + "_x", w, x);
  // Pipelined, a ripple increment in chunks is what the depth model can bound (ABC maps a prefix
  // tree deeper than its structure when registers leave it alone in a stage).
  if (step_budget() > 0) return add_bit(m, name, fmt::format("{}'({})", w + 1, xw), inc, w + 1, comment);
  // x + 1: bit i flips when x[i-1..0] are all ones, a prefix AND over {x, 1} (Sklansky's tree,
  // log2(w + 1) levels; its bit w is the carry out). inc, often late (a rounding decision), only
  // selects between x + 1 and x at the end.
  const std::string ones = prefix_and(m, name + "_o", fmt::format("{{{}, 1'b1}}", xw), w + 1, Adder::sklansky,
                                      "bit i: x[i-1..0] all ones");
  const std::string plus1 = fmt::format("{{{}, {} ^ {}}}", vlog::bit(ones, w), xw, vlog::slice(ones, w - 1, 0));
  if (inc == "1'b1") return m.wire(name, w + 1, plus1, comment);
  const std::string up = m.wire(name + "_up", w + 1, plus1, "x + 1");
  return m.wire(name, w + 1, fmt::format("{} ? {} : {{1'b0, {}}}", inc, up, xw), comment);
}

}  // namespace qrtl::arith
