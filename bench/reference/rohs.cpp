// rules/products/rohs.ccr: China RoHS (marking, compliance catalogue, GB 26572-2025).
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateRohs(const Facts& f, Conditions& r) {
  using namespace fact;
  // Electrical/electronic, not power generation/transmission/distribution, not a vehicle, up
  // to 1000 V AC / 1500 V DC.
  Cond scope =
      And(f.Is(is_electrical_electronic), f.IsFalse(is_power_generation_transmission_distribution),
          f.Eq(vehicle_class, value::vehicle_class_none),
          Or(f.Le(rated_voltage_v, 1000), And(f.Is(is_dc_rated), f.Le(rated_voltage_v, 1500))));
  r[rule::rohs_marking_disclosure] = scope;
  r[rule::rohs_compliance_catalogue_tier] =
      And(f.In(category, set::rohs_compliance_catalogue), scope);
  r[rule::rohs_catalogue_refrigerators] =
      And(f.Eq(category, value::category_refrigerator), f.Le(volume_l, 800), scope);
  r[rule::rohs_catalogue_air_conditioners] =
      And(f.In(category,
               {value::category_air_conditioner_room, value::category_multi_split_air_conditioner}),
          f.Le(cooling_capacity_w, 14000), scope);
  r[rule::rohs_catalogue_washing_machines] =
      And(f.Eq(category, value::category_washing_machine), f.Le(rated_wash_capacity_kg, 10), scope);
  r[rule::rohs_catalogue_printers_copiers] =
      And(f.In(category, {value::category_printer, value::category_copier}),
          f.Le(print_speed_ppm, 60), f.IsFalse(prints_larger_than_a3), scope);
  r[rule::rohs_gb26572_2025_limits] = scope;
}

std::span<const RuleSpec> RohsSpecs() {
  constexpr SchemeMask kRohs = Bit(scheme::CHINA_ROHS);
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::rohs_marking_disclosure, .from = Day(2016, 7, 1), .mandatory = kRohs},
      {.rule = rule::rohs_compliance_catalogue_tier, .from = Day(2019, 11, 1), .mandatory = kRohs},
      {.rule = rule::rohs_catalogue_refrigerators, .from = Day(2019, 11, 1), .mandatory = kRohs},
      {.rule = rule::rohs_catalogue_air_conditioners, .from = Day(2019, 11, 1), .mandatory = kRohs},
      {.rule = rule::rohs_catalogue_washing_machines, .from = Day(2019, 11, 1), .mandatory = kRohs},
      {.rule = rule::rohs_catalogue_printers_copiers, .from = Day(2019, 11, 1), .mandatory = kRohs},
      {.rule = rule::rohs_gb26572_2025_limits, .from = Day(2027, 8, 1), .mandatory = kRohs},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
