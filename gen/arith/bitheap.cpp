#include "arith/bitheap.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <map>
#include <set>
#include <stdexcept>

namespace qrtl::arith {

namespace {

// Dadda's sequence of maximal column heights: 2, 3, 4, 6, 9, 13, 19, ...
std::vector<int> dadda_targets(int max_height) {
  std::vector<int> d = {2};
  while (d.back() < max_height) d.push_back(d.back() * 3 / 2);
  d.pop_back();  // the last entry is >= max_height: no reduction needed to reach it
  std::reverse(d.begin(), d.end());
  return d;
}

// One full or half adder of a reduction level, before it is grouped into a word-level step.
struct Op {
  int col;
  int n;                 // 3: full adder, 2: half adder
  int slot[3][3] = {};   // per input: row, idx, inv
};

}  // namespace

BitHeap::BitHeap(vlog::Module& m, std::string prefix, int width)
    : m_(m), prefix_(std::move(prefix)), width_(width), constant_(width > 0 ? width : 0, 0), cols_(width > 0 ? width : 0) {
  if (width < 1 || width > 256) throw std::logic_error("BitHeap: width must be 1..256");
}

int BitHeap::row_of(const std::string& sig) {
  for (size_t r = 0; r < rows_.size(); ++r)
    if (rows_[r].sig == sig) return static_cast<int>(r);
  if (m_.width_of(sig) < 1) throw std::logic_error("BitHeap: '" + sig + "' is not a declared signal");
  rows_.push_back({sig});
  return static_cast<int>(rows_.size()) - 1;
}

BitHeap::Bit BitHeap::bit_of(const std::string& expr) {
  // name, ~name, name[i], ~name[i] refer to a row directly; anything else gets a named wire.
  static const std::regex simple(R"(^(~?)([A-Za-z_][A-Za-z0-9_$]*)(?:\[(\d+)\])?$)");
  std::smatch mt;
  if (std::regex_match(expr, mt, simple) && m_.width_of(mt[2]) >= 1) {
    bool sel = mt[3].matched;
    if (sel || m_.width_of(mt[2]) == 1)
      return {row_of(mt[2]), sel ? std::stoi(mt[3]) : 0, !mt[1].str().empty()};
  }
  std::string w = m_.wire(fmt::format("{}_in{}", prefix_, serial_++), 1, expr);
  return {row_of(w), 0, false};
}

std::string BitHeap::bit_text(const Bit& b) const {
  if (b.row == kOne) return "1'b1";
  std::string t = vlog::pick(m_, rows_[b.row].sig, b.idx, b.idx);
  return b.inv ? "~" + t : t;
}

std::string BitHeap::slice_text(const Bit& first, int len) const {
  if (first.row == kOne) return fmt::format("{}'b{}", len, std::string(len, '1'));
  std::string t = vlog::pick(m_, rows_[first.row].sig, first.idx + len - 1, first.idx);
  return first.inv ? "~" + t : t;
}

void BitHeap::add_bit(int col, const std::string& bit) {
  if (col < 0) throw std::logic_error("BitHeap: negative column");
  if (col < width_) cols_[col].push_back(bit_of(bit));
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
  Bit b = bit_of(bit);
  b.inv = !b.inv;
  cols_[col].push_back(b);
  add_constant_shifted(-1, col);
}

void BitHeap::add_number(const std::string& sig, int w, bool is_signed, int shift) {
  const int r = row_of(sig);
  for (int i = 0; i < w && shift + i < width_; ++i) {
    bool neg = is_signed && i == w - 1;
    cols_[shift + i].push_back({r, i, neg});
    if (neg) add_constant_shifted(-1, shift + i);
  }
}

void BitHeap::add_product(const std::string& a, int wa, bool a_signed, const std::string& b, int wb,
                          bool b_signed, int shift) {
  // One partial-product row per bit of b: a AND b[j]. A partial product is negative when exactly
  // one of its bits is a sign bit (Baugh-Wooley): the heap takes it inverted, plus a constant.
  for (int j = 0; j < wb; ++j) {
    if (shift + j >= width_) break;
    const int wr = std::min(wa, width_ - shift - j);  // bits of the row inside the heap
    const std::string pa = vlog::pick(m_, a, wr - 1, 0);
    std::string bj = vlog::pick(m_, b, j, j);
    std::string name = products_ == 0 ? fmt::format("{}_pp{}", prefix_, j) : fmt::format("{}_pp{}_{}", prefix_, products_, j);
    std::string row = m_.wire(name, wr, wr == 1 ? fmt::format("{} & {}", pa, bj) : fmt::format("{} & {{{}{{{}}}}}", pa, wr, bj),
                              j == 0 ? fmt::format("partial products {} x {}[j]", a, b) : "");
    const int r = row_of(row);
    for (int i = 0; i < wr; ++i) {
      int col = shift + i + j;
      if (col >= width_) break;
      bool neg = (a_signed && i == wa - 1) != (b_signed && j == wb - 1);
      cols_[col].push_back({r, i, neg});
      if (neg) add_constant_shifted(-1, col);
    }
  }
  ++products_;
}

void BitHeap::reduce_level(int target, int level) {
  // Dadda's rule per column decides how many full and half adders it gets; which bits feed which
  // adder is chosen so that adders read consecutive bits of the same rows and group into word-level
  // steps: columns are sorted by (row, bit); a column of many bits from few rows (a popcount) gives
  // adder j the bits j, j+n, j+2n, one of partial products (one bit per row) the bits 3j..3j+2.
  std::vector<Op> ops;
  std::vector<std::vector<Bit>> keep(width_);
  std::vector<int> incoming(width_ + 1, 0);  // carries arriving from the column below
  // Rows live at this level, ranked; rows 3g..3g+2 form group g. A column that holds a bit of each
  // row of a group gives those three to one full adder first, so that the adders of neighbouring
  // columns read neighbouring bits of the same three rows (partial products, carry-save rows).
  std::vector<int> live;
  for (const auto& col : cols_)
    for (const Bit& b : col)
      if (b.row != kOne) live.push_back(b.row);
  std::sort(live.begin(), live.end());
  live.erase(std::unique(live.begin(), live.end()), live.end());
  std::map<int, int> rank;
  for (size_t i = 0; i < live.size(); ++i) rank[live[i]] = static_cast<int>(i);
  for (int c = 0; c < width_; ++c) {
    auto& bits = cols_[c];
    std::stable_sort(bits.begin(), bits.end(), [](const Bit& x, const Bit& y) {
      return x.row != y.row ? x.row < y.row : x.idx < y.idx;
    });
    {
      std::map<int, std::vector<Bit>> group;  // group -> its bits in this column (one per row at most)
      std::vector<Bit> rest;
      std::set<int> seen;
      for (const Bit& b : bits) {
        if (b.row == kOne || !seen.insert(b.row).second) rest.push_back(b);
        else group[rank[b.row] / 3].push_back(b);
      }
      std::vector<Bit> ordered, tail;
      for (auto& [g, v] : group) (v.size() == 3 ? ordered : tail).insert((v.size() == 3 ? ordered : tail).end(), v.begin(), v.end());
      for (const Bit& b : rest) tail.push_back(b);
      std::stable_sort(tail.begin(), tail.end(), [](const Bit& x, const Bit& y) {
        return x.row != y.row ? x.row < y.row : x.idx < y.idx;
      });
      ordered.insert(ordered.end(), tail.begin(), tail.end());
      bits = ordered;
    }
    int fa = 0, ha = 0;
    {
      int rest = static_cast<int>(bits.size()), next = incoming[c];
      while (rest + next > target) {
        int excess = rest + next - target;
        if (rest < 2) throw std::logic_error("BitHeap: Dadda invariant violated");
        if (excess == 1 || rest < 3) ++ha, rest -= 2;
        else ++fa, rest -= 3;
        ++next;
      }
    }
    if (c + 1 < width_) incoming[c + 1] += fa + ha;
    // First, adders that continue one of the previous column's: each input the next bit of the same
    // row, so that the two join one word-level step (a diagonal of partial products, a carry-save
    // row). Any choice of bits is Dadda's: only the counts per column are fixed.
    std::vector<bool> taken(bits.size(), false);
    auto add_op = [&](int n, const std::vector<size_t>& at) {
      Op op;
      op.col = c;
      op.n = n;
      for (int sl = 0; sl < n; ++sl) {
        const Bit& b = bits[at[sl]];
        op.slot[sl][0] = b.row;
        op.slot[sl][1] = b.idx;
        op.slot[sl][2] = b.inv;
        taken[at[sl]] = true;
      }
      ops.push_back(op);
    };
    int fa_left = fa, ha_left = ha;
    const size_t prev_end = ops.size();
    for (size_t q = 0; q < prev_end; ++q) {
      const Op prev = ops[q];  // a copy: add_op may grow ops
      if (prev.col != c - 1 || (prev.n == 3 ? fa_left : ha_left) == 0) continue;
      std::vector<size_t> at;
      for (int sl = 0; sl < prev.n; ++sl) {
        for (size_t k = 0; k < bits.size(); ++k) {
          const Bit& b = bits[k];
          if (taken[k] || std::find(at.begin(), at.end(), k) != at.end()) continue;
          if (b.row == prev.slot[sl][0] && b.inv == (prev.slot[sl][2] != 0) &&
              (b.row == kOne || b.idx == prev.slot[sl][1] + 1)) {
            at.push_back(k);
            break;
          }
        }
      }
      if (static_cast<int>(at.size()) < prev.n) continue;
      add_op(prev.n, at);
      --(prev.n == 3 ? fa_left : ha_left);
    }
    // The other adders take the remaining bits in the order above.
    std::vector<size_t> free;
    for (size_t k = 0; k < bits.size(); ++k)
      if (!taken[k]) free.push_back(k);
    std::set<int> rows_used;
    for (int i = 0; i < 3 * fa_left; ++i) rows_used.insert(bits[free[i]].row);
    const bool strided = fa_left > 1 && static_cast<int>(rows_used.size()) * 2 < 3 * fa_left;
    for (int j = 0; j < fa_left; ++j)
      add_op(3, strided ? std::vector<size_t>{free[j], free[j + fa_left], free[j + 2 * fa_left]}
                        : std::vector<size_t>{free[3 * j], free[3 * j + 1], free[3 * j + 2]});
    for (int j = 0; j < ha_left; ++j) add_op(2, {free[3 * fa_left + 2 * j], free[3 * fa_left + 2 * j + 1]});
    for (size_t k = 0; k < bits.size(); ++k)
      if (!taken[k]) keep[c].push_back(bits[k]);
  }

  // Group adders into runs: same kind, and each input reads the next bit of the same row (with the
  // same inversion) as in the run's previous adder; the adders of a run sit in one column or in
  // consecutive ones.
  struct Run {
    std::vector<const Op*> ops;
  };
  std::vector<Run> runs;
  std::vector<size_t> recent;  // runs whose last adder is in the current or the previous column
  for (const Op& op : ops) {
    std::erase_if(recent, [&](size_t r) { return runs[r].ops.back()->col < op.col - 1; });
    size_t chosen = runs.size();
    for (size_t r : recent) {
      const Op& last = *runs[r].ops.back();
      if (last.n != op.n) continue;
      bool match = true;
      for (int s = 0; s < op.n && match; ++s)
        match = last.slot[s][0] == op.slot[s][0] && last.slot[s][2] == op.slot[s][2] &&
                (op.slot[s][0] == kOne || last.slot[s][1] + 1 == op.slot[s][1]);
      if (match) {
        chosen = r;
        break;
      }
    }
    if (chosen == runs.size()) {
      runs.push_back({});
      recent.push_back(chosen);
    }
    runs[chosen].ops.push_back(&op);
  }

  // Runs of kMinRun or more adders become one word-level step on slices of their rows. The other
  // adders of the level are gathered by kind into one more step each, whose inputs are collected
  // into vectors first; either way every full and half adder is Dadda's. (A step costs two
  // statements and a comment; below six adders, listing their bits in a gathered step is shorter.)
  constexpr size_t kMinRun = 6;
  std::vector<std::vector<const Op*>> steps;
  std::map<std::pair<int, bool>, std::vector<const Op*>> gathered;  // (inputs, one) -> adders
  for (const Run& run : runs) {
    if (run.ops.size() >= kMinRun) {
      steps.push_back(run.ops);
      continue;
    }
    for (const Op* op : run.ops) gathered[{op->n, op->slot[0][0] == kOne}].push_back(op);
  }
  std::vector<std::vector<Bit>> next(width_);
  auto tidy = [](std::string e) {  // a bit inverted twice reads plainly
    for (size_t p; (p = e.find("~~")) != std::string::npos;) e.erase(p, 2);
    return e;
  };
  auto emit_step = [&](std::vector<const Op*> ops, bool is_run) {
    std::stable_sort(ops.begin(), ops.end(), [](const Op* a, const Op* b) { return a->col < b->col; });
    const Op& first = *ops.front();
    const int len = static_cast<int>(ops.size());
    const bool one = first.slot[0][0] == kOne;  // x + 1 = {x, ~x}; x + y + 1 = {x | y, ~(x ^ y)}
    // Steps are numbered through the whole tree (the level is in the comment): prod_f73s.
    const std::string tag = fmt::format("{}_{}{}", prefix_, first.n == 3 ? "f" : "h", serial_++);
    const int c0 = first.col, c1 = ops.back()->col;
    const std::string what =
        fmt::format("level {}: {} {} adder{}, column{} {}{}", level, len, first.n == 3 ? "full" : "half",
                    len == 1 ? "" : "s", c0 == c1 ? "" : "s", c0 == c1 ? std::to_string(c0) : fmt::format("{}..{}", c0, c1),
                    is_run || len == 1 ? "" : ", inputs gathered");
    // Per input slot: an expression of `len` bits (bit l = adder l).
    std::vector<std::string> base(first.n);
    for (int sl = one ? 1 : 0; sl < first.n; ++sl) {
      Bit b{first.slot[sl][0], first.slot[sl][1], first.slot[sl][2] != 0};
      if (len == 1) {
        base[sl] = bit_text(b);
      } else if (is_run) {
        base[sl] = slice_text(b, len);
      } else {
        std::vector<std::string> parts;
        for (int l = len - 1; l >= 0; --l)
          parts.push_back(bit_text({ops[l]->slot[sl][0], ops[l]->slot[sl][1], ops[l]->slot[sl][2] != 0}));
        base[sl] = m_.wire(fmt::format("{}{}", tag, "xyz"[sl]), len, tidy(fmt::format("{{{}}}", fmt::join(parts, ", "))),
                           sl == (one ? 1 : 0) ? what : "");
      }
    }
    auto in = [&](int sl, int l) {
      if (len == 1 || l == len) return base[sl];
      if (is_run) return slice_text({first.slot[sl][0], first.slot[sl][1], first.slot[sl][2] != 0}, l);
      return vlog::pick(m_, base[sl], l - 1, 0);
    };
    int lc = 0;  // carries out of the top column are dropped (those adders come last)
    while (lc < len && ops[lc]->col + 1 < width_) ++lc;
    std::string sum, carry;
    if (first.n == 3) {
      sum = one ? fmt::format("~({} ^ {})", in(1, len), in(2, len)) : fmt::format("{} ^ {} ^ {}", in(0, len), in(1, len), in(2, len));
      if (lc > 0)
        carry = one ? fmt::format("{} | {}", in(1, lc), in(2, lc))
                    : fmt::format("({0} & {1}) | ({2} & ({0} ^ {1}))", in(0, lc), in(1, lc), in(2, lc));
    } else {
      const std::string y = in(1, len);
      sum = one ? (y.find_first_of(" &|^") == std::string::npos && y[0] != '~' ? "~" + y : "~(" + y + ")")
                : fmt::format("{} ^ {}", in(0, len), y);
      if (lc > 0) carry = one ? in(1, lc) : fmt::format("{} & {}", in(0, lc), in(1, lc));
    }
    const bool gathered_inputs = !is_run && len > 1;
    const int rs = row_of(m_.wire(tag + "s", len, tidy(sum), gathered_inputs ? "" : what));
    for (int l = 0; l < len; ++l) next[ops[l]->col].push_back({rs, l, false});
    if (lc > 0) {
      const int rc = row_of(m_.wire(tag + "c", lc, tidy(carry)));
      for (int l = 0; l < lc; ++l) next[ops[l]->col + 1].push_back({rc, l, false});
    }
  };
  for (const auto& st : steps) emit_step(st, true);
  for (const auto& [kind, ops] : gathered) emit_step(ops, false);
  for (int c = 0; c < width_; ++c)
    for (const Bit& b : keep[c]) next[c].push_back(b);
  cols_ = std::move(next);
}

std::string BitHeap::emit(const std::string& result, Adder cpa) {
  // Constant bits join the heap as the pseudo-row of ones; the synthesizer folds them into the adders.
  size_t nbits = 0;
  for (int c = 0; c < width_; ++c) {
    if (constant_[c]) cols_[c].insert(cols_[c].begin(), Bit{kOne, c, false});
    nbits += cols_[c].size();
  }
  size_t max_h = 0;
  for (const auto& col : cols_) max_h = std::max(max_h, col.size());
  std::vector<int> targets = dadda_targets(static_cast<int>(max_h));
  m_.comment(fmt::format("{}: {}-bit sum of {} bits, Dadda tree of {} levels", prefix_, width_, nbits, targets.size()));
  for (size_t level = 0; level < targets.size(); ++level) reduce_level(targets[level], static_cast<int>(level) + 1);

  // Two rows left: one carry-propagate adder (or none when at most one bit per column remains).
  bool two = false;
  for (const auto& col : cols_) two |= col.size() > 1;
  auto row_expr = [&](size_t which) {
    std::vector<std::string> parts;  // MSB first
    int c = width_ - 1;
    while (c >= 0) {
      const Bit* b = cols_[c].size() > which ? &cols_[c][which] : nullptr;
      int j = c;
      auto same_run = [&](int col) {
        const Bit* o = cols_[col].size() > which ? &cols_[col][which] : nullptr;
        if (!b || !o) return !b && !o;
        if (o->row != b->row || o->inv != b->inv) return false;
        return b->row == kOne || o->idx == b->idx - (c - col);
      };
      while (j - 1 >= 0 && same_run(j - 1)) --j;
      const int len = c - j + 1;
      if (!b) parts.push_back(vlog::lit(len, 0));
      else parts.push_back(len == 1 ? bit_text(*b) : slice_text(cols_[j][which], len));
      c = j - 1;
    }
    return parts.size() == 1 ? parts[0] : fmt::format("{{{}}}", fmt::join(parts, ", "));
  };
  if (!two) return m_.wire(result, width_, row_expr(0), "the heap needs no adder");
  std::string r0 = m_.wire(prefix_ + "_row0", width_, row_expr(0), "the two rows left");
  std::string r1 = m_.wire(prefix_ + "_row1", width_, row_expr(1));
  return add(m_, result, r0, r1, width_, "", cpa);
}

}  // namespace qrtl::arith
