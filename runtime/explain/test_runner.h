// Runs the in-language tests of a program (`ccrc test`, `ccr test`): each test's given facts
// are evaluated on its `as of` date (or the caller's default) and every expectation compared
// with the actual status. A failure carries expected vs actual and the explanation of the
// actual outcome (the rules that fired, exemptions, missing facts).
#pragma once

#include <string>
#include <vector>

#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::explain {

struct TestFailure {
  std::string location;  // `rules/ccc.ccr:40:3` of the failing expectation
  std::string message;   // "expected `CCC` required mandatory, got not required"
  // Why the actual outcome came out: one item per line, each ending in a newline; rules
  // that fired or exempted, unknown rules with the missing facts and how to state them in
  // `given`, rules that are false, and rules about the scheme not in force on the date.
  std::string explanation;
};

struct TestResult {
  std::string name;
  std::string location;  // of the test
  std::vector<TestFailure> failures;
};

struct TestRun {
  std::vector<TestResult> tests;
  int passed = 0;
  int failed = 0;
  // Rule coverage: rules whose condition was true in at least one test, by rule index.
  std::vector<bool> rule_fired;
};

// Runs every test in `program`, in table order, on the VM. A test without `as of` is
// evaluated on `default_as_of`. Never fails: the program is verified.
TestRun RunTests(const bytecode::VerifiedProgram& program, Date default_as_of);

// Runs every test on `backend` (one for `program`, such as the JIT's).
TestRun RunTests(const bytecode::VerifiedProgram& program, Date default_as_of,
                 vm::Backend& backend);

}  // namespace ccr::explain
