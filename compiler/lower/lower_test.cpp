// Lowering, checked by running what it produces: every program is evaluated both as lowered
// in memory and after write -> read -> verify, and the two must agree.
#include "compiler/lower/lower.h"

#include <doctest/doctest.h>

#include "compiler/check/test_support.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::lower {

namespace {

bytecode::Module Build(const std::string& rules) {
  auto c = testing::CompileText(std::string(testing::kPrelude) + rules);
  REQUIRE_FALSE(c->sink.has_errors());
  return Lower(c->checked);
}

// Evaluates `json` on `module` in memory and after a round trip; returns the status of
// `scheme` after checking both paths agree.
vm::Status StatusOf(const bytecode::Module& module, const std::string& json,
                    const std::string& scheme, std::vector<std::string>* missing = nullptr) {
  auto in_memory = bytecode::Verify(module, "test");
  REQUIRE(in_memory.ok());
  auto round_trip = bytecode::Load(bytecode::Write(module), "test.ccrb");
  REQUIRE(round_trip.ok());
  auto product = facts::Bind(module, json, "test.json");
  REQUIRE(product.ok());
  vm::Options options{*ParseDate("2025-06-01")};
  vm::Result a = vm::Evaluate(*in_memory, *product, options);
  vm::Result b = vm::Evaluate(*round_trip, *product, options);
  for (size_t i = 0; i < module.schemes.size(); ++i) {
    CHECK(a.schemes[i].status == b.schemes[i].status);
    CHECK(a.schemes[i].missing == b.schemes[i].missing);
    if (module.strings[module.schemes[i].id] == scheme) {
      if (missing) {
        for (uint32_t f : a.schemes[i].missing) {
          missing->push_back(module.strings[module.facts[f].name]);
        }
      }
      return a.schemes[i].status;
    }
  }
  FAIL("no such scheme");
  return vm::Status::NotRequired;
}

}  // namespace

TEST_CASE("the seed sentence: required, not required, undetermined") {
  bytecode::Module m = Build("if emits_radio then require SRRC by MIIT mandatory");
  CHECK(StatusOf(m, R"({"emits_radio": true})", "SRRC") == vm::Status::Required);
  CHECK(StatusOf(m, R"({"emits_radio": false})", "SRRC") == vm::Status::NotRequired);
  std::vector<std::string> missing;
  CHECK(StatusOf(m, R"({})", "SRRC", &missing) == vm::Status::Undetermined);
  CHECK(missing == std::vector<std::string>{"emits_radio"});
}

TEST_CASE("three-valued logic decides what it can without the unknown fact") {
  bytecode::Module m = Build(R"(
    if category in ccc_it and rated_voltage_v > 36 V then require CCC mandatory
  )");
  // false and unknown = false: a toy needs no CCC whatever its voltage.
  CHECK(StatusOf(m, R"({"category": "toy"})", "CCC") == vm::Status::NotRequired);
  std::vector<std::string> missing;
  CHECK(StatusOf(m, R"({"category": "laptop"})", "CCC", &missing) == vm::Status::Undetermined);
  CHECK(missing == std::vector<std::string>{"rated_voltage_v"});
  CHECK(StatusOf(m, R"({"category": "laptop", "rated_voltage_v": 220})", "CCC") ==
        vm::Status::Required);
}

TEST_CASE("membership in set facts, inline sets, strings, known()") {
  bytecode::Module m = Build(R"(
    if wifi in radio_technologies then require SRRC mandatory
    if model in { "X1", "X2" } or not known(category) then require CQC_MARK voluntary
  )");
  CHECK(StatusOf(m, R"({"radio_technologies": ["bluetooth", "wifi"]})", "SRRC") ==
        vm::Status::Required);
  CHECK(StatusOf(m, R"({"radio_technologies": []})", "SRRC") == vm::Status::NotRequired);
  CHECK(StatusOf(m, R"({"model": "X2", "category": "toy"})", "CQC_MARK") == vm::Status::Required);
  CHECK(StatusOf(m, R"({"model": "Z", "category": "toy"})", "CQC_MARK") == vm::Status::NotRequired);
  CHECK(StatusOf(m, R"({"model": "Z"})", "CQC_MARK") == vm::Status::Required);
}

TEST_CASE("exemptions win, and an unknown exemption leaves the scheme undetermined") {
  bytecode::Module m = Build(R"(
    if category in ccc_it then require CCC mandatory
    if emits_radio then exempt CCC
  )");
  CHECK(StatusOf(m, R"({"category": "laptop", "emits_radio": true})", "CCC") == vm::Status::Exempt);
  CHECK(StatusOf(m, R"({"category": "laptop", "emits_radio": false})", "CCC") ==
        vm::Status::Required);
  std::vector<std::string> missing;
  CHECK(StatusOf(m, R"({"category": "laptop"})", "CCC", &missing) == vm::Status::Undetermined);
  CHECK(missing == std::vector<std::string>{"emits_radio"});
}

TEST_CASE("effective dates select the rules in force") {
  bytecode::Module m = Build(R"(
    rule later { when emits_radio require SRRC effective from 2030-01-01 }
    rule ended { when emits_radio require CCC effective until 2020-01-01 }
  )");
  CHECK(StatusOf(m, R"({"emits_radio": true})", "SRRC") == vm::Status::NotRequired);
  CHECK(StatusOf(m, R"({"emits_radio": true})", "CCC") == vm::Status::NotRequired);
}

TEST_CASE("lowering is deterministic and verifies") {
  const char* rules = R"(
    if category in ccc_it and (rated_voltage_v > 36 V or emits_radio) then require CCC
    test "t" { given { category = laptop, radio_technologies = { wifi } } expect CCC undetermined }
  )";
  bytecode::Module a = Build(rules), b = Build(rules);
  CHECK(bytecode::Write(a) == bytecode::Write(b));
  CHECK(bytecode::Verify(a, "a").ok());
  REQUIRE(a.tests.size() == 1);
  CHECK(a.tests[0].given.size() == 2);
}

}  // namespace ccr::lower
