// Differential test: the JIT and the VM give the same answers.
//
// Random rule sets (tests/support/random_rules.h: every fact type, and/or/not, known, in,
// comparisons, effective ranges, exemptions) and random products (some facts unknown) go
// through both backends on several days, including the effective-range boundaries. The whole
// vm::Result (statuses, levels, fired / exempting / undetermined / deciding / missing), each
// rule's condition, and the rendered JSON and text reports must be identical.
//
// CCR_JIT_DIFFERENTIAL_RUNS=N runs N rule sets instead of the default (fast enough for every
// ctest); the seeds are fixed, so a failure names a seed that reproduces it.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/jit/jit.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"
#include "tests/support/compile_source.h"
#include "tests/support/random_rules.h"

namespace ccr::testing {
namespace {

int Runs() {
  const char* runs = std::getenv("CCR_JIT_DIFFERENTIAL_RUNS");
  return runs ? std::max(1, std::atoi(runs)) : 60;
}

void CheckSame(const vm::SchemeResult& vm, const vm::SchemeResult& jit) {
  CHECK(vm.scheme == jit.scheme);
  CHECK(vm.status == jit.status);
  CHECK(vm.level == jit.level);
  CHECK(vm.fired == jit.fired);
  CHECK(vm.exempting == jit.exempting);
  CHECK(vm.undetermined == jit.undetermined);
  CHECK(vm.deciding == jit.deciding);
  CHECK(vm.missing == jit.missing);
  REQUIRE(vm.obligations.size() == jit.obligations.size());
  for (size_t o = 0; o < vm.obligations.size(); ++o) {
    const vm::Obligation& a = vm.obligations[o];
    const vm::Obligation& b = jit.obligations[o];
    CHECK(a.component == b.component);
    CHECK(a.status == b.status);
    CHECK(a.level == b.level);
    CHECK(a.fired == b.fired);
    CHECK(a.exempting == b.exempting);
    CHECK(a.undetermined == b.undetermined);
    CHECK(a.deciding == b.deciding);
    CHECK(a.missing == b.missing);
  }
}

TEST_CASE("the JIT and the VM agree on random rule sets and products") {
  // The generator's effective dates are 2023-01-01 .. 2026-06-30; test both sides of some.
  const Date days[] = {*ParseDate("2022-12-31"), *ParseDate("2023-01-01"),
                       *ParseDate("2024-12-31"), *ParseDate("2025-01-01"),
                       *ParseDate("2025-07-01"), *ParseDate("2026-06-30")};
  int compared = 0;
  int undetermined = 0;
  for (int run = 0; run < Runs(); ++run) {
    uint64_t seed = 5000 + static_cast<uint64_t>(run);
    Rng shape(seed);
    RandomRulesOptions options;
    options.facts = 3 + static_cast<int>(shape.Below(12));
    options.rules = 2 + static_cast<int>(shape.Below(30));
    options.schemes = 1 + static_cast<int>(shape.Below(5));
    options.max_depth = 2 + static_cast<int>(shape.Below(4));
    options.components = run % 2 == 1;  // obligations per component in every other run
    RandomRuleSet rules = GenerateRules(seed, options);
    CompiledSource compiled = CompileSource(rules.source);
    INFO("seed " << seed << "\n" << rules.source << compiled.diagnostics);
    REQUIRE(compiled.module.has_value());
    auto program = bytecode::Verify(*compiled.module, "random");
    REQUIRE(program.ok());
    auto jit = jit::Evaluator::Compile(*program);
    REQUIRE_MESSAGE(jit.ok(), jit.error().message);
    vm::Evaluator vm(*program);
    facts::Binder binder(program->module());

    for (uint64_t p = 0; p < 12; ++p) {
      RandomProduct random = GenerateProduct(rules, seed * 131 + p, p % 3 == 0 ? 0.4 : 0.8);
      std::string json = random.ToJson(rules);
      auto product = binder.Bind(json, "random.json");
      REQUIRE_MESSAGE(product.ok(), product.error().message);
      report::Options report_options;
      report_options.as_of = days[p % std::size(days)];
      report_options.include_not_required = true;
      vm::Options when{report_options.as_of};
      vm::Result vm_result, jit_result;
      vm.Evaluate(*product, when, vm_result);
      jit->Evaluate(*product, when, jit_result);

      INFO("product " << json << " on " << FormatDate(when.as_of));
      REQUIRE(vm_result.schemes.size() == jit_result.schemes.size());
      for (size_t s = 0; s < vm_result.schemes.size(); ++s) {
        INFO("scheme " << rules.schemes[s]);
        CheckSame(vm_result.schemes[s], jit_result.schemes[s]);
        ++compared;
        undetermined += vm_result.schemes[s].status == vm::Status::Undetermined;
      }
      CHECK(std::equal(vm.conditions().begin(), vm.conditions().end(), jit->conditions().begin(),
                       jit->conditions().end()));
      CHECK(report::RenderJson(*program, *product, vm_result, report_options) ==
            report::RenderJson(*program, *product, jit_result, report_options));
      CHECK(report::RenderText(*program, *product, vm_result, report_options) ==
            report::RenderText(*program, *product, jit_result, report_options));
    }
  }
  // The comparison must cover unknowns, not only fully decided products.
  CHECK(compared > 500);
  CHECK(undetermined > compared / 20);
}

}  // namespace
}  // namespace ccr::testing
