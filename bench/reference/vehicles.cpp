// rules/products/vehicles.ccr: MIIT road motor vehicle announcement.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateVehicles(const Facts& f, Conditions& r) {
  r[rule::auto_announcement_domestic_vehicle] =
      And(f.In(fact::vehicle_class, set::auto_announcement_classes),
          f.Is(fact::manufactured_in_mainland));
}

std::span<const RuleSpec> VehiclesSpecs() {
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::auto_announcement_domestic_vehicle,
       .from = Day(2019, 6, 1),
       .mandatory = Bit(scheme::AUTO_ANNOUNCEMENT)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
