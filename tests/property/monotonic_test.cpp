// Property: an unknown fact never changes an answer, it only withholds it.
//
// Over random rule sets (tests/support/random_rules.h, without `known(...)`) and random
// products P, let P' be P with one stated fact removed (made unknown). For every scheme, on
// the same day, with s = status(P) and s' = status(P'):
//
//   s' == s, or s' == undetermined, or (s == not required and s' == exempt);
//   and when s' == s == required, the level is the same.
//
// So required never becomes not required or exempt, not required never becomes required,
// exempt never becomes required or not required, and undetermined stays undetermined (more
// facts can only decide, fewer can only withhold). The one allowed change between determined
// answers, not required -> exempt, keeps the answer "not needed": with the fact stated every
// requirement is false; without it a requirement is unknown but a true exemption covers it.
//
// `known(f)` is excluded: it asks whether the product states f, so removing f changes it by
// design. Conditions are three-valued (Kleene), which is what makes the property hold.
//
// CCR_PROPERTY_RUNS=N runs N rule sets instead of the default (fast enough for every ctest).
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"
#include "tests/support/compile_source.h"
#include "tests/support/random_rules.h"

namespace ccr::testing {
namespace {

std::string StatusName(vm::Status status) {
  switch (status) {
    case vm::Status::Required:
      return "required";
    case vm::Status::Undetermined:
      return "undetermined";
    case vm::Status::Exempt:
      return "exempt";
    case vm::Status::NotRequired:
      return "not required";
    case vm::Status::Available:
      return "available";
  }
  return "?";
}

bool Allowed(const vm::SchemeResult& full, const vm::SchemeResult& less) {
  // With fewer facts a scheme may become open: undetermined, or available if on request.
  if (less.status == vm::Status::Undetermined || less.status == vm::Status::Available) {
    return true;
  }
  if (full.status == vm::Status::NotRequired && less.status == vm::Status::Exempt) return true;
  if (less.status != full.status) return false;
  return full.status != vm::Status::Required || full.level == less.level;
}

int Runs() {
  const char* runs = std::getenv("CCR_PROPERTY_RUNS");
  return runs ? std::max(1, std::atoi(runs)) : 150;
}

TEST_CASE("removing a fact only withholds answers, never flips them") {
  RandomRulesOptions options;
  options.known_checks = false;
  const Date days[] = {*ParseDate("2024-06-01"), *ParseDate("2025-03-01"),
                       *ParseDate("2026-12-31")};
  int compared = 0;
  int withheld = 0;
  for (int run = 0; run < Runs(); ++run) {
    uint64_t seed = 1000 + static_cast<uint64_t>(run);
    Rng shape(seed);
    options.facts = 3 + static_cast<int>(shape.Below(10));
    options.rules = 2 + static_cast<int>(shape.Below(20));
    options.schemes = 1 + static_cast<int>(shape.Below(4));
    RandomRuleSet rules = GenerateRules(seed, options);
    CompiledSource compiled = CompileSource(rules.source);
    INFO("seed " << seed << "\n" << rules.source << compiled.diagnostics);
    REQUIRE(compiled.module.has_value());
    auto program = bytecode::Verify(*compiled.module, "random");
    REQUIRE(program.ok());
    vm::Evaluator evaluator(*program);
    facts::Binder binder(program->module());

    for (uint64_t p = 0; p < 8; ++p) {
      RandomProduct product = GenerateProduct(rules, seed * 31 + p, 0.8);
      auto full = binder.Bind(product.ToJson(rules), "full.json");
      REQUIRE(full.ok());
      vm::Options when{days[p % 3]};
      vm::Result full_result;
      evaluator.Evaluate(*full, when, full_result);
      for (size_t f = 0; f < product.values.size(); ++f) {
        if (!product.values[f]) continue;
        RandomProduct less_product = product;
        less_product.values[f].reset();
        auto less = binder.Bind(less_product.ToJson(rules), "less.json");
        REQUIRE(less.ok());
        vm::Result less_result;
        evaluator.Evaluate(*less, when, less_result);
        for (size_t s = 0; s < full_result.schemes.size(); ++s) {
          const vm::SchemeResult& a = full_result.schemes[s];
          const vm::SchemeResult& b = less_result.schemes[s];
          INFO("product " << product.ToJson(rules) << " without " << rules.facts[f].name);
          INFO("scheme " << rules.schemes[s] << ": " << StatusName(a.status) << " -> "
                         << StatusName(b.status));
          CHECK(Allowed(a, b));
          ++compared;
          withheld += a.status != vm::Status::Undetermined && b.status == vm::Status::Undetermined;
        }
      }
    }
  }
  // The property must be tested on cases where removing a fact matters, not only on
  // rule sets whose answers never change.
  CHECK(compared > 1000);
  CHECK(withheld > compared / 50);
}

}  // namespace
}  // namespace ccr::testing
