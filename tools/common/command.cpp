#include "tools/common/command.h"

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/expected.h"
#include "runtime/base/suggest.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

// Returns `text` with control characters and backslashes written as escapes, so a typed
// argument echoed in a message cannot drive the terminal.
std::string Printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f || c == '\\') {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\x%02x", c);
      out += escape;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A first argument that is not an option and names no command: `ccr runn`. Returns the error
// to print, suggesting the closest command, or "" when the argument is a command.
std::string UnknownCommand(const CLI::App& app, std::string_view word) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(command->get_name());
  }
  std::vector<std::string_view> candidates(names.begin(), names.end());
  for (std::string_view name : candidates) {
    if (name == word) return "";
  }
  std::string message = "unknown command `" + Printable(word) + "`";
  std::string_view closest = ClosestName(word, candidates);
  if (!closest.empty()) return message + "; did you mean `" + std::string(closest) + "`?";
  message += "; the commands are";
  for (size_t i = 0; i < names.size(); ++i) message += (i == 0 ? " " : ", ") + names[i];
  return message;
}

}  // namespace

int RunChosenCommand(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv) {
  if (argc > 1 && argv[1][0] != '-') {
    if (std::string unknown = UnknownCommand(app, argv[1]); !unknown.empty()) {
      std::fputs(FormatError(Error{unknown, ErrorKind::Usage}).c_str(), stderr);
      return kExitUsage;
    }
  }
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
