// ccr test [BUNDLE]: runs the in-language tests compiled into a bundle.
#include <cstdio>
#include <memory>

#include "runtime/explain/test_runner.h"
#include "runtime/jit/jit.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"
#include "tools/common/test_output.h"

namespace ccr::tools {
namespace {

struct TestFlags {
  std::string bundle;
  std::string as_of;
  bool jit = false;
};

int Test(const TestFlags& flags) {
  auto program = LoadBundle(flags.bundle);
  if (!program) {
    std::fputs(FormatError(program.error()).c_str(), stderr);
    return kExitInput;
  }
  Date as_of = flags.as_of.empty() ? Today() : *ParseDate(flags.as_of);
  explain::TestRun run;
  if (flags.jit) {
    if (!jit::Available()) {
      std::fputs(FormatError(Error{"--jit: " + jit::Evaluator::Compile(*program).error().message,
                                   ErrorKind::JitUnavailable})
                     .c_str(),
                 stderr);
      return kExitUsage;
    }
    auto evaluator = jit::Evaluator::Compile(*program);
    if (!evaluator) {  // the message says `internal error: the JIT could not ...`
      std::fprintf(stderr, "%s\n", evaluator.error().message.c_str());
      return kExitInternal;
    }
    run = explain::RunTests(*program, as_of, *evaluator);
  } else {
    run = explain::RunTests(*program, as_of);
  }
  for (const explain::TestResult& test : run.tests) PrintTestResult(test);
  std::printf("%d passed, %d failed\n", run.passed, run.failed);
  return run.failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace

Command AddTestCommand(CLI::App& app) {
  auto flags = std::make_shared<TestFlags>();
  CLI::App* test = app.add_subcommand("test", "run the in-language tests compiled into a bundle");
  test->add_option("bundle", flags->bundle, "a .ccrb file (default: the built-in bundle)");
  test->add_option("--as-of", flags->as_of, "date for tests without `as of`")->check(CheckDate);
  test->add_flag("--jit", flags->jit, "evaluate with the LLVM JIT instead of the VM");
  return {test, [flags] { return Test(*flags); }};
}

}  // namespace ccr::tools
