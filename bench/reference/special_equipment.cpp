// rules/products/special_equipment.ccr: special equipment production licence (2014 Catalogue).
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateSpecialEquipment(const Facts& f, Conditions& r) {
  using namespace fact;
  auto type = [&](value::Id kind) { return f.Eq(special_equipment_type, kind); };
  Cond boiler = type(value::special_equipment_type_boiler);
  r[rule::special_equipment_declared] = f.Is(is_special_equipment);
  r[rule::special_equipment_steam_boiler] =
      And(boiler, f.Eq(boiler_kind, value::boiler_kind_steam), f.Ge(volume_l, 30),
          f.Ge(max_working_pressure_mpa, 0.1));
  r[rule::special_equipment_hot_water_boiler] =
      And(boiler, f.Eq(boiler_kind, value::boiler_kind_hot_water),
          f.Ge(max_working_pressure_mpa, 0.1), f.Ge(rated_thermal_power_mw, 0.1));
  r[rule::special_equipment_organic_heat_carrier_boiler] =
      And(boiler, f.Eq(boiler_kind, value::boiler_kind_organic_heat_carrier),
          f.Ge(rated_thermal_power_mw, 0.1));
  r[rule::special_equipment_pressure_vessel] =
      And(type(value::special_equipment_type_pressure_vessel), f.Ge(max_working_pressure_mpa, 0.1),
          f.Ge(volume_l, 30), f.Ge(inner_diameter_mm, 150));
  r[rule::special_equipment_gas_cylinder] =
      And(type(value::special_equipment_type_gas_cylinder), f.Ge(max_working_pressure_mpa, 0.2),
          f.Ge(pressure_volume_product_mpa_l, 1.0));
  r[rule::special_equipment_pressure_piping] =
      And(type(value::special_equipment_type_pressure_piping), f.Ge(max_working_pressure_mpa, 0.1),
          f.Ge(pipe_nominal_diameter_mm, 50));
  r[rule::special_equipment_elevator] =
      And(type(value::special_equipment_type_elevator), f.Ge(rated_lifting_capacity_t, 0.5),
          f.IsFalse(single_family_home_lift));
  r[rule::special_equipment_crane] =
      And(type(value::special_equipment_type_lifting_machinery), f.Ge(rated_lifting_capacity_t, 3),
          f.Ge(lifting_height_m, 2));
  r[rule::special_equipment_passenger_ropeway] =
      type(value::special_equipment_type_passenger_ropeway);
  r[rule::special_equipment_large_amusement_device] =
      type(value::special_equipment_type_large_amusement_device);
  r[rule::special_equipment_field_motor_vehicle] =
      type(value::special_equipment_type_field_motor_vehicle);
}

std::span<const RuleSpec> SpecialEquipmentSpecs() {
  constexpr SchemeMask kSe = Bit(scheme::SPECIAL_EQUIPMENT);
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::special_equipment_declared, .from = Day(2014, 1, 1), .mandatory = kSe},
      {.rule = rule::special_equipment_steam_boiler, .from = Day(2014, 1, 1), .mandatory = kSe},
      {.rule = rule::special_equipment_hot_water_boiler, .from = Day(2014, 1, 1), .mandatory = kSe},
      {.rule = rule::special_equipment_organic_heat_carrier_boiler,
       .from = Day(2014, 1, 1),
       .mandatory = kSe},
      {.rule = rule::special_equipment_pressure_vessel, .from = Day(2014, 1, 1), .mandatory = kSe},
      {.rule = rule::special_equipment_gas_cylinder, .from = Day(2014, 1, 1), .mandatory = kSe},
      {.rule = rule::special_equipment_pressure_piping, .from = Day(2014, 1, 1), .mandatory = kSe},
      {.rule = rule::special_equipment_elevator, .from = Day(2014, 1, 1), .mandatory = kSe},
      {.rule = rule::special_equipment_crane, .from = Day(2014, 1, 1), .mandatory = kSe},
      {.rule = rule::special_equipment_passenger_ropeway,
       .from = Day(2014, 1, 1),
       .mandatory = kSe},
      {.rule = rule::special_equipment_large_amusement_device,
       .from = Day(2014, 1, 1),
       .mandatory = kSe},
      {.rule = rule::special_equipment_field_motor_vehicle,
       .from = Day(2014, 1, 1),
       .mandatory = kSe},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
