// rules/products/scope.ccr: territorial and market-placement exemptions across schemes.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateScope(const Facts& f, Conditions& r) {
  using namespace fact;
  r[rule::outside_mainland_market] = f.IsFalse(sold_in_mainland);
  r[rule::military_use] = f.Has(intended_use, value::intended_use_military);
  r[rule::not_placed_on_market] = f.In(ccc_exemption_basis, set::not_placed_on_market_bases);
}

std::span<const RuleSpec> ScopeSpecs() {
  // SRRC and NAL attach to use as well as sale; MLPS, SPECIAL_EQUIPMENT and PI_PROTECTION do
  // not depend on placing on the market; CCC has its own exemption rules.
  constexpr SchemeMask kMarketPlacement =
      kAllSchemes & ~(Bit(scheme::CCC) | Bit(scheme::SRRC) | Bit(scheme::NAL) | Bit(scheme::MLPS) |
                      Bit(scheme::SPECIAL_EQUIPMENT) | Bit(scheme::PI_PROTECTION));
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::outside_mainland_market, .exempts = kAllSchemes},
      {.rule = rule::military_use, .exempts = kAllSchemes},
      {.rule = rule::not_placed_on_market, .exempts = kMarketPlacement},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
