// Runs the in-language tests of a program (`ccrc test`, `ccr test`): each test's given facts
// are evaluated on its `as of` date (or the caller's default) and every expectation compared
// with the actual status. A failure carries expected vs actual and the explanation of the
// actual outcome (the rules that fired, exemptions, missing facts).
#pragma once

#include <string>
#include <vector>

#include "runtime/bytecode/bytecode.h"

namespace ccr::vm {

struct TestFailure {
  std::string location;  // `rules/ccc.ccr:40:3` of the failing expectation
  std::string message;   // "expected `CCC` required mandatory, got not_required"
  std::string explanation;  // multi-line; why the actual outcome came out
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

TestRun RunTests(const bytecode::VerifiedProgram& program, Date default_as_of);

}  // namespace ccr::vm
