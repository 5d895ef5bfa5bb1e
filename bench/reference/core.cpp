// The reference for the default bundle (bench/reference/core.h): its rule files put together
// in the bundle's file order, and the shared definition compiled for this set.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

std::vector<RuleSpec> RuleSpecs() {
  std::vector<RuleSpec> all;
  for (auto specs : {AgricultureSpecs(), CccSpecs(), CybersecuritySpecs(), EnergyLabelSpecs(),
                     MedicalSpecs(), RadioTelecomSpecs(), RailwaySpecs(), RohsSpecs(), ScopeSpecs(),
                     SpecialEquipmentSpecs(), VehiclesSpecs(), VoluntarySpecs()}) {
    all.insert(all.end(), specs.begin(), specs.end());
  }
  return all;
}

void EvaluateRules(const Facts& f, Conditions& r) {
  EvaluateAgriculture(f, r);
  EvaluateCcc(f, r);
  EvaluateCybersecurity(f, r);
  EvaluateEnergyLabel(f, r);
  EvaluateMedical(f, r);
  EvaluateRadioTelecom(f, r);
  EvaluateRailway(f, r);
  EvaluateRohs(f, r);
  EvaluateScope(f, r);
  EvaluateSpecialEquipment(f, r);
  EvaluateVehicles(f, r);
  EvaluateVoluntary(f, r);
}

}  // namespace ccr::bench::reference::core

#define CCR_REFERENCE_SET core
#include "bench/reference/reference_impl.h"
