#include "model.h"

namespace qrtl::verif {

namespace {
std::vector<ModelDef>& registry() {
  static std::vector<ModelDef> r;
  return r;
}
}  // namespace

void register_model(ModelDef def) { registry().push_back(std::move(def)); }

const ModelDef* find_model(const std::string& block) {
  for (const auto& m : registry())
    if (m.block == block) return &m;
  return nullptr;
}

const std::vector<ModelDef>& all_models() { return registry(); }

}  // namespace qrtl::verif
