// rules/products/energy_label.ccr: China Energy Label.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateEnergyLabel(const Facts& f, Conditions& r) {
  using namespace fact;
  using namespace value;
  r[rule::cel_catalogue_product] = f.In(category, set::cel_catalogue);
  r[rule::cel_023_microwave_ovens] =
      And(f.Eq(category, category_microwave_oven), f.Le(rated_power_w, 2500));
  r[rule::cel_self_ballasted_fluorescent_lamps] =
      And(f.Eq(category, category_self_ballasted_fluorescent_lamp), f.Le(rated_power_w, 60));
  r[rule::cel_high_pressure_sodium_lamps] = And(f.Eq(category, category_high_pressure_sodium_lamp),
                                                f.Ge(rated_power_w, 50), f.Le(rated_power_w, 1000));
  r[rule::cel_copiers_printers_fax] =
      And(f.In(category, {category_copier, category_printer, category_fax_machine}),
          f.Lt(print_speed_ppm, 70));
  r[rule::cel_rice_cookers] = And(f.Eq(category, category_rice_cooker), f.Le(rated_power_w, 2000));
  r[rule::cel_15th_batch] = f.In(
      category, {category_permanent_magnet_synchronous_motor, category_air_purifier,
                 category_ducted_air_conditioner, category_low_temperature_air_source_heat_pump});
  r[rule::cel_16th_batch] =
      f.In(category, {category_arc_welder, category_tig_welder, category_mig_mag_welder,
                      category_led_panel_light, category_commercial_induction_cooker});
  r[rule::cel_17th_batch_servers] = And(f.Eq(category, category_server), f.Le(server_cpu_count, 2));
  r[rule::cel_15th_batch_road_tunnel_led_luminaires] =
      f.Eq(category, category_road_tunnel_led_luminaire);
  r[rule::cel_14th_batch] =
      f.In(category, {category_ventilating_fan, category_self_contained_refrigerated_cabinet});
  r[rule::cel_15th_batch_led_downlights] = And(f.Eq(category, category_led_downlight),
                                               f.Ge(rated_power_w, 2), f.Le(rated_voltage_v, 250));
  r[rule::cel_15th_batch_directional_led_lamps] = f.Eq(category, category_directional_led_lamp);
}

std::span<const RuleSpec> EnergyLabelSpecs() {
  constexpr SchemeMask kCel = Bit(scheme::CEL);
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::cel_catalogue_product, .from = Day(2016, 6, 1), .mandatory = kCel},
      {.rule = rule::cel_023_microwave_ovens, .from = Day(2016, 6, 1), .mandatory = kCel},
      {.rule = rule::cel_self_ballasted_fluorescent_lamps,
       .from = Day(2016, 6, 1),
       .mandatory = kCel},
      {.rule = rule::cel_high_pressure_sodium_lamps, .from = Day(2016, 6, 1), .mandatory = kCel},
      {.rule = rule::cel_copiers_printers_fax, .from = Day(2016, 6, 1), .mandatory = kCel},
      {.rule = rule::cel_rice_cookers, .from = Day(2016, 6, 1), .mandatory = kCel},
      {.rule = rule::cel_15th_batch, .from = Day(2020, 7, 1), .mandatory = kCel},
      {.rule = rule::cel_16th_batch, .from = Day(2024, 6, 1), .mandatory = kCel},
      {.rule = rule::cel_17th_batch_servers, .from = Day(2025, 2, 1), .mandatory = kCel},
      {.rule = rule::cel_15th_batch_road_tunnel_led_luminaires,
       .from = Day(2020, 11, 1),
       .mandatory = kCel},
      {.rule = rule::cel_14th_batch, .from = Day(2018, 6, 1), .mandatory = kCel},
      {.rule = rule::cel_15th_batch_led_downlights, .from = Day(2020, 11, 1), .mandatory = kCel},
      {.rule = rule::cel_15th_batch_directional_led_lamps,
       .from = Day(2020, 11, 1),
       .mandatory = kCel},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
