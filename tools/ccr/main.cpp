// ccr: evaluates products against a compiled rule bundle. Thin: parses the command line and
// calls the runtime libraries; never links the compiler. Each subcommand is in its own file:
//   ccr run [BUNDLE.ccrb] --facts FILE|-  [--format text|json] [--as-of DATE] [--all]
//   ccr serve [BUNDLE.ccrb] [--listen 127.0.0.1:8080]
//   ccr test [BUNDLE.ccrb]
//   ccr ask [BUNDLE.ccrb] [--facts PARTIAL.json] [--next]
//   ccr diff [OLD.ccrb NEW.ccrb] --facts CATALOG.jsonl [--as-of A [--as-of B]]
//   ccr catalog [BUNDLE.ccrb] [--find CODE|NAME] [--format text|json] [--as-of DATE]
// Without a bundle, the default bundle compiled into ccr (stdlib + rules/products) is used.
#include <cstdio>
#include <exception>
#include <string>

#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

int main(int argc, char** argv) {
  using namespace ccr::tools;
  try {
    CLI::App app{"ccr: which Chinese certifications does a product need, and why"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "ccr 0.1.0 (bytecode format " +
                                          std::to_string(ccr::bytecode::kFormatVersion) + ")");
    std::vector<Command> commands = {
        AddRunCommand(app),  AddTestCommand(app),    AddAskCommand(app),
        AddDiffCommand(app), AddCatalogCommand(app),
    };
    commands.push_back(AddServeCommand(app));
    return RunChosenCommand(app, commands, argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "internal error: %s\n", error.what());
    return kExitInternal;
  }
}
