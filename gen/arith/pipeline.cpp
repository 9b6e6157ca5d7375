#include "arith/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "arith/adder.h"
#include "errors.h"
#include "vlog/expr.h"

namespace qrtl::arith {

using vlog::Design;
using vlog::Item;
using vlog::Module;

std::vector<KeyDef> pipe_keys() {
  return {KeyDef::integer("stages", 0, 0, 16, "pipeline register stages: output registered, logic split evenly"),
          KeyDef::integer("depth", 0, 0, 1000,
                          "pipeline for at most this many gate levels between registers (0 = combinational, else >= 16)")};
}

PipeSpec pipe_spec(const Params& p) {
  PipeSpec s;
  if (p.has("stages")) s.stages = static_cast<int>(p.i("stages"));
  if (p.has("depth")) s.depth = static_cast<int>(p.i("depth"));
  return s;
}

void check_pipe_keys(const std::string& block, const Params& p) {
  if (p.has("depth") && p.i("depth") > 0 && p.i("depth") < kMinDepth)
    throw UsageError(fmt::format("{}: depth={} is too shallow: every block pipelines for depth={} or more", block,
                                 p.i("depth"), kMinDepth));
  if (p.has("stages") && p.has("depth") && p.i("stages") > 0 && p.i("depth") > 0)
    throw UsageError(fmt::format("{}: stages and depth cannot be given together (stages=N fixes the latency, depth=D "
                                 "the gate levels)", block));
}

namespace {

constexpr int kAnyStage = INT_MIN / 2;  // constants: available in every stage without registers

struct Time {
  int stage = 0;
  int depth = 0;
};

// One combinational step of a module: a wire, a whole-signal assign or an instance.
struct Node {
  size_t item = 0;
  std::vector<std::string> outs;  // signals it defines
  std::vector<std::string> deps;  // signals it reads
  const Module* helper = nullptr; // instances
  std::shared_ptr<const vlog::Expr> ast;  // wires and assigns: the parsed expression
  int cost = -1;                          // a calibrated cost (Item::cost), or -1
};

struct Graph {
  std::vector<Node> nodes;  // in topological order
};

std::vector<std::string> signal_deps(const Module& m, const std::string& expr) {
  std::vector<std::string> out;
  for (const auto& id : vlog::identifiers(expr))
    if (!m.is_localparam(id)) out.push_back(id);
  return out;
}

Graph build_graph(const Design& d, const Module& m) {
  std::vector<Node> nodes;
  std::map<std::string, size_t> producer;
  const auto& items = m.items();
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    Node n;
    n.item = i;
    switch (it.kind) {
      case Item::Kind::wire:
      case Item::Kind::assign:
        if (it.kind == Item::Kind::assign && it.name.find('[') != std::string::npos)
          throw std::logic_error(fmt::format("pipeline: {}: part-select assignment '{}' in a pipelined module",
                                             m.name(), it.name));
        n.outs = {it.name};
        n.deps = signal_deps(m, it.expr);
        n.ast = vlog::parse_expr(it.expr);
        n.cost = it.cost;
        break;
      case Item::Kind::instance: {
        n.helper = d.find(it.expr);
        if (!n.helper) throw std::logic_error("pipeline: instance of unknown module " + it.expr);
        for (const auto& c : it.conns) {
          auto p = std::find_if(n.helper->ports().begin(), n.helper->ports().end(),
                                [&](const vlog::Port& q) { return q.name == c.port; });
          if (p == n.helper->ports().end()) throw std::logic_error("pipeline: no port " + c.port + " on " + it.expr);
          if (p->dir == vlog::Dir::out) {
            if (!c.expr.empty()) {
              if (!vlog::is_identifier(c.expr))
                throw std::logic_error("pipeline: instance output " + c.port + " must connect to a whole signal");
              n.outs.push_back(c.expr);
            }
          } else {
            for (auto& s : signal_deps(m, c.expr)) n.deps.push_back(s);
          }
        }
        break;
      }
      case Item::Kind::regs:
        throw std::logic_error("pipeline: module " + m.name() + " already holds registers");
      case Item::Kind::loop_begin:
      case Item::Kind::loop_end:
        throw std::logic_error("pipeline: module " + m.name() + " has a generate loop");
      default:
        continue;
    }
    for (const auto& o : n.outs) producer[o] = nodes.size();
    nodes.push_back(std::move(n));
  }
  // Topological order (Kahn), ties broken by item order so that the result is deterministic.
  std::vector<std::vector<size_t>> users(nodes.size());
  std::vector<int> pending(nodes.size(), 0);
  for (size_t v = 0; v < nodes.size(); ++v) {
    std::set<size_t> preds;
    for (const auto& dep : nodes[v].deps) {
      auto it = producer.find(dep);
      if (it != producer.end() && it->second != v) preds.insert(it->second);
    }
    for (size_t u : preds) users[u].push_back(v);
    pending[v] = static_cast<int>(preds.size());
  }
  std::set<size_t> ready;
  for (size_t v = 0; v < nodes.size(); ++v)
    if (pending[v] == 0) ready.insert(v);
  Graph g;
  while (!ready.empty()) {
    size_t v = *ready.begin();
    ready.erase(ready.begin());
    g.nodes.push_back(nodes[v]);
    for (size_t w : users[v])
      if (--pending[w] == 0) ready.insert(w);
  }
  if (g.nodes.size() != nodes.size()) throw std::logic_error("pipeline: combinational loop in " + m.name());
  return g;
}

struct ModuleSched;

// The schedule of one module for a depth budget; helpers are scheduled once each.
struct ModuleSched {
  const Module* m = nullptr;
  std::shared_ptr<const Graph> graph;  // shared by the plans of one search (parsed once)
  std::unordered_map<std::string, Time> sig;  // looked up per leaf of every expression: hashed
  std::vector<Time> node;  // parallel to graph.nodes: when each node's outputs are ready
  std::vector<int> in_stage;  // parallel to graph.nodes: the stage each node reads its inputs in
  int arrival = 0;         // depth of the inputs (helpers)
  int out_stage = 0;       // last stage of any output
  int worst = 0, min_step = 0;
  std::string min_step_at;  // the signal of the deepest single step
};

// Each module's dependency graph (its expressions parsed), built once for every plan of a design.
using GraphCache = std::map<std::string, std::shared_ptr<const Graph>>;

class Scheduler {
 public:
  Scheduler(const Design& d, int budget, GraphCache& graphs) : d_(d), budget_(budget), graphs_(graphs) {}

  ModuleSched& run(const Module& m, int arrival) {
    ModuleSched& s = scheds_[m.name()];
    s.m = &m;
    s.arrival = arrival;
    if (!s.graph) {
      std::shared_ptr<const Graph>& g = graphs_[m.name()];
      if (!g) g = std::make_shared<const Graph>(build_graph(d_, m));
      s.graph = g;
    }
    schedule(s);
    return s;
  }
  std::map<std::string, ModuleSched>& all() { return scheds_; }
  // Whether some helper was (re)scheduled since the last call.
  bool take_raised() {
    bool r = raised_;
    raised_ = false;
    return r;
  }

 private:
  void schedule(ModuleSched& s) {
    const Module& m = *s.m;
    s.sig.clear();
    s.node.assign(s.graph->nodes.size(), {});
    s.in_stage.assign(s.graph->nodes.size(), 0);
    s.worst = s.min_step = 0;
    for (const auto& p : m.ports())
      if (p.dir == vlog::Dir::in) s.sig[p.name] = {0, s.arrival};
    vlog::NameInfo info;
    info.width = [&m](const std::string& n) { return m.width_of(n); };
    info.value = [&m](const std::string& n) { return m.value_of(n); };
    for (size_t v = 0; v < s.graph->nodes.size(); ++v) {
      const Node& n = s.graph->nodes[v];
      int stage = kAnyStage;
      for (const auto& dep : n.deps) {
        auto it = s.sig.find(dep);
        if (it == s.sig.end()) throw std::logic_error("pipeline: " + dep + " read before it is computed in " + m.name());
        stage = std::max(stage, it->second.stage);
      }
      Time t;
      if (n.helper) {
        if (stage == kAnyStage) stage = 0;
        t = schedule_instance(s, n, stage);
        s.in_stage[v] = stage;
      } else {
        auto depth_in = [&](int st) {
          info.depth = [&s, st](const std::string& name) {
            auto it = s.sig.find(name);
            return it != s.sig.end() && it->second.stage == st ? it->second.depth : 0;
          };
          if (n.cost >= 0) {  // calibrated: the latest input in this stage, plus the cost
            int in = 0;
            for (const auto& dep : n.deps) in = std::max(in, info.depth(dep));
            return in + n.cost;
          }
          return vlog::expr_depth(*n.ast, info);
        };
        int alone = depth_in(INT_MIN);  // every input fresh from a register
        if (alone > s.min_step) {
          s.min_step = alone;
          s.min_step_at = n.outs.front();
        }
        if (stage == kAnyStage) {
          t = {kAnyStage, 0};
        } else {
          int here = depth_in(stage);
          if (here > budget_ && here > alone)
            t = {stage + 1, alone};
          else
            t = {stage, here};
        }
      }
      if (!n.helper) s.in_stage[v] = t.stage;
      s.node[v] = t;
      if (t.stage != kAnyStage) s.worst = std::max(s.worst, t.depth);
      for (const auto& o : n.outs) s.sig[o] = t;
    }
    s.out_stage = 0;
    for (const auto& p : m.ports())
      if (p.dir == vlog::Dir::out) {
        auto it = s.sig.find(p.name);
        if (it != s.sig.end()) s.out_stage = std::max(s.out_stage, it->second.stage);
      }
  }

  Time schedule_instance(ModuleSched& s, const Node& n, int stage) {
    int in_depth = 0;
    for (const auto& dep : n.deps) {
      const Time& t = s.sig.at(dep);
      if (t.stage == stage) in_depth = std::max(in_depth, t.depth);
    }
    auto it = scheds_.find(n.helper->name());
    if (it == scheds_.end() || it->second.arrival < in_depth) {
      // First use, or a later arrival than planned: (re)schedule the helper for this arrival.
      run(*n.helper, in_depth);
      it = scheds_.find(n.helper->name());
      raised_ = true;
    }
    ModuleSched& h = it->second;
    if (h.min_step > s.min_step) {
      s.min_step = h.min_step;
      s.min_step_at = n.helper->name() + "." + h.min_step_at;
    }
    int lat = h.out_stage;
    int depth = 0;
    for (const auto& p : n.helper->ports())
      if (p.dir == vlog::Dir::out) {
        auto o = h.sig.find(p.name);
        if (o != h.sig.end() && o->second.stage == lat) depth = std::max(depth, o->second.depth);
      }
    if (lat == 0) depth = std::max(depth, in_depth);
    s.worst = std::max(s.worst, h.worst);
    return {stage + lat, depth};
  }

  const Design& d_;
  int budget_;
  GraphCache& graphs_;
  std::map<std::string, ModuleSched> scheds_;
  bool raised_ = false;
};

struct Plan {
  std::map<std::string, ModuleSched> scheds;
  int top_out_stage = 0;
  int worst = 0, min_step = 0;
  std::string min_step_at;
};

Plan make_plan(const Design& d, int budget, GraphCache& graphs) {
  Scheduler sc(d, budget, graphs);
  // Repeat until every helper is scheduled for the latest arrival of its inputs (schedule_instance
  // only ever raises it, so this ends; in practice after two passes).
  ModuleSched* topp = &sc.run(d.top_module(), 0);
  for (int pass = 0; pass < 8 && sc.take_raised(); ++pass) topp = &sc.run(d.top_module(), 0);
  ModuleSched& top = *topp;
  Plan p;
  p.top_out_stage = top.out_stage;
  p.worst = top.worst;
  p.min_step = top.min_step;
  p.min_step_at = top.min_step_at;
  p.scheds = sc.all();
  return p;
}

void add_clock(Module& m) {
  if (!m.declared("clk")) m.add_port_front({vlog::Dir::in, "clk", 1, "rising-edge clock of the pipeline"});
}

// Rewrites module m per its schedule: reads of a signal in a later stage go through a chain of
// registers (one per stage boundary) that holds exactly the bits read that late; outputs computed
// before `out_stage` are registered up to it.
void apply(Module& m, const ModuleSched& s, int out_stage, const std::map<std::string, ModuleSched>& all) {
  std::map<std::string, int> born;  // signal -> its stage
  for (const auto& [name, t] : s.sig) born[name] = t.stage;
  auto& items = m.mutable_items();
  vlog::NameInfo info;
  info.value = [&m](const std::string& n) { return m.value_of(n); };
  info.width = [&m](const std::string& n) { return m.width_of(n); };

  // Outputs computed before the last stage: their driver moves to PORT_comb, which gets delayed.
  std::vector<std::pair<std::string, std::string>> late_outputs;  // (port, PORT_comb)
  std::vector<std::pair<std::string, int>> comb_decls;            // PORT_comb driven by an instance
  for (const auto& p : m.ports()) {
    if (p.dir != vlog::Dir::out) continue;
    int st = born.count(p.name) ? born[p.name] : 0;
    if (st == kAnyStage || st >= out_stage) continue;
    const std::string comb = p.name + "_comb";
    late_outputs.emplace_back(p.name, comb);
    born[comb] = st;
    for (auto& it : items) {
      if (it.kind == Item::Kind::assign && it.name == p.name) {
        it.kind = Item::Kind::wire;
        it.name = comb;
        it.width = p.width;
        it.comment = "before the output registers";
        m.declare_pass_signal(comb, p.width, true);
        m.release_driver(p.name);
      } else if (it.kind == Item::Kind::instance) {
        for (auto& c : it.conns)
          if (c.expr == p.name) {
            c.expr = comb;
            m.release_driver(p.name);
            m.declare_pass_signal(comb, p.width, true);
            comb_decls.push_back({comb, p.width});  // its item is added with the others, at the end
          }
      }
    }
  }

  // Every late read: which signal, how many cycles late, which bits, and where in which text.
  struct Read {
    std::string* text;
    vlog::Use use;
    int delay;
  };
  std::vector<Read> reads;
  auto collect = [&](std::string& text, int at) {
    for (const auto& u : vlog::uses(text, info)) {
      auto b = born.find(u.name);
      if (b == born.end() || b->second == kAnyStage || at == kAnyStage || b->second >= at) continue;
      vlog::Use full = u;
      if (full.lo < 0) full.lo = 0, full.hi = m.width_of(u.name) - 1;
      reads.push_back({&text, full, at - b->second});
    }
  };
  for (size_t v = 0; v < s.graph->nodes.size(); ++v) {
    const Node& n = s.graph->nodes[v];
    Item& it = items[n.item];
    if (n.helper) {
      for (auto& c : it.conns) {
        auto p = std::find_if(n.helper->ports().begin(), n.helper->ports().end(),
                              [&](const vlog::Port& q) { return q.name == c.port; });
        if (p->dir == vlog::Dir::in) collect(c.expr, s.in_stage[v]);
      }
    } else {
      collect(it.expr, s.in_stage[v]);
    }
  }
  std::vector<std::string> out_texts;  // the late outputs' register chains are read at out_stage
  out_texts.reserve(late_outputs.size());
  for (const auto& [port, comb] : late_outputs) {
    out_texts.push_back(comb);
    collect(out_texts.back(), out_stage);
  }

  // Per signal and delay level i: the bits read i or more cycles late, as maximal intervals; one
  // register per interval and level.
  struct Interval {
    int lo, hi;
    std::string name;
  };
  std::map<std::string, std::vector<std::vector<Interval>>> chains;  // signal -> level (1..K) -> intervals
  std::map<std::string, int> longest;
  for (const auto& r : reads) longest[r.use.name] = std::max(longest[r.use.name], r.delay);
  std::map<int, std::vector<vlog::RegAssign>> boundary;  // stage entered -> registers
  struct Decl {
    std::string after, name, comment;
    int width;
  };
  std::vector<Decl> decls;  // declared after the rewrite (inserting items moves the texts)
  for (const auto& [sig, k] : longest) {
    const int w = m.width_of(sig);
    auto& levels = chains[sig];
    levels.resize(k + 1);
    std::string after = sig;
    for (int i = 1; i <= k; ++i) {
      std::vector<char> used(w, 0);
      for (const auto& r : reads)
        if (r.use.name == sig && r.delay >= i)
          for (int b = r.use.lo; b <= r.use.hi; ++b) used[b] = 1;
      for (int b = 0; b < w;) {
        if (!used[b]) {
          ++b;
          continue;
        }
        int e = b;
        while (e + 1 < w && used[e + 1]) ++e;
        levels[i].push_back({b, e, ""});
        b = e + 1;
      }
      const bool single = levels[i].size() == 1;
      for (size_t n = 0; n < levels[i].size(); ++n) {
        Interval& iv = levels[i][n];
        iv.name = single ? fmt::format("{}_q{}", sig, i) : fmt::format("{}_q{}_{}", sig, i, n);
        const bool whole = iv.lo == 0 && iv.hi == w - 1;
        decls.push_back({after, iv.name,
                         fmt::format("{}{} delayed {} cycle{}", sig, whole ? "" : fmt::format("[{}:{}]", iv.hi, iv.lo), i,
                                     i == 1 ? "" : "s"),
                         iv.hi - iv.lo + 1});
        after = iv.name;
        std::string d;
        if (i == 1) {
          d = vlog::pick(m, sig, iv.hi, iv.lo);
        } else {
          const Interval* src = nullptr;
          for (const auto& p : levels[i - 1])
            if (p.lo <= iv.lo && iv.hi <= p.hi) src = &p;
          const int sw = src->hi - src->lo + 1;
          d = sw == 1 ? src->name
                      : iv.hi - iv.lo + 1 == sw ? src->name : vlog::slice(src->name, iv.hi - src->lo, iv.lo - src->lo);
        }
        boundary[born.at(sig) + i].push_back({iv.name, d, ""});
      }
    }
  }

  // Rewrite the late reads, last span first within each text.
  std::stable_sort(reads.begin(), reads.end(), [](const Read& a, const Read& b) {
    return a.text != b.text ? a.text < b.text : a.use.begin > b.use.begin;
  });
  for (const auto& r : reads) {
    const Interval* iv = nullptr;
    for (const auto& c : chains.at(r.use.name)[r.delay])
      if (c.lo <= r.use.lo && r.use.hi <= c.hi) iv = &c;
    const int iw = iv->hi - iv->lo + 1;
    const std::string rep = iw == r.use.hi - r.use.lo + 1 ? iv->name : vlog::slice(iv->name, r.use.hi - iv->lo, r.use.lo - iv->lo);
    r.text->replace(r.use.begin, r.use.end - r.use.begin, rep);
  }
  // Helpers that hold registers get the clock (after the rewrite: it moves the connections; before
  // the declarations: they move the items).
  for (const Node& n : s.graph->nodes)
    if (n.helper && all.at(n.helper->name()).out_stage > 0) {
      add_clock(m);
      auto& conns = items[n.item].conns;
      conns.insert(conns.begin(), {"clk", "clk"});
    }
  for (const auto& [name, width] : comb_decls) m.insert_signal_after("", name, width, "before the output registers", true);
  for (const auto& dcl : decls) m.insert_signal_after(dcl.after, dcl.name, dcl.width, dcl.comment);

  for (auto& [stage, regs] : boundary) {
    add_clock(m);
    m.comment(fmt::format("pipeline registers into stage {}", stage));
    m.regs("clk", std::move(regs));
  }
  for (size_t i = 0; i < late_outputs.size(); ++i) m.assign(late_outputs[i].first, out_texts[i]);
}

}  // namespace

int model_budget(int depth) { return depth - (depth + 7) / 8; }

PipeResult pipeline(Design& d, const PipeSpec& spec) {
  PipeResult r;
  if (!spec.active()) return r;
  Plan plan;
  int out_stage = 0;
  GraphCache graphs;
  if (spec.depth > 0) {
    const int budget = model_budget(spec.depth);
    plan = make_plan(d, budget, graphs);
    if (budget < plan.min_step)
      throw UsageError(fmt::format("depth={} is below the deepest single step of this block ({} gate levels, at '{}')",
                                   spec.depth, plan.min_step, plan.min_step_at));
    out_stage = plan.top_out_stage;
  } else {
    // stages=N: the smallest budget that needs at most N-1 cuts inside the logic; the N-th register
    // stage is the output register (and any stages beyond the logic's steps delay it further).
    Plan comb = make_plan(d, INT_MAX / 4, graphs);
    int lo = std::max(comb.min_step, 1), hi = std::max(comb.worst, lo);
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      if (make_plan(d, mid, graphs).top_out_stage <= spec.stages - 1)
        hi = mid;
      else
        lo = mid + 1;
    }
    plan = make_plan(d, lo, graphs);
    out_stage = spec.stages;
  }
  r.latency = out_stage;
  r.worst_depth = plan.worst;
  r.min_depth = plan.min_step;
  // Helpers first (their clk ports are needed by the parents' instances), then the top.
  for (size_t i = d.modules.size(); i-- > 0;) {
    Module& m = d.modules[i];
    auto it = plan.scheds.find(m.name());
    if (it == plan.scheds.end()) continue;
    const ModuleSched& s = it->second;
    bool is_top = i == 0;
    apply(m, s, is_top ? out_stage : s.out_stage, plan.scheds);
  }
  return r;
}

int model_depth(const Design& d) {
  GraphCache graphs;
  return make_plan(d, INT_MAX / 4, graphs).worst;
}

PipeResult build_pipelined(Design& d, const PipeSpec& spec, const std::function<void(Design&)>& build) {
  int budget = spec.depth > 0 ? model_budget(spec.depth) : 0;
  if (spec.stages > 0) {
    Design probe = d;
    build(probe);
    budget = std::max(8, model_depth(probe) / (spec.stages + 1));
  }
  {
    StepBudgetScope scope(budget);
    build(d);
  }
  PipeResult r = pipeline(d, spec);
  if (!spec.active()) r.worst_depth = model_depth(d);
  return r;
}

}  // namespace qrtl::arith
