// What the compiling subcommands share: input options, and compiling with diagnostics printed.
#include <cstdio>

#include "compiler/diagnostics/render.h"
#include "runtime/base/files.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {

void AddCompileFlags(CLI::App& command, CompileFlags& flags) {
  command.add_option("inputs", flags.inputs, "rule files, or directories of .ccr files")
      ->required();
  command.add_flag("--no-stdlib", flags.no_stdlib,
                   "do not compile the standard library in front of the inputs");
  command.add_option("--stdlib", flags.stdlib_dir,
                     "read the standard library from this directory instead of the built-in copy");
  command.add_option("--error-format", flags.error_format, "how to print diagnostics")
      ->check(CLI::IsMember({"text", "json"}));
}

std::unique_ptr<driver::Compilation> CompileAndReport(const CompileFlags& flags, int& exit_code) {
  driver::Options options;
  options.use_stdlib = !flags.no_stdlib;
  options.stdlib_dir = flags.stdlib_dir;
  options.analyze = flags.analyze;
  options.analysis_budget = flags.analysis_budget;
  auto compiled = driver::Compile(flags.inputs, options);
  if (!compiled) {
    std::fprintf(stderr, "error: %s\n", compiled.error().message.c_str());
    exit_code = kExitInput;
    return nullptr;
  }
  std::unique_ptr<driver::Compilation> c = std::move(*compiled);
  const auto& diagnostics = c->sink.diagnostics();
  if (flags.error_format == "json") {
    std::fputs(diag::RenderJson(diagnostics, c->sources).c_str(), stdout);
  } else {
    for (const diag::Diagnostic& d : diagnostics) {
      std::fputs(diag::RenderText(d, c->sources).c_str(), stderr);
    }
    std::string summary = diag::RenderSummary(c->sink.error_count(), c->sink.warning_count());
    if (!summary.empty()) std::fprintf(stderr, "%s\n", summary.c_str());
  }
  exit_code = c->sink.has_errors() ? kExitFindings : kExitOk;
  return c;
}

int Print(const std::string& text) {
  if (auto written = WriteStdout(text); !written) {
    std::fprintf(stderr, "error: %s\n", written.error().message.c_str());
    return kExitInput;
  }
  return kExitOk;
}

int Fail(const std::string& message, int exit_code) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return exit_code;
}

}  // namespace ccr::tools
