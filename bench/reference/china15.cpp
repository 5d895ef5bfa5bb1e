// The reference for china15 (bench/sets/china15.ccr): its 15 conditions and specs by hand, in
// the file's order, and the shared definition compiled for this set.
#include "bench/reference/china15.h"

namespace ccr::bench::reference::china15 {

namespace {

// The CCC electrical rows' supply test: mains-powered above 36 V up to `max_volts`.
Cond MainsWindow(const Facts& f, double max_volts) {
  using namespace fact;
  return And(f.In(power_source, set::mains_power_sources), f.Gt(rated_voltage_v, 36),
             f.Le(rated_voltage_v, max_volts));
}

// China RoHS scope: electrical and electronic, not for the power grid or a vehicle, up to
// 1000 V AC or 1500 V DC.
Cond RohsScope(const Facts& f) {
  using namespace fact;
  return And(f.Is(is_electrical_electronic),
             f.IsFalse(is_power_generation_transmission_distribution),
             f.Eq(vehicle_class, value::vehicle_class_none),
             Or(f.Le(rated_voltage_v, 1000), And(f.Is(is_dc_rated), f.Le(rated_voltage_v, 1500))));
}

}  // namespace

void EvaluateRules(const Facts& f, Conditions& r) {
  using namespace fact;
  r[rule::ccc_it_equipment_row] = And(f.In(category, set::ccc_it_equipment), MainsWindow(f, 1000));
  r[rule::ccc_av_equipment_row] = And(f.In(category, set::ccc_av_equipment), MainsWindow(f, 1000));
  r[rule::ccc_household_appliances_row] = And(
      f.In(category, set::ccc_household_appliances),
      Or(f.Ne(category, value::category_refrigerator), f.Le(volume_l, 500)), MainsWindow(f, 480));
  r[rule::ccc_power_bank] = And(f.In(category, set::ccc_power_banks), f.Is(contains_li_ion_battery),
                                f.Gt(li_ion_capacity_mah, 600), f.Le(mass_kg, 18));
  r[rule::ccc_exempt_rd_test_sample] =
      f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_rd_or_test_sample);
  r[rule::srrc_radio_transmitter] = f.Is(emits_radio);
  r[rule::srrc_micro_power_exemption] = f.Is(radio_micro_power_exempt);
  r[rule::nal_public_network_equipment] =
      And(f.Is(connects_public_telecom),
          f.Ne(telecom_equipment_class, value::telecom_equipment_class_none));
  r[rule::rohs_marking_disclosure] = RohsScope(f);
  r[rule::rohs_catalogue_refrigerators] =
      And(f.Eq(category, value::category_refrigerator), f.Le(volume_l, 800), RohsScope(f));
  r[rule::cel_catalogue_product] = f.In(category, set::cel_catalogue);
  r[rule::cel_rice_cookers] =
      And(f.Eq(category, value::category_rice_cooker), f.Le(rated_power_w, 2000));
  r[rule::outside_mainland_market] = f.IsFalse(sold_in_mainland);
  r[rule::military_use] = f.Has(intended_use, value::intended_use_military);
  r[rule::cqc_mark_requested] =
      f.Has(requested_voluntary_marks, value::requested_voluntary_marks_cqc_mark);
}

std::vector<RuleSpec> RuleSpecs() {
  constexpr SchemeMask kRequired = Bit(scheme::CCC) | Bit(scheme::SRRC) | Bit(scheme::NAL) |
                                   Bit(scheme::CHINA_ROHS) | Bit(scheme::CEL) |
                                   Bit(scheme::CQC_MARK);
  return {
      {.rule = rule::ccc_it_equipment_row, .from = Day(2003, 8, 1), .mandatory = Bit(scheme::CCC)},
      {.rule = rule::ccc_av_equipment_row, .from = Day(2003, 8, 1), .mandatory = Bit(scheme::CCC)},
      {.rule = rule::ccc_household_appliances_row,
       .from = Day(2003, 8, 1),
       .mandatory = Bit(scheme::CCC)},
      {.rule = rule::ccc_power_bank, .from = Day(2024, 8, 1), .mandatory = Bit(scheme::CCC)},
      {.rule = rule::ccc_exempt_rd_test_sample, .exempts = Bit(scheme::CCC)},
      {.rule = rule::srrc_radio_transmitter,
       .from = Day(2016, 12, 1),
       .mandatory = Bit(scheme::SRRC)},
      {.rule = rule::srrc_micro_power_exemption,
       .until = Day(2019, 11, 28),
       .exempts = Bit(scheme::SRRC)},
      {.rule = rule::nal_public_network_equipment,
       .from = Day(2000, 9, 25),
       .mandatory = Bit(scheme::NAL)},
      {.rule = rule::rohs_marking_disclosure,
       .from = Day(2016, 7, 1),
       .mandatory = Bit(scheme::CHINA_ROHS)},
      {.rule = rule::rohs_catalogue_refrigerators,
       .from = Day(2019, 11, 1),
       .mandatory = Bit(scheme::CHINA_ROHS)},
      {.rule = rule::cel_catalogue_product, .from = Day(2016, 6, 1), .mandatory = Bit(scheme::CEL)},
      {.rule = rule::cel_rice_cookers, .from = Day(2016, 6, 1), .mandatory = Bit(scheme::CEL)},
      {.rule = rule::outside_mainland_market, .exempts = kRequired},
      {.rule = rule::military_use, .exempts = kRequired},
      {.rule = rule::cqc_mark_requested, .voluntary = Bit(scheme::CQC_MARK)},
  };
}

}  // namespace ccr::bench::reference::china15

#define CCR_REFERENCE_SET china15
#include "bench/reference/reference_impl.h"
