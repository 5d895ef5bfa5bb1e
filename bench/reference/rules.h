// The reference's view of the default bundle: the facts its rules read, its schemes,
// catalogue sets, enum values and rules, each listed once here (in the bundle's order, checked
// against the module when a Reference is built), and the three-valued conditions the rule
// files (bench/reference/<file>.cpp, one per rules/products/<file>.ccr) are written with.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

namespace ccr::bench::reference {

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

#define CCR_REFERENCE_ENUMERATOR(name) name,
#define CCR_REFERENCE_NAME(name) #name,
#define CCR_REFERENCE_VALUE_ENUMERATOR(fact, value) fact##_##value,

namespace fact {
enum Id : uint8_t { CCR_REFERENCE_FACTS(CCR_REFERENCE_ENUMERATOR) kCount };
inline constexpr std::array<std::string_view, kCount> kNames = {
    CCR_REFERENCE_FACTS(CCR_REFERENCE_NAME)};
static_assert(kCount <= 128, "fact masks are one FactMask");
}  // namespace fact

namespace scheme {
enum Id : uint8_t { CCR_REFERENCE_SCHEMES(CCR_REFERENCE_ENUMERATOR) kCount };
inline constexpr std::array<std::string_view, kCount> kNames = {
    CCR_REFERENCE_SCHEMES(CCR_REFERENCE_NAME)};
}  // namespace scheme

namespace set {
enum Id : uint8_t { CCR_REFERENCE_SETS(CCR_REFERENCE_ENUMERATOR) kCount };
inline constexpr std::array<std::string_view, kCount> kNames = {
    CCR_REFERENCE_SETS(CCR_REFERENCE_NAME)};
}  // namespace set

namespace value {
enum Id : uint8_t { CCR_REFERENCE_VALUES(CCR_REFERENCE_VALUE_ENUMERATOR) kCount };
struct Name {
  fact::Id fact;
  std::string_view value;
};
#define CCR_REFERENCE_VALUE_NAME(fact_name, value_name) {fact::fact_name, #value_name},
inline constexpr std::array<Name, kCount> kNames = {
    {CCR_REFERENCE_VALUES(CCR_REFERENCE_VALUE_NAME)}};
#undef CCR_REFERENCE_VALUE_NAME
}  // namespace value

namespace rule {
enum Id : uint8_t { CCR_REFERENCE_RULES(CCR_REFERENCE_ENUMERATOR) kCount };
inline constexpr std::array<std::string_view, kCount> kNames = {
    CCR_REFERENCE_RULES(CCR_REFERENCE_NAME)};
}  // namespace rule

#undef CCR_REFERENCE_ENUMERATOR
#undef CCR_REFERENCE_NAME
#undef CCR_REFERENCE_VALUE_ENUMERATOR

// A set of facts, one bit per fact::Id: the rules read more than 64 facts, and a 128-bit
// integer (GCC and Clang both provide it) keeps a mask as cheap to combine as one word.
using FactMask = unsigned __int128;

// A condition's value in three-valued logic, as the language defines it. An unknown one
// carries the facts that made it unknown (bits by fact::Id), as the VM's read masks do: `a and
// b` unknown lists the unknown operands' facts, `(a and b) or c` with `a and b` false lists
// only `c`'s.
struct Cond {
  enum Truth : uint8_t { kFalse, kTrue, kUnknown };
  Truth truth = kFalse;
  FactMask unknown = 0;  // zero unless truth == kUnknown
};

inline constexpr Cond kFalse{Cond::kFalse, 0};
inline constexpr Cond kTrue{Cond::kTrue, 0};

inline Cond And(Cond a, Cond b) {
  if (a.truth == Cond::kFalse || b.truth == Cond::kFalse) return kFalse;
  if (a.truth == Cond::kTrue && b.truth == Cond::kTrue) return kTrue;
  return {Cond::kUnknown, a.unknown | b.unknown};
}
template <typename... Rest>
Cond And(Cond a, Cond b, Rest... rest) {
  return And(And(a, b), rest...);
}
inline Cond Or(Cond a, Cond b) {
  if (a.truth == Cond::kTrue || b.truth == Cond::kTrue) return kTrue;
  if (a.truth == Cond::kFalse && b.truth == Cond::kFalse) return kFalse;
  return {Cond::kUnknown, a.unknown | b.unknown};
}

inline Cond Not(Cond a) {
  if (a.truth == Cond::kUnknown) return a;
  return a.truth == Cond::kTrue ? kFalse : kTrue;
}

// One product's values of the facts above, as parsed from its JSON line.
struct Value {
  bool known = false;
  bool boolean = false;
  double number = 0;
  uint32_t index = 0;  // enum: value index in its enum
  uint64_t bits = 0;   // set of enum: members
};

// What the rules test besides the product: catalogue sets as bitsets over their enum and the
// index of each named enum value, both taken from the module.
struct Catalogues {
  std::array<std::array<uint64_t, 4>, set::kCount> sets{};
  std::array<uint32_t, value::kCount> values{};
};

// The tests rule conditions are made of, over one product. An unstated fact makes each
// unknown.
class Facts {
 public:
  Facts(const std::array<Value, fact::kCount>& values, const Catalogues& catalogues)
      : values_(values), catalogues_(catalogues) {}

  // `fact` (a bool) is true; IsFalse: `fact == false`.
  Cond Is(fact::Id fact) const { return Test(fact, values_[fact].boolean); }
  Cond IsFalse(fact::Id fact) const { return Test(fact, !values_[fact].boolean); }
  // `fact in set` for an enum fact and a catalogue set.
  Cond In(fact::Id fact, set::Id set) const {
    uint32_t index = values_[fact].index;
    return Test(fact, (catalogues_.sets[set][index / 64] >> (index % 64)) & 1);
  }
  // `fact in { a, b }` for an enum fact.
  Cond In(fact::Id fact, std::initializer_list<value::Id> members) const {
    bool found = false;
    for (value::Id member : members) found |= values_[fact].index == catalogues_.values[member];
    return Test(fact, found);
  }
  Cond Eq(fact::Id fact, value::Id value) const {
    return Test(fact, values_[fact].index == catalogues_.values[value]);
  }
  Cond Ne(fact::Id fact, value::Id value) const {
    return Test(fact, values_[fact].index != catalogues_.values[value]);
  }
  // `value in fact` for a set-of-enum fact.
  Cond Has(fact::Id fact, value::Id value) const {
    return Test(fact, (values_[fact].bits >> catalogues_.values[value]) & 1);
  }
  Cond Gt(fact::Id fact, double x) const { return Test(fact, values_[fact].number > x); }
  Cond Ge(fact::Id fact, double x) const { return Test(fact, values_[fact].number >= x); }
  Cond Le(fact::Id fact, double x) const { return Test(fact, values_[fact].number <= x); }
  Cond Lt(fact::Id fact, double x) const { return Test(fact, values_[fact].number < x); }

 private:
  Cond Test(fact::Id fact, bool outcome) const {
    if (!values_[fact].known) return {Cond::kUnknown, FactMask{1} << fact};
    return outcome ? kTrue : kFalse;
  }

  const std::array<Value, fact::kCount>& values_;
  const Catalogues& catalogues_;
};

// Every rule's condition on one product, as the rule files set them (`r[rule::x] = ...`).
// Kept as two arrays so the evaluator can turn the truths into rule bitmasks eight rules at a
// time.
class Conditions {
 public:
  static constexpr size_t kPadded = (rule::kCount + 7) / 8 * 8;

  class Slot {
   public:
    Slot(Conditions& conditions, size_t rule) : conditions_(conditions), rule_(rule) {}
    void operator=(Cond cond) {
      conditions_.truths_[rule_] = cond.truth;
      conditions_.unknowns_[rule_] = cond.unknown;
    }

   private:
    Conditions& conditions_;
    size_t rule_;
  };
  Slot operator[](rule::Id rule) { return {*this, rule}; }

  // Cond::Truth by rule, padded with kFalse to a multiple of eight.
  const std::array<Cond::Truth, kPadded>& truths() const { return truths_; }
  // Meaningful only for a rule whose truth is kUnknown.
  FactMask unknown(size_t rule) const { return unknowns_[rule]; }

 private:
  // Not uint8_t: a store through a character type may alias anything, so every store would
  // make the compiler reload the facts.
  std::array<Cond::Truth, kPadded> truths_{};  // every rule file sets all its rules
  std::array<FactMask, rule::kCount> unknowns_;
};

// Days since 1970-01-01 of a proleptic Gregorian date (the representation of ccr::Date).
constexpr int32_t Day(int year, int month, int day) {
  year -= month <= 2;
  int era = (year >= 0 ? year : year - 399) / 400;
  int year_of_era = year - era * 400;
  int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}
static_assert(Day(1970, 1, 1) == 0 && Day(2000, 3, 1) == 11017);

using SchemeMask = uint32_t;
constexpr SchemeMask Bit(scheme::Id scheme) { return SchemeMask{1} << scheme; }
inline constexpr SchemeMask kAllSchemes = (SchemeMask{1} << scheme::kCount) - 1;
inline constexpr int32_t kAlways = INT32_MIN;
inline constexpr int32_t kForever = INT32_MAX;

// What a rule does, hard-coded beside its condition (and checked against the module): the
// days it is in force (`from` <= day < `until`) and the schemes it requires (by level) or
// exempts.
struct RuleSpec {
  rule::Id rule;
  int32_t from = kAlways;
  int32_t until = kForever;
  SchemeMask mandatory = 0;
  SchemeMask voluntary = 0;
  SchemeMask exempts = 0;
  // The component its `require` attaches to (a declared component's id); empty: the product
  // itself. Exemptions here name no component: they hold for every obligation.
  std::string_view component = {};
};

// One function per rule file: sets the conditions of that file's rules (in force or not; the
// caller applies `from`), and the file's rule specs.
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

}  // namespace ccr::bench::reference
