// The subcommands of ccr, one file each (run_command.cpp, test_command.cpp, ...).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "runtime/base/expected.h"
#include "runtime/bytecode/bytecode.h"
#include "tools/common/command.h"

namespace ccr::tools {

Command AddServeCommand(CLI::App& app);
Command AddRunCommand(CLI::App& app);
Command AddAskCommand(CLI::App& app);
Command AddDiffCommand(CLI::App& app);
Command AddTestCommand(CLI::App& app);
Command AddCatalogCommand(CLI::App& app);

// Loads and verifies a .ccrb file; an empty path means the built-in default bundle.
Expected<bytecode::VerifiedProgram> LoadBundle(const std::string& path);

}  // namespace ccr::tools
