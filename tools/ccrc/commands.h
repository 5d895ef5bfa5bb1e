// The subcommands of ccrc, one file each, and what they share: the options that name the rule
// files to compile, and compiling them with the diagnostics printed.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"
#include "tools/common/command.h"

namespace ccr::tools {

Command AddCompileCommand(CLI::App& app);
Command AddCheckCommand(CLI::App& app);
Command AddTestCommand(CLI::App& app);
Command AddDisasmCommand(CLI::App& app);
Command AddDocCommand(CLI::App& app);
Command AddFmtCommand(CLI::App& app);
Command AddLspCommand(CLI::App& app);

struct CompileFlags {
  std::vector<std::string> inputs;
  bool no_stdlib = false;
  std::string stdlib_dir;
  std::string error_format = "text";
  bool analyze = false;  // run the static analysis (ccrc check)
  int64_t analysis_budget = 2'000'000;
  int max_errors = diag::DiagnosticSink::kDefaultMaxErrors;
  size_t max_source_bytes = syntax::ParseOptions{}.max_source_bytes;
  int max_nesting_depth = syntax::ParseOptions{}.max_nesting_depth;
  size_t max_string_bytes = syntax::ParseOptions{}.max_string_bytes;
};

// Adds INPUTS, --no-stdlib, --stdlib, --error-format and the limits to a command.
void AddCompileFlags(CLI::App& command, CompileFlags& flags);

// Compiles and prints the diagnostics. Returns nullptr (after printing) if an input could not
// be read; `exit_code` is set either way (kExitFindings when there are errors).
std::unique_ptr<driver::Compilation> CompileAndReport(const CompileFlags& flags, int& exit_code);

// Prints to standard output; a closed or full output is an error, not silent success.
int Print(const std::string& text);

// Prints `error` with its code ("error[R0101]: MESSAGE") to stderr and returns `exit_code`.
int Fail(const Error& error, int exit_code);

}  // namespace ccr::tools
