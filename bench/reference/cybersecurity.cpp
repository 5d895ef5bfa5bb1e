// rules/products/cybersecurity.ccr: CAC_NETWORK, MLPS, COMMERCIAL_CRYPTO, PI_PROTECTION.
#include "bench/reference/core.h"

namespace ccr::bench::reference::core {

void EvaluateCybersecurity(const Facts& f, Conditions& r) {
  using namespace fact;
  r[rule::cac_declared_critical_network_equipment] = f.Is(is_critical_network_equipment);
  r[rule::cac_router] = And(f.Eq(network_equipment_type, value::network_equipment_type_router),
                            f.Ge(system_throughput_tbps, 12), f.Ge(routing_table_entries, 550000));
  r[rule::cac_switch] = And(f.Eq(network_equipment_type, value::network_equipment_type_switch),
                            f.Ge(system_throughput_tbps, 30), f.Ge(packet_forwarding_gpps, 10));
  r[rule::cac_rack_server] =
      And(f.Eq(network_equipment_type, value::network_equipment_type_rack_server),
          f.Ge(server_cpu_count, 8), f.Ge(cores_per_cpu, 14), f.Ge(memory_gb, 256));
  r[rule::cac_plc] = And(f.Eq(network_equipment_type, value::network_equipment_type_plc),
                         f.Le(plc_instruction_time_us, 0.08));
  r[rule::cac_cybersecurity_product] = f.Is(is_cybersecurity_product);
  r[rule::cac_listed_commercial_crypto_product] =
      And(f.Is(is_commercial_crypto_product), f.Is(is_cybersecurity_product));
  r[rule::mlps_filing_and_assessment] = And(f.Is(operates_information_system), f.Ge(mlps_level, 2));
  r[rule::commercial_crypto_product] =
      And(f.Is(is_commercial_crypto_product), Not(f.Is(is_cybersecurity_product)));
  r[rule::pi_protection_certification] = f.Is(processes_personal_information);
  r[rule::pi_outbound_certification] =
      And(f.Is(processes_personal_information), f.Is(transfers_personal_information_abroad),
          f.IsFalse(operator_is_ciio));
}

std::span<const RuleSpec> CybersecuritySpecs() {
  constexpr SchemeMask kCac = Bit(scheme::CAC_NETWORK);
  constexpr int32_t k2023 = Day(2023, 7, 3);
  static constexpr RuleSpec kSpecs[] = {
      {.rule = rule::cac_declared_critical_network_equipment,
       .from = Day(2017, 6, 1),
       .mandatory = kCac},
      {.rule = rule::cac_router, .from = k2023, .mandatory = kCac},
      {.rule = rule::cac_switch, .from = k2023, .mandatory = kCac},
      {.rule = rule::cac_rack_server, .from = k2023, .mandatory = kCac},
      {.rule = rule::cac_plc, .from = k2023, .mandatory = kCac},
      {.rule = rule::cac_cybersecurity_product, .from = Day(2017, 6, 1), .mandatory = kCac},
      {.rule = rule::mlps_filing_and_assessment,
       .from = Day(2017, 6, 1),
       .mandatory = Bit(scheme::MLPS)},
      {.rule = rule::cac_listed_commercial_crypto_product,
       .from = Day(2023, 7, 1),
       .mandatory = Bit(scheme::COMMERCIAL_CRYPTO)},
      {.rule = rule::commercial_crypto_product,
       .from = Day(2023, 7, 1),
       .voluntary = Bit(scheme::COMMERCIAL_CRYPTO)},
      {.rule = rule::pi_protection_certification, .voluntary = Bit(scheme::PI_PROTECTION)},
      {.rule = rule::pi_outbound_certification,
       .from = Day(2026, 1, 1),
       .voluntary = Bit(scheme::PI_PROTECTION)},
  };
  return kSpecs;
}

}  // namespace ccr::bench::reference::core
