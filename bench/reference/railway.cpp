// rules/products/railway.ccr: railway product certification.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateRailway(const Facts& f, Conditions& r) {
  using namespace fact;
  r[rule::railway_product_certification] =
      And(f.Is(is_railway_product),
          f.In(railway_product_kind, {value::railway_product_kind_catalogue_component,
                                      value::railway_product_kind_rolling_stock}));
}

std::span<const RuleSpec> RailwaySpecs() {
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::railway_product_certification,
       .from = Day(2023, 3, 31),
       .voluntary = Bit(scheme::RAILWAY_CERT)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
