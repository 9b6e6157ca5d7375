#include "bitheap.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace qrtl::arith {

namespace {
bool is_literal(const std::string& b) { return b == "1'b1" || b == "1'b0"; }

// ~b without writing "~~x" (which Icarus rejects): a negated name loses its ~, anything else
// with an operator gets parentheses.
std::string negate(const std::string& b) {
  if (b.size() > 1 && b[0] == '~' && b.find_first_of(" &|^()~", 1) == std::string::npos) return b.substr(1);
  return b.find_first_of(" &|^~") == std::string::npos ? "~" + b : "~(" + b + ")";
}

// Dadda's sequence of maximal column heights: 2, 3, 4, 6, 9, 13, 19, ...
std::vector<int> dadda_targets(int max_height) {
  std::vector<int> d = {2};
  while (d.back() < max_height) d.push_back(d.back() * 3 / 2);
  d.pop_back();  // the last entry is >= max_height: no reduction needed to reach it
  std::reverse(d.begin(), d.end());
  return d;
}
}  // namespace

BitHeap::BitHeap(vlog::Module& m, std::string prefix, int width)
    : m_(m), prefix_(std::move(prefix)), width_(width), constant_(width > 0 ? width : 0, 0), cols_(width) {
  if (width < 1 || width > 256) throw std::logic_error("BitHeap: width must be 1..256");
}

void BitHeap::add_bit(int col, const std::string& bit) {
  if (col < 0) throw std::logic_error("BitHeap: negative column");
  if (col < width_) cols_[col].push_back(bit);
}

void BitHeap::add_constant(long long value) { add_constant_shifted(value, 0); }

void BitHeap::add_constant_shifted(long long value, int shift) {
  // Bit-serial addition of value * 2^shift, sign-extended to the heap's width (which may exceed 64).
  auto v = static_cast<unsigned long long>(value);
  int carry = 0;
  for (int c = shift; c < width_; ++c) {
    int vb = c - shift < 64 ? static_cast<int>((v >> (c - shift)) & 1) : (value < 0 ? 1 : 0);
    int s = constant_[c] + vb + carry;
    constant_[c] = static_cast<char>(s & 1);
    carry = s >> 1;
  }
}

void BitHeap::sub_bit(int col, const std::string& bit) {
  if (col >= width_) return;
  add_bit(col, negate(bit));
  add_constant_shifted(-1, col);
}

void BitHeap::add_number(const std::string& sig, int w, bool is_signed, int shift) {
  for (int i = 0; i < w; ++i) {
    std::string b = w == 1 && m_.width_of(sig) == 1 ? sig : vlog::bit(sig, i);
    if (is_signed && i == w - 1)
      sub_bit(shift + i, b);
    else
      add_bit(shift + i, b);
  }
}

void BitHeap::add_product(const std::string& a, int wa, bool a_signed, const std::string& b, int wb,
                          bool b_signed, int shift) {
  auto abit = [&](int i) { return m_.width_of(a) == 1 ? a : vlog::bit(a, i); };
  auto bbit = [&](int j) { return m_.width_of(b) == 1 ? b : vlog::bit(b, j); };
  for (int i = 0; i < wa; ++i) {
    for (int j = 0; j < wb; ++j) {
      int col = shift + i + j;
      if (col >= width_) continue;
      // A partial product is negative when exactly one of its bits is a sign bit (Baugh-Wooley).
      bool neg = (a_signed && i == wa - 1) != (b_signed && j == wb - 1);
      // The first product keeps the short names; later ones in the same heap are numbered.
      std::string pp = products_ == 0 ? fmt::format("{}_pp{}_{}", prefix_, i, j)
                                      : fmt::format("{}_pp{}_{}_{}", prefix_, products_, i, j);
      pending_.emplace_back(pp, fmt::format("{} & {}", abit(i), bbit(j)));
      if (neg)
        sub_bit(col, pp);
      else
        add_bit(col, pp);
    }
  }
  ++products_;
}

int BitHeap::levels() const {
  size_t h = 0;
  for (int c = 0; c < width_; ++c) h = std::max<size_t>(h, cols_[c].size() + static_cast<size_t>(constant_[c]));
  return static_cast<int>(dadda_targets(static_cast<int>(h)).size());
}

std::string BitHeap::fresh(const std::string& what, int col) {
  return fmt::format("{}_{}{}_{}", prefix_, what, col, serial_++);
}

void BitHeap::register_all(const std::string& clk, int cut_index) {
  std::vector<std::pair<std::string, std::string>> q_d;
  for (int c = 0; c < width_; ++c) {
    for (auto& b : cols_[c]) {
      if (is_literal(b)) continue;
      std::string q = fmt::format("{}_p{}_c{}_{}", prefix_, cut_index, c, serial_++);
      m_.signal(q, 1);
      q_d.emplace_back(q, b);
      b = q;
    }
  }
  m_.regs(clk, std::move(q_d));
}

std::string BitHeap::emit(const std::string& result, const std::vector<int>& cuts,
                          const std::string& clk) {
  // Constant bits join the heap as literals; the synthesizer folds them into the adders.
  for (int c = 0; c < width_; ++c)
    if (constant_[c]) cols_[c].insert(cols_[c].begin(), "1'b1");
  size_t max_h = 0;
  for (const auto& col : cols_) max_h = std::max(max_h, col.size());
  std::vector<int> targets = dadda_targets(static_cast<int>(max_h));
  int nlevels = static_cast<int>(targets.size());
  auto cut_at = [&](int k) { return std::find(cuts.begin(), cuts.end(), k) != cuts.end(); };

  m_.comment(fmt::format("{}: {}-bit sum of {} bits, Dadda tree of {} levels", prefix_, width_,
                         [&] { size_t n = 0; for (auto& c : cols_) n += c.size(); return n; }(), nlevels));
  for (const auto& [name, expr] : pending_) m_.wire(name, 1, expr);
  int cut_index = 0;
  if (cut_at(0)) register_all(clk, cut_index++);
  for (int level = 0; level < nlevels; ++level) {
    int d = targets[level];
    std::vector<std::vector<std::string>> next(width_);
    for (int c = 0; c < width_; ++c) {
      auto& bits = cols_[c];
      size_t k = 0;
      while ((bits.size() - k) + next[c].size() > static_cast<size_t>(d)) {
        size_t excess = (bits.size() - k) + next[c].size() - d;
        if (bits.size() - k < 2) throw std::logic_error("BitHeap: Dadda invariant violated");
        if (excess == 1 || bits.size() - k < 3) {
          std::string s = fresh("hs", c), co = fresh("hc", c + 1);
          bool one = bits[k] == "1'b1";  // constants sort first: x + 1 = {x, ~x}
          m_.wire(s, 1, one ? negate(bits[k + 1]) : fmt::format("{} ^ {}", bits[k], bits[k + 1]));
          next[c].push_back(s);
          if (c + 1 < width_) {
            m_.wire(co, 1, one ? bits[k + 1] : fmt::format("{} & {}", bits[k], bits[k + 1]));
            next[c + 1].push_back(co);
          }
          k += 2;
        } else {
          const std::string &x = bits[k], &y = bits[k + 1], &z = bits[k + 2];
          std::string s = fresh("fs", c), co = fresh("fc", c + 1);
          bool one = x == "1'b1";  // x + y + 1 = {y | z, ~(y ^ z)}
          m_.wire(s, 1, one ? fmt::format("~({} ^ {})", y, z) : fmt::format("{} ^ {} ^ {}", x, y, z));
          next[c].push_back(s);
          if (c + 1 < width_) {
            m_.wire(co, 1, one ? fmt::format("{} | {}", y, z) : fmt::format("({} & {}) | ({} & ({} ^ {}))", x, y, z, x, y));
            next[c + 1].push_back(co);
          }
          k += 3;
        }
      }
      for (; k < bits.size(); ++k) next[c].push_back(bits[k]);
    }
    cols_ = std::move(next);
    if (cut_at(level + 1)) register_all(clk, cut_index++);
  }
  // Two rows left: one carry-propagate adder.
  std::vector<std::string> row0, row1;
  for (int c = width_ - 1; c >= 0; --c) {
    row0.push_back(cols_[c].size() > 0 ? cols_[c][0] : "1'b0");
    row1.push_back(cols_[c].size() > 1 ? cols_[c][1] : "1'b0");
  }
  std::string r0 = m_.wire(prefix_ + "_row0", width_, fmt::format("{{{}}}", fmt::join(row0, ", ")));
  std::string r1 = m_.wire(prefix_ + "_row1", width_, fmt::format("{{{}}}", fmt::join(row1, ", ")));
  if (cut_at(nlevels + 1)) {
    std::string sum = m_.wire(prefix_ + "_cpa", width_, fmt::format("{} + {}", r0, r1));
    m_.reg(clk, result, width_, sum);
  } else {
    m_.wire(result, width_, fmt::format("{} + {}", r0, r1));
  }
  return result;
}

}  // namespace qrtl::arith
