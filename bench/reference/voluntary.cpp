// rules/products/voluntary.ccr: government-led voluntary schemes and market-driven marks.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateVoluntary(const Facts& f, Conditions& r) {
  using namespace fact;
  r[rule::green_product_listed] = f.In(category, set::green_product_catalogue);
  r[rule::carbon_footprint_pilot] = f.In(category, set::carbon_footprint_pilot_catalogue);
  r[rule::china_robot_listed] = f.In(category, set::china_robot_catalogue);
  r[rule::china_robot_declared] = f.Is(is_robot);
  r[rule::cqc_mark_usual_route] = f.In(category, set::cqc_mark_categories);
  r[rule::cqc_mark_requested] =
      f.Has(requested_voluntary_marks, value::requested_voluntary_marks_cqc_mark);
  r[rule::cqm_mark_requested] =
      f.Has(requested_voluntary_marks, value::requested_voluntary_marks_cqm_mark);
  r[rule::ccap_automotive_parts] = f.In(category, set::ccap_categories);
  r[rule::ccap_vehicle_component] = f.Is(is_vehicle_component);
  r[rule::ccap_requested] =
      f.Has(requested_voluntary_marks, value::requested_voluntary_marks_ccap_mark);
}

std::span<const RuleSpec> VoluntarySpecs() {
  constexpr int32_t kRobot = Day(2016, 11, 2);
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::green_product_listed,
       .from = Day(2019, 6, 1),
       .voluntary = Bit(scheme::GREEN_PRODUCT)},
      {.rule = rule::carbon_footprint_pilot,
       .from = Day(2025, 7, 1),
       .voluntary = Bit(scheme::CARBON_FOOTPRINT)},
      {.rule = rule::china_robot_listed, .from = kRobot, .voluntary = Bit(scheme::CHINA_ROBOT)},
      {.rule = rule::china_robot_declared, .from = kRobot, .voluntary = Bit(scheme::CHINA_ROBOT)},
      {.rule = rule::cqc_mark_usual_route, .voluntary = Bit(scheme::CQC_MARK)},
      {.rule = rule::cqc_mark_requested, .voluntary = Bit(scheme::CQC_MARK)},
      {.rule = rule::cqm_mark_requested, .voluntary = Bit(scheme::CQM_MARK)},
      {.rule = rule::ccap_automotive_parts, .voluntary = Bit(scheme::CCAP)},
      {.rule = rule::ccap_vehicle_component, .voluntary = Bit(scheme::CCAP)},
      {.rule = rule::ccap_requested, .voluntary = Bit(scheme::CCAP)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
