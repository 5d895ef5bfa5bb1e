// One subcommand of ccr or ccrc. Each lives in its own file and registers itself on the app:
// it adds its options and returns the action to run when the user chose it. main() only
// lists the commands, so adding one never touches another's file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "runtime/base/date.h"

namespace ccr::tools {

struct Command {
  CLI::App* app;             // the subcommand, to ask whether it was chosen
  std::function<int()> run;  // returns the process exit code (tools/common/exit_codes.h)
};

// CLI11 validator for --as-of and similar options.
inline std::string CheckDate(const std::string& text) {
  return ParseDate(text) ? std::string() : "expected a date YYYY-MM-DD, got `" + text + "`";
}

// Parses the command line and runs the chosen command, mapping CLI11's errors to exit codes.
int RunChosenCommand(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv);

}  // namespace ccr::tools
