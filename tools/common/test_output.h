// How `ccrc test` and `ccr test` print a test's outcome, so both read the same: the PASS/FAIL
// line, each failed expectation under it, and the explanation indented under that.
#pragma once

#include <cstdio>
#include <string>

#include "runtime/explain/test_runner.h"

namespace ccr::tools {

inline void PrintTestResult(const explain::TestResult& test) {
  std::printf("%s  %s  %s\n", test.failures.empty() ? "PASS" : "FAIL", test.location.c_str(),
              test.name.c_str());
  for (const explain::TestFailure& failure : test.failures) {
    std::printf("  %s: %s\n", failure.location.c_str(), failure.message.c_str());
    const std::string& explanation = failure.explanation;
    size_t start = 0;
    while (start < explanation.size()) {
      size_t end = explanation.find('\n', start);
      if (end == std::string::npos) end = explanation.size();
      std::printf("    %s\n", explanation.substr(start, end - start).c_str());
      start = end + 1;
    }
  }
}

}  // namespace ccr::tools
