#include "compiler/lsp/internal/features.h"

#include <algorithm>
#include <set>

#include "compiler/lsp/internal/symbols.h"

namespace ccr::lsp {

using nlohmann::json;

namespace {

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The tokens before the cursor, enough to see where it is: identifiers and keywords, strings
// (as `""`), and punctuation; comments dropped.
std::vector<std::string> TokensBefore(std::string_view text) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else if (c == '"') {
      ++i;
      while (i < text.size() && text[i] != '"' && text[i] != '\n') i += text[i] == '\\' ? 2 : 1;
      ++i;
      tokens.push_back("\"\"");
    } else if (IsIdentChar(c)) {
      size_t begin = i;
      while (i < text.size() && (IsIdentChar(text[i]) || text[i] == '-')) ++i;
      tokens.emplace_back(text.substr(begin, i - begin));
    } else if (std::string_view("=!<>").find(c) != std::string_view::npos && i + 1 < text.size() &&
               text[i + 1] == '=') {
      tokens.emplace_back(text.substr(i, 2));
      i += 2;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else {
      tokens.emplace_back(1, c);
      ++i;
    }
  }
  return tokens;
}

json Item(const std::string& label, int kind, const std::string& detail,
          const std::string& documentation = "") {
  json item = {{"label", label}, {"kind", kind}};
  if (!detail.empty()) item["detail"] = detail;
  if (!documentation.empty())
    item["documentation"] = {{"kind", "markdown"}, {"value", documentation}};
  return item;
}

// LSP CompletionItemKind values.
constexpr int kItemVariable = 6, kItemClass = 7, kItemModule = 9, kItemField = 5, kItemEnum = 13,
              kItemKeyword = 14, kItemEnumMember = 20, kItemConstant = 21;

class Completer {
 public:
  explicit Completer(const ast::Module& module) : module_(module) {}

  json Complete(const std::vector<std::string>& t) {
    size_t n = t.size();
    auto last = [&](size_t back) -> std::string { return back < n ? t[n - 1 - back] : ""; };
    const std::string& l = n ? t[n - 1] : "";
    if (l == "require" || l == "exempt" || l == "expect") return Schemes();
    if (l == "for") return Components();
    if (l == "by" || l == "under" || l == "with") return Authorities();
    if (l == "," && AfterWithList(t)) return Authorities();
    if (l == "scheme" || l == "authority" || l == "component" || l == "fact" || l == "enum" ||
        l == "rule" || l == "test" || l == "import") {
      return json::array();  // a new name or string comes next
    }
    if (l == "set" && last(1) == ":") return Keywords({"of"});
    if (l == ":" && last(2) == "fact") return Types(true);
    if (l == ":" && last(2) == "set") return Types(false);
    if (l == "of") return Types(false);
    if (l == "==" || l == "!=") return ValuesOfFact(last(1), true);
    if (l == "in") return Sets(last(1));
    size_t brace = UnclosedBrace(t);
    if (l == "=" && brace != n && brace > 0 && t[brace - 1] == "given") {
      return ValuesOfFact(last(1), true);
    }
    if ((l == "{" || l == ",") && brace != n) {
      std::string before = brace > 0 ? t[brace - 1] : "";
      if (before == "given") return Facts();
      if (before == "=" && brace >= 4 && t[brace - 4] == ":") return ValuesOfEnum(t[brace - 2]);
      if (before == "in" && brace >= 2) return ValuesOfFact(t[brace - 2], false);
      if (brace >= 2 && (t[brace - 2] == "enum" || t[brace - 1] == "enum")) return json::array();
      if (brace >= 2 && t[brace - 2] == "rule") {
        return Keywords(
            {"when", "require", "exempt", "because", "source", "effective", "row", "assessment"});
      }
      if (brace >= 2 && t[brace - 2] == "test") return Keywords({"given", "as", "expect"});
      if (l == "{" && brace >= 1 && before != "=" && before != "in") return Everything();
      return AllValues();
    }
    return Everything();
  }

 private:
  // Whether the cursor follows `with A, B,` of a scheme declaration.
  static bool AfterWithList(const std::vector<std::string>& t) {
    for (size_t i = t.size(); i-- > 0;) {
      if (t[i] == "with") return true;
      if (t[i] != "," && !(IsIdentChar(t[i][0]))) return false;
      if (i + 1 < t.size() && t[i] != "," && t[i + 1] != ",") return false;
    }
    return false;
  }

  // Returns the index of the innermost `{` not closed before the cursor, or t.size().
  static size_t UnclosedBrace(const std::vector<std::string>& t) {
    int depth = 0;
    for (size_t i = t.size(); i-- > 0;) {
      if (t[i] == "}") ++depth;
      if (t[i] == "{" && depth-- == 0) return i;
    }
    return t.size();
  }

  // Returns the enum a fact's values come from ("" if none), and whether it is a bool.
  std::string EnumOfFact(const std::string& name, bool* is_bool) const {
    for (const ast::Fact& f : module_.facts) {
      if (f.id.text != name) continue;
      const ast::TypeRef* type = &f.type;
      if (type->kind == ast::TypeRef::Kind::SetOf && !type->element.empty())
        type = &type->element[0];
      if (type->kind == ast::TypeRef::Kind::Named) return type->name.text;
      if (type->kind == ast::TypeRef::Kind::InlineEnum) return name;
      if (is_bool != nullptr) *is_bool = type->kind == ast::TypeRef::Kind::Bool;
    }
    return "";
  }

  // A value's completion item carries what its `entry` declarations say: the detail shows
  // the names and catalogue codes, the filter text holds them with the akas, so typing
  // `kettle`, `0717` or `电水壶` offers `electric_kettle`, and the documentation is its hover.
  json EnumValueItem(const std::string& enum_name, const std::string& value) const {
    std::string detail = enum_name, filter = value;
    for (const ast::Entry& entry : module_.entries) {
      if (entry.enum_type.text != enum_name || entry.value.text != value) continue;
      if (entry.name) {
        detail += ": " + *entry.name;
        filter += " " + *entry.name;
      }
      if (entry.zh_name) {
        detail += " " + *entry.zh_name;
        filter += " " + *entry.zh_name;
      }
      for (const std::string& aka : entry.akas) filter += " " + aka;
      for (const ast::EntryCode& code : entry.codes) {
        detail += " (" + code.scheme.text + " " + code.code + ")";
        filter += " " + code.code;
      }
    }
    json item = Item(value, kItemEnumMember, detail);
    if (filter != value) {  // an entry describes it: its rows and their scope, as hover shows
      item["filterText"] = filter;
      item["documentation"] = {
          {"kind", "markdown"},
          {"value", HoverText(module_, {SymbolKind::EnumValue, value, enum_name})}};
    }
    return item;
  }

  json ValuesOfEnum(const std::string& enum_name) const {
    json items = json::array();
    auto add_values = [&](const std::vector<ast::Ident>& values) {
      for (const ast::Ident& v : values) items.push_back(EnumValueItem(enum_name, v.text));
    };
    for (const ast::Enum& e : module_.enums) {
      if (e.id.text == enum_name) add_values(e.values);
    }
    for (const ast::Fact& f : module_.facts) {
      if (f.id.text != enum_name) continue;
      const ast::TypeRef* type = &f.type;
      if (type->kind == ast::TypeRef::Kind::SetOf && !type->element.empty())
        type = &type->element[0];
      if (type->kind == ast::TypeRef::Kind::InlineEnum) add_values(type->values);
    }
    return items;
  }

  json ValuesOfFact(const std::string& fact, bool scalar) const {
    bool is_bool = false;
    std::string enum_name = EnumOfFact(fact, &is_bool);
    if (!enum_name.empty()) {
      json items = ValuesOfEnum(enum_name);
      if (scalar) return items;
      return items;
    }
    if (is_bool) return Keywords({"true", "false"});
    return Everything();
  }

  json Sets(const std::string& fact) const {
    std::string enum_name = EnumOfFact(fact, nullptr);
    json matching = json::array(), all = json::array();
    for (const ast::ValueSet& s : module_.sets) {
      json item = Item(s.id.text, kItemConstant, "set: " + TypeText(s.element_type),
                       HoverText(module_, {SymbolKind::Set, s.id.text, ""}));
      all.push_back(item);
      if (s.element_type.kind == ast::TypeRef::Kind::Named &&
          s.element_type.name.text == enum_name) {
        matching.push_back(item);
      }
    }
    return matching.empty() ? all : matching;
  }

  json Schemes() const {
    json items = json::array();
    for (const ast::Scheme& s : module_.schemes) {
      items.push_back(Item(s.id.text, kItemClass, s.name,
                           HoverText(module_, {SymbolKind::Scheme, s.id.text, ""})));
    }
    return items;
  }

  // After `for`: the declared components and `product`, the product itself.
  json Components() const {
    json items = json::array();
    items.push_back(Item("product", kItemKeyword, "the product itself"));
    for (const ast::Component& c : module_.components) {
      items.push_back(Item(c.id.text, kItemField, c.name,
                           HoverText(module_, {SymbolKind::Component, c.id.text, ""})));
    }
    return items;
  }

  json Authorities() const {
    json items = json::array();
    for (const ast::Authority& a : module_.authorities) {
      items.push_back(Item(a.id.text, kItemModule, a.name,
                           HoverText(module_, {SymbolKind::Authority, a.id.text, ""})));
    }
    return items;
  }

  json Facts() const {
    json items = json::array();
    for (const ast::Fact& f : module_.facts) {
      items.push_back(Item(f.id.text, kItemVariable, TypeText(f.type), f.doc));
    }
    return items;
  }

  json Types(bool fact) const {
    json items =
        fact ? Keywords({"bool", "number", "string", "enum", "set"}) : Keywords({"string", "enum"});
    for (const ast::Enum& e : module_.enums) {
      items.push_back(Item(e.id.text, kItemEnum, "enum",
                           HoverText(module_, {SymbolKind::Enum, e.id.text, ""})));
    }
    return items;
  }

  json AllValues() const {
    json items = json::array();
    std::set<std::string> seen;
    for (const ast::Enum& e : module_.enums) {
      for (const ast::Ident& v : e.values) {
        if (seen.insert(v.text).second) items.push_back(Item(v.text, kItemEnumMember, e.id.text));
      }
    }
    return items;
  }

  json Everything() const {
    json items = Facts();
    for (json& item : Sets("")) items.push_back(std::move(item));
    for (std::string_view keyword : lsp::Keywords()) {
      items.push_back(Item(std::string(keyword), kItemKeyword, ""));
    }
    return items;
  }

  static json Keywords(std::initializer_list<const char*> words) {
    json items = json::array();
    for (const char* word : words) items.push_back(Item(word, kItemKeyword, ""));
    return items;
  }

  const ast::Module& module_;
};

// LSP SymbolKind values.
constexpr int kSymbolNamespace = 3, kSymbolClass = 5, kSymbolEvent = 24, kSymbolEnum = 10,
              kSymbolField = 8, kSymbolFunction = 12, kSymbolConstant = 14, kSymbolEnumMember = 22;

json DocSymbol(const Analysis& a, const std::string& name, const std::string& detail, int kind,
               const diag::SourceRange& range, const diag::SourceRange& selection) {
  json symbol = {{"name", name.empty() ? std::string("(unnamed)") : name},
                 {"kind", kind},
                 {"range", ToJson(a.ToRange(range))},
                 {"selectionRange", ToJson(a.ToRange(selection))}};
  if (!detail.empty()) symbol["detail"] = detail;
  return symbol;
}

json Values(const Analysis& a, const std::vector<ast::Ident>& values) {
  json children = json::array();
  for (const ast::Ident& v : values) {
    children.push_back(DocSymbol(a, v.text, "", kSymbolEnumMember, v.range, v.range));
  }
  return children;
}

}  // namespace

const std::vector<std::string_view>& Keywords() {
  static const std::vector<std::string_view> kKeywords = {
      "aka",   "and",    "as",        "assessment",   "authority", "available", "because",
      "bool",  "by",     "code",      "column",       "component", "default",   "effective",
      "entry", "enum",   "exempt",    "expect",       "extend",    "fact",      "false",
      "for",   "from",   "given",     "if",           "ignore",    "impact",    "import",
      "in",    "known",  "layout",    "mandatory",    "mode",      "not",       "number",
      "of",    "on",     "or",        "request",      "require",   "required",  "row",
      "rule",  "scheme", "separated", "set",          "source",    "string",    "test",
      "then",  "true",   "under",     "undetermined", "until",     "voluntary", "when",
      "with",  "zh",
  };
  return kKeywords;
}

json CompletionItems(const Analysis& analysis, std::string_view text, uint32_t offset) {
  if (analysis.compilation == nullptr) return json::array();
  size_t end = std::min<size_t>(offset, text.size());
  size_t begin = end;
  while (begin > 0 && IsIdentChar(text[begin - 1])) --begin;  // the word being typed
  return Completer(analysis.compilation->ast).Complete(TokensBefore(text.substr(0, begin)));
}

json Outline(const Analysis& a) {
  const ast::Module& m = a.compilation->ast;
  std::vector<std::pair<uint32_t, json>> found;
  auto here = [&](const diag::SourceRange& range) { return range.file == a.file; };
  for (const ast::Authority& x : m.authorities) {
    if (here(x.range)) {
      found.emplace_back(x.range.begin,
                         DocSymbol(a, x.id.text, x.name, kSymbolNamespace, x.range, x.id.range));
    }
  }
  for (const ast::Scheme& x : m.schemes) {
    if (here(x.range)) {
      found.emplace_back(x.range.begin,
                         DocSymbol(a, x.id.text, x.name, kSymbolClass, x.range, x.id.range));
    }
  }
  for (const ast::Component& x : m.components) {
    if (here(x.range)) {
      found.emplace_back(x.range.begin,
                         DocSymbol(a, x.id.text, x.name, kSymbolField, x.range, x.id.range));
    }
  }
  for (const ast::Enum& x : m.enums) {
    if (!here(x.range)) continue;
    json symbol = DocSymbol(a, x.id.text, "enum", kSymbolEnum, x.range, x.id.range);
    symbol["children"] = Values(a, x.values);
    found.emplace_back(x.range.begin, std::move(symbol));
  }
  for (const ast::Fact& x : m.facts) {
    if (!here(x.range)) continue;
    json symbol = DocSymbol(a, x.id.text, TypeText(x.type), kSymbolField, x.range, x.id.range);
    const ast::TypeRef* type = &x.type;
    if (type->kind == ast::TypeRef::Kind::SetOf && !type->element.empty()) type = &type->element[0];
    if (type->kind == ast::TypeRef::Kind::InlineEnum) symbol["children"] = Values(a, type->values);
    found.emplace_back(x.range.begin, std::move(symbol));
  }
  for (const ast::ValueSet& x : m.sets) {
    if (here(x.range)) {
      found.emplace_back(x.range.begin, DocSymbol(a, x.id.text, "set: " + TypeText(x.element_type),
                                                  kSymbolConstant, x.range, x.id.range));
    }
  }
  for (const ast::Rule& x : m.rules) {
    if (here(x.range)) {
      found.emplace_back(
          x.range.begin,
          DocSymbol(a, x.name.text, x.short_form ? "if ... then" : "rule", kSymbolFunction, x.range,
                    x.short_form ? x.head_range : x.name.range));
    }
  }
  for (const ast::Test& x : m.tests) {
    if (here(x.range)) {
      found.emplace_back(x.range.begin,
                         DocSymbol(a, x.name, "test", kSymbolEvent, x.range, x.range));
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  json symbols = json::array();
  for (auto& [begin, symbol] : found) symbols.push_back(std::move(symbol));
  return symbols;
}

}  // namespace ccr::lsp
