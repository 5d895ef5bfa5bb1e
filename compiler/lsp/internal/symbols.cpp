#include "compiler/lsp/internal/symbols.h"

#include <fmt/format.h>

#include "runtime/base/markdown_escape.h"
#include "runtime/catalog/catalog.h"

namespace ccr::lsp {

namespace {

// Collects the occurrences of one file.
class Collector {
 public:
  Collector(const ast::Module& module, const check::CheckedModule* checked, diag::FileId file)
      : module_(module), checked_(checked), file_(file) {}

  std::vector<Occurrence> Run() {
    for (const ast::Authority& a : module_.authorities) {
      if (!Here(a.range)) continue;
      Add(a.id, SymbolKind::Authority);
      if (a.parent) Add(*a.parent, SymbolKind::Authority);
    }
    for (const ast::Scheme& s : module_.schemes) {
      if (!Here(s.range)) continue;
      Add(s.id, SymbolKind::Scheme);
      Add(s.authority, SymbolKind::Authority);
      for (const ast::Ident& partner : s.partners) Add(partner, SymbolKind::Authority);
    }
    for (const ast::Component& c : module_.components) {
      if (Here(c.range)) Add(c.id, SymbolKind::Component);
    }
    for (const ast::Enum& e : module_.enums) {
      if (!Here(e.range)) continue;
      Add(e.id, SymbolKind::Enum);
      for (const ast::Ident& value : e.values) AddValue(value, e.id.text);
    }
    for (const ast::Fact& f : module_.facts) {
      if (!Here(f.range)) continue;
      Add(f.id, SymbolKind::Fact);
      Type(f.type, f.id.text);
    }
    for (const ast::ValueSet& s : module_.sets) {
      if (!Here(s.range)) continue;
      Add(s.id, SymbolKind::Set);
      Type(s.element_type, s.id.text);
      for (ast::ExprId element : s.elements) Expr(element);
    }
    for (const ast::Entry& entry : module_.entries) {
      if (!Here(entry.range)) continue;
      AddValue(entry.value, entry.enum_type.text);
      Add(entry.enum_type, SymbolKind::Enum);
      for (const ast::EntryCode& code : entry.codes) AddCode(code);
    }
    for (const ast::Rule& r : module_.rules) {
      if (!Here(r.range)) continue;
      Expr(r.condition);
      for (const ast::EntryCode& row : r.rows) AddCode(row);
      for (const ast::Action& action : r.actions) {
        Add(action.scheme, SymbolKind::Scheme);
        if (action.component) AddComponent(*action.component);
        if (action.authority) Add(*action.authority, SymbolKind::Authority);
      }
    }
    for (const ast::Constraint& c : module_.constraints) {
      if (!Here(c.range)) continue;
      if (c.when.valid()) Expr(c.when);
      if (c.holds.valid()) Expr(c.holds);
    }
    for (const ast::Test& t : module_.tests) {
      if (!Here(t.range)) continue;
      for (const ast::Given& given : t.given) {
        Add(given.fact, SymbolKind::Fact);
        Expr(given.value);
      }
      for (const ast::Expectation& e : t.expectations) {
        Add(e.scheme, SymbolKind::Scheme);
        if (e.component) AddComponent(*e.component);
      }
    }
    return std::move(found_);
  }

 private:
  bool Here(const diag::SourceRange& range) const { return range.file == file_; }

  void Add(const ast::Ident& id, SymbolKind kind) {
    if (Here(id.range) && !id.text.empty()) found_.push_back({id.range, {kind, id.text, ""}});
  }
  // `for product` names the product itself, no declaration.
  void AddComponent(const ast::Ident& id) {
    if (id.text != "product") Add(id, SymbolKind::Component);
  }
  // `CCC "0717"`: the scheme's name, and the code (its string, quotes included).
  void AddCode(const ast::EntryCode& code) {
    Add(code.scheme, SymbolKind::Scheme);
    if (Here(code.range)) {
      found_.push_back({code.range, {SymbolKind::CatalogueCode, code.code, code.scheme.text}});
    }
  }
  void AddValue(const ast::Ident& id, const std::string& enum_name) {
    if (Here(id.range)) found_.push_back({id.range, {SymbolKind::EnumValue, id.text, enum_name}});
  }

  void Type(const ast::TypeRef& type, const std::string& owner) {
    switch (type.kind) {
      case ast::TypeRef::Kind::Named:
        Add(type.name, SymbolKind::Enum);
        break;
      case ast::TypeRef::Kind::InlineEnum:
        for (const ast::Ident& value : type.values) AddValue(value, owner);
        break;
      case ast::TypeRef::Kind::SetOf:
        for (const ast::TypeRef& element : type.element) Type(element, owner);
        break;
      case ast::TypeRef::Kind::Bool:
      case ast::TypeRef::Kind::Number:
      case ast::TypeRef::Kind::String:
        break;
    }
  }

  // Resolves a name in an expression: the checker's answer if it has one, else the first
  // declaration of that name among facts, sets and enum values.
  std::optional<Symbol> Resolve(ast::ExprId id, const std::string& name) {
    if (checked_ != nullptr && static_cast<size_t>(id.index) < checked_->exprs.size()) {
      const check::Reference& ref = checked_->exprs[id.index].reference;
      switch (ref.kind) {
        case check::Reference::Kind::Fact:
          return Symbol{SymbolKind::Fact, checked_->facts.at(ref.index).name, ""};
        case check::Reference::Kind::Set:
          return Symbol{SymbolKind::Set, checked_->sets.at(ref.index).name, ""};
        case check::Reference::Kind::EnumValue: {
          const check::Enum& e = checked_->enums.at(ref.index);
          return Symbol{SymbolKind::EnumValue, e.values.at(ref.value), e.name};
        }
        case check::Reference::Kind::None:
          return std::nullopt;
      }
    }
    for (const ast::Fact& f : module_.facts) {
      if (f.id.text == name) return Symbol{SymbolKind::Fact, name, ""};
    }
    for (const ast::ValueSet& s : module_.sets) {
      if (s.id.text == name) return Symbol{SymbolKind::Set, name, ""};
    }
    for (const ast::Enum& e : module_.enums) {
      for (const ast::Ident& value : e.values) {
        if (value.text == name) return Symbol{SymbolKind::EnumValue, name, e.id.text};
      }
    }
    return std::nullopt;
  }

  void Expr(ast::ExprId id) {
    if (!id.valid() || static_cast<size_t>(id.index) >= module_.exprs.size()) return;
    const ast::Expr& e = module_.expr(id);
    switch (e.kind) {
      case ast::ExprKind::Name:
        if (auto symbol = Resolve(id, e.name.text); symbol && Here(e.name.range)) {
          found_.push_back({e.name.range, *symbol});
        }
        break;
      case ast::ExprKind::Known:
        Add(e.name, SymbolKind::Fact);
        break;
      case ast::ExprKind::SetLiteral:
        for (ast::ExprId element : e.elements) Expr(element);
        break;
      case ast::ExprKind::Not:
        Expr(e.lhs);
        break;
      case ast::ExprKind::And:
      case ast::ExprKind::Or:
      case ast::ExprKind::Compare:
      case ast::ExprKind::In:
        Expr(e.lhs);
        Expr(e.rhs);
        break;
      case ast::ExprKind::Number:
      case ast::ExprKind::String:
      case ast::ExprKind::Bool:
        break;
    }
  }

  const ast::Module& module_;
  const check::CheckedModule* checked_;
  diag::FileId file_;
  std::vector<Occurrence> found_;
};

// Text from a rule file as Markdown shows it, never as markup (markdown_escape.h).
std::string Plain(std::string_view text) { return MarkdownEscaped(text); }

const ast::Authority* FindAuthority(const ast::Module& module, const std::string& name) {
  for (const ast::Authority& a : module.authorities) {
    if (a.id.text == name) return &a;
  }
  return nullptr;
}

// Returns the values of the enum called `name`: a declared enum with its extensions
// (`extend enum`, in source order), or a fact's inline one; empty if there is none.
std::vector<ast::Ident> EnumValues(const ast::Module& module, const std::string& name) {
  std::vector<ast::Ident> values;
  for (bool extensions : {false, true}) {
    for (const ast::Enum& e : module.enums) {
      if (e.id.text == name && e.extension == extensions) {
        values.insert(values.end(), e.values.begin(), e.values.end());
      }
    }
  }
  if (!values.empty()) return values;
  for (const ast::Fact& f : module.facts) {
    if (f.id.text != name) continue;
    const ast::TypeRef* type = &f.type;
    if (type->kind == ast::TypeRef::Kind::SetOf && !type->element.empty()) type = &type->element[0];
    if (type->kind == ast::TypeRef::Kind::InlineEnum) return type->values;
  }
  return values;
}

std::string JoinNames(const std::vector<ast::Ident>& names, size_t limit) {
  std::string text;
  for (size_t i = 0; i < names.size() && i < limit; ++i) {
    text += (i == 0 ? "`" : ", `") + names[i].text + "`";
  }
  if (names.size() > limit) text += fmt::format(", and {} more", names.size() - limit);
  return text;
}

std::string AuthorityLine(const ast::Module& module, const std::string& id) {
  const ast::Authority* a = FindAuthority(module, id);
  return a == nullptr ? fmt::format("`{}`", id) : fmt::format("`{}` ({})", id, Plain(a->name));
}

// A set's members as written: names, or quoted strings.
std::string Members(const ast::Module& module, const ast::ValueSet& set) {
  std::vector<ast::Ident> members;
  for (ast::ExprId id : set.elements) {
    const ast::Expr& e = module.expr(id);
    members.push_back(
        {e.kind == ast::ExprKind::String ? fmt::format("\"{}\"", e.text) : e.name.text, e.range});
  }
  return JoinNames(members, 60);
}

// A fact's default as written (the checker accepts only literals): `220 V`, `none`, `{ wifi }`.
std::string ExprText(const ast::Module& module, ast::ExprId id) {
  const ast::Expr& e = module.expr(id);
  switch (e.kind) {
    case ast::ExprKind::Number:
      return fmt::format("{}{}", e.number, e.unit ? " " + e.unit->text : "");
    case ast::ExprKind::String:
      return fmt::format("\"{}\"", e.text);
    case ast::ExprKind::Bool:
      return e.boolean ? "true" : "false";
    case ast::ExprKind::SetLiteral: {
      std::string text = "{";
      for (size_t i = 0; i < e.elements.size(); ++i) {
        text += (i == 0 ? " " : ", ") + ExprText(module, e.elements[i]);
      }
      return text + (e.elements.empty() ? "}" : " }");
    }
    default:
      return e.name.text;
  }
}

std::string CodeBlock(const std::string& code) { return "```ccr\n" + code + "\n```\n"; }

// The rules with `row SCHEME "code"`: what states the row's scope, as Markdown list items.
std::string RowRules(const ast::Module& module, const std::string& scheme,
                     const std::string& code) {
  std::string text;
  for (const ast::Rule& rule : module.rules) {
    bool states = false;
    for (const ast::EntryCode& row : rule.rows) {
      states = states || (row.scheme.text == scheme && row.code == code);
    }
    if (!states) continue;
    text += "  - rule `" + rule.name.text + "`";
    if (rule.assessment) text += ", " + rule.assessment->text;
    if (rule.from) text += ", from " + rule.from->text;
    if (rule.until) text += ", until " + rule.until->text;
    if (rule.because) text += "  \n    scope: " + Plain(*rule.because);
    if (rule.source) text += "  \n    source: " + Plain(*rule.source);
    text += "\n";
  }
  if (text.empty()) return "  - no rule in these sources states this row's scope\n";
  return text;
}

// The catalogue entries of `value` (of enum `enum_name`): names, akas, and each code with the
// rules of its row; "" when no entry describes the value.
std::string EntryText(const ast::Module& module, const std::string& enum_name,
                      const std::string& value) {
  std::string names, akas, rows;
  for (const ast::Entry& entry : module.entries) {
    if (entry.enum_type.text != enum_name || entry.value.text != value) continue;
    if (entry.name) names += "**" + Plain(*entry.name) + "**  \n";
    if (entry.zh_name) names += Plain(*entry.zh_name) + "  \n";
    for (const std::string& aka : entry.akas) akas += (akas.empty() ? "" : ", ") + Plain(aka);
    for (const ast::EntryCode& code : entry.codes) {
      rows += "- **" + Plain(catalog::CodeLabel(code.scheme.text, code.code)) + "**\n" +
              RowRules(module, code.scheme.text, code.code);
    }
  }
  if (names.empty() && akas.empty() && rows.empty()) return "";
  std::string text = "\n\n" + names;
  if (!akas.empty()) text += "also called: " + akas + "\n";
  if (!rows.empty()) text += "\n" + rows;
  return text;
}

// A scheme's "what to do next" block, one list item per step with its source.
std::string StepsText(const ast::Scheme& s) {
  if (s.steps.empty()) return "";
  std::string text = "\n\n**What to do next**\n\n";
  for (const ast::SchemeStep& step : s.steps) {
    text += "- " + step.kind.text + ": " + Plain(step.text);
    if (!step.zh_text.empty()) text += "  \n  " + Plain(step.zh_text);
    if (step.source) text += "  \n  source: " + Plain(*step.source);
    text += "\n";
  }
  return text;
}

}  // namespace

std::vector<Occurrence> Occurrences(const ast::Module& module, const check::CheckedModule* checked,
                                    diag::FileId file) {
  return Collector(module, checked, file).Run();
}

std::optional<Occurrence> OccurrenceAt(const ast::Module& module,
                                       const check::CheckedModule* checked, diag::FileId file,
                                       uint32_t offset) {
  for (Occurrence& o : Occurrences(module, checked, file)) {
    if (o.range.begin <= offset && offset <= o.range.end) return o;
  }
  return std::nullopt;
}

std::optional<diag::SourceRange> DeclarationOf(const ast::Module& module, const Symbol& symbol) {
  switch (symbol.kind) {
    case SymbolKind::Authority:
      if (const ast::Authority* a = FindAuthority(module, symbol.name)) return a->id.range;
      break;
    case SymbolKind::Scheme:
      for (const ast::Scheme& s : module.schemes) {
        if (s.id.text == symbol.name) return s.id.range;
      }
      break;
    case SymbolKind::Component:
      for (const ast::Component& c : module.components) {
        if (c.id.text == symbol.name) return c.id.range;
      }
      break;
    case SymbolKind::Enum:
      for (const ast::Enum& e : module.enums) {
        if (e.id.text == symbol.name && !e.extension) return e.id.range;
      }
      break;
    case SymbolKind::EnumValue:
      for (const ast::Ident& value : EnumValues(module, symbol.owner)) {
        if (value.text == symbol.name) return value.range;
      }
      break;
    case SymbolKind::Fact:
      for (const ast::Fact& f : module.facts) {
        if (f.id.text == symbol.name) return f.id.range;
      }
      break;
    case SymbolKind::Set:
      for (const ast::ValueSet& s : module.sets) {
        if (s.id.text == symbol.name) return s.id.range;
      }
      break;
    case SymbolKind::CatalogueCode:  // the first entry that carries the code
      for (const ast::Entry& entry : module.entries) {
        for (const ast::EntryCode& code : entry.codes) {
          if (code.scheme.text == symbol.owner && code.code == symbol.name) return code.range;
        }
      }
      break;
  }
  return std::nullopt;
}

std::string TypeText(const ast::TypeRef& type) {
  switch (type.kind) {
    case ast::TypeRef::Kind::Bool:
      return "bool";
    case ast::TypeRef::Kind::Number:
      return type.unit ? "number in " + type.unit->text : std::string("number");
    case ast::TypeRef::Kind::String:
      return "string";
    case ast::TypeRef::Kind::Named:
      return type.name.text;
    case ast::TypeRef::Kind::InlineEnum: {
      std::string text = "enum {";
      for (size_t i = 0; i < type.values.size(); ++i) {
        text += (i == 0 ? " " : ", ") + type.values[i].text;
      }
      return text + " }";
    }
    case ast::TypeRef::Kind::SetOf:
      return "set of " + (type.element.empty() ? std::string("?") : TypeText(type.element[0]));
  }
  return "?";
}

std::string HoverText(const ast::Module& module, const Symbol& symbol) {
  switch (symbol.kind) {
    case SymbolKind::Fact:
      for (const ast::Fact& f : module.facts) {
        if (f.id.text != symbol.name) continue;
        std::string text = CodeBlock(fmt::format("fact {}: {}", f.id.text, TypeText(f.type))) +
                           "\n" + Plain(f.doc);
        if (f.default_value.valid()) {
          text += "\n\ndefault `" + ExprText(module, f.default_value) +
                  "`: assumed when a product does not state it (reports say so)";
        }
        return text;
      }
      break;
    case SymbolKind::Scheme:
      for (const ast::Scheme& s : module.schemes) {
        if (s.id.text != symbol.name) continue;
        std::string text = CodeBlock("scheme " + s.id.text) + "\n**" + Plain(s.name) + "**";
        if (!s.zh_name.empty()) text += "  \n" + Plain(s.zh_name);
        text += fmt::format("\n\nby {}, {}{}", AuthorityLine(module, s.authority.text),
                            s.level == ast::Level::Mandatory ? "mandatory" : "voluntary",
                            s.on_request ? " on request (the applicant chooses it)" : "");
        if (!s.partners.empty()) text += "  \nwith " + JoinNames(s.partners, 20);
        if (s.impact) text += "  \nimpact `" + s.impact->text + "`";
        if (s.mode) text += "  \nmode `" + s.mode->text + "`";
        return text + StepsText(s);
      }
      break;
    case SymbolKind::Component:
      for (const ast::Component& c : module.components) {
        if (c.id.text != symbol.name) continue;
        std::string text = CodeBlock("component " + c.id.text) + "\n**" + Plain(c.name) + "**";
        if (!c.zh_name.empty()) text += "  \n" + Plain(c.zh_name);
        return text + "\n\nwhat `require SCHEME for " + c.id.text + "` attaches an obligation to";
      }
      break;
    case SymbolKind::Authority:
      if (const ast::Authority* a = FindAuthority(module, symbol.name)) {
        std::string text = CodeBlock("authority " + a->id.text) + "\n" + Plain(a->name);
        if (!a->zh_name.empty()) text += "  \n" + Plain(a->zh_name);
        if (a->parent) text += "\n\nunder " + AuthorityLine(module, a->parent->text);
        return text;
      }
      break;
    case SymbolKind::Enum:
      if (auto values = EnumValues(module, symbol.name); !values.empty()) {
        return CodeBlock("enum " + symbol.name) +
               fmt::format("\n{} values: {}", values.size(), JoinNames(values, 60));
      }
      break;
    case SymbolKind::EnumValue:
      return CodeBlock(symbol.name) + fmt::format("\nvalue of `{}`", symbol.owner) +
             EntryText(module, symbol.owner, symbol.name);
    case SymbolKind::CatalogueCode: {
      std::string text = CodeBlock(fmt::format("{} \"{}\"", symbol.owner, symbol.name)) +
                         "\ncatalogue row **" +
                         Plain(catalog::CodeLabel(symbol.owner, symbol.name)) + "**\n\n";
      for (const ast::Entry& entry : module.entries) {
        for (const ast::EntryCode& code : entry.codes) {
          if (code.scheme.text != symbol.owner || code.code != symbol.name) continue;
          text += "- `" + entry.value.text + "` (" + entry.enum_type.text + ")";
          if (entry.name) text += ": " + Plain(*entry.name);
          if (entry.zh_name) text += ", " + Plain(*entry.zh_name);
          text += "\n";
        }
      }
      return text + "\n" + RowRules(module, symbol.owner, symbol.name);
    }
    case SymbolKind::Set:
      for (const ast::ValueSet& s : module.sets) {
        if (s.id.text != symbol.name) continue;
        return CodeBlock(fmt::format("set {}: {}", s.id.text, TypeText(s.element_type))) +
               fmt::format("\n{} members: {}", s.elements.size(), Members(module, s));
      }
      break;
  }
  return "";
}

}  // namespace ccr::lsp
