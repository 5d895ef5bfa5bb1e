// Static analysis: each finding on the smallest rule set that shows it, and the absence of
// findings where the rules are fine.
#include "compiler/analysis/analysis.h"

#include <doctest/doctest.h>

#include "compiler/check/test_support.h"

namespace ccr::analysis {
namespace {

struct Analysed {
  std::unique_ptr<testing::Compiled> compiled;
  diag::DiagnosticSink sink;
  std::vector<std::string> Codes() const {
    std::vector<std::string> codes;
    for (const auto& d : sink.diagnostics()) codes.push_back(diag::Info(d.kind).code);
    return codes;
  }
  std::string Text() const {
    std::string text;
    for (const auto& d : sink.diagnostics()) {
      text += d.message + "\n";
      for (const auto& note : d.notes) text += "  " + note.message + "\n";
    }
    return text;
  }
};

std::unique_ptr<Analysed> AnalyseRules(const std::string& rules, int64_t budget = 2'000'000) {
  auto result = std::make_unique<Analysed>();
  result->compiled = testing::CompileText(std::string(testing::kPrelude) + rules);
  REQUIRE(result->compiled->Codes().empty());
  Options options;
  options.budget = budget;
  Analyze(result->compiled->checked, result->sink, options);
  return result;
}

using Codes = std::vector<std::string>;

TEST_CASE("rules that can apply draw no findings") {
  auto a = AnalyseRules(R"(
if emits_radio then require SRRC
if category in ccc_it and rated_voltage_v > 36 V then require CCC
if category == toy then exempt CCC
)");
  // The exemption never meets a CCC product (toys are not in ccc_it): that one is real.
  CHECK(a->Codes() == Codes{"W0803"});
}

TEST_CASE("dead rules: contradictions over enums, numbers, known and sets") {
  CHECK(AnalyseRules("if category == laptop and category == toy then require CCC\n")->Codes() ==
        Codes{"W0801"});
  CHECK(AnalyseRules("if rated_voltage_v > 36 V and rated_voltage_v < 30 V then require CCC\n")
            ->Codes() == Codes{"W0801"});
  CHECK(AnalyseRules("if rated_voltage_v >= 36 V and rated_voltage_v <= 36 V then require CCC\n")
            ->Codes() == Codes{});
  CHECK(AnalyseRules("if known(model) and not known(model) then require CCC\n")->Codes() ==
        Codes{"W0801"});
  CHECK(AnalyseRules("if wifi in radio_technologies and not (wifi in radio_technologies) "
                     "then require SRRC\n")
            ->Codes() == Codes{"W0801"});
  CHECK(AnalyseRules("if model == \"A\" and model == \"B\" then require CCC\n")->Codes() ==
        Codes{"W0801"});
  CHECK(AnalyseRules("if model != \"A\" and model != \"B\" then require CCC\n")->Codes() ==
        Codes{});
}

TEST_CASE("a constant condition is W0702's, not a dead rule") {
  auto compiled =
      testing::CompileText(std::string(testing::kPrelude) + "if false then require CCC\n");
  diag::DiagnosticSink sink;
  Analyze(compiled->checked, sink);
  CHECK(sink.diagnostics().empty());
}

TEST_CASE("conflicting authorities need a product both rules apply to") {
  std::string decls = R"(
authority SAC "Standardization Administration"
scheme CEL "Energy label" by CNCA with SAC mandatory
)";
  auto conflict = AnalyseRules(decls + R"(
if category == laptop then require CEL by CNCA
if emits_radio then require CEL by SAC
)");
  REQUIRE(conflict->Codes() == Codes{"W0802"});
  CHECK(conflict->Text().find("{\"emits_radio\": true, \"category\": \"laptop\"}") !=
        std::string::npos);

  CHECK(AnalyseRules(decls + R"(
if category == laptop then require CEL by CNCA
if category == toy then require CEL by SAC
)")
            ->Codes() == Codes{});
}

TEST_CASE("a redundant rule naming another authority: one finding for the pair, W0802") {
  std::string decls = R"(
authority SAC "Standardization Administration"
scheme CEL "Energy label" by CNCA with SAC mandatory
)";
  // The second implies the first and requires the same scheme, but by another authority.
  auto pair = AnalyseRules(decls + R"(
if category == laptop then require CEL by CNCA
if category == laptop and emits_radio then require CEL by SAC
)");
  CHECK(pair->Codes() == Codes{"W0802"});
  // Naming the same authority, or leaving `by` out of one, leaves the redundancy.
  CHECK(AnalyseRules(decls + R"(
if category == laptop then require CEL by CNCA
if category == laptop and emits_radio then require CEL by CNCA
)")
            ->Codes() == Codes{"W0804"});
  CHECK(AnalyseRules(decls + R"(
if category == laptop then require CEL
if category == laptop and emits_radio then require CEL by SAC
)")
            ->Codes() == Codes{"W0804"});
}

TEST_CASE("an exemption applies when the scheme would be required or undetermined") {
  CHECK(AnalyseRules(R"(
if category in ccc_it then require CCC
if category == laptop and not known(model) then exempt CCC
)")
            ->Codes() == Codes{});
  CHECK(AnalyseRules(R"(
if category in ccc_it then require CCC
if category == toy then exempt CCC
)")
            ->Codes() == Codes{"W0803"});
  // Effective periods that never meet: the exemption is over before the requirement starts.
  CHECK(AnalyseRules(R"(
rule ccc { when category in ccc_it require CCC effective from 2025-01-01 }
rule old_exemption { when category == laptop exempt CCC effective until 2024-01-01 }
)")
            ->Codes() == Codes{"W0803"});
}

TEST_CASE("redundant rules: implied by another doing the same, unknowns included") {
  auto redundant = AnalyseRules(R"(
if category in ccc_it then require CCC
if category == laptop then require CCC
)");
  REQUIRE(redundant->Codes() == Codes{"W0804"});
  CHECK(redundant->Text().find("is redundant") != std::string::npos);
  CHECK(redundant->Text().find("\"category\": \"laptop\"") != std::string::npos);

  // `emits_radio and category == laptop` implies `category == laptop`...
  CHECK(AnalyseRules(R"(
if category == laptop then require CCC
if emits_radio and category == laptop then require CCC
)")
            ->Codes() == Codes{"W0804"});
  // ...but `category == laptop or emits_radio` does not imply `category in ccc_it`.
  CHECK(AnalyseRules(R"(
if category in ccc_it then require CCC
if category == laptop or emits_radio then require CCC
)")
            ->Codes() == Codes{});
  // Unknown matters: `not known(model)` is never unknown, the covering rule can be false then.
  CHECK(AnalyseRules(R"(
if category == laptop then require CCC
if category == laptop and rated_voltage_v > 36 V then require CCC
)")
            ->Codes() == Codes{"W0804"});
  // A different scheme or a narrower period is not redundant.
  CHECK(AnalyseRules(R"(
if category == laptop then require CCC
if category == laptop then require SRRC
rule later { when category == laptop require CCC effective from 2026-01-01 }
rule earlier { when category in ccc_it require CCC effective from 2027-01-01 }
)")
            ->Codes() == Codes{"W0804"});
  // Two equivalent rules: only the later one is reported.
  auto twins = AnalyseRules(R"(
rule first { when category == laptop require CCC }
rule second { when category == laptop require CCC }
)");
  REQUIRE(twins->Codes() == Codes{"W0804"});
  CHECK(twins->Text().find("rule `second` is redundant") != std::string::npos);
}

TEST_CASE("a rule citing its own legal basis is a layered obligation, not redundant") {
  CHECK(AnalyseRules(R"(
rule marking { when category in ccc_it require CCC source "Order 32" }
rule catalogue_tier { when category == laptop require CCC source "Announcement 2018 No. 15" }
)")
            ->Codes() == Codes{});
  CHECK(AnalyseRules(R"(
rule marking { when category in ccc_it require CCC source "Order 32" }
rule copy { when category == laptop require CCC source "Order 32" }
)")
            ->Codes() == Codes{"W0804"});
}

TEST_CASE("a budget too small says the analysis is incomplete") {
  auto a = AnalyseRules(R"(
if category == laptop and emits_radio and rated_voltage_v > 36 V then require CCC
)",
                        2);
  CHECK(a->Codes() == Codes{"W0805"});
}

}  // namespace
}  // namespace ccr::analysis
