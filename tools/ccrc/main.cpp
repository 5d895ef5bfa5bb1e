// ccrc: the ccr compiler. Thin: parses the command line and calls the compiler libraries.
// Each subcommand is in its own file:
//   ccrc compile FILES|DIRS -o OUT.ccrb    type-check and write bytecode
//   ccrc check FILES|DIRS                  diagnostics only
//   ccrc test FILES|DIRS                   run in-language tests
//   ccrc disasm FILE.ccrb                  readable bytecode
//   ccrc doc FILES|DIRS -o REFERENCE.md    generated scheme reference
//   ccrc fmt FILES|DIRS [--check]          rewrite in the canonical layout
//   ccrc lsp                               language server on stdin/stdout
#include <cstdio>
#include <exception>
#include <string>

#include "runtime/bytecode/bytecode.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"

int main(int argc, char** argv) {
  using namespace ccr::tools;
  try {
    CLI::App app{"ccrc: compile, check and test ccr rule files"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "ccrc 0.1.0 (bytecode format " +
                                          std::to_string(ccr::bytecode::kFormatVersion) + ")");
    std::vector<Command> commands = {
        AddCompileCommand(app), AddCheckCommand(app), AddTestCommand(app), AddDisasmCommand(app),
        AddDocCommand(app),     AddFmtCommand(app),   AddLspCommand(app),
    };
    return RunChosenCommand(app, commands, argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "internal error: %s\n", error.what());
    return kExitInternal;
  }
}
