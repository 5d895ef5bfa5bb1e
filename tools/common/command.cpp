#include "tools/common/command.h"

#include "tools/common/exit_codes.h"

namespace ccr::tools {

int RunChosenCommand(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  for (const Command& command : commands) {
    if (*command.app) return command.run();
  }
  return kExitUsage;
}

}  // namespace ccr::tools
