// rules/products/medical.ccr: medical device filing and registration.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateMedical(const Facts& f, Conditions& r) {
  using namespace fact;
  r[rule::nmpa_class_i_filing] =
      And(f.Is(is_medical_device), f.Eq(medical_device_class, value::medical_device_class_I));
  r[rule::nmpa_class_ii_iii_registration] =
      And(f.Is(is_medical_device), f.In(medical_device_class, {value::medical_device_class_II,
                                                               value::medical_device_class_III}));
}

std::span<const RuleSpec> MedicalSpecs() {
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::nmpa_class_i_filing,
       .from = Day(2014, 6, 1),
       .mandatory = Bit(scheme::NMPA_DEVICE)},
      {.rule = rule::nmpa_class_ii_iii_registration,
       .from = Day(2014, 6, 1),
       .mandatory = Bit(scheme::NMPA_DEVICE)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
