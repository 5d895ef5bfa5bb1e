// What the compiling subcommands share: input options, and compiling with diagnostics printed.
#include <cstdio>

#include "compiler/diagnostics/render.h"
#include "runtime/base/files.h"
#include "runtime/base/json_writer.h"
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
  // The compiler's limits (docs/limits.md); the defaults suit any real rule set.
  command.add_option("--max-errors", flags.max_errors, "stop after this many errors")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  command.add_option("--max-source-bytes", flags.max_source_bytes, "largest accepted .ccr file")
      ->capture_default_str();
  command
      .add_option("--max-nesting-depth", flags.max_nesting_depth,
                  "deepest nesting of ( ), { } and `not` in a file")
      ->check(CLI::Range(1, 256))  // deeper would let ANTLR overflow the stack
      ->capture_default_str();
  command.add_option("--max-string-bytes", flags.max_string_bytes, "longest string literal")
      ->capture_default_str();
}

std::unique_ptr<driver::Compilation> CompileAndReport(const CompileFlags& flags, int& exit_code) {
  driver::Options options;
  options.use_stdlib = !flags.no_stdlib;
  options.stdlib_dir = flags.stdlib_dir;
  options.analyze = flags.analyze;
  options.analysis_budget = flags.analysis_budget;
  options.max_errors = flags.max_errors;
  options.parse.max_source_bytes = flags.max_source_bytes;
  options.parse.max_nesting_depth = flags.max_nesting_depth;
  options.parse.max_string_bytes = flags.max_string_bytes;
  auto compiled = driver::Compile(flags.inputs, options);
  if (!compiled) {
    if (flags.error_format == "json") {
      // The same document as for diagnostics, so a tool reading JSON never gets plain text.
      std::string out = "{\"diagnostics\":[{\"code\":\"";
      out += Info(compiled.error().kind).code;
      out += "\",\"severity\":\"error\",\"message\":";
      AppendJsonString(out, compiled.error().message);
      out += ",\"notes\":[]}],\"errors\":1,\"warnings\":0}\n";
      std::fputs(out.c_str(), stdout);
    } else {
      std::fputs(FormatError(compiled.error()).c_str(), stderr);
    }
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
    if (c->sink.stopped()) summary += " (stopped at the limit; see --max-errors)";
    if (!summary.empty()) std::fprintf(stderr, "%s\n", summary.c_str());
  }
  exit_code = c->sink.has_errors() ? kExitFindings : kExitOk;
  return c;
}

int Print(const std::string& text) {
  if (auto written = WriteStdout(text); !written) {
    std::fputs(FormatError(written.error()).c_str(), stderr);
    return kExitInput;
  }
  return kExitOk;
}

int Fail(const Error& error, int exit_code) {
  std::fputs(FormatError(error).c_str(), stderr);
  return exit_code;
}

}  // namespace ccr::tools
