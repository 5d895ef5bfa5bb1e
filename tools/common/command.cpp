#include "tools/common/command.h"

#include <cstdio>
#include <string>

#include "runtime/base/expected.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {

int RunChosenCommand(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version are "errors" with code 0: CLI11 prints them.
    if (error.get_exit_code() == 0) {
      app.exit(error);
      return kExitOk;
    }
    std::string message = error.what();
    if (!message.empty() && message.back() == '\n') message.pop_back();
    std::fputs(
        FormatError(Error{message + "; run with --help for the usage", ErrorKind::Usage}).c_str(),
        stderr);
    return kExitUsage;
  }
  for (const Command& command : commands) {
    if (*command.app) return command.run();
  }
  return kExitUsage;
}

}  // namespace ccr::tools
