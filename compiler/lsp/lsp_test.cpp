#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/driver/driver.h"
#include "compiler/lsp/json_rpc.h"
#include "compiler/lsp/positions.h"
#include "compiler/lsp/server.h"
#include "compiler/lsp/uri.h"

namespace ccr::lsp {
namespace {

using nlohmann::json;

TEST_CASE("framing reads messages with Content-Length, and ends cleanly at the end of input") {
  std::istringstream in(
      "Content-Length: 2\r\n\r\n{}Content-Type: x\r\ncontent-length:3\r\n\r\n[1]");
  auto first = ReadMessage(in);
  REQUIRE(first.ok());
  CHECK(**first == "{}");
  auto second = ReadMessage(in);
  REQUIRE(second.ok());
  CHECK(**second == "[1]");
  auto end = ReadMessage(in);
  REQUIRE(end.ok());
  CHECK(!end->has_value());
}

TEST_CASE("framing refuses garbage, a missing length, truncation and oversized messages") {
  for (const char* input : {"hello world\n", "Content-Type: x\r\n\r\n{}",
                            "Content-Length: 10\r\n\r\n{}", "Content-Length: abc\r\n\r\n",
                            "Content-Length: 99999999999\r\n\r\n", "Content-Length: 2\r\n"}) {
    CAPTURE(input);
    std::istringstream in(input);
    auto message = ReadMessage(in);
    CHECK(!message.ok());
  }
  std::istringstream in("garbage");
  CHECK(ReadMessage(in).error().message.find("Content-Length") != std::string::npos);
}

TEST_CASE("framing writes a header the reader accepts") {
  std::ostringstream out;
  WriteMessage(out, "{\"a\":\"中\"}");
  std::istringstream in(out.str());
  CHECK(**ReadMessage(in) == "{\"a\":\"中\"}");
  CHECK(out.str().rfind("Content-Length: 11\r\n\r\n", 0) == 0);
}

TEST_CASE("UTF-16 positions: Chinese is one unit of three bytes, an emoji two units of four") {
  std::string text = "ab\n中文x😀y\r\nlast";
  LineIndex index(text);
  CHECK(index.LineCount() == 3);
  // `x` is after two Chinese characters: byte 3 + 6, character 2.
  CHECK(index.ToPosition(9) == Position{1, 2});
  CHECK(index.Offset({1, 2}) == 9);
  // `y` is after the emoji: bytes 10..13 are the emoji, character 3..4.
  CHECK(index.ToPosition(14) == Position{1, 5});
  CHECK(index.Offset({1, 5}) == 14);
  // Inside the surrogate pair or a UTF-8 sequence: the character's start.
  CHECK(index.Offset({1, 4}) == 10);
  CHECK(index.ToPosition(11) == Position{1, 3});
  // Clamping: past the line's end (before CRLF), past the last line.
  CHECK(index.Offset({1, 100}) == 15);
  CHECK(index.Offset({9, 0}) == text.size());
  CHECK(index.ToPosition(1000) == Position{2, 4});
  CHECK(index.Offset({2, 0}) == 17);
}

TEST_CASE("incremental changes apply at UTF-16 positions") {
  std::string text = "中😀x\nsecond";
  ApplyChange(text, {{0, 3}, {0, 4}}, "yz");
  CHECK(text == "中😀yz\nsecond");
  ApplyChange(text, {{1, 0}, {5, 0}}, "");
  CHECK(text == "中😀yz\n");
}

TEST_CASE("file URIs round-trip with escapes; the stdlib has its own scheme") {
  CHECK(FileUri("/tmp/a b/规则.ccr") == "file:///tmp/a%20b/%E8%A7%84%E5%88%99.ccr");
  CHECK(*FilePathOfUri("file:///tmp/a%20b/%E8%A7%84%E5%88%99.ccr") == "/tmp/a b/规则.ccr");
  CHECK(*FilePathOfUri("file://localhost/x.ccr") == "/x.ccr");
  CHECK(!FilePathOfUri("untitled:Untitled-1"));
  CHECK(!FilePathOfUri("file:///bad%zz"));
  CHECK(StdlibUri("stdlib/facts.ccr") == "ccr-stdlib:/stdlib/facts.ccr");
  CHECK(*StdlibPathOfUri("ccr-stdlib:/stdlib/facts.ccr") == "stdlib/facts.ccr");
  CHECK(*StdlibPathOfUri("ccr-stdlib:///stdlib/facts.ccr") == "stdlib/facts.ccr");
}

// Drives a server with JSON values, as a client would.
class Client {
 public:
  Client() : server_(ServerOptions{}, log_) {}

  std::vector<json> Send(const json& message) { return SendRaw(message.dump()); }
  std::vector<json> SendRaw(const std::string& body) {
    std::vector<json> replies;
    for (const std::string& reply : server_.Handle(body)) replies.push_back(json::parse(reply));
    return replies;
  }
  json Request(const std::string& method, json params) {
    auto replies =
        Send({{"jsonrpc", "2.0"}, {"id", ++id_}, {"method", method}, {"params", params}});
    for (json& reply : replies) {
      if (reply.contains("id") && reply["id"] == id_) return reply;
    }
    FAIL("no response to " << method);
    return nullptr;
  }
  std::vector<json> Notify(const std::string& method, json params) {
    return Send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }
  void Initialize() {
    json reply = Request("initialize", {{"capabilities", json::object()}});
    REQUIRE(reply["result"]["capabilities"]["hoverProvider"] == true);
    Notify("initialized", json::object());
  }
  // Opens a document and returns its published diagnostics.
  json Open(const std::string& uri, const std::string& text) {
    auto replies = Notify(
        "textDocument/didOpen",
        {{"textDocument", {{"uri", uri}, {"languageId", "ccr"}, {"version", 1}, {"text", text}}}});
    for (json& reply : replies) {
      if (reply["method"] == "textDocument/publishDiagnostics")
        return reply["params"]["diagnostics"];
    }
    FAIL("no diagnostics published");
    return nullptr;
  }
  static json At(const std::string& uri, uint32_t line, uint32_t character) {
    return {{"textDocument", {{"uri", uri}}},
            {"position", {{"line", line}, {"character", character}}}};
  }

  Server& server() { return server_; }

 private:
  std::ostringstream log_;
  Server server_;
  int id_ = 0;
};

const std::string kUri = "file:///nonexistent-ccr-test/rules.ccr";

TEST_CASE(
    "diagnostics: a typo in a fact name, after Chinese text and an emoji, at UTF-16 columns") {
  Client client;
  client.Initialize();
  json diagnostics = client.Open(
      kUri,
      "rule r {\n  because \"含无线电📡\" when emit_radio\n  require SRRC by MIIT mandatory\n}\n");
  REQUIRE(diagnostics.size() == 1);
  const json& d = diagnostics[0];
  CHECK(d["code"] == "E0201");
  CHECK(d["severity"] == 1);
  CHECK(d["message"].get<std::string>().find("did you mean `emits_radio`?") != std::string::npos);
  // `  because "` is 11 units, the text 6 (含无线电 4, 📡 2), `" when ` 7: the typo starts at 24.
  CHECK(d["range"] ==
        json::parse(R"({"start":{"line":1,"character":24},"end":{"line":1,"character":34}})"));

  // The quick fix replaces the range with the suggestion.
  json actions = client.Request("textDocument/codeAction",
                                {{"textDocument", {{"uri", kUri}}},
                                 {"range", d["range"]},
                                 {"context", {{"diagnostics", diagnostics}}}})["result"];
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["edit"]["changes"][kUri][0]["newText"] == "emits_radio");
}

TEST_CASE("diagnostics follow incremental changes, and a second declaration points at the first") {
  Client client;
  client.Initialize();
  CHECK(client.Open(kUri, "fact x: bool\n").size() == 1);  // unused fact: a warning
  json change = json::parse(R"({"textDocument": {"uri": "", "version": 2}, "contentChanges": [
      {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}},
       "text": "fact x: bool\nif x then require CCC\n"}]})");
  change["textDocument"]["uri"] = kUri;
  auto replies = client.Notify("textDocument/didChange", change);
  REQUIRE(replies.size() == 1);
  json diagnostics = replies[0]["params"]["diagnostics"];
  REQUIRE(!diagnostics.empty());
  bool related = false;
  for (const json& d : diagnostics) related = related || d.contains("relatedInformation");
  CHECK(related);
}

TEST_CASE("syntax errors and the semantic errors beside them, in source order, as ccrc reports") {
  Client client;
  client.Initialize();
  const std::string text =
      "if (emits_radio then require SRRC\n"
      "if emit_radio then require SRRC\n"
      "rule r {\n  when category = laptop\n  require CCC\n}\n"
      "if emits_radio then require SRRC by MIIT mandatory\n";
  json diagnostics = client.Open(kUri, text);
  std::vector<std::pair<std::string, int>> seen;
  for (const json& d : diagnostics) {
    seen.emplace_back(d["code"].get<std::string>(), d["range"]["start"]["line"].get<int>());
  }
  CHECK(seen == std::vector<std::pair<std::string, int>>{{"E0101", 0}, {"E0201", 1}, {"E0101", 3}});
  CHECK(diagnostics[2]["data"]["help"].get<std::string>().find("write `==`") != std::string::npos);

  // The same as the driver gives `ccrc check`.
  driver::Options options;
  options.overlay["/nonexistent-ccr-test/rules.ccr"] = text;
  options.analyze = true;
  auto compiled = driver::Compile({"/nonexistent-ccr-test/rules.ccr"}, options);
  REQUIRE(compiled.ok());
  REQUIRE((*compiled)->sink.diagnostics().size() == diagnostics.size());
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    const diag::Diagnostic& d = (*compiled)->sink.diagnostics()[i];
    CHECK(diagnostics[i]["code"] == diag::Info(d.kind).code);
  }
  // The statements that parsed are checked: hover answers on the last rule.
  json hover = client.Request("textDocument/hover", Client::At(kUri, 6, 5))["result"];
  CHECK(hover["contents"]["value"].get<std::string>().find("fact emits_radio: bool") !=
        std::string::npos);
}

TEST_CASE(
    "diagnostics include the rule analysis of `ccrc check`, with its note as related information") {
  Client client;
  client.Initialize();
  json diagnostics = client.Open(kUri, "if emits_radio and not emits_radio then require SRRC\n");
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0]["code"] == "W0801");
  CHECK(diagnostics[0]["severity"] == 2);
  CHECK(diagnostics[0]["relatedInformation"][0]["location"]["uri"] == kUri);
}

TEST_CASE("imports resolve relative to the document, to other unsaved buffers too") {
  Client client;
  client.Initialize();
  const std::string a = "file:///nonexistent-ccr-test/sub/a.ccr";
  const std::string b = "file:///nonexistent-ccr-test/b.ccr";
  client.Open(a, "fact has_widget: bool default false \"A widget\"\n");
  CHECK(client.Open(b, "import \"sub/a.ccr\"\nif has_widget then require CCC\n").empty());
  json definition = client.Request("textDocument/definition", Client::At(b, 1, 5))["result"];
  CHECK(definition["uri"] == a);
  // Renaming the fact in the imported buffer re-checks the importer at once.
  auto replies = client.Notify(
      "textDocument/didChange",
      {{"textDocument", {{"uri", a}, {"version", 2}}},
       {"contentChanges", json::array({{{"text", "fact has_gadget: bool \"A gadget\"\n"}}})}});
  REQUIRE(replies.size() == 2);
  CHECK(replies[1]["params"]["uri"] == b);
  CHECK(replies[1]["params"]["diagnostics"][0]["code"] == "E0201");
  // A missing import is an error at the import.
  json diagnostics = client.Open(b, "import \"sub/none.ccr\"\n");
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0]["range"]["start"]["line"] == 0);
}

TEST_CASE("a stdlib document opened by its ccr-stdlib URI is checked as the stdlib, not twice") {
  Client client;
  client.Initialize();
  json text =
      client.Request("ccr/stdlibFile", {{"uri", "ccr-stdlib:/stdlib/facts.ccr"}})["result"]["text"];
  CHECK(client.Open("ccr-stdlib:/stdlib/facts.ccr", text.get<std::string>()).empty());
  json hover =
      client.Request("textDocument/hover", Client::At("ccr-stdlib:/stdlib/facts.ccr", 0, 0));
  CHECK(!hover.contains("error"));
}

TEST_CASE("every method survives params of the wrong shape") {
  Client client;
  client.Initialize();
  client.Open(kUri, "if emits_radio then require SRRC");
  for (const char* method :
       {"textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
        "textDocument/didSave", "textDocument/hover", "textDocument/definition",
        "textDocument/completion", "textDocument/documentSymbol", "textDocument/formatting",
        "textDocument/codeAction", "ccr/stdlibFile", "initialized"}) {
    for (
        const char* params :
        {"{}", "[]", "3", "\"x\"", R"({"textDocument": {}})", R"({"textDocument": {"uri": 1}})",
         R"({"textDocument": {"uri": "file:///nonexistent-ccr-test/rules.ccr"}, "position": {"line": -1, "character": "a"}})",
         R"({"textDocument": {"uri": "file:///nonexistent-ccr-test/rules.ccr"}, "contentChanges": [{"range": 1, "text": 2}]})",
         R"({"textDocument": {"uri": "file:///nonexistent-ccr-test/rules.ccr"}, "context": {"diagnostics": [1, {"data": 2}]}})"}) {
      std::string shown = std::string(method) + " " + params;
      CAPTURE(shown);
      auto replies = client.SendRaw(std::string(R"({"jsonrpc":"2.0","id":7,"method":")") + method +
                                    R"(","params":)" + params + "}");
      REQUIRE(!replies.empty());
      std::string reply = replies[0].dump();
      CAPTURE(reply);
      CHECK((replies[0].contains("result") || replies[0]["error"]["code"] == -32602));
    }
  }
  // Still serving.
  client.Open(kUri, "if emits_radio then require SRRC");
  CHECK(client.Request("textDocument/hover", Client::At(kUri, 0, 5))["result"].is_object());
}

TEST_CASE("hover, definition, completion and symbols answer from the checker's tables") {
  Client client;
  client.Initialize();
  std::string text = "// 中文\nif emits_radio then require SRRC by MIIT mandatory\n";
  REQUIRE(client.Open(kUri, text).empty());

  json hover = client.Request("textDocument/hover", Client::At(kUri, 1, 5))["result"];
  std::string value = hover["contents"]["value"];
  CHECK(value.find("fact emits_radio: bool") != std::string::npos);
  hover = client.Request("textDocument/hover", Client::At(kUri, 1, 30))["result"];
  CHECK(hover["contents"]["value"].get<std::string>().find("mandatory") != std::string::npos);
  hover = client.Request("textDocument/hover", Client::At(kUri, 1, 37))["result"];
  CHECK(hover["contents"]["value"].get<std::string>().find("工业和信息化部") != std::string::npos);
  CHECK(client.Request("textDocument/hover", Client::At(kUri, 0, 3))["result"].is_null());

  json definition = client.Request("textDocument/definition", Client::At(kUri, 1, 5))["result"];
  CHECK(definition["uri"] == "ccr-stdlib:/stdlib/facts.ccr");
  json stdlib = client.Request("ccr/stdlibFile", {{"uri", definition["uri"]}})["result"];
  CHECK(stdlib["text"].get<std::string>().find("fact emits_radio") != std::string::npos);

  json completion = client.Request("textDocument/completion", Client::At(kUri, 1, 28))["result"];
  bool has_srrc = false, has_fact = false;
  for (const json& item : completion) {
    has_srrc = has_srrc || item["label"] == "SRRC";
    has_fact = has_fact || item["label"] == "emits_radio";
  }
  CHECK(has_srrc);
  CHECK(!has_fact);

  json symbols =
      client.Request("textDocument/documentSymbol", {{"textDocument", {{"uri", kUri}}}})["result"];
  REQUIRE(symbols.size() == 1);
  CHECK(symbols[0]["kind"] == 12);
}

TEST_CASE("formatting replaces the document with the formatter's output; syntax errors: no edit") {
  Client client;
  client.Initialize();
  client.Open(kUri, "// 中文\nif  emits_radio   then require SRRC");
  json edits = client.Request("textDocument/formatting", {{"textDocument", {{"uri", kUri}}},
                                                          {"options", {{"tabSize", 4}}}})["result"];
  REQUIRE(edits.size() == 1);
  CHECK(edits[0]["newText"] == "// 中文\nif emits_radio then require SRRC\n");
  CHECK(edits[0]["range"]["end"] == json::parse(R"({"line":1,"character":35})"));
  client.Open(kUri, "if then");
  edits = client.Request("textDocument/formatting", {{"textDocument", {{"uri", kUri}}}})["result"];
  CHECK(edits.empty());
}

TEST_CASE("--no-stdlib: documents are compiled alone") {
  std::ostringstream log;
  ServerOptions options;
  options.use_stdlib = false;
  Server server(options, log);
  server.Handle(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})");
  auto replies = server.Handle(
      R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x/a.ccr","version":1,"text":"if emits_radio then require SRRC"}}})");
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].find("unknown fact `emits_radio`") != std::string::npos);
}

TEST_CASE("components: completion after `for`, hover and definition of their names") {
  Client client;
  client.Initialize();
  // Line 0 uses the stdlib's supplied_adapter; the cursor after `for ` asks for components.
  std::string text = "if emits_radio then require CCC for supplied_adapter mandatory\n";
  REQUIRE(client.Open(kUri, text).empty());
  json hover = client.Request("textDocument/hover", Client::At(kUri, 0, 40))["result"];
  std::string value = hover["contents"]["value"];
  CHECK(value.find("component supplied_adapter") != std::string::npos);
  CHECK(value.find("随附电源适配器") != std::string::npos);
  json definition = client.Request("textDocument/definition", Client::At(kUri, 0, 40))["result"];
  CHECK(definition["uri"] == "ccr-stdlib:/stdlib/components.ccr");
  json items = client.Request("textDocument/completion", Client::At(kUri, 0, 36))["result"];
  bool adapter = false, product = false, fact = false;
  for (const json& item : items) {
    adapter = adapter || item["label"] == "supplied_adapter";
    product = product || item["label"] == "product";
    fact = fact || item["label"] == "emits_radio";
  }
  CHECK(adapter);
  CHECK(product);
  CHECK(!fact);
}

TEST_CASE("completion offers an enum fact's values after ==") {
  Client client;
  client.Initialize();
  client.Open(kUri, "if category == lap");
  json items = client.Request("textDocument/completion", Client::At(kUri, 0, 18))["result"];
  bool laptop = false;
  for (const json& item : items) laptop = laptop || item["label"] == "laptop";
  CHECK(laptop);
  CHECK(items.size() < 200);
}

TEST_CASE("completion shows a value's catalogue names and codes and matches them") {
  Client client;
  client.Initialize();
  client.Open(kUri, "if category == ket");
  json items = client.Request("textDocument/completion", Client::At(kUri, 0, 18))["result"];
  const json* kettle = nullptr;
  for (const json& item : items) {
    if (item["label"] == "electric_kettle") kettle = &item;
  }
  REQUIRE(kettle != nullptr);
  std::string detail = (*kettle)["detail"];
  std::string filter = (*kettle)["filterText"];
  CHECK(detail.find("电水壶") != std::string::npos);
  CHECK(detail.find("CCC 0717") != std::string::npos);
  CHECK(filter.find("kettle") != std::string::npos);
  CHECK(filter.find("0717") != std::string::npos);
  // Its documentation is its hover: the entry and the rows.
  std::string documentation = (*kettle)["documentation"]["value"];
  CHECK(documentation.find("**CCC 0717**") != std::string::npos);
  CHECK(documentation.find("also called: kettle") != std::string::npos);
}

// A document stating the scope of CCC row 0717 (the stdlib's entry `electric_kettle`).
const std::string kKettleRow =
    "rule acme_0717 {\n"
    "  when category == electric_kettle\n"
    "  require CCC by CNCA mandatory\n"
    "  row CCC \"0717\"\n"
    "  assessment certification\n"
    "  because \"Kettles <b>*</b> in scope\"\n"
    "  source \"SAMR Ann. 2023 No. 36\"\n"
    "  effective from 2003-08-01\n"
    "}\n";

TEST_CASE("hover on a catalogue value shows its entries and each row's rules, escaped") {
  Client client;
  client.Initialize();
  REQUIRE(client.Open(kUri, kKettleRow).empty());
  json hover = client.Request("textDocument/hover", Client::At(kUri, 1, 22))["result"];
  std::string value = hover["contents"]["value"];
  CAPTURE(value);
  CHECK(value.find("value of `Category`") != std::string::npos);
  CHECK(value.find("电水壶") != std::string::npos);
  CHECK(value.find("also called: kettle") != std::string::npos);
  CHECK(value.find("**CCC 0717**") != std::string::npos);
  CHECK(value.find("rule `acme_0717`, certification, from 2003-08-01") != std::string::npos);
  // Markup in rule text shows as written: `<b>` is no tag, `*` no emphasis.
  CHECK(value.find("scope: Kettles \\<b\\>\\*\\</b\\> in scope") != std::string::npos);
  CHECK(value.find("<b>") == std::string::npos);
  CHECK(value.find("source: SAMR Ann. 2023 No. 36") != std::string::npos);
  // A value no entry describes says only what it is.
  REQUIRE(client
              .Open(kUri,
                    "if category == laptop then require CCC\n"
                    "extend enum Category { acme_widget }\n"
                    "if category == acme_widget then require CCC\n")
              .empty());
  value =
      client.Request("textDocument/hover", Client::At(kUri, 1, 25))["result"]["contents"]["value"];
  CHECK(value == "```ccr\nacme_widget\n```\n\nvalue of `Category`");
  // Without a rule for the row in the sources, hover says so rather than leaving it out.
  value =
      client.Request("textDocument/hover", Client::At(kUri, 0, 17))["result"]["contents"]["value"];
  CHECK(value.find("**CCC 0902**") != std::string::npos);
  CHECK(value.find("no rule in these sources states this row's scope") != std::string::npos);
}

TEST_CASE("hover on a catalogue code names the values that carry it; definition finds the entry") {
  Client client;
  client.Initialize();
  REQUIRE(client.Open(kUri, kKettleRow).empty());
  json hover = client.Request("textDocument/hover", Client::At(kUri, 3, 12))["result"];
  std::string value = hover["contents"]["value"];
  CAPTURE(value);
  CHECK(value.find("catalogue row **CCC 0717**") != std::string::npos);
  CHECK(value.find("- `electric_kettle` (Category): Electric kettle") != std::string::npos);
  CHECK(value.find("rule `acme_0717`") != std::string::npos);
  CHECK(hover["range"]["start"]["character"] == 10);  // the string, quotes included
  CHECK(hover["range"]["end"]["character"] == 16);
  // `CCC` of the row is the scheme.
  hover = client.Request("textDocument/hover", Client::At(kUri, 3, 7))["result"];
  CHECK(hover["contents"]["value"].get<std::string>().find("scheme CCC") != std::string::npos);
  json definition = client.Request("textDocument/definition", Client::At(kUri, 3, 12))["result"];
  CHECK(definition["uri"] == "ccr-stdlib:/stdlib/catalogue_ccc.ccr");
  json stdlib = client.Request("ccr/stdlibFile", {{"uri", definition["uri"]}})["result"];
  const std::string text = stdlib["text"].get<std::string>();  // LineIndex keeps a view of it
  LineIndex index(text);
  uint32_t begin = index.Offset({definition["range"]["start"]["line"].get<uint32_t>(),
                                 definition["range"]["start"]["character"].get<uint32_t>()});
  CHECK(text.substr(begin, 15) == "code CCC \"0717\"");
}

TEST_CASE("hover on a scheme shows what to do next, each step with its source") {
  Client client;
  client.Initialize();
  REQUIRE(client.Open(kUri, kKettleRow).empty());
  std::string value =
      client.Request("textDocument/hover", Client::At(kUri, 2, 11))["result"]["contents"]["value"];
  CAPTURE(value);
  size_t steps = value.find("**What to do next**");
  REQUIRE(steps != std::string::npos);
  size_t route = value.find("- route: Certification by a designated body", steps);
  size_t marking = value.find("- marking: CCC mark", steps);
  size_t body = value.find("- body: ", steps);
  CHECK(route != std::string::npos);
  CHECK(marking != std::string::npos);
  CHECK(body != std::string::npos);
  CHECK(value.find("加施CCC标志") != std::string::npos);
  CHECK(value.find("source: Regulations for Compulsory Product Certification") !=
        std::string::npos);
  // The products marked \* in the catalogue: escaped, so no emphasis runs across the text.
  CHECK(value.find("marked \\* (procedure A") != std::string::npos);
  // A scheme without steps has none.
  client.Open(kUri, "scheme ACME \"Acme mark\" by SAMR voluntary\n");
  value =
      client.Request("textDocument/hover", Client::At(kUri, 0, 8))["result"]["contents"]["value"];
  CHECK(value.find("What to do next") == std::string::npos);
  CHECK(value.find("Acme mark") != std::string::npos);
  // Names and docs from rule files are text, not markup.
  client.Open(kUri,
              "authority ACME \"Acme <i>Inc</i>\"\n"
              "scheme ACME_MARK \"Acme *mark*\" by ACME voluntary\n"
              "fact acme_line: bool \"Is in the [Acme](http://x) line\"\n"
              "if acme_line then require ACME_MARK\n");
  value =
      client.Request("textDocument/hover", Client::At(kUri, 1, 9))["result"]["contents"]["value"];
  CHECK(value.find("**Acme \\*mark\\***") != std::string::npos);
  CHECK(value.find("(Acme \\<i\\>Inc\\</i\\>)") != std::string::npos);
  value =
      client.Request("textDocument/hover", Client::At(kUri, 2, 6))["result"]["contents"]["value"];
  CHECK(value.find("Is in the \\[Acme\\](http://x) line") != std::string::npos);
}

TEST_CASE("hover in an entry: its value and its enum") {
  Client client;
  client.Initialize();
  std::string text =
      "extend enum Category { acme_widget }\n"
      "entry acme_widget: Category \"Acme widget\" zh \"部件\" aka \"gizmo\"\n"
      "if category == acme_widget then require CCC\n";
  REQUIRE(client.Open(kUri, text).empty());
  std::string value =
      client.Request("textDocument/hover", Client::At(kUri, 1, 8))["result"]["contents"]["value"];
  CHECK(value.find("**Acme widget**") != std::string::npos);
  CHECK(value.find("部件") != std::string::npos);
  CHECK(value.find("also called: gizmo") != std::string::npos);
  value =
      client.Request("textDocument/hover", Client::At(kUri, 1, 22))["result"]["contents"]["value"];
  CHECK(value.find("enum Category") != std::string::npos);
}

TEST_CASE("robustness: malformed JSON, unknown methods, bad params, lifecycle") {
  Client client;
  auto replies = client.SendRaw("{not json");
  REQUIRE(replies.size() == 1);
  CHECK(replies[0]["error"]["code"] == -32700);
  CHECK(replies[0]["id"].is_null());
  CHECK(client.Request("textDocument/hover", Client::At(kUri, 0, 0))["error"]["code"] == -32002);
  client.Initialize();
  CHECK(client.Request("no/such", json::object())["error"]["code"] == -32601);
  CHECK(client.Notify("no/such", json::object()).empty());
  CHECK(client.Notify("$/cancelRequest", {{"id", 1}}).empty());
  CHECK(client.Request("textDocument/hover", {{"textDocument", 3}})["error"]["code"] == -32602);
  CHECK(client.Request("textDocument/hover",
                       Client::At("file:///not-open.ccr", 0, 0))["error"]["code"] == -32602);
  CHECK(client.SendRaw("[1,2]")[0]["error"]["code"] == -32600);
  // Out-of-range positions clamp.
  client.Open(kUri, "if emits_radio then require SRRC");
  CHECK(client.Request("textDocument/hover", Client::At(kUri, 99, 99))["result"]["contents"]
            .is_object());  // the end of the text, just after `SRRC`
  CHECK(client.Request("textDocument/hover", Client::At(kUri, 0, 2))["result"].is_null());
  CHECK(client.Request("shutdown", nullptr)["result"].is_null());
  CHECK(client.Request("textDocument/hover", Client::At(kUri, 0, 0))["error"]["code"] == -32600);
  CHECK(!client.server().exited());
  client.Notify("exit", nullptr);
  CHECK(client.server().exited());
  CHECK(client.server().exit_code() == 0);
}

TEST_CASE("Run: exit without shutdown is 1; garbage input is an error on the log, not stdout") {
  std::istringstream in("Content-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
  std::ostringstream out, log;
  RunResult result = Run(in, out, log, {});
  CHECK(result.end == RunEnd::Exit);
  CHECK(result.exit_code == 1);

  std::istringstream garbage("GET / HTTP/1.1\r\n\r\n");
  std::ostringstream out2, log2;
  result = Run(garbage, out2, log2, {});
  CHECK(result.end == RunEnd::BadInput);
  CHECK(out2.str().empty());
  CHECK(log2.str().find("Content-Length") != std::string::npos);
}

TEST_CASE("an extended enum's values and a fact's default show in hover and definition") {
  Client client;
  client.Initialize();
  std::string text =
      "extend enum Category { acme_widget }\n"
      "fact acme_line: enum { none, widgets } default none \"Acme product line\"\n"
      "if category == acme_widget and acme_line == widgets then require CCC\n";
  REQUIRE(client.Open(kUri, text).empty());
  // The default is in the fact's hover.
  json fact = client.Request("textDocument/hover", Client::At(kUri, 2, 33))["result"];
  CHECK(fact["contents"]["value"].get<std::string>().find("default `none`") != std::string::npos);
  // The extension's value is found where the extension adds it.
  json definition = client.Request("textDocument/definition", Client::At(kUri, 2, 17))["result"];
  CHECK(definition["uri"] == kUri);
  CHECK(definition["range"]["start"]["line"] == 0);
  CHECK(definition["range"]["start"]["character"] == 23);
  // Hover on the extended enum's name describes the standard library's enum.
  json category = client.Request("textDocument/hover", Client::At(kUri, 0, 14))["result"];
  CHECK(category["contents"]["value"].get<std::string>().find("enum Category") !=
        std::string::npos);
}

}  // namespace
}  // namespace ccr::lsp
