// Golden-model registry. A model is registered under its block's name (QRTL_MODEL in its
// verif/models/ file) and computes, from first principles, what the block's outputs must be.
// Models are linked apart from the generators, so they can never call generator code.
#pragma once
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bits.h"
#include "params.h"

namespace qrtl::verif {

using Inputs = std::map<std::string, Bits>;  // input port name -> value (clk excluded)

// An expected output value: `value` is what is printed; `accepts`, when set, admits a set of values
// (e.g. any NaN code, or anything where the contract leaves the output unspecified).
struct Expect {
  Bits value;
  std::function<bool(const Bits&)> accepts = {};  // empty: the value must match exactly
  bool ok(const Bits& got) const { return accepts ? accepts(got) : got == value; }
};
using Outputs = std::map<std::string, Expect>;

// Port name -> width, as the generated top module has them.
using PortWidths = std::map<std::string, int>;

struct ModelDef {
  std::string block{};
  // Combinational or fixed-latency pipelined blocks: outputs as a function of one input vector.
  std::function<Outputs(const Params&, const Inputs&)> eval{};
  // Directed vectors (class boundaries, ties, extremes) used with random ones when the input
  // space is too large to enumerate. Optional.
  std::function<std::vector<Inputs>(const Params&, const PortWidths&)> corners{};
  // A random vector; default: uniform random bits on every input port. Optional.
  std::function<Inputs(const Params&, const PortWidths&, std::mt19937_64&)> random{};
};

void register_model(ModelDef def);
const ModelDef* find_model(const std::string& block);  // nullptr if none
const std::vector<ModelDef>& all_models();

struct ModelRegistration {
  explicit ModelRegistration(ModelDef def) { register_model(std::move(def)); }
};
#define QRTL_MODEL_CAT2(a, b) a##b
#define QRTL_MODEL_CAT(a, b) QRTL_MODEL_CAT2(a, b)
// Usage, in a model's .cpp:  QRTL_MODEL(ModelDef{.block = "int_mul", .eval = [](...) {...}});
// or any expression of type ModelDef (a family's helper).
#define QRTL_MODEL(...) static const ::qrtl::verif::ModelRegistration QRTL_MODEL_CAT(qrtl_model_, __COUNTER__)(__VA_ARGS__)

}  // namespace qrtl::verif
