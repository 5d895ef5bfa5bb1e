// ccrc test FILES: compiles and runs the in-language tests, with rule coverage.
#include <cstdio>
#include <memory>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/catalog/catalog.h"
#include "runtime/explain/test_runner.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"
#include "tools/common/test_output.h"

namespace ccr::tools {
namespace {

struct TestFlags {
  CompileFlags compile;
  bool in_memory = false;
  bool coverage = false;
  std::string as_of;
};

int Test(const CompileFlags& flags, bool through_bytecode, const std::string& as_of_text,
         bool show_coverage) {
  Date as_of = Today();
  if (!as_of_text.empty()) as_of = *ParseDate(as_of_text);
  int exit_code = kExitOk;
  auto c = CompileAndReport(flags, exit_code);
  if (!c || exit_code != kExitOk) return exit_code;

  // By default the tests run on the program exactly as it would ship: written, read back and
  // verified. `--in-memory` skips the round trip (the test suite runs both).
  Expected<bytecode::VerifiedProgram> program =
      through_bytecode ? bytecode::Load(bytecode::Write(*c->bytecode), "<compiled>")
                       : bytecode::Verify(*c->bytecode, "<compiled>");
  if (!program) {
    std::fprintf(stderr, "internal error: %s\n", program.error().message.c_str());
    return kExitInternal;
  }
  explain::TestRun run = explain::RunTests(*program, as_of);
  for (const explain::TestResult& test : run.tests) PrintTestResult(test);
  const auto& rules = program->module().rules;
  size_t covered = 0;
  for (bool fired : run.rule_fired) covered += fired;
  std::printf("\nrule coverage: %zu of %zu rules fired in some test\n", covered, rules.size());
  if (show_coverage) {
    const auto& strings = program->module().strings;
    for (size_t i = 0; i < rules.size(); ++i) {
      if (i < run.rule_fired.size() && run.rule_fired[i]) continue;
      const auto& rule = rules[i];
      std::printf("  not covered: %s (%s:%u:%u)\n", strings[rule.name].c_str(),
                  strings[rule.location.file].c_str(), rule.location.line, rule.location.column);
    }
  }
  for (const catalog::RowTestCount& count : catalog::CountRowTests(program->module())) {
    std::printf(
        "catalogue rows tested: %s %zu of %zu (required %zu, not required %zu, undetermined "
        "%zu)\n",
        count.scheme.c_str(), count.tested, count.rows, count.required, count.not_required,
        count.undetermined);
  }
  std::printf("%d passed, %d failed\n", run.passed, run.failed);
  return run.failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace

Command AddTestCommand(CLI::App& app) {
  auto flags = std::make_shared<TestFlags>();
  CLI::App* test = app.add_subcommand("test", "run the in-language tests");
  AddCompileFlags(*test, flags->compile);
  test->add_flag("--in-memory", flags->in_memory,
                 "run on the compiled program without the write/read/verify round trip");
  test->add_flag("--coverage", flags->coverage, "list the rules no test made fire");
  test->add_option("--as-of", flags->as_of, "date for tests without `as of` (default: today)")
      ->check(CheckDate);
  return {test, [flags] {
            return Test(flags->compile, !flags->in_memory, flags->as_of, flags->coverage);
          }};
}

}  // namespace ccr::tools
