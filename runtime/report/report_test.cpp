#include "runtime/report/report.h"

#include <doctest/doctest.h>

#include <string>

#include "runtime/explain/test_runner.h"
#include "runtime/vm/testing/module_builder.h"

namespace ccr::report {
namespace {

using bytecode::Level;
using bytecode::Opcode;
using bytecode::TypeKind;
using vm::testing::Assembler;
using vm::testing::Exempt;
using vm::testing::ModuleBuilder;
using vm::testing::Require;

Date Day(const char* text) { return *ParseDate(text); }

// A small catalogue in the shape of the real rules: radio, telecom, CCC with an exemption,
// a voluntary mark that does not apply.
struct Catalogue {
  ModuleBuilder b;
  uint32_t srrc, nal, ccc, cqc;
  uint32_t emits_radio, connects, category, volts, radios, basis;
  uint32_t srrc_radio, nal_terminal, ccc_it, ccc_rd_sample, cqc_mark;

  Catalogue() {
    uint32_t miit = b.Authority("MIIT", "Ministry of Industry and Information Technology");
    uint32_t cnca = b.Authority("CNCA", "Certification and Accreditation Administration");
    srrc = b.Scheme("SRRC", "Radio transmission equipment type approval", miit);
    nal = b.Scheme("NAL", "Telecom network access licence", miit);
    ccc = b.Scheme("CCC", "China Compulsory Certification", cnca);
    cqc = b.Scheme("CQC_MARK", "CQC voluntary certification mark", cnca, Level::Voluntary);
    uint32_t category_enum = b.Enum("Category", {"laptop", "desktop_pc", "smartphone"});
    uint32_t radio_enum = b.Enum("RadioTech", {"wifi", "bluetooth", "cellular"});
    uint32_t basis_enum = b.Enum("ExemptionBasis", {"none", "rd_or_test_sample"});
    emits_radio = b.Fact("emits_radio", TypeKind::Bool, bytecode::kNone, "",
                         "Contains an intentional radio transmitter");
    connects = b.Fact("connects_public_telecom", TypeKind::Bool, bytecode::kNone, "",
                      "Connects to the public telecom network");
    category = b.Fact("category", TypeKind::Enum, category_enum);
    volts = b.Fact("rated_voltage_v", TypeKind::Number, bytecode::kNone, "V");
    radios = b.Fact("radio_technologies", TypeKind::EnumSet, radio_enum);
    basis = b.Fact("ccc_exemption_basis", TypeKind::Enum, basis_enum);
    uint32_t it_catalogue = b.Set({TypeKind::Enum, category_enum}, {0, 1}, "ccc_it_catalogue");
    uint32_t n36 = b.Number(36);

    // What to do next for SRRC: a marking with a Chinese text, then a route; no body. For CCC,
    // a route that a row's assessment (a test below) replaces.
    b.module().steps = {{srrc, bytecode::StepKind::Marking, b.String("CMIIT ID on the \"device\""),
                         b.String("型号核准代码"), b.String("MIIT Order No. 57")},
                        {srrc, bytecode::StepKind::Route, b.String("Type approval"),
                         bytecode::kNone, b.String("Radio Regulations")},
                        {ccc, bytecode::StepKind::Route, b.String("Certification"), bytecode::kNone,
                         b.String("CCC rules")}};

    Assembler radio;  // emits_radio
    radio.Op(Opcode::LoadFact, {0}).Op(Opcode::Return);
    srrc_radio = b.Rule("srrc_radio", {emits_radio}, radio, {Require(srrc)}, 3);
    b.rule(srrc_radio).because = b.String("Contains a radio transmitter");
    b.rule(srrc_radio).source = b.String("MIIT Radio Regulations Art. 12");

    Assembler terminal;  // emits_radio and connects_public_telecom
    terminal.Op(Opcode::LoadFact, {0});
    size_t skip = terminal.Jump(Opcode::JumpIfFalse);
    terminal.Op(Opcode::LoadFact, {1}).Op(Opcode::And);
    terminal.Bind(skip);
    terminal.Op(Opcode::Return);
    nal_terminal = b.Rule("nal_terminal", {emits_radio, connects}, terminal, {Require(nal)}, 10);
    b.rule(nal_terminal).because = b.String("Telecom terminal equipment needs network access");

    Assembler it;  // category in ccc_it_catalogue and rated_voltage_v > 36 V
    it.Op(Opcode::LoadFact, {0}).Op(Opcode::InSet, {it_catalogue});
    size_t skip_volts = it.Jump(Opcode::JumpIfFalse);
    it.Op(Opcode::LoadFact, {1}).Op(Opcode::PushNumber, {n36}).Op(Opcode::Greater);
    it.Op(Opcode::And);
    it.Bind(skip_volts);
    it.Op(Opcode::Return);
    ccc_it = b.Rule("ccc_it", {category, volts}, it, {Require(ccc)}, 20);
    b.rule(ccc_it).because = b.String("IT equipment is in the CCC catalogue");
    b.rule(ccc_it).source = b.String("CNCA-C09-01:2019");

    Assembler sample;  // ccc_exemption_basis == rd_or_test_sample
    sample.Op(Opcode::LoadFact, {0}).Op(Opcode::PushEnum, {basis_enum, 1}).Op(Opcode::Equal);
    sample.Op(Opcode::Return);
    ccc_rd_sample = b.Rule("ccc_rd_sample", {basis}, sample, {Exempt(ccc)}, 30);
    b.rule(ccc_rd_sample).because = b.String("R&D and test samples are exempt");

    Assembler mark;  // radio_technologies has cellular
    mark.Op(Opcode::LoadFact, {0}).Op(Opcode::PushEnum, {radio_enum, 2}).Op(Opcode::Has);
    mark.Op(Opcode::Return);
    cqc_mark = b.Rule("cqc_mark", {radios}, mark, {Require(cqc, Level::Voluntary)}, 40);
  }
};

struct Rendered {
  std::string text;
  std::string json;
};

Rendered Render(const Catalogue& catalogue, std::string_view product_json,
                bool include_not_required = false) {
  auto program = catalogue.b.Verify();
  auto product = facts::Bind(program.module(), product_json, "laptop.json");
  REQUIRE_MESSAGE(product.ok(), product.error().message);
  Options options{Day("2025-06-01"), include_not_required};
  // Evaluated as every caller does (EvaluationOptions: the false rules of a scheme that is not
  // required only when the report lists such schemes), and with every list: the same bytes.
  vm::Result result = vm::Evaluate(program, *product, EvaluationOptions(options));
  vm::Result every_list = vm::Evaluate(program, *product, {options.as_of});
  Rendered out{RenderText(program, *product, result, options),
               RenderJson(program, *product, result, options)};
  CHECK(out.text == RenderText(program, *product, every_list, options));
  CHECK(out.json == RenderJson(program, *product, every_list, options));
  CHECK(RenderHtml(program, *product, result, {}, options) ==
        RenderHtml(program, *product, every_list, {}, options));
  return out;
}

// What EvaluationOptions leaves out: the false rules of the schemes that are not required,
// which only `--all` shows (so the comparisons in Render above are not vacuous).
TEST_CASE("evaluation options: a scheme that is not required lists its rules only with --all") {
  Catalogue catalogue;
  auto program = catalogue.b.Verify();
  auto product = facts::Bind(program.module(), R"({"emits_radio": false})", "p.json");
  REQUIRE(product.ok());
  for (bool all : {false, true}) {
    Options options{Day("2025-06-01"), all};
    CHECK(EvaluationOptions(options).as_of == options.as_of);
    vm::Result result = vm::Evaluate(program, *product, EvaluationOptions(options));
    const vm::SchemeResult& srrc = result.schemes[catalogue.srrc];
    CHECK(srrc.status == vm::Status::NotRequired);
    CHECK(srrc.deciding.size() == (all ? 1u : 0u));
  }
}

constexpr std::string_view kSeedLaptop = R"({
  "product": "Seed laptop",
  "emits_radio": true,
  "category": "laptop",
  "rated_voltage_v": 220,
  "radio_technologies": ["bluetooth", "wifi"],
  "ccc_exemption_basis": "rd_or_test_sample",
  "colour": "silver"
})";

TEST_CASE("JSON report for one product") {
  Catalogue catalogue;
  Rendered out = Render(catalogue, kSeedLaptop);
  CHECK(
      out.json ==
      R"({"schema":"ccr.report/3","product":"Seed laptop","as_of":"2025-06-01","complete":false,)"
      R"("requirements":[)"
      R"({"scheme":"SRRC","name":"Radio transmission equipment type approval","authority":"MIIT",)"
      R"("level":"mandatory","status":"required","rules":[{"rule":"srrc_radio","action":"require",)"
      R"("condition":"true","because":"Contains a radio transmitter",)"
      R"("source":"MIIT Radio Regulations Art. 12","at":"test.ccr:3:1",)"
      R"("facts":{"emits_radio":true}}],)"
      R"("next":{"route":[{"text":"Type approval","source":"Radio Regulations"}],)"
      R"("marking":[{"text":"CMIIT ID on the \"device\"","zh":"型号核准代码",)"
      R"("source":"MIIT Order No. 57"}],"bodies":[]}},)"
      R"({"scheme":"NAL","name":"Telecom network access licence","authority":"MIIT",)"
      R"("level":"mandatory","status":"undetermined","missing":["connects_public_telecom"],)"
      R"("rules":[{"rule":"nal_terminal","action":"require","condition":"unknown",)"
      R"("because":"Telecom terminal equipment needs network access","at":"test.ccr:10:1",)"
      R"("facts":{"emits_radio":true}}]},)"
      R"({"scheme":"CCC","name":"China Compulsory Certification","authority":"CNCA",)"
      R"("level":"mandatory","status":"exempt","exempted_by":[{"rule":"ccc_rd_sample",)"
      R"("action":"exempt","condition":"true","because":"R&D and test samples are exempt",)"
      R"("at":"test.ccr:30:1","facts":{"ccc_exemption_basis":"rd_or_test_sample"}}],)"
      R"("rules":[{"rule":"ccc_it","action":"require","condition":"true",)"
      R"("because":"IT equipment is in the CCC catalogue","source":"CNCA-C09-01:2019",)"
      R"("at":"test.ccr:20:1","facts":{"category":"laptop","rated_voltage_v":220}}]}],)"
      R"("warnings":["laptop.json: `colour` is not a declared fact; ignored"]})");
}

TEST_CASE("JSON report: not required schemes on request, sets, complete") {
  Catalogue catalogue;
  Rendered out = Render(catalogue,
                        R"({"emits_radio": false, "category": "smartphone",
                            "rated_voltage_v": 3.7, "radio_technologies": ["wifi", "bluetooth"],
                            "ccc_exemption_basis": "none"})",
                        true);
  CHECK(
      out.json ==
      R"({"schema":"ccr.report/3","as_of":"2025-06-01","complete":true,"requirements":[)"
      R"({"scheme":"SRRC","name":"Radio transmission equipment type approval","authority":"MIIT",)"
      R"("level":"mandatory","status":"not_required","rules":[{"rule":"srrc_radio",)"
      R"("action":"require","condition":"false","because":"Contains a radio transmitter",)"
      R"("source":"MIIT Radio Regulations Art. 12","at":"test.ccr:3:1",)"
      R"("facts":{"emits_radio":false}}]},)"
      R"({"scheme":"NAL","name":"Telecom network access licence","authority":"MIIT",)"
      R"("level":"mandatory","status":"not_required","rules":[{"rule":"nal_terminal",)"
      R"("action":"require","condition":"false",)"
      R"("because":"Telecom terminal equipment needs network access","at":"test.ccr:10:1",)"
      R"("facts":{"emits_radio":false}}]},)"
      R"({"scheme":"CCC","name":"China Compulsory Certification","authority":"CNCA",)"
      R"("level":"mandatory","status":"not_required","rules":[{"rule":"ccc_it",)"
      R"("action":"require","condition":"false",)"
      R"("because":"IT equipment is in the CCC catalogue","source":"CNCA-C09-01:2019",)"
      R"("at":"test.ccr:20:1","facts":{"category":"smartphone","rated_voltage_v":3.7}}]},)"
      R"({"scheme":"CQC_MARK","name":"CQC voluntary certification mark","authority":"CNCA",)"
      R"("level":"voluntary","status":"not_required","rules":[{"rule":"cqc_mark",)"
      R"("action":"require","condition":"false","at":"test.ccr:40:1",)"
      R"("facts":{"radio_technologies":["wifi","bluetooth"]}}]}],"warnings":[]})");
}

// A not-required scheme with no rule in force lists nothing of the product: json.cpp copies
// it whole from the fragments. Its bytes, and those of the same scheme once its rules are in
// force (written per product), must be what the report has always written.
TEST_CASE("JSON report: not required with no rule in force, obligations per component") {
  Catalogue catalogue;
  ModuleBuilder& b = catalogue.b;
  uint32_t adapter = b.Component("supplied_adapter", "Supplied \"power\" adapter");
  uint32_t later = b.Scheme("LATER", "A scheme from 2026", 1);
  Assembler radio;  // emits_radio
  radio.Op(Opcode::LoadFact, {0}).Op(Opcode::Return);
  for (uint32_t component : {bytecode::kNone, adapter}) {
    uint32_t rule =
        b.Rule(component == bytecode::kNone ? "later_own" : "later_adapter",
               {catalogue.emits_radio}, radio, {vm::testing::RequireFor(later, component)}, 50);
    b.rule(rule).has_from = true;
    b.rule(rule).from = Day("2026-01-01");
  }
  auto program = b.Verify();
  auto render = [&](std::string_view json, const char* as_of) {
    auto product = facts::Bind(program.module(), json, "p.json");
    REQUIRE(product.ok());
    Options options{Day(as_of), true};
    vm::Result result = vm::Evaluate(program, *product, {options.as_of});
    return RenderJson(program, *product, result, options);
  };
  const std::string head =
      R"({"scheme":"LATER","name":"A scheme from 2026","authority":"CNCA","level":"mandatory",)";
  CHECK(render(R"({"emits_radio": true})", "2025-06-01")
            .find(head +
                  R"("status":"not_required","rules":[],"obligations":[{"component":"product",)"
                  R"("level":"mandatory","status":"not_required","rules":[]},)"
                  R"({"component":"supplied_adapter","name":"Supplied \"power\" adapter",)"
                  R"("level":"mandatory","status":"not_required","rules":[]}]})") !=
        std::string::npos);
  const std::string in_force = render(R"({"emits_radio": false})", "2026-06-01");
  CHECK(in_force.find(
            head +
            R"("status":"not_required","rules":[{"rule":"later_own","action":"require",)"
            R"("condition":"false","at":"test.ccr:50:1","facts":{"emits_radio":false}},)"
            R"({"rule":"later_adapter","action":"require","condition":"false",)"
            R"("at":"test.ccr:50:1","facts":{"emits_radio":false}}],"obligations":[)"
            R"({"component":"product","level":"mandatory","status":"not_required",)"
            R"("rules":[{"rule":"later_own","action":"require","condition":"false",)"
            R"("at":"test.ccr:50:1","facts":{"emits_radio":false}}]},)"
            R"({"component":"supplied_adapter","name":"Supplied \"power\" adapter",)"
            R"("level":"mandatory","status":"not_required","rules":[{"rule":"later_adapter",)"
            R"("action":"require","condition":"false","at":"test.ccr:50:1",)"
            R"("facts":{"emits_radio":false}}]}]})") != std::string::npos);
}

TEST_CASE("JSON report: strings are escaped, UTF-8 passes through") {
  Catalogue catalogue;
  Rendered out = Render(
      catalogue, R"({"product": "Q\"uote\\ \n\t\u0001 笔记本电脑 \u00e9", "emits_radio": true})");
  CHECK(out.json.find(R"("product":"Q\"uote\\ \n\t\u0001 笔记本电脑 é")") != std::string::npos);
  CHECK(out.json.find('\n') == std::string::npos);
}

TEST_CASE("text report for one product") {
  Catalogue catalogue;
  Rendered out = Render(catalogue, kSeedLaptop);
  CHECK(out.text ==
        "Seed laptop: certification requirements as of 2025-06-01\n"
        "\n"
        "SCHEME  NAME                                        AUTHORITY  LEVEL      STATUS\n"
        "SRRC    Radio transmission equipment type approval  MIIT       mandatory  required\n"
        "NAL     Telecom network access licence              MIIT       mandatory  undetermined\n"
        "CCC     China Compulsory Certification              CNCA       mandatory  exempt\n"
        "\n"
        "Why\n"
        "\n"
        "SRRC: required mandatory\n"
        "  required by rule srrc_radio (test.ccr:3:1)\n"
        "    because  Contains a radio transmitter\n"
        "    source   MIIT Radio Regulations Art. 12\n"
        "    facts    emits_radio = true\n"
        "\n"
        "NAL: undetermined\n"
        "  missing  connects_public_telecom\n"
        "  maybe required by rule nal_terminal (test.ccr:10:1): condition unknown\n"
        "    because  Telecom terminal equipment needs network access\n"
        "    facts    emits_radio = true\n"
        "  to decide, state in the product's JSON:\n"
        "    \"connects_public_telecom\": true or false  (Connects to the public telecom "
        "network)\n"
        "\n"
        "CCC: exempt\n"
        "  required by rule ccc_it (test.ccr:20:1)\n"
        "    because  IT equipment is in the CCC catalogue\n"
        "    source   CNCA-C09-01:2019\n"
        "    facts    category = laptop, rated_voltage_v = 220 V\n"
        "  exempted by rule ccc_rd_sample (test.ccr:30:1)\n"
        "    because  R&D and test samples are exempt\n"
        "    facts    ccc_exemption_basis = rd_or_test_sample\n"
        "\n"
        "What to do next\n"
        "\n"
        "SRRC: Radio transmission equipment type approval\n"
        "  route    Type approval\n"
        "           source   Radio Regulations\n"
        "  marking  CMIIT ID on the \"device\"\n"
        "           source   MIIT Order No. 57\n"
        "  bodies   not recorded in the rules\n"
        "\n"
        "Warnings\n"
        "  laptop.json: `colour` is not a declared fact; ignored\n"
        "\n"
        "1 required, 1 undetermined, 1 exempt\n");
}

TEST_CASE("text report: nothing listed, not required on request") {
  Catalogue catalogue;
  Rendered none = Render(catalogue, R"({"emits_radio": false, "category": "smartphone",
                                       "radio_technologies": []})");
  CHECK(none.text ==
        "(unnamed product): certification requirements as of 2025-06-01\n"
        "\n"
        "No scheme is required, undetermined or exempt.\n"
        "\n"
        "0 required\n");

  Rendered all = Render(catalogue, R"({"emits_radio": false, "category": "smartphone",
                                      "radio_technologies": ["cellular"]})",
                        true);
  INFO(all.text);
  CHECK(all.text.find("SCHEME    NAME                                        AUTHORITY  LEVEL      "
                      "STATUS\n") != std::string::npos);
  // A voluntary scheme that applies reads "recommended", never "voluntary required".
  CHECK(all.text.find("CQC_MARK  CQC voluntary certification mark            CNCA       "
                      "voluntary  recommended\n") != std::string::npos);
  CHECK(all.text.find("SRRC: not required\n"
                      "  not required by rule srrc_radio (test.ccr:3:1): condition false\n") !=
        std::string::npos);
  CHECK(all.text.find("    facts    radio_technologies = {cellular}\n") != std::string::npos);
  CHECK(all.text.ends_with("\n0 required, 1 recommended (voluntary), 3 not required\n"));
}

TEST_CASE("what to do next: a fired row's assessment replaces the scheme's route") {
  Catalogue catalogue;
  constexpr std::string_view kDesktop = R"({"emits_radio": false, "category": "desktop_pc",
      "rated_voltage_v": 230, "radio_technologies": [], "ccc_exemption_basis": "none"})";
  Rendered general = Render(catalogue, kDesktop);
  INFO(general.text);
  CHECK(general.text.find("CCC: China Compulsory Certification\n"
                          "  route    Certification\n"
                          "           source   CCC rules\n"
                          "  marking  not recorded in the rules\n") != std::string::npos);
  CHECK(general.json.find(R"("next":{"route":[{"text":"Certification","source":"CCC rules"}],)"
                          R"("marking":[],"bodies":[]})") != std::string::npos);

  catalogue.b.rule(catalogue.ccc_it).assessment = bytecode::AssessmentRoute::SelfDeclarationA;
  Rendered row = Render(catalogue, kDesktop);
  INFO(row.text);
  std::string route(bytecode::AssessmentDescription(bytecode::AssessmentRoute::SelfDeclarationA));
  CHECK(row.text.find("CCC: China Compulsory Certification\n"
                      "  route    " +
                      route +
                      "\n"
                      "           source   CNCA-C09-01:2019 (rule ccc_it)\n"
                      "  marking  not recorded in the rules\n") != std::string::npos);
  CHECK(row.text.find("  route    Certification\n") == std::string::npos);
  CHECK(row.json.find(R"("next":{"route":[{"text":")" + route + R"(","zh":")" +
                      std::string(bytecode::AssessmentZhDescription(
                          bytecode::AssessmentRoute::SelfDeclarationA)) +
                      R"(","source":"CNCA-C09-01:2019","assessment":"self_declaration_a",)"
                      R"("rule":"ccc_it"}],"marking":[],"bodies":[]})") != std::string::npos);
}

// ---- The test runner ----

TEST_CASE("test runner: passes, failures with explanations, coverage") {
  Catalogue catalogue;
  bytecode::Module& module = catalogue.b.module();
  auto expect = [&](uint32_t scheme, bytecode::Outcome outcome, uint32_t line) {
    return bytecode::Expectation{
        scheme, bytecode::kNone, outcome, {catalogue.b.String("tests.ccr"), line, 3}};
  };
  bytecode::Literal radio;
  radio.fact = catalogue.emits_radio;
  radio.kind = TypeKind::Bool;
  radio.boolean = true;

  bytecode::Test passing;
  passing.name = catalogue.b.String("radio needs SRRC");
  passing.location = {catalogue.b.String("tests.ccr"), 1, 1};
  passing.given = {radio};
  passing.expectations = {expect(catalogue.srrc, bytecode::Outcome::RequiredMandatory, 4),
                          expect(catalogue.srrc, bytecode::Outcome::RequiredAny, 5),
                          expect(catalogue.nal, bytecode::Outcome::Undetermined, 6),
                          expect(catalogue.cqc, bytecode::Outcome::Undetermined, 7)};
  module.tests.push_back(passing);

  bytecode::Test failing;
  failing.name = catalogue.b.String("wrong expectations");
  failing.location = {catalogue.b.String("tests.ccr"), 10, 1};
  failing.has_as_of = true;
  failing.as_of = Day("2020-01-01");
  failing.given = {radio};
  failing.expectations = {expect(catalogue.nal, bytecode::Outcome::RequiredMandatory, 12),
                          expect(catalogue.srrc, bytecode::Outcome::RequiredVoluntary, 13),
                          expect(catalogue.ccc, bytecode::Outcome::Exempt, 14)};
  module.tests.push_back(failing);
  // Not in force on 2020-01-01: the failure explanation says so.
  catalogue.b.rule(catalogue.ccc_it).has_from = true;
  catalogue.b.rule(catalogue.ccc_it).from = Day("2024-08-01");

  auto program = catalogue.b.Verify();
  explain::TestRun run = explain::RunTests(program, Day("2025-06-01"));
  REQUIRE(run.tests.size() == 2);
  CHECK(run.passed == 1);
  CHECK(run.failed == 1);
  CHECK(run.tests[0].name == "radio needs SRRC");
  CHECK(run.tests[0].location == "tests.ccr:1:1");
  CHECK(run.tests[0].failures.empty());

  const auto& failures = run.tests[1].failures;
  REQUIRE(failures.size() == 3);
  CHECK(failures[0].location == "tests.ccr:12:3");
  CHECK(failures[0].message == "expected `NAL` required mandatory, got undetermined");
  CHECK(failures[0].explanation ==
        "missing  connects_public_telecom\n"
        "maybe required by rule nal_terminal (test.ccr:10:1): condition unknown\n"
        "  because  Telecom terminal equipment needs network access\n"
        "  facts    emits_radio = true\n"
        "to decide, state in `given`:\n"
        "  connects_public_telecom = true or false  (Connects to the public telecom network)\n");
  CHECK(failures[1].message == "expected `SRRC` required voluntary, got required mandatory");
  CHECK(failures[1].explanation.starts_with("required by rule srrc_radio (test.ccr:3:1)\n"));
  CHECK(failures[2].message == "expected `CCC` exempt, got not required");
  CHECK(failures[2].explanation ==
        "no rule in force requires it\n"
        "skipped rule ccc_it (test.ccr:20:1): not in force on 2020-01-01 (effective from "
        "2024-08-01)\n");

  REQUIRE(run.rule_fired.size() == program.module().rules.size());
  CHECK(run.rule_fired[catalogue.srrc_radio]);
  CHECK_FALSE(run.rule_fired[catalogue.nal_terminal]);
  CHECK_FALSE(run.rule_fired[catalogue.ccc_it]);
}

}  // namespace
}  // namespace ccr::report
