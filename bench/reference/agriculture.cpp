// rules/products/agriculture.ccr: agricultural machinery promotion appraisal.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateAgriculture(const Facts& f, Conditions& r) {
  r[rule::agri_appraisal_for_purchase_subsidy] =
      And(f.Is(fact::is_agricultural_machinery), f.Is(fact::seeks_subsidy));
}

std::span<const RuleSpec> AgricultureSpecs() {
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::agri_appraisal_for_purchase_subsidy, .voluntary = Bit(scheme::AGRI_APPRAISAL)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
