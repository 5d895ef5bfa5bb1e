#include "bench/reference/reference.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "runtime/base/check.h"
#include "runtime/base/json_writer.h"

namespace ccr::bench::reference {

using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;
using vm::Status;

namespace {

// The facts the core rules read.
enum Field : uint8_t {
  kSoldInMainland,
  kIsElectricalElectronic,
  kIsPowerGeneration,
  kIsDcRated,
  kAdapterForTelecom,
  kShipsWithAdapter,
  kContainsLiIon,
  kIsExplosionProof,
  kForChildren,
  kEmitsRadio,
  kMicroPowerExempt,
  kConnectsPublicTelecom,
  kRatedVoltage,
  kRatedPower,
  kVolume,
  kLiIonCapacity,
  kMass,
  kTileWaterAbsorption,
  kCategory,
  kPowerSource,
  kVehicleClass,
  kTelecomClass,
  kExemptionBasis,
  kIntendedUse,
  kFieldCount
};

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "sold_in_mainland",
    "is_electrical_electronic",
    "is_power_generation_transmission_distribution",
    "is_dc_rated",
    "adapter_for_telecom_terminal",
    "ships_with_external_power_supply",
    "contains_li_ion_battery",
    "is_explosion_proof",
    "intended_for_children_under_14",
    "emits_radio",
    "radio_micro_power_exempt",
    "connects_public_telecom",
    "rated_voltage_v",
    "rated_power_w",
    "volume_l",
    "li_ion_capacity_mah",
    "mass_kg",
    "porcelain_tile_water_absorption_pct",
    "category",
    "power_source",
    "vehicle_class",
    "telecom_equipment_class",
    "ccc_exemption_basis",
    "intended_use"};

struct Value {
  bool known = false;
  bool boolean = false;
  double number = 0;
  uint32_t index = 0;  // enum value
  uint64_t bits = 0;   // set members
};

// Three-valued truth, as the language defines it.
enum class Tri : uint8_t { F, T, U };

Tri Of(bool b) { return b ? Tri::T : Tri::F; }
Tri And(Tri a, Tri b) {
  if (a == Tri::F || b == Tri::F) return Tri::F;
  return a == Tri::T && b == Tri::T ? Tri::T : Tri::U;
}
template <typename... Rest>
Tri And(Tri a, Tri b, Rest... rest) {
  return And(And(a, b), rest...);
}
Tri Or(Tri a, Tri b) {
  if (a == Tri::T || b == Tri::T) return Tri::T;
  return a == Tri::F && b == Tri::F ? Tri::F : Tri::U;
}

// The rules on the core schemes, in rule-table order of the default bundle (checked at
// construction).
enum Rule : uint8_t {
  kOutsideMainland,
  kMilitaryUse,
  kNotPlacedOnMarket,
  kCccIt,
  kCccAv,
  kCccLargeSpeaker,
  kCccHousehold,
  kCccRefrigerators,
  kCccLighting,
  kCccMobile,
  kCccAdapterItAv,
  kCccAdapterTelecom,
  kCccSuppliedItAv,
  kCccSuppliedTelecom,
  kCccLiIonCells,
  kCccPowerBank,
  kCccEarbudCase,
  kCccEbikeBattery,
  kCccInstallation,
  kCccLowVoltage,
  kCccSmallMotor,
  kCccTools,
  kCccWelding,
  kCccExCategory,
  kCccExEquipment,
  kCccGas,
  kCccVehicles,
  kCccEbikes,
  kCccVehicleParts,
  kCccToys,
  kCccChildrens,
  kCccFire,
  kCccBuilding,
  kCccTiles,
  kCccPlantProtection,
  kCccExemptRd,
  kCccExemptAssessment,
  kCccExemptRepair,
  kCccExemptLineEquipment,
  kCccExemptDisplay,
  kCccExemptTemporary,
  kCccExemptWholeExport,
  kCccExemptOther,
  kSrrcTransmitter,
  kSrrcMicroPower,
  kNalPublicNetwork,
  kNal2023,
  kRohsMarking,
  kRohsCatalogue,
  kRohsGb26572,
  kCel,
  kRuleCount
};

constexpr std::array<std::string_view, kRuleCount> kRuleNames = {
    "outside_mainland_market",
    "military_use",
    "not_placed_on_market",
    "ccc_it_equipment_row",
    "ccc_av_equipment_row",
    "ccc_large_active_speaker",
    "ccc_household_appliances_row",
    "ccc_refrigerators_since_2020",
    "ccc_lighting_row",
    "ccc_mobile_terminal",
    "ccc_power_adapter_it_av",
    "ccc_power_adapter_telecom",
    "ccc_supplied_adapter_it_av",
    "ccc_supplied_adapter_telecom",
    "ccc_li_ion_cells_packs_row",
    "ccc_power_bank",
    "ccc_earbud_charging_case",
    "ccc_ebike_battery_charger",
    "ccc_installation_accessories_row",
    "ccc_low_voltage_apparatus_row",
    "ccc_small_power_motor",
    "ccc_electric_tools_row",
    "ccc_welding_machines_row",
    "ccc_explosion_proof_category",
    "ccc_explosion_proof_equipment",
    "ccc_household_gas_appliances",
    "ccc_motor_vehicles_row",
    "ccc_electric_bicycles",
    "ccc_vehicle_parts_row",
    "ccc_toys_row",
    "ccc_childrens_products_row",
    "ccc_fire_products_row",
    "ccc_building_materials_row",
    "ccc_porcelain_tiles",
    "ccc_plant_protection_machinery",
    "ccc_exempt_rd_test_sample",
    "ccc_exempt_production_line_assessment",
    "ccc_exempt_end_user_repair",
    "ccc_exempt_production_line_equipment",
    "ccc_exempt_commercial_display",
    "ccc_exempt_temporary_import",
    "ccc_exempt_parts_for_whole_export",
    "ccc_exempt_other_special_purpose",
    "srrc_radio_transmitter",
    "srrc_micro_power_exemption",
    "nal_public_network_equipment",
    "nal_2023_no_new_licences",
    "rohs_marking_disclosure",
    "rohs_compliance_catalogue_tier",
    "rohs_gb26572_2025_limits",
    "cel_catalogue_product"};

// The catalogue sets the core rules test, and the enum values they compare with.
enum Set : uint8_t {
  kMainsPowerSources,
  kNotPlacedOnMarketBases,
  kCccItEquipment,
  kCccAvEquipment,
  kCccHouseholdAppliances,
  kCccLightingSet,
  kCccMobileTerminals,
  kCccPowerSupplies,
  kCccLiIonCellsPacks,
  kCccPowerBanks,
  kCccEbikeBatteriesChargers,
  kCccInstallationAccessories,
  kCccLowVoltageApparatus,
  kCccSmallPowerMotors,
  kCccElectricTools,
  kCccWeldingMachines,
  kCccExplosionProof,
  kCccGasAppliances,
  kCccMotorVehicles,
  kCccEbikesSet,
  kCccVehiclePartsSet,
  kCccToysSet,
  kCccChildrensProducts,
  kCccFireProducts,
  kCccBuildingMaterials,
  kCccCeramicTiles,
  kCccAgriculturalMachinery,
  kNalDropped2023,
  kRohsComplianceCatalogue,
  kCelCatalogue,
  kSetCount
};

constexpr std::array<std::string_view, kSetCount> kSetNames = {"mains_power_sources",
                                                               "not_placed_on_market_bases",
                                                               "ccc_it_equipment",
                                                               "ccc_av_equipment",
                                                               "ccc_household_appliances",
                                                               "ccc_lighting",
                                                               "ccc_mobile_terminals",
                                                               "ccc_power_supplies",
                                                               "ccc_li_ion_cells_packs",
                                                               "ccc_power_banks",
                                                               "ccc_ebike_batteries_chargers",
                                                               "ccc_installation_accessories",
                                                               "ccc_low_voltage_apparatus",
                                                               "ccc_small_power_motors",
                                                               "ccc_electric_tools",
                                                               "ccc_welding_machines",
                                                               "ccc_explosion_proof",
                                                               "ccc_gas_appliances",
                                                               "ccc_motor_vehicles",
                                                               "ccc_ebikes",
                                                               "ccc_vehicle_parts",
                                                               "ccc_toys",
                                                               "ccc_childrens_products",
                                                               "ccc_fire_products",
                                                               "ccc_building_materials",
                                                               "ccc_ceramic_tiles",
                                                               "ccc_agricultural_machinery",
                                                               "nal_dropped_2023",
                                                               "rohs_compliance_catalogue",
                                                               "cel_catalogue"};

struct EnumConstant {
  Field field;
  std::string_view value;
};

enum Constant : uint8_t {
  kActiveSpeaker,
  kRefrigerator,
  kBluetoothEarbuds,
  kVehicleNone,
  kTelecomNone,
  kMilitary,
  kRdSample,
  kAssessmentParts,
  kRepairPart,
  kLineEquipment,
  kDisplay,
  kTemporaryImport,
  kExportGeneral,
  kExportProcessing,
  kOtherPurpose,
  kConstantCount
};

constexpr std::array<EnumConstant, kConstantCount> kConstants = {{
    {kCategory, "active_speaker"},
    {kCategory, "refrigerator"},
    {kCategory, "bluetooth_earbuds"},
    {kVehicleClass, "none"},
    {kTelecomClass, "none"},
    {kIntendedUse, "military"},
    {kExemptionBasis, "rd_or_test_sample"},
    {kExemptionBasis, "production_line_assessment_parts"},
    {kExemptionBasis, "end_user_repair_part"},
    {kExemptionBasis, "production_line_equipment"},
    {kExemptionBasis, "commercial_display_not_for_sale"},
    {kExemptionBasis, "temporary_import_reexport"},
    {kExemptionBasis, "parts_for_whole_export_general_trade"},
    {kExemptionBasis, "parts_for_whole_export_processing_trade"},
    {kExemptionBasis, "other_special_purpose"},
}};

}  // namespace

// Everything taken from the module once: lookups for parsing, catalogue bitsets, texts.
struct Tables {
  const Module* module = nullptr;
  std::unordered_map<std::string_view, Field> field_by_name;
  std::array<std::unordered_map<std::string_view, uint32_t>, kFieldCount> enum_values;
  std::array<uint32_t, kFieldCount> fact_of{};  // module fact index per field
  // Catalogue sets as bitsets over their enum (at most 192 values).
  std::array<std::array<uint64_t, 3>, kSetCount> sets{};
  std::array<uint32_t, kConstantCount> constants{};  // enum value indices
  struct RuleInfo {
    uint32_t module_rule = kNone;
    int32_t from = INT32_MIN;
    int32_t until = INT32_MAX;
    std::vector<Field> reads;
    std::string prefix;  // `{"rule":"...","action":"...","condition":"`
    std::string suffix;  // `","because":...,"at":"...","facts":{`
  };
  std::array<RuleInfo, kRuleCount> rules;
  struct Action {
    Rule rule;
    bool exempt;
  };
  struct SchemeInfo {
    std::string head;             // `{"scheme":...,"authority":...,"level":"mandatory","status":"`
    std::vector<Action> actions;  // in rule order
  };
  std::array<SchemeInfo, 5> schemes;
  std::array<std::string, kFieldCount> field_keys;  // `"name":`
};

namespace {

struct Evaluation {
  std::array<Value, kFieldCount> values;
  std::array<Tri, kRuleCount> truth;
};

void Decide(const Tables& t, const Date& as_of, Evaluation& e) {
  const auto& v = e.values;
  auto b = [&](Field f) { return v[f].known ? Of(v[f].boolean) : Tri::U; };
  auto is_false = [&](Field f) { return v[f].known ? Of(!v[f].boolean) : Tri::U; };
  auto in = [&](Field f, Set set) {
    const auto& words = t.sets[set];
    return v[f].known ? Of((words[v[f].index / 64] >> (v[f].index % 64)) & 1) : Tri::U;
  };
  auto is = [&](Field f, Constant c) {
    return v[f].known ? Of(v[f].index == t.constants[c]) : Tri::U;
  };
  auto isnt = [&](Field f, Constant c) {
    return v[f].known ? Of(v[f].index != t.constants[c]) : Tri::U;
  };
  auto gt = [&](Field f, double x) { return v[f].known ? Of(v[f].number > x) : Tri::U; };
  auto ge = [&](Field f, double x) { return v[f].known ? Of(v[f].number >= x) : Tri::U; };
  auto le = [&](Field f, double x) { return v[f].known ? Of(v[f].number <= x) : Tri::U; };
  auto& r = e.truth;
  Tri mains = in(kPowerSource, kMainsPowerSources);
  Tri mains_36_1000 = And(mains, gt(kRatedVoltage, 36), le(kRatedVoltage, 1000));
  Tri mains_36_480 = And(mains, gt(kRatedVoltage, 36), le(kRatedVoltage, 480));
  Tri lv_scope = Or(le(kRatedVoltage, 1000), And(b(kIsDcRated), le(kRatedVoltage, 1500)));
  Tri rohs_scope = And(b(kIsElectricalElectronic), is_false(kIsPowerGeneration),
                       is(kVehicleClass, kVehicleNone), lv_scope);
  Tri power_bank = And(b(kContainsLiIon), gt(kLiIonCapacity, 600), le(kMass, 18));
  const Value& military = v[kIntendedUse];

  r[kOutsideMainland] = is_false(kSoldInMainland);
  r[kMilitaryUse] = military.known ? Of((military.bits >> t.constants[kMilitary]) & 1) : Tri::U;
  r[kNotPlacedOnMarket] = in(kExemptionBasis, kNotPlacedOnMarketBases);
  r[kCccIt] = And(in(kCategory, kCccItEquipment), mains_36_1000);
  r[kCccAv] = And(in(kCategory, kCccAvEquipment), mains_36_1000);
  r[kCccLargeSpeaker] = And(is(kCategory, kActiveSpeaker), ge(kRatedPower, 500), mains_36_1000);
  r[kCccHousehold] = And(in(kCategory, kCccHouseholdAppliances),
                         Or(isnt(kCategory, kRefrigerator), le(kVolume, 500)), mains_36_480);
  r[kCccRefrigerators] = And(is(kCategory, kRefrigerator), mains_36_480);
  r[kCccLighting] = And(in(kCategory, kCccLightingSet), mains_36_1000);
  r[kCccMobile] = in(kCategory, kCccMobileTerminals);
  Tri adapter_row = And(in(kCategory, kCccPowerSupplies), mains, gt(kRatedVoltage, 36));
  r[kCccAdapterItAv] = And(adapter_row, is_false(kAdapterForTelecom));
  r[kCccAdapterTelecom] = And(adapter_row, b(kAdapterForTelecom));
  r[kCccSuppliedItAv] = And(b(kShipsWithAdapter), is_false(kAdapterForTelecom));
  r[kCccSuppliedTelecom] = And(b(kShipsWithAdapter), b(kAdapterForTelecom));
  r[kCccLiIonCells] = in(kCategory, kCccLiIonCellsPacks);
  r[kCccPowerBank] = And(in(kCategory, kCccPowerBanks), power_bank);
  r[kCccEarbudCase] = And(is(kCategory, kBluetoothEarbuds), power_bank);
  r[kCccEbikeBattery] = in(kCategory, kCccEbikeBatteriesChargers);
  r[kCccInstallation] = in(kCategory, kCccInstallationAccessories);
  r[kCccLowVoltage] = And(in(kCategory, kCccLowVoltageApparatus), lv_scope);
  r[kCccSmallMotor] = in(kCategory, kCccSmallPowerMotors);
  r[kCccTools] = in(kCategory, kCccElectricTools);
  r[kCccWelding] = in(kCategory, kCccWeldingMachines);
  r[kCccExCategory] = in(kCategory, kCccExplosionProof);
  r[kCccExEquipment] = And(b(kIsExplosionProof), b(kIsElectricalElectronic));
  r[kCccGas] = in(kCategory, kCccGasAppliances);
  r[kCccVehicles] = in(kCategory, kCccMotorVehicles);
  r[kCccEbikes] = in(kCategory, kCccEbikesSet);
  r[kCccVehicleParts] = in(kCategory, kCccVehiclePartsSet);
  r[kCccToys] = And(in(kCategory, kCccToysSet), b(kForChildren));
  r[kCccChildrens] = in(kCategory, kCccChildrensProducts);
  r[kCccFire] = in(kCategory, kCccFireProducts);
  r[kCccBuilding] = in(kCategory, kCccBuildingMaterials);
  r[kCccTiles] = And(in(kCategory, kCccCeramicTiles), le(kTileWaterAbsorption, 0.5));
  r[kCccPlantProtection] = in(kCategory, kCccAgriculturalMachinery);
  r[kCccExemptRd] = is(kExemptionBasis, kRdSample);
  r[kCccExemptAssessment] = is(kExemptionBasis, kAssessmentParts);
  r[kCccExemptRepair] = is(kExemptionBasis, kRepairPart);
  r[kCccExemptLineEquipment] = is(kExemptionBasis, kLineEquipment);
  r[kCccExemptDisplay] = is(kExemptionBasis, kDisplay);
  r[kCccExemptTemporary] = is(kExemptionBasis, kTemporaryImport);
  r[kCccExemptWholeExport] =
      Or(is(kExemptionBasis, kExportGeneral), is(kExemptionBasis, kExportProcessing));
  r[kCccExemptOther] = is(kExemptionBasis, kOtherPurpose);
  r[kSrrcTransmitter] = b(kEmitsRadio);
  r[kSrrcMicroPower] = b(kMicroPowerExempt);
  r[kNalPublicNetwork] = And(b(kConnectsPublicTelecom), isnt(kTelecomClass, kTelecomNone));
  r[kNal2023] = in(kCategory, kNalDropped2023);
  r[kRohsMarking] = rohs_scope;
  r[kRohsCatalogue] = And(in(kCategory, kRohsComplianceCatalogue), rohs_scope);
  r[kRohsGb26572] = rohs_scope;
  r[kCel] = in(kCategory, kCelCatalogue);

  for (size_t i = 0; i < kRuleCount; ++i) {
    const auto& info = t.rules[i];
    if (as_of.days < info.from || as_of.days >= info.until) r[i] = Tri::F;
  }
}

void AppendValue(std::string& out, const Module& module, uint32_t fact, const Value& value) {
  const bytecode::Fact& declared = module.facts[fact];
  switch (declared.type.kind) {
    case TypeKind::Bool:
      out += value.boolean ? "true" : "false";
      break;
    case TypeKind::Number:
      AppendJsonNumber(out, value.number);
      break;
    case TypeKind::String:
      break;
    case TypeKind::Enum:
      AppendJsonString(out,
                       module.strings[module.enums[declared.type.enum_index].values[value.index]]);
      break;
    case TypeKind::EnumSet: {
      const auto& values = module.enums[declared.type.enum_index].values;
      out += '[';
      bool first = true;
      for (size_t i = 0; i < values.size(); ++i) {
        if (!((value.bits >> i) & 1)) continue;
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, module.strings[values[i]]);
      }
      out += ']';
      break;
    }
  }
}

}  // namespace

Reference::Reference(const Module& module, Date as_of)
    : tables_(std::make_unique<Tables>()), as_of_(as_of) {
  Tables& t = *tables_;
  t.module = &module;
  const auto& s = module.strings;
  for (size_t f = 0; f < kFieldCount; ++f) {
    Field field = static_cast<Field>(f);
    t.field_by_name.emplace(kFieldNames[f], field);
    t.fact_of[f] = kNone;
    for (uint32_t i = 0; i < module.facts.size(); ++i) {
      if (s[module.facts[i].name] == kFieldNames[f]) t.fact_of[f] = i;
    }
    CCR_CHECK(t.fact_of[f] != kNone);
    t.field_keys[f] = fmt::format("\"{}\":", kFieldNames[f]);
    const bytecode::Fact& fact = module.facts[t.fact_of[f]];
    if (fact.type.kind == TypeKind::Enum || fact.type.kind == TypeKind::EnumSet) {
      const auto& values = module.enums[fact.type.enum_index].values;
      for (uint32_t v = 0; v < values.size(); ++v) {
        t.enum_values[f].emplace(s[values[v]], v);
      }
    }
  }
  for (size_t c = 0; c < kConstantCount; ++c) {
    const auto& values = t.enum_values[kConstants[c].field];
    auto found = values.find(kConstants[c].value);
    CCR_CHECK(found != values.end());
    t.constants[c] = found->second;
  }
  for (size_t k = 0; k < kSetCount; ++k) {
    bool found = false;
    for (const auto& set : module.sets) {
      if (set.name == kNone || s[set.name] != kSetNames[k]) continue;
      CCR_CHECK(set.element.kind == TypeKind::Enum);
      for (uint32_t member : set.members) {
        CCR_CHECK(member < 192);
        t.sets[k][member / 64] |= uint64_t{1} << (member % 64);
      }
      found = true;
    }
    CCR_CHECK(found);
  }
  // Rule metadata, and a check that the hard-coded table covers exactly the bundle's rules
  // on the core schemes, so the reference cannot drift silently from rules/products.
  std::array<uint32_t, 5> scheme_index{};
  for (size_t c = 0; c < 5; ++c) {
    scheme_index[c] = kNone;
    for (uint32_t i = 0; i < module.schemes.size(); ++i) {
      if (s[module.schemes[i].id] == kCoreSchemes[c]) scheme_index[c] = i;
    }
    CCR_CHECK(scheme_index[c] != kNone);
    const bytecode::Scheme& scheme = module.schemes[scheme_index[c]];
    CCR_CHECK(scheme.level == bytecode::Level::Mandatory);
    std::string head = "{\"scheme\":";
    AppendJsonString(head, s[scheme.id]);
    head += ",\"name\":";
    AppendJsonString(head, s[scheme.name]);
    head += ",\"authority\":";
    AppendJsonString(head, s[module.authorities[scheme.authority].id]);
    head += ",\"level\":\"mandatory\",\"status\":\"";
    t.schemes[c].head = std::move(head);
  }
  size_t covered = 0;
  for (uint32_t m = 0; m < module.rules.size(); ++m) {
    const bytecode::Rule& rule = module.rules[m];
    auto named = std::find(kRuleNames.begin(), kRuleNames.end(), s[rule.name]);
    bool core = false;
    for (const auto& action : rule.actions) {
      for (size_t c = 0; c < 5; ++c) {
        if (action.scheme != scheme_index[c]) continue;
        core = true;
        CCR_CHECK(named != kRuleNames.end());
        Rule id = static_cast<Rule>(named - kRuleNames.begin());
        bool exempt = action.kind == bytecode::ActionKind::Exempt;
        t.schemes[c].actions.push_back({id, exempt});
      }
    }
    if (!core) continue;
    ++covered;
    auto& info = t.rules[named - kRuleNames.begin()];
    info.module_rule = m;
    if (rule.has_from) info.from = rule.from.days;
    if (rule.has_until) info.until = rule.until.days;
    for (uint32_t fact : rule.reads) {
      auto f = std::find(t.fact_of.begin(), t.fact_of.end(), fact);
      CCR_CHECK(f != t.fact_of.end());
      info.reads.push_back(static_cast<Field>(f - t.fact_of.begin()));
    }
    info.prefix = "{\"rule\":";
    AppendJsonString(info.prefix, s[rule.name]);
    info.prefix += ",\"action\":\"";
    info.suffix = "\"";
    if (rule.because != kNone) {
      info.suffix += ",\"because\":";
      AppendJsonString(info.suffix, s[rule.because]);
    }
    if (rule.source != kNone) {
      info.suffix += ",\"source\":";
      AppendJsonString(info.suffix, s[rule.source]);
    }
    info.suffix += ",\"at\":";
    std::string_view file = rule.location.file != kNone ? std::string_view(s[rule.location.file])
                                                        : std::string_view("<unknown>");
    AppendJsonString(info.suffix,
                     fmt::format("{}:{}:{}", file, rule.location.line, rule.location.column));
    info.suffix += ",\"facts\":{";
  }
  CCR_CHECK(covered == kRuleCount);
}

Reference::~Reference() = default;

bool Reference::Run(std::string_view line, std::string& out) {
  const Tables& t = *tables_;
  const Module& module = *t.module;
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(line.data(), line.size()).get_object().get(object) != simdjson::SUCCESS) {
    return false;
  }
  Evaluation e{};
  std::string_view name;
  for (auto [key, json] : object) {
    if (key == "product") {
      if (json.get_string().get(name) != simdjson::SUCCESS) name = {};
      continue;
    }
    auto found = t.field_by_name.find(key);
    if (found == t.field_by_name.end() || json.is_null()) continue;
    Field f = found->second;
    Value& value = e.values[f];
    switch (module.facts[t.fact_of[f]].type.kind) {
      case TypeKind::Bool:
        value.known = json.get_bool().get(value.boolean) == simdjson::SUCCESS;
        break;
      case TypeKind::Number:
        value.known = json.get_double().get(value.number) == simdjson::SUCCESS;
        break;
      case TypeKind::String:
        break;
      case TypeKind::Enum: {
        std::string_view text;
        if (json.get_string().get(text) != simdjson::SUCCESS) break;
        auto v = t.enum_values[f].find(text);
        if (v == t.enum_values[f].end()) break;
        value.index = v->second;
        value.known = true;
        break;
      }
      case TypeKind::EnumSet: {
        simdjson::dom::array array;
        if (json.get_array().get(array) != simdjson::SUCCESS) break;
        for (simdjson::dom::element member : array) {
          std::string_view text;
          if (member.get_string().get(text) != simdjson::SUCCESS) continue;
          auto v = t.enum_values[f].find(text);
          if (v != t.enum_values[f].end()) value.bits |= uint64_t{1} << v->second;
        }
        value.known = true;
        break;
      }
    }
  }
  Decide(t, as_of_, e);

  auto rule_object = [&](Rule rule, std::string_view action, std::string_view condition) {
    const auto& info = t.rules[rule];
    out += info.prefix;
    out += action;
    out += "\",\"condition\":\"";
    out += condition;
    out += info.suffix;
    bool first = true;
    for (Field f : info.reads) {
      if (!e.values[f].known) continue;
      if (!first) out += ',';
      first = false;
      out += t.field_keys[f];
      AppendValue(out, module, t.fact_of[f], e.values[f]);
    }
    out += "}}";
  };

  std::string body;
  bool complete = true;
  for (size_t c = 0; c < 5; ++c) {
    const auto& scheme = t.schemes[c];
    bool required = false, require_unknown = false, exempt_true = false, exempt_unknown = false;
    for (const auto& action : scheme.actions) {
      Tri truth = e.truth[action.rule];
      if (action.exempt) {
        exempt_true |= truth == Tri::T;
        exempt_unknown |= truth == Tri::U;
      } else {
        required |= truth == Tri::T;
        require_unknown |= truth == Tri::U;
      }
    }
    Status status = exempt_true && (required || require_unknown)    ? Status::Exempt
                    : (required ? exempt_unknown : require_unknown) ? Status::Undetermined
                    : required                                      ? Status::Required
                                                                    : Status::NotRequired;
    statuses_[c] = status;
    if (status == Status::NotRequired) continue;
    if (!body.empty()) body += ',';
    body += scheme.head;
    if (status == Status::Required) {
      body += "required\"";
    } else if (status == Status::Exempt) {
      body += "exempt\",\"exempted_by\":[";
      bool first = true;
      for (const auto& action : scheme.actions) {
        if (!action.exempt || e.truth[action.rule] != Tri::T) continue;
        if (!first) body += ',';
        first = false;
        std::swap(out, body);
        rule_object(action.rule, "exempt", "true");
        std::swap(out, body);
      }
      body += ']';
    } else {
      complete = false;
      // Every unknown fact an undetermined rule reads (the VM lists only those that could
      // change the outcome; on these rules they mostly coincide).
      uint64_t missing = 0;
      for (const auto& action : scheme.actions) {
        if (e.truth[action.rule] != Tri::U || (required && !action.exempt)) continue;
        for (Field f : t.rules[action.rule].reads) {
          if (!e.values[f].known) missing |= uint64_t{1} << f;
        }
      }
      body += "undetermined\",\"missing\":[";
      bool first = true;
      for (size_t f = 0; f < kFieldCount; ++f) {
        if (!((missing >> f) & 1)) continue;
        if (!first) body += ',';
        first = false;
        body += '"';
        body += kFieldNames[f];
        body += '"';
      }
      body += ']';
    }
    body += ",\"rules\":[";
    std::swap(out, body);
    bool first = true;
    auto list = [&](const Tables::Action& action, std::string_view condition) {
      if (!first) out += ',';
      first = false;
      rule_object(action.rule, action.exempt ? "exempt" : "require", condition);
    };
    for (const auto& action : scheme.actions) {
      if (!action.exempt && e.truth[action.rule] == Tri::T) list(action, "true");
    }
    if (status == Status::Undetermined) {
      for (const auto& action : scheme.actions) {
        if (e.truth[action.rule] != Tri::U || (required && !action.exempt)) continue;
        list(action, "unknown");
      }
    }
    std::swap(out, body);
    body += "]}";
  }

  out += "{\"schema\":\"ccr.report/1\"";
  if (!name.empty()) {
    out += ",\"product\":";
    AppendJsonString(out, name);
  }
  out += ",\"as_of\":\"";
  out += FormatDate(as_of_);
  out += complete ? "\",\"complete\":true,\"requirements\":["
                  : "\",\"complete\":false,\"requirements\":[";
  out += body;
  out += "],\"warnings\":[]}";
  return true;
}

}  // namespace ccr::bench::reference
