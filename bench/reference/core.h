// The reference's view of the default bundle (stdlib + rules/products): the facts its rules
// read, its schemes, catalogue sets, enum values and rules, each listed once here (in the
// bundle's order, checked against the module when a Reference is built). The conditions are
// in one file per rule file (bench/reference/<file>.cpp, one per rules/products/<file>.ccr).
#pragma once

#include <vector>

#include "bench/reference/reference.h"

// Every fact some rule of rules/products reads, in the standard library's declaration order
// (so a mask of them lists facts in the order reports list `missing`). At most 128.
#define CCR_REFERENCE_FACTS(X)                     \
  X(sold_in_mainland)                              \
  X(manufactured_in_mainland)                      \
  X(category)                                      \
  X(intended_use)                                  \
  X(ccc_exemption_basis)                           \
  X(is_electrical_electronic)                      \
  X(rated_voltage_v)                               \
  X(power_source)                                  \
  X(is_dc_rated)                                   \
  X(ships_with_external_power_supply)              \
  X(adapter_for_telecom_terminal)                  \
  X(contains_li_ion_battery)                       \
  X(li_ion_capacity_mah)                           \
  X(mass_kg)                                       \
  X(is_power_generation_transmission_distribution) \
  X(intended_for_children_under_14)                \
  X(is_explosion_proof)                            \
  X(rated_power_w)                                 \
  X(cooling_capacity_w)                            \
  X(rated_wash_capacity_kg)                        \
  X(print_speed_ppm)                               \
  X(prints_larger_than_a3)                         \
  X(porcelain_tile_water_absorption_pct)           \
  X(emits_radio)                                   \
  X(radio_technologies)                            \
  X(radio_micro_power_exempt)                      \
  X(micro_power_class)                             \
  X(radio_frequency_low_mhz)                       \
  X(radio_frequency_high_mhz)                      \
  X(radio_max_erp_mw)                              \
  X(connects_public_telecom)                       \
  X(telecom_equipment_class)                       \
  X(vehicle_class)                                 \
  X(is_vehicle_component)                          \
  X(is_critical_network_equipment)                 \
  X(network_equipment_type)                        \
  X(system_throughput_tbps)                        \
  X(routing_table_entries)                         \
  X(packet_forwarding_gpps)                        \
  X(server_cpu_count)                              \
  X(cores_per_cpu)                                 \
  X(memory_gb)                                     \
  X(plc_instruction_time_us)                       \
  X(is_cybersecurity_product)                      \
  X(operates_information_system)                   \
  X(mlps_level)                                    \
  X(operator_is_ciio)                              \
  X(is_commercial_crypto_product)                  \
  X(is_agricultural_machinery)                     \
  X(seeks_subsidy)                                 \
  X(is_railway_product)                            \
  X(railway_product_kind)                          \
  X(is_medical_device)                             \
  X(medical_device_class)                          \
  X(is_special_equipment)                          \
  X(special_equipment_type)                        \
  X(boiler_kind)                                   \
  X(max_working_pressure_mpa)                      \
  X(volume_l)                                      \
  X(inner_diameter_mm)                             \
  X(pressure_volume_product_mpa_l)                 \
  X(pipe_nominal_diameter_mm)                      \
  X(rated_thermal_power_mw)                        \
  X(rated_lifting_capacity_t)                      \
  X(lifting_height_m)                              \
  X(single_family_home_lift)                       \
  X(is_robot)                                      \
  X(processes_personal_information)                \
  X(transfers_personal_information_abroad)         \
  X(requested_voluntary_marks)

// The schemes, in declaration order (stdlib/schemes.ccr).
#define CCR_REFERENCE_SCHEMES(X) \
  X(CCC)                         \
  X(SRRC)                        \
  X(NAL)                         \
  X(CHINA_ROHS)                  \
  X(CEL)                         \
  X(AUTO_ANNOUNCEMENT)           \
  X(CAC_NETWORK)                 \
  X(MLPS)                        \
  X(AGRI_APPRAISAL)              \
  X(RAILWAY_CERT)                \
  X(COMMERCIAL_CRYPTO)           \
  X(NMPA_DEVICE)                 \
  X(SPECIAL_EQUIPMENT)           \
  X(GREEN_PRODUCT)               \
  X(CARBON_FOOTPRINT)            \
  X(CHINA_ROBOT)                 \
  X(CQC_MARK)                    \
  X(CQM_MARK)                    \
  X(CCAP)                        \
  X(PI_PROTECTION)

// The catalogue sets the rules test (stdlib/catalogues.ccr); their members come from the
// module, like every other catalogue text.
#define CCR_REFERENCE_SETS(X)               \
  X(ccc_it_equipment)                       \
  X(ccc_av_equipment)                       \
  X(ccc_mobile_terminals)                   \
  X(ccc_household_appliances)               \
  X(ccc_lighting)                           \
  X(ccc_installation_accessories)           \
  X(ccc_low_voltage_apparatus)              \
  X(ccc_small_power_motors)                 \
  X(ccc_electric_tools)                     \
  X(ccc_welding_machines)                   \
  X(ccc_motor_vehicles)                     \
  X(ccc_ebikes)                             \
  X(ccc_vehicle_parts)                      \
  X(ccc_toys)                               \
  X(ccc_childrens_products)                 \
  X(ccc_fire_products)                      \
  X(ccc_building_materials)                 \
  X(ccc_ceramic_tiles)                      \
  X(ccc_explosion_proof)                    \
  X(ccc_gas_appliances)                     \
  X(ccc_agricultural_machinery)             \
  X(ccc_power_supplies)                     \
  X(ccc_power_banks)                        \
  X(ccc_li_ion_cells_packs)                 \
  X(portable_electronics_with_li_ion_cells) \
  X(ccc_ebike_batteries_chargers)           \
  X(rohs_compliance_catalogue)              \
  X(cel_catalogue)                          \
  X(nal_dropped_2023)                       \
  X(micro_power_classes_without_limits)     \
  X(green_product_catalogue)                \
  X(carbon_footprint_pilot_catalogue)       \
  X(china_robot_catalogue)                  \
  X(cqc_mark_categories)                    \
  X(ccap_categories)                        \
  X(mains_power_sources)                    \
  X(not_placed_on_market_bases)             \
  X(auto_announcement_classes)

// The enum values the rules name, with the fact whose enum declares them.
#define CCR_REFERENCE_VALUES(X)                                   \
  X(category, active_speaker)                                     \
  X(category, game_console)                                       \
  X(category, audio_amplifier)                                    \
  X(category, cordless_phone)                                     \
  X(category, electric_blanket)                                   \
  X(category, motor_compressor)                                   \
  X(category, cord_set)                                           \
  X(category, rubber_insulated_cable)                             \
  X(category, pvc_insulated_cable)                                \
  X(category, fuse_link)                                          \
  X(category, refrigerator)                                       \
  X(category, bluetooth_earbuds)                                  \
  X(category, microwave_oven)                                     \
  X(category, self_ballasted_fluorescent_lamp)                    \
  X(category, high_pressure_sodium_lamp)                          \
  X(category, copier)                                             \
  X(category, printer)                                            \
  X(category, fax_machine)                                        \
  X(category, rice_cooker)                                        \
  X(category, permanent_magnet_synchronous_motor)                 \
  X(category, air_purifier)                                       \
  X(category, road_tunnel_led_luminaire)                          \
  X(category, ducted_air_conditioner)                             \
  X(category, low_temperature_air_source_heat_pump)               \
  X(category, arc_welder)                                         \
  X(category, tig_welder)                                         \
  X(category, mig_mag_welder)                                     \
  X(category, led_panel_light)                                    \
  X(category, commercial_induction_cooker)                        \
  X(category, server)                                             \
  X(category, ventilating_fan)                                    \
  X(category, self_contained_refrigerated_cabinet)                \
  X(category, led_downlight)                                      \
  X(category, directional_led_lamp)                               \
  X(category, air_conditioner_room)                               \
  X(category, multi_split_air_conditioner)                        \
  X(category, washing_machine)                                    \
  X(category, satellite_internet_equipment)                       \
  X(category, virtualised_network_function_equipment)             \
  X(category, set_top_box)                                        \
  X(category, multifunction_printer)                              \
  X(category, scanner)                                            \
  X(category, tyre)                                               \
  X(category, brake_lining)                                       \
  X(category, safety_glass)                                       \
  X(category, seat_belt)                                          \
  X(category, vehicle_lamp)                                       \
  X(category, child_restraint_system)                             \
  X(category, motorcycle_helmet)                                  \
  X(category, vehicle_indirect_vision_device)                     \
  X(category, vehicle_seat)                                       \
  X(category, driving_recorder)                                   \
  X(category, retro_reflective_marking)                           \
  X(category, toy_electric)                                       \
  X(category, toy_plastic)                                        \
  X(category, toy_metal)                                          \
  X(category, toy_projectile)                                     \
  X(category, toy_doll)                                           \
  X(category, wheeled_tractor)                                    \
  X(category, escape_product)                                     \
  X(category, building_safety_glass)                              \
  X(micro_power_class, civil_meter)                               \
  X(radio_technologies, wifi)                                     \
  X(radio_technologies, bluetooth)                                \
  X(radio_technologies, cellular)                                 \
  X(intended_use, military)                                       \
  X(ccc_exemption_basis, rd_or_test_sample)                       \
  X(ccc_exemption_basis, production_line_assessment_parts)        \
  X(ccc_exemption_basis, end_user_repair_part)                    \
  X(ccc_exemption_basis, production_line_equipment)               \
  X(ccc_exemption_basis, commercial_display_not_for_sale)         \
  X(ccc_exemption_basis, temporary_import_reexport)               \
  X(ccc_exemption_basis, parts_for_whole_export_general_trade)    \
  X(ccc_exemption_basis, parts_for_whole_export_processing_trade) \
  X(ccc_exemption_basis, other_special_purpose)                   \
  X(telecom_equipment_class, none)                                \
  X(vehicle_class, none)                                          \
  X(network_equipment_type, router)                               \
  X(network_equipment_type, switch)                               \
  X(network_equipment_type, rack_server)                          \
  X(network_equipment_type, plc)                                  \
  X(railway_product_kind, rolling_stock)                          \
  X(railway_product_kind, catalogue_component)                    \
  X(medical_device_class, I)                                      \
  X(medical_device_class, II)                                     \
  X(medical_device_class, III)                                    \
  X(special_equipment_type, boiler)                               \
  X(special_equipment_type, pressure_vessel)                      \
  X(special_equipment_type, gas_cylinder)                         \
  X(special_equipment_type, pressure_piping)                      \
  X(special_equipment_type, elevator)                             \
  X(special_equipment_type, lifting_machinery)                    \
  X(special_equipment_type, passenger_ropeway)                    \
  X(special_equipment_type, large_amusement_device)               \
  X(special_equipment_type, field_motor_vehicle)                  \
  X(boiler_kind, steam)                                           \
  X(boiler_kind, hot_water)                                       \
  X(boiler_kind, organic_heat_carrier)                            \
  X(requested_voluntary_marks, cqc_mark)                          \
  X(requested_voluntary_marks, cqm_mark)                          \
  X(requested_voluntary_marks, ccap_mark)

// The rules of rules/products, in the bundle's rule order (files in name order).
#define CCR_REFERENCE_RULES(X)                     \
  X(agri_appraisal_for_purchase_subsidy)           \
  X(ccc_it_equipment_row)                          \
  X(ccc_game_consoles_until_2018)                  \
  X(ccc_av_equipment_row)                          \
  X(ccc_set_top_boxes_row)                         \
  X(ccc_copiers_scanners_row)                      \
  X(ccc_fax_machines_row)                          \
  X(ccc_active_speakers_until_2022)                \
  X(ccc_audio_amplifiers_until_2022)               \
  X(ccc_cordless_phones_until_2022)                \
  X(ccc_household_appliances_row)                  \
  X(ccc_electric_blankets_row)                     \
  X(ccc_motor_compressors_row)                     \
  X(ccc_refrigerators_since_2020)                  \
  X(ccc_lighting_row)                              \
  X(ccc_mobile_terminal)                           \
  X(ccc_power_adapter_it_av)                       \
  X(ccc_power_adapter_telecom)                     \
  X(ccc_supplied_adapter_it_av)                    \
  X(ccc_supplied_adapter_telecom)                  \
  X(ccc_li_ion_cells_packs_row)                    \
  X(ccc_built_in_li_ion_cells)                     \
  X(ccc_power_bank)                                \
  X(ccc_earbud_charging_case)                      \
  X(ccc_ebike_battery_charger)                     \
  X(ccc_wires_cables_row)                          \
  X(ccc_installation_accessories_row)              \
  X(ccc_fuse_links_row)                            \
  X(ccc_low_voltage_apparatus_row)                 \
  X(ccc_small_power_motor)                         \
  X(ccc_electric_tools_row)                        \
  X(ccc_welding_machines_row)                      \
  X(ccc_explosion_proof_category)                  \
  X(ccc_explosion_proof_equipment)                 \
  X(ccc_household_gas_appliances)                  \
  X(ccc_motor_vehicles_row)                        \
  X(ccc_electric_bicycles)                         \
  X(ccc_vehicle_parts_certified_row)               \
  X(ccc_vehicle_parts_self_declared_row)           \
  X(ccc_child_restraint_systems_row)               \
  X(ccc_motorcycle_helmets_row)                    \
  X(ccc_vehicle_parts_more_self_declared_row)      \
  X(ccc_toys_row)                                  \
  X(ccc_projectile_doll_toys)                      \
  X(ccc_childrens_products_row)                    \
  X(ccc_fire_products_row)                         \
  X(ccc_building_materials_row)                    \
  X(ccc_porcelain_tiles)                           \
  X(ccc_plant_protection_machinery)                \
  X(ccc_wheeled_tractors_row)                      \
  X(ccc_escape_products_row)                       \
  X(ccc_building_safety_glass_row)                 \
  X(ccc_exempt_rd_test_sample)                     \
  X(ccc_exempt_production_line_assessment)         \
  X(ccc_exempt_end_user_repair)                    \
  X(ccc_exempt_production_line_equipment)          \
  X(ccc_exempt_commercial_display)                 \
  X(ccc_exempt_temporary_import)                   \
  X(ccc_exempt_parts_for_whole_export)             \
  X(ccc_exempt_other_special_purpose)              \
  X(cac_declared_critical_network_equipment)       \
  X(cac_router)                                    \
  X(cac_switch)                                    \
  X(cac_rack_server)                               \
  X(cac_plc)                                       \
  X(cac_cybersecurity_product)                     \
  X(mlps_filing_and_assessment)                    \
  X(cac_listed_commercial_crypto_product)          \
  X(commercial_crypto_product)                     \
  X(pi_protection_certification)                   \
  X(pi_outbound_certification)                     \
  X(cel_catalogue_product)                         \
  X(cel_023_microwave_ovens)                       \
  X(cel_self_ballasted_fluorescent_lamps)          \
  X(cel_high_pressure_sodium_lamps)                \
  X(cel_copiers_printers_fax)                      \
  X(cel_rice_cookers)                              \
  X(cel_15th_batch)                                \
  X(cel_16th_batch)                                \
  X(cel_17th_batch_servers)                        \
  X(cel_15th_batch_road_tunnel_led_luminaires)     \
  X(cel_14th_batch)                                \
  X(cel_15th_batch_led_downlights)                 \
  X(cel_15th_batch_directional_led_lamps)          \
  X(nmpa_class_i_filing)                           \
  X(nmpa_class_ii_iii_registration)                \
  X(srrc_radio_transmitter)                        \
  X(srrc_micro_power_exemption)                    \
  X(nal_public_network_equipment)                  \
  X(nal_2023_no_new_licences)                      \
  X(nal_2023_added_equipment)                      \
  X(srrc_micro_power_civil_meter)                  \
  X(srrc_micro_power_other_classes)                \
  X(railway_product_certification)                 \
  X(rohs_marking_disclosure)                       \
  X(rohs_compliance_catalogue_tier)                \
  X(rohs_catalogue_refrigerators)                  \
  X(rohs_catalogue_air_conditioners)               \
  X(rohs_catalogue_washing_machines)               \
  X(rohs_catalogue_printers_copiers)               \
  X(rohs_gb26572_2025_limits)                      \
  X(outside_mainland_market)                       \
  X(military_use)                                  \
  X(not_placed_on_market)                          \
  X(special_equipment_declared)                    \
  X(special_equipment_steam_boiler)                \
  X(special_equipment_hot_water_boiler)            \
  X(special_equipment_organic_heat_carrier_boiler) \
  X(special_equipment_pressure_vessel)             \
  X(special_equipment_gas_cylinder)                \
  X(special_equipment_pressure_piping)             \
  X(special_equipment_elevator)                    \
  X(special_equipment_crane)                       \
  X(special_equipment_passenger_ropeway)           \
  X(special_equipment_large_amusement_device)      \
  X(special_equipment_field_motor_vehicle)         \
  X(auto_announcement_domestic_vehicle)            \
  X(green_product_listed)                          \
  X(carbon_footprint_pilot)                        \
  X(china_robot_listed)                            \
  X(china_robot_declared)                          \
  X(cqc_mark_usual_route)                          \
  X(cqc_mark_requested)                            \
  X(cqm_mark_requested)                            \
  X(ccap_automotive_parts)                         \
  X(ccap_vehicle_component)                        \
  X(ccap_requested)

namespace ccr::bench::reference::core {

#include "bench/reference/set.h"  // IWYU pragma: export

// One function per rule file: sets the conditions of that file's rules, and the file's rule
// specs (core.cpp puts them together).
#define CCR_REFERENCE_RULE_FILE(Name)                 \
  void Evaluate##Name(const Facts& f, Conditions& r); \
  std::span<const RuleSpec> Name##Specs();
CCR_REFERENCE_RULE_FILE(Agriculture)
CCR_REFERENCE_RULE_FILE(Ccc)
CCR_REFERENCE_RULE_FILE(Cybersecurity)
CCR_REFERENCE_RULE_FILE(EnergyLabel)
CCR_REFERENCE_RULE_FILE(Medical)
CCR_REFERENCE_RULE_FILE(RadioTelecom)
CCR_REFERENCE_RULE_FILE(Railway)
CCR_REFERENCE_RULE_FILE(Rohs)
CCR_REFERENCE_RULE_FILE(Scope)
CCR_REFERENCE_RULE_FILE(SpecialEquipment)
CCR_REFERENCE_RULE_FILE(Vehicles)
CCR_REFERENCE_RULE_FILE(Voluntary)
#undef CCR_REFERENCE_RULE_FILE

}  // namespace ccr::bench::reference::core
