// rules/products/radio_telecom.ccr: SRRC radio type approval and NAL network access.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateRadioTelecom(const Facts& f, Conditions& r) {
  using namespace fact;
  r[rule::srrc_radio_transmitter] = f.Is(emits_radio);
  r[rule::srrc_micro_power_exemption] = f.Is(radio_micro_power_exempt);
  r[rule::srrc_micro_power_civil_meter] = And(
      f.Is(radio_micro_power_exempt), f.Eq(micro_power_class, value::micro_power_class_civil_meter),
      f.Ge(radio_frequency_low_mhz, 470), f.Le(radio_frequency_high_mhz, 510),
      f.Le(radio_max_erp_mw, 50));
  r[rule::srrc_micro_power_other_classes] =
      And(f.Is(radio_micro_power_exempt),
          f.In(micro_power_class, set::micro_power_classes_without_limits),
          Not(f.Has(radio_technologies, value::radio_technologies_wifi)),
          Not(f.Has(radio_technologies, value::radio_technologies_bluetooth)),
          Not(f.Has(radio_technologies, value::radio_technologies_cellular)));
  r[rule::nal_public_network_equipment] =
      And(f.Is(connects_public_telecom),
          f.Ne(telecom_equipment_class, value::telecom_equipment_class_none));
  r[rule::nal_2023_no_new_licences] = f.In(category, set::nal_dropped_2023);
  r[rule::nal_2023_added_equipment] =
      And(f.In(category, {value::category_satellite_internet_equipment,
                          value::category_virtualised_network_function_equipment}),
          f.Is(connects_public_telecom));
}

std::span<const RuleSpec> RadioTelecomSpecs() {
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::srrc_radio_transmitter,
       .from = Day(2016, 12, 1),
       .mandatory = Bit(scheme::SRRC)},
      {.rule = rule::srrc_micro_power_exemption,
       .until = Day(2019, 11, 28),
       .exempts = Bit(scheme::SRRC)},
      {.rule = rule::nal_public_network_equipment,
       .from = Day(2000, 9, 25),
       .mandatory = Bit(scheme::NAL)},
      {.rule = rule::nal_2023_no_new_licences,
       .from = Day(2023, 3, 1),
       .exempts = Bit(scheme::NAL)},
      {.rule = rule::nal_2023_added_equipment,
       .from = Day(2023, 3, 1),
       .mandatory = Bit(scheme::NAL)},
      {.rule = rule::srrc_micro_power_civil_meter,
       .from = Day(2019, 11, 28),
       .exempts = Bit(scheme::SRRC)},
      {.rule = rule::srrc_micro_power_other_classes,
       .from = Day(2019, 11, 28),
       .exempts = Bit(scheme::SRRC)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
