// rules/products/ccc.ccr: China Compulsory Certification, by catalogue row.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateCcc(const Facts& f, Conditions& r) {
  using namespace fact;
  // `power_source in mains_power_sources and rated_voltage_v > 36 V and rated_voltage_v <=
  // ceiling`, the supply window of the electrical rows.
  auto mains_above_36_v = [&](double ceiling) {
    return And(f.In(power_source, set::mains_power_sources), f.Gt(rated_voltage_v, 36),
               f.Le(rated_voltage_v, ceiling));
  };
  Cond adapter_row = f.In(category, set::ccc_power_supplies);
  Cond adapter_supply =
      And(f.In(power_source, set::mains_power_sources), f.Gt(rated_voltage_v, 36));
  Cond power_bank_cells =
      And(f.Is(contains_li_ion_battery), f.Gt(li_ion_capacity_mah, 600), f.Le(mass_kg, 18));

  r[rule::ccc_it_equipment_row] =
      And(f.In(category, set::ccc_it_equipment), mains_above_36_v(1000));
  r[rule::ccc_av_equipment_row] =
      And(f.In(category, set::ccc_av_equipment), mains_above_36_v(1000));
  r[rule::ccc_set_top_boxes_row] =
      And(f.Eq(category, value::category_set_top_box), mains_above_36_v(1000));
  r[rule::ccc_copiers_scanners_row] =
      And(f.In(category, {value::category_multifunction_printer, value::category_scanner}),
          mains_above_36_v(1000));
  r[rule::ccc_fax_machines_row] = f.Eq(category, value::category_fax_machine);
  r[rule::ccc_game_consoles_until_2018] =
      And(f.Eq(category, value::category_game_console), mains_above_36_v(1000));
  r[rule::ccc_active_speakers_until_2022] = And(f.Eq(category, value::category_active_speaker),
                                                f.Lt(rated_power_w, 500), mains_above_36_v(1000));
  r[rule::ccc_audio_amplifiers_until_2022] =
      And(f.Eq(category, value::category_audio_amplifier), mains_above_36_v(1000));
  r[rule::ccc_cordless_phones_until_2022] = f.Eq(category, value::category_cordless_phone);
  r[rule::ccc_household_appliances_row] = And(
      f.In(category, set::ccc_household_appliances),
      Or(f.Ne(category, value::category_refrigerator), f.Le(volume_l, 500)), mains_above_36_v(480));
  r[rule::ccc_electric_blankets_row] =
      And(f.Eq(category, value::category_electric_blanket), mains_above_36_v(480));
  r[rule::ccc_motor_compressors_row] = f.Eq(category, value::category_motor_compressor);
  r[rule::ccc_refrigerators_since_2020] =
      And(f.Eq(category, value::category_refrigerator), mains_above_36_v(480));
  r[rule::ccc_lighting_row] = And(f.In(category, set::ccc_lighting), mains_above_36_v(1000));
  r[rule::ccc_mobile_terminal] = f.In(category, set::ccc_mobile_terminals);
  r[rule::ccc_power_adapter_it_av] =
      And(adapter_row, f.IsFalse(adapter_for_telecom_terminal), adapter_supply);
  r[rule::ccc_power_adapter_telecom] =
      And(adapter_row, f.Is(adapter_for_telecom_terminal), adapter_supply);
  r[rule::ccc_supplied_adapter_it_av] =
      And(f.Is(ships_with_external_power_supply), f.IsFalse(adapter_for_telecom_terminal));
  r[rule::ccc_supplied_adapter_telecom] =
      And(f.Is(ships_with_external_power_supply), f.Is(adapter_for_telecom_terminal));
  r[rule::ccc_li_ion_cells_packs_row] = f.In(category, set::ccc_li_ion_cells_packs);
  r[rule::ccc_built_in_li_ion_cells] = And(
      f.Is(contains_li_ion_battery), f.In(category, set::portable_electronics_with_li_ion_cells));
  r[rule::ccc_power_bank] = And(f.In(category, set::ccc_power_banks), power_bank_cells);
  r[rule::ccc_earbud_charging_case] =
      And(f.Eq(category, value::category_bluetooth_earbuds), power_bank_cells);
  r[rule::ccc_ebike_battery_charger] = f.In(category, set::ccc_ebike_batteries_chargers);
  r[rule::ccc_wires_cables_row] = Or(f.Eq(category, value::category_cord_set),
                                     And(f.In(category, {value::category_rubber_insulated_cable,
                                                         value::category_pvc_insulated_cable}),
                                         f.Le(rated_voltage_v, 750)));
  r[rule::ccc_installation_accessories_row] = f.In(category, set::ccc_installation_accessories);
  r[rule::ccc_fuse_links_row] = f.Eq(category, value::category_fuse_link);
  r[rule::ccc_low_voltage_apparatus_row] =
      And(f.In(category, set::ccc_low_voltage_apparatus),
          Or(f.Le(rated_voltage_v, 1000), And(f.Is(is_dc_rated), f.Le(rated_voltage_v, 1500))));
  r[rule::ccc_small_power_motor] = f.In(category, set::ccc_small_power_motors);
  r[rule::ccc_electric_tools_row] = f.In(category, set::ccc_electric_tools);
  r[rule::ccc_welding_machines_row] = f.In(category, set::ccc_welding_machines);
  r[rule::ccc_explosion_proof_category] = f.In(category, set::ccc_explosion_proof);
  r[rule::ccc_explosion_proof_equipment] =
      And(f.Is(is_explosion_proof), f.Is(is_electrical_electronic));
  r[rule::ccc_household_gas_appliances] = f.In(category, set::ccc_gas_appliances);
  r[rule::ccc_motor_vehicles_row] = f.In(category, set::ccc_motor_vehicles);
  r[rule::ccc_electric_bicycles] = f.In(category, set::ccc_ebikes);
  r[rule::ccc_vehicle_parts_certified_row] =
      f.In(category, {value::category_tyre, value::category_brake_lining});
  r[rule::ccc_vehicle_parts_self_declared_row] =
      f.In(category,
           {value::category_safety_glass, value::category_seat_belt, value::category_vehicle_lamp});
  r[rule::ccc_child_restraint_systems_row] = f.Eq(category, value::category_child_restraint_system);
  r[rule::ccc_motorcycle_helmets_row] = f.Eq(category, value::category_motorcycle_helmet);
  r[rule::ccc_vehicle_parts_more_self_declared_row] =
      f.In(category, {value::category_vehicle_indirect_vision_device, value::category_vehicle_seat,
                      value::category_driving_recorder, value::category_retro_reflective_marking});
  r[rule::ccc_toys_row] = And(
      f.In(category,
           {value::category_toy_electric, value::category_toy_plastic, value::category_toy_metal}),
      f.Is(intended_for_children_under_14));
  r[rule::ccc_projectile_doll_toys] =
      And(f.In(category, {value::category_toy_projectile, value::category_toy_doll}),
          f.Is(intended_for_children_under_14));
  r[rule::ccc_childrens_products_row] = f.In(category, set::ccc_childrens_products);
  r[rule::ccc_fire_products_row] = f.In(category, set::ccc_fire_products);
  r[rule::ccc_building_materials_row] = f.In(category, set::ccc_building_materials);
  r[rule::ccc_porcelain_tiles] =
      And(f.In(category, set::ccc_ceramic_tiles), f.Le(porcelain_tile_water_absorption_pct, 0.5));
  r[rule::ccc_plant_protection_machinery] = f.In(category, set::ccc_agricultural_machinery);
  r[rule::ccc_wheeled_tractors_row] = f.Eq(category, value::category_wheeled_tractor);
  r[rule::ccc_escape_products_row] = f.Eq(category, value::category_escape_product);
  r[rule::ccc_building_safety_glass_row] = f.Eq(category, value::category_building_safety_glass);

  r[rule::ccc_exempt_rd_test_sample] =
      f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_rd_or_test_sample);
  r[rule::ccc_exempt_production_line_assessment] =
      f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_production_line_assessment_parts);
  r[rule::ccc_exempt_end_user_repair] =
      f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_end_user_repair_part);
  r[rule::ccc_exempt_production_line_equipment] =
      f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_production_line_equipment);
  r[rule::ccc_exempt_commercial_display] =
      f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_commercial_display_not_for_sale);
  r[rule::ccc_exempt_temporary_import] =
      f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_temporary_import_reexport);
  r[rule::ccc_exempt_parts_for_whole_export] = f.In(
      ccc_exemption_basis, {value::ccc_exemption_basis_parts_for_whole_export_general_trade,
                            value::ccc_exemption_basis_parts_for_whole_export_processing_trade});
  r[rule::ccc_exempt_other_special_purpose] =
      f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_other_special_purpose);
}

std::span<const RuleSpec> CccSpecs() {
  constexpr SchemeMask kCcc = Bit(scheme::CCC);
  constexpr int32_t k2003 = Day(2003, 8, 1);  // first catalogue: the mark compulsory
  constexpr int32_t k2007 = Day(2007, 6, 1);
  constexpr int32_t k2017 = Day(2017, 6, 29);
  constexpr int32_t k2020_list = Day(2020, 4, 21);  // SAMR Ann. 2020 No. 18
  constexpr int32_t k2020 = Day(2020, 10, 1);
  constexpr int32_t k2022 = Day(2022, 11, 9);
  constexpr int32_t k2024 = Day(2024, 8, 1);
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::ccc_it_equipment_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_game_consoles_until_2018,
       .from = k2003,
       .until = Day(2018, 6, 15),
       .mandatory = kCcc},
      {.rule = rule::ccc_av_equipment_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_set_top_boxes_row, .from = Day(2023, 9, 5), .mandatory = kCcc},
      {.rule = rule::ccc_copiers_scanners_row, .from = k2020_list, .mandatory = kCcc},
      {.rule = rule::ccc_fax_machines_row, .from = k2020_list, .mandatory = kCcc},
      {.rule = rule::ccc_active_speakers_until_2022,
       .from = k2003,
       .until = k2022,
       .mandatory = kCcc},
      {.rule = rule::ccc_audio_amplifiers_until_2022,
       .from = k2003,
       .until = k2022,
       .mandatory = kCcc},
      {.rule = rule::ccc_cordless_phones_until_2022,
       .from = k2003,
       .until = k2022,
       .mandatory = kCcc},
      {.rule = rule::ccc_household_appliances_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_electric_blankets_row, .from = Day(2018, 8, 1), .mandatory = kCcc},
      {.rule = rule::ccc_motor_compressors_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_refrigerators_since_2020, .from = k2020, .mandatory = kCcc},
      {.rule = rule::ccc_lighting_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_mobile_terminal, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_power_adapter_it_av, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_power_adapter_telecom, .from = k2024, .mandatory = kCcc},
      {.rule = rule::ccc_supplied_adapter_it_av,
       .from = k2003,
       .mandatory = kCcc,
       .component = "supplied_adapter"},
      {.rule = rule::ccc_supplied_adapter_telecom,
       .from = k2024,
       .mandatory = kCcc,
       .component = "supplied_adapter"},
      {.rule = rule::ccc_li_ion_cells_packs_row, .from = k2024, .mandatory = kCcc},
      {.rule = rule::ccc_built_in_li_ion_cells,
       .from = k2024,
       .mandatory = kCcc,
       .component = "built_in_li_ion_cells"},
      {.rule = rule::ccc_power_bank, .from = k2024, .mandatory = kCcc},
      {.rule = rule::ccc_earbud_charging_case, .from = k2024, .mandatory = kCcc},
      {.rule = rule::ccc_ebike_battery_charger, .from = Day(2025, 11, 1), .mandatory = kCcc},
      {.rule = rule::ccc_wires_cables_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_installation_accessories_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_fuse_links_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_low_voltage_apparatus_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_small_power_motor, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_electric_tools_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_welding_machines_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_explosion_proof_category, .from = k2020, .mandatory = kCcc},
      {.rule = rule::ccc_explosion_proof_equipment, .from = k2020, .mandatory = kCcc},
      {.rule = rule::ccc_household_gas_appliances, .from = k2020, .mandatory = kCcc},
      {.rule = rule::ccc_motor_vehicles_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_electric_bicycles, .from = k2017, .mandatory = kCcc},
      {.rule = rule::ccc_vehicle_parts_certified_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_vehicle_parts_self_declared_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_child_restraint_systems_row, .from = Day(2015, 9, 1), .mandatory = kCcc},
      {.rule = rule::ccc_motorcycle_helmets_row, .from = k2020_list, .mandatory = kCcc},
      {.rule = rule::ccc_vehicle_parts_more_self_declared_row,
       .from = k2020_list,
       .mandatory = kCcc},
      {.rule = rule::ccc_toys_row, .from = k2007, .mandatory = kCcc},
      {.rule = rule::ccc_projectile_doll_toys, .from = k2007, .mandatory = kCcc},
      {.rule = rule::ccc_childrens_products_row, .from = k2007, .mandatory = kCcc},
      {.rule = rule::ccc_fire_products_row, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_building_materials_row, .from = Day(2005, 8, 1), .mandatory = kCcc},
      {.rule = rule::ccc_porcelain_tiles, .from = Day(2005, 8, 1), .mandatory = kCcc},
      {.rule = rule::ccc_plant_protection_machinery, .from = k2003, .mandatory = kCcc},
      {.rule = rule::ccc_wheeled_tractors_row, .from = k2020_list, .mandatory = kCcc},
      {.rule = rule::ccc_escape_products_row, .from = k2020_list, .mandatory = kCcc},
      {.rule = rule::ccc_building_safety_glass_row, .from = k2020_list, .mandatory = kCcc},
      {.rule = rule::ccc_exempt_rd_test_sample, .exempts = kCcc},
      {.rule = rule::ccc_exempt_production_line_assessment, .exempts = kCcc},
      {.rule = rule::ccc_exempt_end_user_repair, .exempts = kCcc},
      {.rule = rule::ccc_exempt_production_line_equipment, .exempts = kCcc},
      {.rule = rule::ccc_exempt_commercial_display, .exempts = kCcc},
      {.rule = rule::ccc_exempt_temporary_import, .exempts = kCcc},
      {.rule = rule::ccc_exempt_parts_for_whole_export, .exempts = kCcc},
      {.rule = rule::ccc_exempt_other_special_purpose, .exempts = kCcc},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
