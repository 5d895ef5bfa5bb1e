// rules/products/energy_label.ccr: China Energy Label.
#include "bench/reference/rules.h"

namespace ccr::bench::reference {

void EvaluateEnergyLabel(const Facts& f, Conditions& r) {
  r[rule::cel_catalogue_product] = f.In(fact::category, set::cel_catalogue);
}

std::span<const RuleSpec> EnergyLabelSpecs() {
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::cel_catalogue_product, .from = Day(2016, 6, 1), .mandatory = Bit(scheme::CEL)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference
