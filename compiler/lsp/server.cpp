#include "compiler/lsp/server.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "compiler/format/format.h"
#include "compiler/lsp/internal/features.h"
#include "compiler/lsp/internal/symbols.h"
#include "compiler/lsp/json_rpc.h"
#include "compiler/lsp/uri.h"

namespace ccr::lsp {

using nlohmann::json;

namespace {

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;

// Thrown by handlers for params that do not fit the method; becomes InvalidParams.
struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown for a method the server does not know; becomes MethodNotFound.
struct UnknownMethod : std::runtime_error {
  using std::runtime_error::runtime_error;
};

json ErrorResponse(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

uint32_t Clamped(const json& value) {
  if (!value.is_number()) throw BadParams("a position's line and character must be numbers");
  double number = value.get<double>();
  if (number <= 0) return 0;
  if (number >= 4294967295.0) return 4294967295u;
  return static_cast<uint32_t>(number);
}

Position PositionOf(const json& value) {
  return {Clamped(value.at("line")), Clamped(value.at("character"))};
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The identifier around byte `offset` of `text` ("" if none), for documents that do not parse.
std::string WordAt(std::string_view text, uint32_t offset) {
  size_t begin = std::min<size_t>(offset, text.size()), end = begin;
  while (begin > 0 && IsIdentChar(text[begin - 1])) --begin;
  while (end < text.size() && IsIdentChar(text[end])) ++end;
  return std::string(text.substr(begin, end - begin));
}

// Finds what `name` declares when the document gives no context: the likeliest kind first.
std::optional<Symbol> SymbolNamed(const ast::Module& module, const std::string& name) {
  for (SymbolKind kind : {SymbolKind::Fact, SymbolKind::Set, SymbolKind::Scheme,
                          SymbolKind::Authority, SymbolKind::Component, SymbolKind::Enum}) {
    Symbol symbol{kind, name, ""};
    if (DeclarationOf(module, symbol)) return symbol;
  }
  for (const ast::Enum& e : module.enums) {
    for (const ast::Ident& value : e.values) {
      if (value.text == name) return Symbol{SymbolKind::EnumValue, name, e.id.text};
    }
  }
  return std::nullopt;
}

}  // namespace

Server::Server(ServerOptions options, std::ostream& log) : options_(std::move(options)), log_(log) {
  workspace_.stdlib_dir = options_.stdlib_dir;
  workspace_.use_stdlib = options_.use_stdlib;
}

Server::~Server() = default;

void Server::Notify(const std::string& method, json params) {
  outgoing_.push_back(
      json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}.dump());
}

std::vector<std::string> Server::Handle(const std::string& body) {
  outgoing_.clear();
  std::vector<std::string> replies;
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    replies.push_back(ErrorResponse(nullptr, kParseError, "the message is not valid JSON").dump());
    return replies;
  }
  if (!message.is_object()) {
    replies.push_back(
        ErrorResponse(nullptr, kInvalidRequest, "a message must be a JSON object").dump());
    return replies;
  }
  bool has_id = message.contains("id") && (message["id"].is_number() || message["id"].is_string());
  json id = has_id ? message["id"] : json(nullptr);
  if (!message.contains("method")) {
    // A response to a request of ours (the server sends none), or garbage.
    if (!message.contains("result") && !message.contains("error")) {
      replies.push_back(ErrorResponse(id, kInvalidRequest, "a request needs a `method`").dump());
    }
    return replies;
  }
  if (!message["method"].is_string()) {
    replies.push_back(ErrorResponse(id, kInvalidRequest, "`method` must be a string").dump());
    return replies;
  }
  std::string method = message["method"].get<std::string>();
  json params = message.value("params", json::object());
  if (params.is_null()) params = json::object();  // lenient: some clients send `null`
  bool request = has_id;

  json response;
  try {
    if (!initialized_ && method != "initialize" && method != "exit") {
      if (request) {
        response = ErrorResponse(id, kServerNotInitialized, "the server is not initialized yet");
      }
    } else if (shutdown_ && method != "exit") {
      if (request) {
        response =
            ErrorResponse(id, kInvalidRequest, "the server is shut down; only `exit` is left");
      }
    } else {
      json result = Dispatch(method, params, request);
      if (request) response = {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
    }
  } catch (const UnknownMethod& error) {
    if (request) response = ErrorResponse(id, kMethodNotFound, error.what());
  } catch (const BadParams& error) {
    if (request) response = ErrorResponse(id, kInvalidParams, error.what());
    log_ << "ccrc lsp: " << method << ": " << error.what() << "\n";
  } catch (const json::exception& error) {
    if (request) {
      response = ErrorResponse(id, kInvalidParams, fmt::format("bad params: {}", error.what()));
    }
    log_ << "ccrc lsp: " << method << ": bad params: " << error.what() << "\n";
  } catch (const std::exception& error) {
    if (request) response = ErrorResponse(id, kInternalError, error.what());
    log_ << "ccrc lsp: " << method << ": internal error: " << error.what() << "\n";
  }
  if (!response.is_null()) replies.push_back(response.dump());
  for (std::string& notification : outgoing_) replies.push_back(std::move(notification));
  outgoing_.clear();
  return replies;
}

json Server::Dispatch(const std::string& method, const json& params, bool request) {
  if (!params.is_object() && !params.is_array()) throw BadParams("`params` must be an object");
  if (method == "initialize") return Initialize(params);
  if (method == "initialized") return nullptr;
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "exit") {
    exited_ = true;
    return nullptr;
  }
  if (method == "textDocument/didOpen") {
    Open(params);
    return nullptr;
  }
  if (method == "textDocument/didChange") {
    Change(params);
    return nullptr;
  }
  if (method == "textDocument/didSave") {
    // Other open documents may import the saved one.
    for (auto& [uri, document] : documents_) Reanalyze(uri);
    return nullptr;
  }
  if (method == "textDocument/didClose") {
    Close(params);
    return nullptr;
  }
  if (method == "textDocument/hover") return Hover(params);
  if (method == "textDocument/definition") return Definition(params);
  if (method == "textDocument/completion") return CompletionItems(params);
  if (method == "textDocument/documentSymbol") return DocumentSymbols(params);
  if (method == "textDocument/formatting") return Formatting(params);
  if (method == "textDocument/codeAction") return CodeActions(params);
  if (method == "ccr/stdlibFile") {
    auto text = StdlibText(params.at("uri").get<std::string>());
    if (!text)
      throw BadParams("not the URI of a standard library file (`ccr-stdlib:/stdlib/NAME.ccr`)");
    return {{"text", *text}};
  }
  // Notifications the server does not use ($/cancelRequest, $/setTrace, configuration
  // changes...) are ignored, as the specification says; unknown requests are errors.
  if (request) throw UnknownMethod(fmt::format("unknown method `{}`", method));
  return nullptr;
}

json Server::Initialize(const json& params) {
  if (initialized_) throw BadParams("the server is already initialized");
  initialized_ = true;
  auto add_root = [&](const json& uri) {
    if (!uri.is_string()) return;
    if (auto path = FilePathOfUri(uri.get<std::string>())) workspace_.roots.push_back(*path);
  };
  if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array()) {
    for (const json& folder : params["workspaceFolders"]) {
      if (folder.is_object() && folder.contains("uri")) add_root(folder["uri"]);
    }
  }
  if (params.contains("rootUri")) add_root(params["rootUri"]);
  json capabilities = {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"completionProvider", {{"triggerCharacters", {" ", "{", ",", "("}}}},
      {"documentSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
  };
  return {{"capabilities", capabilities},
          {"serverInfo", {{"name", "ccrc lsp"}, {"version", "0.1.0"}}}};
}

Server::Document& Server::Doc(const json& params) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  auto it = documents_.find(uri);
  if (it == documents_.end()) throw BadParams(fmt::format("`{}` is not open", uri));
  return it->second;
}

void Server::Reanalyze(const std::string& uri) {
  Document& document = documents_.at(uri);
  document.analysis = std::make_shared<const Analysis>(Analyze(uri, workspace_));
  if (document.analysis->ok() && document.analysis->compilation->parsed) {
    document.last_good = document.analysis;
  }
  json diagnostics = Diagnostics(*document.analysis);
  Notify("textDocument/publishDiagnostics",
         {{"uri", uri}, {"version", document.version}, {"diagnostics", std::move(diagnostics)}});
}

void Server::ReanalyzeImporters(const std::string& uri) {
  for (auto& [other, document] : documents_) {
    if (other == uri || document.analysis == nullptr) continue;
    const std::vector<std::string>& uris = document.analysis->uris;
    if (std::find(uris.begin(), uris.end(), uri) != uris.end()) Reanalyze(other);
  }
}

void Server::Open(const json& params) {
  const json& item = params.at("textDocument");
  std::string uri = item.at("uri").get<std::string>();
  Document& document = documents_[uri];
  document.text = item.at("text").get<std::string>();
  document.version = item.value("version", 0);
  workspace_.open[uri] = document.text;
  Reanalyze(uri);
  ReanalyzeImporters(uri);
}

void Server::Change(const json& params) {
  Document& document = Doc(params);
  std::string uri = params["textDocument"]["uri"].get<std::string>();
  std::string text = document.text;
  for (const json& change : params.at("contentChanges")) {
    if (change.contains("range")) {
      const json& range = change["range"];
      ApplyChange(text, {PositionOf(range.at("start")), PositionOf(range.at("end"))},
                  change.at("text").get<std::string>());
    } else {
      text = change.at("text").get<std::string>();
    }
  }
  document.text = std::move(text);
  document.version = params["textDocument"].value("version", document.version + 1);
  workspace_.open[uri] = document.text;
  Reanalyze(uri);
  ReanalyzeImporters(uri);
}

void Server::Close(const json& params) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  documents_.erase(uri);
  workspace_.open.erase(uri);
  ReanalyzeImporters(uri);  // they read the file from disk now
  Notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
}

json Server::Hover(const json& params) {
  Document& document = Doc(params);
  const Analysis& a = *document.analysis;
  if (!a.ok()) return nullptr;
  const driver::Compilation& c = *a.compilation;
  uint32_t offset = a.Offset(PositionOf(params.at("position")));
  const check::CheckedModule* checked = c.check_ran ? &c.checked : nullptr;
  std::optional<Occurrence> found = OccurrenceAt(c.ast, checked, a.file, offset);
  std::optional<Symbol> symbol;
  json range;
  if (found) {
    symbol = found->symbol;
    range = ToJson(a.ToRange(found->range));
  } else if (!c.parsed) {
    symbol = SymbolNamed(c.ast, WordAt(document.text, offset));
  }
  if (!symbol) return nullptr;
  std::string text = HoverText(c.ast, *symbol);
  if (text.empty()) return nullptr;
  json hover = {{"contents", {{"kind", "markdown"}, {"value", text}}}};
  if (!range.is_null()) hover["range"] = range;
  return hover;
}

json Server::Definition(const json& params) {
  Document& document = Doc(params);
  const Analysis& a = *document.analysis;
  if (!a.ok()) return nullptr;
  const driver::Compilation& c = *a.compilation;
  uint32_t offset = a.Offset(PositionOf(params.at("position")));
  const check::CheckedModule* checked = c.check_ran ? &c.checked : nullptr;
  std::optional<Symbol> symbol;
  if (auto found = OccurrenceAt(c.ast, checked, a.file, offset)) {
    symbol = found->symbol;
  } else if (!c.parsed) {
    symbol = SymbolNamed(c.ast, WordAt(document.text, offset));
  }
  if (!symbol) return nullptr;
  std::optional<diag::SourceRange> declaration = DeclarationOf(c.ast, *symbol);
  if (!declaration) return nullptr;
  return a.Location(*declaration);
}

json Server::CompletionItems(const json& params) {
  Document& document = Doc(params);
  const Analysis& a = document.last_good ? *document.last_good : *document.analysis;
  if (a.compilation == nullptr) return json::array();
  LineIndex index(document.text);
  uint32_t offset = index.Offset(PositionOf(params.at("position")));
  return lsp::CompletionItems(a, document.text, offset);
}

json Server::DocumentSymbols(const json& params) {
  Document& document = Doc(params);
  if (!document.analysis->ok()) return json::array();
  return Outline(*document.analysis);
}

json Server::Formatting(const json& params) {
  // The canonical layout has its own indentation: the client's tabSize/insertSpaces are not
  // used. A file with syntax errors is not formatted (its diagnostics already say why).
  Document& document = Doc(params);
  std::string uri = params["textDocument"]["uri"].get<std::string>();
  format::FormattedText formatted = format::FormatText(uri, document.text);
  if (!formatted.text.ok()) {
    log_ << "ccrc lsp: not formatting " << uri << ": " << formatted.text.error().message << "\n";
    return json::array();
  }
  if (*formatted.text == document.text) return json::array();
  LineIndex index(document.text);
  Range whole = index.ToRange(0, static_cast<uint32_t>(document.text.size()));
  return json::array({{{"range", ToJson(whole)}, {"newText", *formatted.text}}});
}

json Server::CodeActions(const json& params) {
  // Quick fixes for did-you-mean diagnostics: replace the range with the suggestion.
  Document& document = Doc(params);
  std::string uri = params["textDocument"]["uri"].get<std::string>();
  json actions = json::array();
  if (!params.contains("context")) return actions;
  for (const json& d : params["context"].value("diagnostics", json::array())) {
    if (!d.is_object() || !d.contains("data") || !d["data"].is_object()) continue;
    std::string help = d["data"].value("help", "");
    const std::string prefix = "did you mean `";
    size_t start = help.find(prefix);
    if (start == std::string::npos) continue;
    start += prefix.size();
    size_t end = help.find('`', start);
    if (end == std::string::npos) continue;
    std::string suggestion = help.substr(start, end - start);
    json edit = {{"range", d.at("range")}, {"newText", suggestion}};
    actions.push_back({{"title", fmt::format("Change to `{}`", suggestion)},
                       {"kind", "quickfix"},
                       {"diagnostics", json::array({d})},
                       {"isPreferred", true},
                       {"edit", {{"changes", {{uri, json::array({edit})}}}}}});
  }
  (void)document;
  return actions;
}

RunResult Run(std::istream& in, std::ostream& out, std::ostream& log,
              const ServerOptions& options) {
  Server server(options, log);
  while (true) {
    auto message = ReadMessage(in);
    if (!message) {
      Error error = message.error();
      error.kind = ErrorKind::NotLsp;  // every ReadMessage error is about the framing
      error.message +=
          " (ccrc lsp speaks the Language Server Protocol on stdin/stdout; start it "
          "from an editor)";
      log << FormatError(error);
      return {RunEnd::BadInput, 3};
    }
    if (!*message) return {RunEnd::EndOfInput, server.exit_code()};
    for (const std::string& reply : server.Handle(**message)) WriteMessage(out, reply);
    if (server.exited()) return {RunEnd::Exit, server.exit_code()};
  }
}

}  // namespace ccr::lsp
