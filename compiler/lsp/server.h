// The ccr language server: answers LSP requests about .ccr documents with the real compiler
// (the driver on the editor's unsaved text). Transport-free at its core (Server::Handle takes
// one message body and returns the bodies to send), so tests drive it without pipes; Run
// connects it to streams with the JSON-RPC framing.
#pragma once

#include <istream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/lsp/internal/analysis.h"

namespace ccr::lsp {

struct ServerOptions {
  bool use_stdlib = true;  // false: compile documents alone (--no-stdlib)
  // Read the standard library from this directory instead of the copy inside the binary.
  std::string stdlib_dir;
};

class Server {
 public:
  // `log` receives human-readable notes (stderr in `ccrc lsp`; never stdout).
  Server(ServerOptions options, std::ostream& log);
  ~Server();

  // Handles one message body (a request, a notification, or garbage) and returns the message
  // bodies to send, in order: the response, if any, and notifications such as diagnostics.
  // Never throws.
  std::vector<std::string> Handle(const std::string& body);

  // True once `exit` arrived; the process should end with exit_code().
  bool exited() const { return exited_; }
  // 0 if `shutdown` came before `exit`, 1 otherwise (the LSP specification).
  int exit_code() const { return shutdown_ ? 0 : 1; }

 private:
  struct Document {
    std::string text;
    int64_t version = 0;
    std::shared_ptr<const Analysis> analysis;   // of the current text
    std::shared_ptr<const Analysis> last_good;  // of the last text that parsed (for completion)
  };

  nlohmann::json Dispatch(const std::string& method, const nlohmann::json& params, bool request);
  nlohmann::json Initialize(const nlohmann::json& params);
  void Open(const nlohmann::json& params);
  void Change(const nlohmann::json& params);
  void Close(const nlohmann::json& params);
  void Reanalyze(const std::string& uri);
  // Reanalyzes the other open documents whose compilation includes `uri` (they import it).
  void ReanalyzeImporters(const std::string& uri);
  nlohmann::json Hover(const nlohmann::json& params);
  nlohmann::json Definition(const nlohmann::json& params);
  nlohmann::json CompletionItems(const nlohmann::json& params);
  nlohmann::json DocumentSymbols(const nlohmann::json& params);
  nlohmann::json Formatting(const nlohmann::json& params);
  nlohmann::json CodeActions(const nlohmann::json& params);
  Document& Doc(const nlohmann::json& params);
  void Notify(const std::string& method, nlohmann::json params);

  ServerOptions options_;
  std::ostream& log_;
  Workspace workspace_;
  std::map<std::string, Document> documents_;
  std::vector<std::string> outgoing_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
};

enum class RunEnd {
  Exit,        // `exit` arrived: end with Server::exit_code()
  EndOfInput,  // the client closed stdin without `exit`
  BadInput,    // the input is not LSP framing (the error went to `log`)
};

struct RunResult {
  RunEnd end;
  int exit_code;  // 0 after shutdown + exit, 1 for exit or end of input without shutdown, 3 for bad
                  // input
};

// Serves `in` → `out` until `exit`, the end of input, or input that is not LSP framing.
RunResult Run(std::istream& in, std::ostream& out, std::ostream& log, const ServerOptions& options);

}  // namespace ccr::lsp
