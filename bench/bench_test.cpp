// Quick checks of the benchmark inputs: the generators are deterministic and produce what
// the toolchain accepts.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <string_view>
#include <vector>

#include "bench/generate.h"
#include "bench/programs.h"
#include "bench/reference/reference.h"
#include "runtime/base/files.h"
#include "runtime/facts/facts.h"
#include "runtime/facts/testing/same_binding.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"

namespace ccr::bench {
namespace {

const bytecode::VerifiedProgram& DefaultProgram() {
  static auto program = LoadDefaultBundle();
  if (!program) FAIL(program.error().message);
  return *program;
}

TEST_CASE("catalogues are deterministic and bind without errors or warnings") {
  const bytecode::Module& module = DefaultProgram().module();
  std::string catalogue = GenerateCatalogue(DefaultProgram(), 1000, 42);
  CHECK(catalogue == GenerateCatalogue(DefaultProgram(), 1000, 42));
  CHECK(catalogue != GenerateCatalogue(DefaultProgram(), 1000, 43));
  facts::Binder binder(module);
  size_t lines = 0, nulls = 0, unknown_category = 0;
  for (size_t start = 0; start < catalogue.size(); ++lines) {
    size_t end = catalogue.find('\n', start);
    REQUIRE(end != std::string::npos);
    std::string_view line(catalogue.data() + start, end - start);
    auto product = binder.Bind(line, "generated");
    if (!product) FAIL(product.error().message);
    CHECK(product->warnings.empty());
    if (line.find(":null") != std::string_view::npos) ++nulls;
    start = end + 1;
  }
  CHECK(lines == 1000);
  CHECK(nulls > 0);  // some explicit nulls, as real exports have
  CHECK(unknown_category == 0);
}

TEST_CASE("the binder's fast path binds every generated line as its DOM path does") {
  const bytecode::Module& module = DefaultProgram().module();
  std::string catalogue = GenerateCatalogue(DefaultProgram(), 1000, 42) +
                          GenerateEdgeCatalogue(DefaultProgram(), 3000, 5);
  facts::Binder fast(module);
  facts::Binder dom(module, facts::BindOptions{.dom_only = true});
  size_t mismatches = 0;
  for (size_t start = 0; start < catalogue.size();) {
    size_t end = catalogue.find('\n', start);
    REQUIRE(end != std::string::npos);
    std::string_view line(catalogue.data() + start, end - start);
    std::string difference =
        facts::testing::BindingDifference(fast.Bind(line, "g:1"), dom.Bind(line, "g:1"));
    if (!difference.empty() && ++mismatches <= 3) FAIL_CHECK(line, "\n", difference);
    start = end + 1;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("generated rule files compile with the standard library") {
  const bytecode::Module& module = DefaultProgram().module();
  std::string rules = GenerateRules(module, 300, 7);
  CHECK(rules == GenerateRules(module, 300, 7));
  auto path = std::filesystem::temp_directory_path() / "ccr_bench_test_rules.ccr";
  REQUIRE(WriteFileAtomically(path.string(), rules).ok());
  auto program = CompileProgram({path.string()});
  std::filesystem::remove(path);
  if (!program) FAIL(program.error().message);
  // The standard library declares no rules; every rule is a generated one.
  CHECK(program->module().rules.size() == 300);
}

}  // namespace
}  // namespace ccr::bench

namespace ccr::bench {
namespace {

// Returns where `a` and `b` first differ, with some bytes of each from a little before.
std::string FirstDifference(std::string_view a, std::string_view b) {
  size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  size_t from = at > 40 ? at - 40 : 0;
  return fmt::format("first difference at byte {}:\n  ccr run:   ...{}\n  reference: ...{}", at,
                     a.substr(from, 160), b.substr(from, 160));
}

TEST_CASE("the reference writes the bytes ccr run writes") {
  const bytecode::VerifiedProgram& program = DefaultProgram();
  const bytecode::Module& module = program.module();
  // The benchmark's catalogue, and one of edge cases: nulls and unstated market facts, every
  // threshold exactly, names that need escaping, unnamed products.
  // Last, products for the rules random ones hardly ever make true (one category and three
  // more facts).
  std::string catalogue =
      GenerateCatalogue(program, 2000, 20250101) + GenerateEdgeCatalogue(program, 10000, 5) +
      R"({"product":"Small speaker","category":"active_speaker","rated_power_w":100,)"
      R"("power_source":"mains_direct","rated_voltage_v":220,"sold_in_mainland":true})"
      "\n"
      R"({"product":"Power bank","category":"power_bank","contains_li_ion_battery":true,)"
      R"("li_ion_capacity_mah":10000,"mass_kg":0.3,"sold_in_mainland":true})"
      "\n"
      R"({"product":"Earbuds","category":"bluetooth_earbuds","contains_li_ion_battery":true,)"
      R"("li_ion_capacity_mah":700,"mass_kg":0.1,"sold_in_mainland":true})"
      "\n"
      R"({"product":"Amplifier","category":"audio_amplifier","power_source":"mains_direct",)"
      R"("rated_voltage_v":220,"sold_in_mainland":true})"
      "\n"
      R"({"product":"Phone charger","category":"power_adapter","adapter_for_telecom_terminal":)"
      R"(true,"power_source":"mains_direct","rated_voltage_v":230,"sold_in_mainland":true})"
      "\n"
      R"({"product":"A4 printer","category":"printer","print_speed_ppm":30,)"
      R"("prints_larger_than_a3":false,"is_electrical_electronic":true,"rated_voltage_v":220,)"
      R"("is_power_generation_transmission_distribution":false,"vehicle_class":"none"})"
      "\n"
      R"({"product":"Fridge","category":"refrigerator","volume_l":300,)"
      R"("is_electrical_electronic":true,"rated_voltage_v":220,)"
      R"("is_power_generation_transmission_distribution":false,"vehicle_class":"none"})"
      "\n"
      R"({"product":"Split AC","category":"air_conditioner_room","cooling_capacity_w":3500,)"
      R"("is_electrical_electronic":true,"rated_voltage_v":220,)"
      R"("is_power_generation_transmission_distribution":false,"vehicle_class":"none"})"
      "\n"
      R"({"product":"Washer","category":"washing_machine","rated_wash_capacity_kg":8,)"
      R"("is_electrical_electronic":true,"rated_voltage_v":220,)"
      R"("is_power_generation_transmission_distribution":false,"vehicle_class":"none"})"
      "\n"
      R"({"product":"Water meter","radio_micro_power_exempt":true,"micro_power_class":)"
      R"("civil_meter","radio_frequency_low_mhz":470,"radio_frequency_high_mhz":490,)"
      R"("radio_max_erp_mw":25,"emits_radio":true,"sold_in_mainland":true})"
      "\n";
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < catalogue.size();) {
    size_t end = catalogue.find('\n', start);
    lines.emplace_back(catalogue.data() + start, end - start);
    start = end + 1;
  }
  // Before and after rules come into force (RoHS catalogue tier 2019-11-01, CCC rows
  // 2020-10-01 and 2024-08-01, PI outbound 2026-01-01, GB 26572 2027-08-01).
  size_t mismatches = 0;
  for (const char* day : {"2019-06-01", "2026-01-01", "2027-09-01"}) {
    vm::Options options{*ParseDate(day)};
    report::Options report_options;
    report_options.as_of = options.as_of;
    reference::Reference reference(module, options.as_of);
    facts::Binder binder(module);
    vm::Evaluator evaluator(program);
    vm::Result result;
    std::array<size_t, vm::kStatusCount> statuses{};  // over all products and schemes
    // Per rule: seen true, seen unknown.
    std::vector<std::array<bool, 2>> seen(module.rules.size());
    for (std::string_view line : lines) {
      auto product = binder.Bind(line, "generated");
      REQUIRE(product);
      evaluator.Evaluate(*product, options, result);
      for (size_t r = 0; r < module.rules.size(); ++r) {
        seen[r][0] |= evaluator.conditions()[r] == vm::Truth::True;
        seen[r][1] |= evaluator.conditions()[r] == vm::Truth::Unknown;
      }
      for (const auto& scheme : result.schemes) ++statuses[static_cast<size_t>(scheme.status)];
      std::string expected = report::RenderJson(program, *product, result, report_options);
      std::string actual;
      REQUIRE(reference.Run(line, actual));
      if (actual != expected && ++mismatches <= 3) {
        FAIL_CHECK("as of ", std::string(day), ", product ", line, "\n",
                   FirstDifference(expected, actual));
      }
    }
    // The catalogues exercise every outcome, and every rule in force both true and unknown.
    for (size_t count : statuses) CHECK(count > 0);
    for (size_t r = 0; r < module.rules.size(); ++r) {
      if (!vm::InForce(module.rules[r], options.as_of)) continue;
      INFO(std::string(day), " ", module.strings[module.rules[r].name]);
      CHECK(seen[r][0]);
      CHECK(seen[r][1]);
    }
  }
  CHECK(mismatches == 0);
}

}  // namespace
}  // namespace ccr::bench
