// Quick checks of the benchmark inputs: the generators are deterministic and produce what
// the toolchain accepts.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>
#include <vector>

#include "bench/generate.h"
#include "bench/programs.h"
#include "bench/reference/china15.h"
#include "bench/reference/core.h"
#include "bench/reference/wide200.h"
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

// How one rule came out over a catalogue on the days it was in force.
struct RuleOutcomes {
  std::array<bool, 3> seen{};  // by vm::Truth: false, true, unknown
  bool in_force = false;       // on some day
};
using Seen = std::vector<RuleOutcomes>;

// Checks that `Reference` writes, for each of `lines` as of each of `days`, the bytes bind +
// vm::Evaluator + report::RenderJson write, and returns what each rule in force came out as.
// `complete`: every line states every fact the rules read.
template <typename Reference>
Seen CheckReference(const bytecode::VerifiedProgram& program,
                    const std::vector<std::string_view>& lines,
                    std::initializer_list<const char*> days, bool complete) {
  const bytecode::Module& module = program.module();
  size_t mismatches = 0;
  Seen seen(module.rules.size());
  for (const char* day : days) {
    vm::Options options{*ParseDate(day)};
    report::Options report_options;
    report_options.as_of = options.as_of;
    Reference reference(module, options.as_of);
    facts::Binder binder(module);
    vm::Evaluator evaluator(program);
    vm::Result result;
    std::array<size_t, vm::kStatusCount> statuses{};  // over all products and schemes
    std::vector<std::array<bool, 4>> seen_today(module.rules.size());  // by vm::Truth
    for (std::string_view line : lines) {
      auto product = binder.Bind(line, "generated");
      REQUIRE(product);
      evaluator.Evaluate(*product, options, result);
      for (size_t r = 0; r < module.rules.size(); ++r) {
        seen_today[r][static_cast<size_t>(evaluator.conditions()[r])] = true;
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
    // The catalogues exercise every outcome; where every fact is present, none is
    // undetermined or available (which need an unknown rule).
    for (size_t s = 0; s < vm::kStatusCount; ++s) {
      auto status = static_cast<vm::Status>(s);
      INFO(std::string(day), " status ", s);
      if (complete && (status == vm::Status::Undetermined || status == vm::Status::Available)) {
        CHECK(statuses[s] == 0);
      } else {
        CHECK(statuses[s] > 0);
      }
    }
    for (size_t r = 0; r < module.rules.size(); ++r) {
      if (!vm::InForce(module.rules[r], options.as_of)) continue;
      seen[r].in_force = true;
      for (size_t truth = 0; truth < 3; ++truth) {
        seen[r].seen[truth] = seen[r].seen[truth] || seen_today[r][truth];
      }
    }
  }
  CHECK(mismatches == 0);
  return seen;
}

// Requires every rule in force on some day to have come out true, false and unknown.
void CheckEveryOutcome(const bytecode::Module& module, const Seen& seen) {
  constexpr std::array<std::string_view, 3> kTruths = {"false", "true", "unknown"};
  for (size_t r = 0; r < module.rules.size(); ++r) {
    if (!seen[r].in_force) continue;
    for (size_t truth = 0; truth < 3; ++truth) {
      INFO(module.strings[module.rules[r].name], " never ", std::string(kTruths[truth]));
      CHECK(seen[r].seen[truth]);
    }
  }
}

std::vector<std::string_view> Lines(const std::string& catalogue) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < catalogue.size();) {
    size_t end = catalogue.find('\n', start);
    lines.emplace_back(catalogue.data() + start, end - start);
    start = end + 1;
  }
  return lines;
}

TEST_CASE("the reference writes the bytes ccr run writes") {
  const bytecode::VerifiedProgram& program = DefaultProgram();
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
  // Before and after rules come into force (RoHS catalogue tier 2019-11-01, CCC rows
  // 2020-10-01 and 2024-08-01, PI outbound 2026-01-01, GB 26572 2027-08-01).
  Seen seen = CheckReference<reference::core::Reference>(
      program, Lines(catalogue), {"2019-06-01", "2026-01-01", "2027-09-01"}, false);
  CheckEveryOutcome(program.module(), seen);
}

// Returns lines of complete catalogues (at most 20 of 5000 products each, drawn until every
// rule has been true) that make a rule true which `catalogue` never makes true, as of
// 2026-01-01: single-category rules with four or more further tests are rare in random
// products.
std::string RareTrueLines(const bytecode::VerifiedProgram& program, const std::string& catalogue) {
  const bytecode::Module& module = program.module();
  facts::Binder binder(module);
  vm::Evaluator evaluator(program);
  vm::Options options{*ParseDate("2026-01-01")};
  vm::Result result;
  std::vector<bool> seen_true(module.rules.size());
  auto evaluate = [&](std::string_view line) {
    auto product = binder.Bind(line, "generated");
    REQUIRE(product);
    evaluator.Evaluate(*product, options, result);
    bool new_truth = false;
    for (size_t r = 0; r < module.rules.size(); ++r) {
      if (evaluator.conditions()[r] != vm::Truth::True || seen_true[r]) continue;
      seen_true[r] = true;
      new_truth = true;
    }
    return new_truth;
  };
  for (std::string_view line : Lines(catalogue)) evaluate(line);
  std::string rare;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    bool all_true = true;
    for (size_t r = 0; r < module.rules.size(); ++r) {
      all_true = all_true && (seen_true[r] || !vm::InForce(module.rules[r], options.as_of));
    }
    if (all_true) break;
    std::string more = GenerateCompleteCatalogue(program, 5000, seed);
    for (std::string_view line : Lines(more)) {
      if (evaluate(line)) (rare += line) += '\n';
    }
  }
  return rare;
}

// The 15-rule and 200-rule sets (bench/sets): on catalogues where every fact is present no
// rule is ever unknown; edge catalogues make each unknown too.
template <typename Reference>
void CheckSet(const std::string& name) {
  auto program = LoadRuleSet(name);
  if (!program) FAIL(program.error().message);
  std::string complete = GenerateCompleteCatalogue(*program, 3000, 20250101);
  complete += RareTrueLines(*program, complete);
  std::string edges = GenerateEdgeCatalogue(*program, 2000, 5);
  // Before and after the micro-power exemption ends (2019-11-28) and power banks enter CCC
  // (2024-08-01).
  auto days = {"2019-06-01", "2026-01-01"};
  Seen complete_seen = CheckReference<Reference>(*program, Lines(complete), days, true);
  for (size_t r = 0; r < complete_seen.size(); ++r) {
    INFO(program->module().strings[program->module().rules[r].name]);
    CHECK(!complete_seen[r].seen[static_cast<size_t>(vm::Truth::Unknown)]);
  }
  Seen seen = CheckReference<Reference>(*program, Lines(edges), days, false);
  for (size_t r = 0; r < seen.size(); ++r) {
    for (size_t truth = 0; truth < 3; ++truth) {
      seen[r].seen[truth] = seen[r].seen[truth] || complete_seen[r].seen[truth];
    }
  }
  CheckEveryOutcome(program->module(), seen);
}

TEST_CASE("the china15 reference writes the bytes ccr run writes") {
  CheckSet<reference::china15::Reference>("china15");
}

TEST_CASE("the wide200 reference writes the bytes ccr run writes") {
  CheckSet<reference::wide200::Reference>("wide200");
}

TEST_CASE("complete catalogues state every fact the rules read, and no other") {
  auto program = LoadRuleSet("china15");
  if (!program) FAIL(program.error().message);
  const bytecode::Module& module = program->module();
  std::string catalogue = GenerateCompleteCatalogue(*program, 100, 1);
  CHECK(catalogue == GenerateCompleteCatalogue(*program, 100, 1));
  CHECK(catalogue.find("null") == std::string::npos);
  facts::Binder binder(module);
  for (std::string_view line : Lines(catalogue)) {
    auto product = binder.Bind(line, "generated");
    REQUIRE(product);
    CHECK(product->warnings.empty());
    // 20 facts and the name.
    CHECK(std::count(line.begin(), line.end(), ':') == 21);
  }
}

TEST_CASE("the committed wide200 files are the generator's output") {
  GeneratedSet generated = GenerateWide200(kWide200Seed);
  // A pair, not a structured binding: INFO captures its arguments in a lambda, which clang 14
  // does not allow for structured bindings.
  for (const auto& file : {std::pair{"/bench/sets/wide200.ccr", &generated.rules},
                           std::pair{"/bench/reference/wide200.h", &generated.header},
                           std::pair{"/bench/reference/wide200.cpp", &generated.source}}) {
    auto committed = ReadWholeFile(SourceRoot() + file.first);
    REQUIRE(committed);
    INFO(file.first, " differs from GenerateWide200's output: run ccr-bench-gen wide200 --seed ",
         kWide200Seed, " -o .");
    CHECK(*committed == *file.second);
  }
}

}  // namespace
}  // namespace ccr::bench
