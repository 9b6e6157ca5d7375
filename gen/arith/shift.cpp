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
                        const std::string& amount, int amount_bits, const std::string& comment) {
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
  m.wire(name + "_all", 1, fmt::format("{}", fmt::join(all, " & ")), "every bit shifted out was set");
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
  // Pipelined, a ripple increment in chunks is what the depth model can bound (ABC maps the
  // multiplexer form deeper than its structure when registers leave it alone in a stage).
  if (step_budget() > 0) {
    const std::string xw = m.wire(name + "_x", w, x);
    return add_bit(m, name, fmt::format("{}'({})", w + 1, xw), inc, w + 1, comment);
  }
  // Per block of 2^k bits: its value incremented (when the carry reaches it) and whether it is all
  // ones (then it passes the carry on). Level 0: ~x[i] and x[i]; level k merges pairs of blocks.
  const int levels = vlog::cost::ceil_log2(w);
  const int n = 1 << levels;
  const std::string xp = m.wire(name + "_x", n, n > w ? fmt::format("{{{}, {}}}", vlog::lit(n - w, 0), x) : x,
                                n > w ? "padded to a power of two" : "");
  std::string up = m.wire(name + "_u0", n, "~" + xp, "each bit incremented");
  std::string ones = xp;  // level 0: a bit passes the carry when it is one
  for (int k = 1; k <= levels; ++k) {
    const int bw = 1 << k, half = bw / 2, blocks = n >> k;
    std::vector<std::string> us, os;
    for (int b = blocks - 1; b >= 0; --b) {
      const int lo = b * bw;
      const std::string ol = vlog::pick(m, ones, 2 * b, 2 * b);
      // High half: incremented only when the low half is all ones; low half: always incremented.
      us.push_back(fmt::format("{} ? {} : {}", ol, vlog::slice(up, lo + bw - 1, lo + half),
                               vlog::slice(xp, lo + bw - 1, lo + half)));
      us.push_back(vlog::slice(up, lo + half - 1, lo));
      os.push_back(fmt::format("{} & {}", vlog::pick(m, ones, 2 * b + 1, 2 * b + 1), ol));
    }
    std::string uj;
    for (size_t i = 0; i < us.size(); ++i) uj += (i ? ", " : "") + (i % 2 == 0 ? "(" + us[i] + ")" : us[i]);
    up = m.wire(fmt::format("{}_u{}", name, k), n, "{" + uj + "}", fmt::format("blocks of {} bits incremented", bw));
    std::string oj;
    for (size_t i = 0; i < os.size(); ++i) oj += (i ? ", (" : "(") + os[i] + ")";
    ones = m.wire(fmt::format("{}_o{}", name, k), blocks, os.size() == 1 ? os[0] : "{" + oj + "}",
                  fmt::format("blocks of {} bits that are all ones", bw));
  }
  // x + 1 and its carry out: bit w of the padded sum, or the whole word all ones.
  const std::string carry = n > w ? vlog::bit(up, w) : vlog::pick(m, ones, 0, 0);
  if (n > w) {
    std::vector<std::string> rest;
    if (n > w + 1) rest.push_back(vlog::slice(up, n - 1, w + 1));
    rest.push_back(ones);
    m.wire(name + "_pad_unused", n - w, fmt::format("{{{}}}", fmt::join(rest, ", ")), "above the carry out");
  }
  const std::string sum = m.wire(name + "_inc", w, vlog::pick(m, up, w - 1, 0), "x + 1, below its carry out");
  if (inc == "1'b1") return m.wire(name, w + 1, fmt::format("{{{}, {}}}", carry, sum), comment);
  return m.wire(name, w + 1, fmt::format("{} ? {{{}, {}}} : {{1'b0, {}}}", inc, carry, sum, vlog::pick(m, xp, w - 1, 0)),
                comment);
}

}  // namespace qrtl::arith
