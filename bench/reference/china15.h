// The reference's view of china15 (bench/sets/china15.ccr, compiled with the standard
// library): the facts its rules read, the schemes, catalogue sets, enum values and rules, each
// listed once here in the program's order (checked against the module when a Reference is
// built). The conditions are in china15.cpp.
#pragma once

#include "bench/reference/reference.h"

// The facts the rules read, in the standard library's declaration order.
#define CCR_REFERENCE_FACTS(X)                     \
  X(sold_in_mainland)                              \
  X(category)                                      \
  X(intended_use)                                  \
  X(ccc_exemption_basis)                           \
  X(is_electrical_electronic)                      \
  X(rated_voltage_v)                               \
  X(power_source)                                  \
  X(is_dc_rated)                                   \
  X(contains_li_ion_battery)                       \
  X(li_ion_capacity_mah)                           \
  X(mass_kg)                                       \
  X(is_power_generation_transmission_distribution) \
  X(rated_power_w)                                 \
  X(emits_radio)                                   \
  X(radio_micro_power_exempt)                      \
  X(connects_public_telecom)                       \
  X(telecom_equipment_class)                       \
  X(vehicle_class)                                 \
  X(volume_l)                                      \
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

// The catalogue sets the rules test (stdlib/catalogues.ccr).
#define CCR_REFERENCE_SETS(X) \
  X(ccc_it_equipment)         \
  X(ccc_av_equipment)         \
  X(ccc_household_appliances) \
  X(ccc_power_banks)          \
  X(cel_catalogue)            \
  X(mains_power_sources)

// The enum values the rules name, with the fact whose enum declares them.
#define CCR_REFERENCE_VALUES(X)             \
  X(category, refrigerator)                 \
  X(category, rice_cooker)                  \
  X(intended_use, military)                 \
  X(ccc_exemption_basis, rd_or_test_sample) \
  X(telecom_equipment_class, none)          \
  X(vehicle_class, none)                    \
  X(requested_voluntary_marks, cqc_mark)

// The rules, in the file's order.
#define CCR_REFERENCE_RULES(X)    \
  X(ccc_it_equipment_row)         \
  X(ccc_av_equipment_row)         \
  X(ccc_household_appliances_row) \
  X(ccc_power_bank)               \
  X(ccc_exempt_rd_test_sample)    \
  X(srrc_radio_transmitter)       \
  X(srrc_micro_power_exemption)   \
  X(nal_public_network_equipment) \
  X(rohs_marking_disclosure)      \
  X(rohs_catalogue_refrigerators) \
  X(cel_catalogue_product)        \
  X(cel_rice_cookers)             \
  X(outside_mainland_market)      \
  X(military_use)                 \
  X(cqc_mark_requested)

namespace ccr::bench::reference::china15 {

#include "bench/reference/set.h"  // IWYU pragma: export

}  // namespace ccr::bench::reference::china15
