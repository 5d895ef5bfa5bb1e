#include "compiler/check/check.h"

#include <doctest/doctest.h>

#include "compiler/check/test_support.h"

namespace ccr::check {

using testing::CompileText;
using testing::kPrelude;
using Codes = std::vector<std::string>;

Codes CodesOf(const std::string& rules) {
  return CompileText(std::string(kPrelude) + rules)->Codes();
}

TEST_CASE("well-typed rules check clean") {
  CHECK(CodesOf(R"(
    if emits_radio then require SRRC by MIIT mandatory
    if category in ccc_it and rated_voltage_v > 36 V then require CCC by SAMR mandatory
    if wifi in radio_technologies or model == "X1" then require CQC_MARK voluntary
    if category in { toy } and not known(rated_voltage_v) then exempt CCC
  )")
            .empty());
}

TEST_CASE("names: unknown fact, scheme, authority, set, enum value; with suggestions") {
  auto c = CompileText(std::string(kPrelude) + R"(
    if emit_radio then require SRRC by MIIT mandatory
    if emits_radio then require SRC by MIIT mandatory
    if emits_radio then require SRRC by MIT mandatory
    if category in ccc_itt then exempt CCC
    if category == laptp then exempt CCC
  )");
  CHECK(c->Codes() == Codes{"E0201", "E0202", "E0203", "E0204", "E0206"});
  CHECK(c->sink.diagnostics()[0].help == "did you mean `emits_radio`?");
  CHECK(c->sink.diagnostics()[4].help == "did you mean `laptop`?");
}

TEST_CASE("types and units") {
  CHECK(CodesOf("if rated_voltage_v == true then exempt CCC") == Codes{"E0301"});
  CHECK(CodesOf("if rated_voltage_v then exempt CCC") == Codes{"E0302"});
  CHECK(CodesOf("if rated_voltage_v > 5 mAh then exempt CCC") == Codes{"E0303"});
  CHECK(CodesOf("if rated_voltage_v in ccc_it then exempt CCC") == Codes{"E0304"});
  CHECK(CodesOf("if category < laptop then exempt CCC") == Codes{"E0305"});
  CHECK(CodesOf("if rated_voltage_v > 5 then exempt CCC").empty());  // bare literal takes V
}

TEST_CASE("requirements: the authority must match; the level is the rule's, within reason") {
  CHECK(CodesOf("if emits_radio then require SRRC by SAMR mandatory") == Codes{"E0401"});
  CHECK(CodesOf("if emits_radio then require CCC by SAMR mandatory").empty());  // parent of CNCA
  // A voluntary scheme may be a duty for some products; a mandatory one is never optional,
  // and a mark the applicant chooses (`on request`) is never a duty.
  CHECK(CodesOf(R"(
    authority SCA "State Cryptography Administration"
    scheme CRYPTO "Commercial cryptography certification" by SCA voluntary
    if emits_radio then require CRYPTO by SCA mandatory
  )")
            .empty());
  CHECK(CodesOf("if emits_radio then require SRRC voluntary") == Codes{"E0402"});
  CHECK(CodesOf(R"(
    scheme CHOSEN_MARK "A mark the applicant chooses" by CNCA voluntary on request
    if emits_radio then require CHOSEN_MARK mandatory
  )") == Codes{"E0406"});
}

TEST_CASE("dates: malformed and empty ranges") {
  CHECK(CodesOf("rule r { when emits_radio exempt CCC effective from 2024-02-30 }") ==
        Codes{"E0501"});
  CHECK(CodesOf(
            "rule r { when emits_radio exempt CCC effective from 2024-08-01 until 2024-08-01 }") ==
        Codes{"E0502"});
}

TEST_CASE("declarations: duplicates in one namespace, not across namespaces") {
  CHECK(CodesOf("fact emits_radio: bool") == Codes{"E0207"});
  CHECK(CodesOf("authority SRRC \"State Radio Regulation of China\" under MIIT").empty());
  CHECK(CodesOf("enum E { a, b, a }") == Codes{"E0210"});
}

TEST_CASE("tests: unknown facts and schemes, bad values, no expectations") {
  CHECK(CodesOf("test \"t\" { given { emit_radio = true } expect SRRC not required }") ==
        Codes{"E0201"});
  CHECK(CodesOf("test \"t\" { given { emits_radio = 5 } expect SRRC not required }") ==
        Codes{"E0301"});
  CHECK(CodesOf("test \"t\" { given { emits_radio = true } }") == Codes{"E0602"});
  CHECK(CodesOf("test \"t\" { expect SRC not required }") == Codes{"E0202"});
}

TEST_CASE("warnings: constant conditions and unused facts") {
  auto constant = CompileText(std::string(kPrelude) + "if emits_radio or true then require SRRC");
  CHECK(constant->Codes().empty());
  // The prelude declares 5 facts; the rule reads one.
  CHECK(constant->WarningCodes() == Codes{"W0702", "W0701", "W0701", "W0701", "W0701"});
  auto c = CompileText(std::string(kPrelude) + "if 1 < 2 then require SRRC");
  CHECK(c->WarningCodes()[0] == "W0702");
  CHECK(c->sink.diagnostics()[0].message == "this condition is always true, whatever the product");
}

TEST_CASE("W0702: known(x) with its negation is constant, known(x) with another fact is not") {
  auto first = [](const std::string& rule) {
    auto c = CompileText(std::string(kPrelude) + rule);
    REQUIRE(c->Codes().empty());
    REQUIRE_FALSE(c->sink.diagnostics().empty());
    return c->sink.diagnostics()[0];
  };
  auto always = first("if known(emits_radio) or not known(emits_radio) then require SRRC");
  CHECK(always.kind == diag::Kind::ConstantCondition);
  CHECK(always.message == "this condition is always true, whatever the product");
  auto flipped = first("if not known(emits_radio) or known(emits_radio) then require SRRC");
  CHECK(flipped.kind == diag::Kind::ConstantCondition);
  auto never = first("if known(emits_radio) and not known(emits_radio) then require SRRC");
  CHECK(never.message == "this condition is always false, whatever the product");
  // Different facts, or a fact and its own negation (unknown when the fact is): not constant.
  for (const char* rule : {"if known(emits_radio) or not known(model) then require SRRC",
                           "if emits_radio or not emits_radio then require SRRC"}) {
    auto c = CompileText(std::string(kPrelude) + rule);
    CHECK(c->Codes().empty());
    for (const diag::Diagnostic& d : c->sink.diagnostics()) {
      CHECK_MESSAGE(d.kind != diag::Kind::ConstantCondition, rule);
    }
  }
}

TEST_CASE("all problems are reported in one run") {
  auto c = CompileText(std::string(kPrelude) + R"(
    if emit_radio then require SRRC by MIIT mandatory
    if emits_radio then require SRRC voluntary
    rule r { when category == laptp exempt CCC effective from 2024-13-01 }
  )");
  CHECK(c->sink.error_count() == 4);
}

}  // namespace ccr::check
