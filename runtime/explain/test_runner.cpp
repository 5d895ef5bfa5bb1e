#include "runtime/explain/test_runner.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/explain/constraints.h"
#include "runtime/explain/explain.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::explain {

using bytecode::Module;
using bytecode::Outcome;
using vm::Result;
using vm::SchemeResult;
using vm::Status;
using vm::Truth;

namespace {

bool Matches(Outcome expected, const SchemeResult& actual) {
  switch (expected) {
    case Outcome::RequiredAny:
      return actual.status == Status::Required;
    case Outcome::RequiredMandatory:
      return actual.status == Status::Required && actual.level == bytecode::Level::Mandatory;
    case Outcome::RequiredVoluntary:
      return actual.status == Status::Required && actual.level == bytecode::Level::Voluntary;
    case Outcome::NotRequired:
      return actual.status == Status::NotRequired;
    case Outcome::Undetermined:
      return actual.status == Status::Undetermined;
    case Outcome::Exempt:
      return actual.status == Status::Exempt;
    case Outcome::Available:
      return actual.status == Status::Available;
  }
  return false;
}

// Returns `actual` spelled as in `expect SCHEME ...` (`required voluntary`, not the reports'
// `recommended (voluntary)`), so a failure compares like with like.
std::string_view ExpectText(const SchemeResult& actual) {
  switch (actual.status) {
    case Status::Required:
      return bytecode::OutcomeText(actual.level == bytecode::Level::Mandatory
                                       ? Outcome::RequiredMandatory
                                       : Outcome::RequiredVoluntary);
    case Status::Undetermined:
      return bytecode::OutcomeText(Outcome::Undetermined);
    case Status::Exempt:
      return bytecode::OutcomeText(Outcome::Exempt);
    case Status::NotRequired:
      return bytecode::OutcomeText(Outcome::NotRequired);
    case Status::Available:
      return bytecode::OutcomeText(Outcome::Available);
  }
  return "?";
}

// Spelled as in `expect SCHEME ...`.

std::string EffectiveText(const bytecode::Rule& rule) {
  std::string out = "effective";
  if (rule.has_from) out += " from " + FormatDate(rule.from);
  if (rule.has_until) out += " until " + FormatDate(rule.until);
  return out;
}

// Why `actual` came out as it did, plus the rules about its scheme that were skipped
// because they are not in force on `as_of` (a common cause of a surprising outcome).
std::string Explain(const Module& module, const facts::Product& product, const SchemeResult& actual,
                    std::span<const Truth> conditions, Date as_of) {
  std::string out;
  AppendWhy(out, module, product, actual, FactSyntax::Test, "");
  for (uint32_t r = 0; r < module.rules.size(); ++r) {
    if (conditions[r] != Truth::NotInForce) continue;
    const bytecode::Rule& rule = module.rules[r];
    bool about_scheme = false;
    for (const auto& action : rule.actions) about_scheme |= action.scheme == actual.scheme;
    if (!about_scheme) continue;
    out += fmt::format("skipped rule {} ({}): not in force on {} ({})\n", module.strings[rule.name],
                       LocationText(module, rule.location), FormatDate(as_of), EffectiveText(rule));
  }
  return out;
}

}  // namespace

TestRun RunTests(const bytecode::VerifiedProgram& program, Date default_as_of) {
  vm::Evaluator evaluator(program);
  return RunTests(program, default_as_of, evaluator);
}

TestRun RunTests(const bytecode::VerifiedProgram& program, Date default_as_of,
                 vm::Backend& backend) {
  const Module& module = program.module();
  Result result;
  TestRun run;
  run.rule_fired.assign(module.rules.size(), false);
  vm::ConstraintChecker constraints(program);
  for (const bytecode::Test& test : module.tests) {
    TestResult& outcome = run.tests.emplace_back();
    outcome.name = module.strings[test.name];
    outcome.location = LocationText(module, test.location);

    facts::Product product = facts::FromLiterals(module, test.given);
    // Facts breaking a constraint make the product an error, not a report: a test expects
    // exactly the violations (`expect violation NAME`), and then no scheme outcome.
    std::vector<uint32_t> broken;
    for (uint32_t c : constraints.Broken(product)) broken.push_back(c);
    for (uint32_t expected : test.violations) {
      if (std::find(broken.begin(), broken.end(), expected) != broken.end()) continue;
      outcome.failures.push_back(TestFailure{
          .location = outcome.location,
          .message = fmt::format("expected the given facts to break constraint `{}`, but they "
                                 "do not",
                                 module.strings[module.constraints[expected].name]),
          .explanation = "",
      });
    }
    for (uint32_t c : broken) {
      if (std::find(test.violations.begin(), test.violations.end(), c) != test.violations.end()) {
        continue;
      }
      outcome.failures.push_back(TestFailure{
          .location = outcome.location,
          .message = ViolationMessage(module, product, c, "given"),
          .explanation = fmt::format("add `expect violation {}` if the test means it\n",
                                     module.strings[module.constraints[c].name]),
      });
    }
    if (!broken.empty()) {
      for (const bytecode::Expectation& expectation : test.expectations) {
        outcome.failures.push_back(TestFailure{
            .location = LocationText(module, expectation.location),
            .message = fmt::format("expected `{}` {}, but a product whose facts contradict each "
                                   "other gets an error, not an outcome",
                                   module.strings[module.schemes[expectation.scheme].id],
                                   OutcomeText(expectation.outcome)),
            .explanation = "",
        });
      }
      if (outcome.failures.empty()) {
        ++run.passed;
      } else {
        ++run.failed;
      }
      continue;
    }
    Date as_of = test.has_as_of ? test.as_of : default_as_of;
    backend.Evaluate(product, vm::Options{as_of}, result);
    std::span<const vm::Truth> conditions = backend.conditions();
    for (size_t r = 0; r < conditions.size(); ++r) {
      if (conditions[r] == Truth::True) run.rule_fired[r] = true;
    }

    for (const bytecode::Expectation& expectation : test.expectations) {
      // `expect X for C`: that obligation alone; without `for`, the scheme's overall status.
      const SchemeResult& scheme = result.schemes[expectation.scheme];
      const bool overall = expectation.component == bytecode::kNone;
      const SchemeResult actual =
          overall ? scheme
                  : ObligationOf(scheme, expectation.component == bytecode::kProductItself
                                             ? bytecode::kNone
                                             : expectation.component);
      if (Matches(expectation.outcome, actual)) continue;
      std::string subject =
          fmt::format("`{}`", module.strings[module.schemes[expectation.scheme].id]);
      if (expectation.component == bytecode::kProductItself) subject += " for `product`";
      if (!overall && expectation.component != bytecode::kProductItself) {
        subject +=
            fmt::format(" for `{}`", module.strings[module.components[expectation.component].id]);
      }
      outcome.failures.push_back(TestFailure{
          .location = LocationText(module, expectation.location),
          .message = fmt::format("expected {} {}, got {}", subject,
                                 OutcomeText(expectation.outcome), ExpectText(actual)),
          .explanation = Explain(module, product, actual, conditions, as_of),
      });
    }
    if (outcome.failures.empty()) {
      ++run.passed;
    } else {
      ++run.failed;
    }
  }
  return run;
}

}  // namespace ccr::explain
