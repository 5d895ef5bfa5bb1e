// rules/products/radio_telecom.ccr: SRRC radio type approval and NAL network access.
#include "bench/reference/rules.h"

namespace ccr::bench::reference {

void EvaluateRadioTelecom(const Facts& f, Conditions& r) {
  using namespace fact;
  r[rule::srrc_radio_transmitter] = f.Is(emits_radio);
  r[rule::srrc_micro_power_exemption] = f.Is(radio_micro_power_exempt);
  r[rule::nal_public_network_equipment] =
      And(f.Is(connects_public_telecom),
          f.Ne(telecom_equipment_class, value::telecom_equipment_class_none));
  r[rule::nal_2023_no_new_licences] = f.In(category, set::nal_dropped_2023);
}

std::span<const RuleSpec> RadioTelecomSpecs() {
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::srrc_radio_transmitter,
       .from = Day(2016, 12, 1),
       .mandatory = Bit(scheme::SRRC)},
      {.rule = rule::srrc_micro_power_exemption, .exempts = Bit(scheme::SRRC)},
      {.rule = rule::nal_public_network_equipment,
       .from = Day(2000, 9, 25),
       .mandatory = Bit(scheme::NAL)},
      {.rule = rule::nal_2023_no_new_licences,
       .from = Day(2023, 3, 1),
       .exempts = Bit(scheme::NAL)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference
