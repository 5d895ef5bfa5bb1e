// Declarations: fills the tables and the four namespaces, checking duplicates, references
// between declarations, and the shape of types and sets.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/internal/checker.h"
#include "runtime/bytecode/module.h"

namespace ccr::check::internal {

namespace {

// The impacts and management modes of the seed's scheme table (docs/language.md).
const std::vector<std::string> kImpacts = {"market_access",
                                           "subsidy_precondition",
                                           "de_facto_admission",
                                           "procurement_preference",
                                           "market_signal",
                                           "market_driven",
                                           "trust"};
const std::vector<std::string> kModes = {"independent", "joint", "samr_cnca", "market"};

std::string JoinTicked(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", `" : "`") + names[i] + "`";
  return out;
}

}  // namespace

std::vector<std::string> Checker::Keys(const std::map<std::string, int32_t>& map) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : map) keys.push_back(key);
  return keys;
}

CheckedModule Checker::Run() {
  DeclareAuthorities();
  DeclareEnums();
  ExtendEnums();
  DeclareSchemes();
  DeclareComponents();
  DeclareFacts();
  DeclareSets();
  CheckDefaults();
  DeclareEntries();
  CheckAuthorityCycles();
  CheckRules();
  CheckConstraints();
  WarnUndecidedEnumValues();
  CheckTests();
  CheckLayouts();
  WarnUnusedFacts();
  return std::move(out_);
}

void Checker::ReportDuplicate(const char* what, const ast::Ident& name, diag::SourceRange first) {
  diag::Diagnostic d{diag::Kind::DuplicateDeclaration,
                     name.range,
                     fmt::format("{} `{}` is declared twice", what, name.text),
                     "rename one of them or remove the duplicate",
                     {{first, "first declared here"}}};
  sink_.Add(std::move(d));
}

void Checker::DeclareAuthorities() {
  for (const ast::Authority& a : ast_.authorities) {
    if (auto it = authorities_.find(a.id.text); it != authorities_.end()) {
      ReportDuplicate("authority", a.id, ast_.authorities[it->second].id.range);
      continue;
    }
    authorities_[a.id.text] = static_cast<int32_t>(out_.authorities.size());
    out_.authorities.push_back({a.id.text, a.name, a.zh_name, kNoIndex});
  }
  // Parents are resolved once every authority is known, so order does not matter.
  for (const ast::Authority& a : ast_.authorities) {
    if (!a.parent) continue;
    int32_t self = authorities_.at(a.id.text);
    if (out_.authorities[self].id != a.id.text) continue;
    out_.authorities[self].parent = FindAuthority(*a.parent);
  }
}

int32_t Checker::FindAuthority(const ast::Ident& name) {
  if (auto it = authorities_.find(name.text); it != authorities_.end()) return it->second;
  if (InDroppedStatement(name.text)) return kNoIndex;
  std::string suggestion = diag::ClosestName(name.text, Keys(authorities_));
  sink_.Add(diag::Kind::UnknownAuthority, name.range,
            fmt::format("unknown authority `{}`", name.text),
            suggestion.empty() ? "declare it with `authority " + name.text + " \"full name\"`"
                               : fmt::format("did you mean `{}`?", suggestion));
  return kNoIndex;
}

void Checker::CheckAuthorityCycles() {
  for (size_t start = 0; start < out_.authorities.size(); ++start) {
    int32_t slow = static_cast<int32_t>(start);
    size_t steps = 0;
    for (int32_t at = out_.authorities[start].parent; at != kNoIndex;
         at = out_.authorities[at].parent) {
      if (at == slow || ++steps > out_.authorities.size()) {
        const ast::Authority* decl = nullptr;
        for (const auto& a : ast_.authorities) {
          if (a.id.text == out_.authorities[start].id) decl = &a;
        }
        sink_.Add(diag::Kind::AuthorityCycle, decl ? decl->parent->range : diag::SourceRange{},
                  fmt::format("authority `{}` is, through `under`, its own parent",
                              out_.authorities[start].id),
                  "remove one `under` of the cycle");
        // Break the cycle so later walks terminate.
        out_.authorities[start].parent = kNoIndex;
        break;
      }
    }
  }
}

void Checker::DeclareComponents() {
  for (const ast::Component& c : ast_.components) {
    if (c.id.text == "product") {
      sink_.Add(diag::Kind::ReservedName, c.id.range,
                "`product` cannot be a component: `for product` names the product itself",
                "choose another name, e.g. `main_unit`");
      continue;
    }
    if (auto it = components_.find(c.id.text); it != components_.end()) {
      ReportDuplicate("component", c.id, ast_.components[it->second].id.range);
      continue;
    }
    components_[c.id.text] = static_cast<int32_t>(out_.components.size());
    out_.components.push_back({c.id.text, c.name, c.zh_name});
  }
}

void Checker::DeclareEnums() {
  for (const ast::Enum& e : ast_.enums) {
    if (e.extension) continue;
    if (enums_.count(e.id.text)) {
      ReportDuplicate("enum", e.id, enum_ranges_[e.id.text]);
      continue;
    }
    enum_ranges_[e.id.text] = e.id.range;
    enums_[e.id.text] = static_cast<int32_t>(out_.enums.size());
    Enum out{e.id.text, {}};
    std::map<std::string, diag::SourceRange> seen;
    for (const ast::Ident& value : e.values) {
      if (auto it = seen.find(value.text); it != seen.end()) {
        sink_.Add({diag::Kind::DuplicateEnumValue,
                   value.range,
                   fmt::format("enum `{}` lists `{}` twice", e.id.text, value.text),
                   "remove the second one",
                   {{it->second, "first listed here"}}});
        continue;
      }
      seen[value.text] = value.range;
      out.values.push_back(value.text);
    }
    out_.enums.push_back(std::move(out));
  }
}

// After every enum is declared, so an extension may come before (or without importing) the
// declaration it extends. Extensions append in source order: values keep their indices.
void Checker::ExtendEnums() {
  for (const ast::Enum& e : ast_.enums) {
    if (!e.extension) continue;
    auto it = enums_.find(e.id.text);
    if (it == enums_.end()) {
      if (InDroppedStatement(e.id.text)) continue;
      std::string suggestion = diag::ClosestName(e.id.text, Keys(enums_));
      sink_.Add(diag::Kind::UnknownExtendedEnum, e.id.range,
                fmt::format("`extend enum {}`: no enum `{}` is declared", e.id.text, e.id.text),
                suggestion.empty()
                    ? "extend an enum declared with `enum NAME { ... }` (a fact's inline "
                      "`enum { ... }` cannot be extended), or declare a new one"
                    : fmt::format("did you mean `{}`?", suggestion));
      continue;
    }
    std::vector<std::string>& values = out_.enums[it->second].values;
    for (const ast::Ident& value : e.values) {
      if (std::find(values.begin(), values.end(), value.text) != values.end()) {
        sink_.Add({diag::Kind::DuplicateEnumValue,
                   value.range,
                   fmt::format("enum `{}` already has `{}`", e.id.text, value.text),
                   "remove it from the extension, or give the new value another name",
                   {{enum_ranges_[e.id.text], "enum declared here"}}});
        continue;
      }
      if (!options_.is_library_file(value.range.file)) {
        extended_values_.push_back({it->second, static_cast<int32_t>(values.size()), value.range});
      }
      values.push_back(value.text);
    }
  }
}

void Checker::DeclareSchemes() {
  for (const ast::Scheme& s : ast_.schemes) {
    if (auto it = schemes_.find(s.id.text); it != schemes_.end()) {
      ReportDuplicate("scheme", s.id, out_.schemes[it->second].range);
      continue;
    }
    // Built whole rather than field by field: GCC 12 warns (falsely) about the latter.
    Scheme out{.id = s.id.text,
               .name = s.name,
               .zh_name = s.zh_name,
               .authority = FindAuthority(s.authority),
               .partners = {},
               .level = s.level,
               .on_request = s.on_request,
               .impact = {},
               .mode = {},
               .steps = {},
               .range = s.id.range};
    for (const ast::Ident& partner : s.partners) {
      int32_t index = FindAuthority(partner);
      if (index != kNoIndex) out.partners.push_back(index);
    }
    auto check_choice = [&](const std::optional<ast::Ident>& value, diag::Kind kind,
                            const char* what, const std::vector<std::string>& allowed) {
      if (!value) return std::string();
      if (std::find(allowed.begin(), allowed.end(), value->text) != allowed.end()) {
        return value->text;
      }
      std::string suggestion = diag::ClosestName(value->text, allowed);
      sink_.Add(kind, value->range, fmt::format("unknown {} `{}`", what, value->text),
                suggestion.empty() ? "use one of " + JoinTicked(allowed)
                                   : fmt::format("did you mean `{}`?", suggestion));
      return std::string();
    };
    if (s.on_request && s.level == ast::Level::Mandatory) {
      sink_.Add(diag::Kind::MandatoryOnRequest, s.level_range,
                fmt::format("scheme `{}` is declared `mandatory on request`: a mandatory scheme "
                            "is not the applicant's choice",
                            s.id.text),
                "write `voluntary on request` for a mark the applicant chooses, or drop "
                "`on request`");
    }
    out.impact = check_choice(s.impact, diag::Kind::UnknownImpact, "impact", kImpacts);
    out.mode = check_choice(s.mode, diag::Kind::UnknownMode, "management mode", kModes);
    CheckSteps(s, out);
    schemes_[s.id.text] = static_cast<int32_t>(out_.schemes.size());
    out_.schemes.push_back(std::move(out));
  }
  scheme_required_.assign(out_.schemes.size(), false);
}

// A step's kind must be one of the written kinds, and its text must say where it is stated:
// a report tells an engineer what to do, so an uncited step would be advice without a source.
void Checker::CheckSteps(const ast::Scheme& scheme, Scheme& out) {
  static const std::vector<std::string> kKinds = [] {
    std::vector<std::string> kinds;
    for (bytecode::StepKind kind : bytecode::kStepKinds) {
      kinds.emplace_back(bytecode::StepKindKeyword(kind));
    }
    return kinds;
  }();
  for (const ast::SchemeStep& step : scheme.steps) {
    auto kind = std::find(kKinds.begin(), kKinds.end(), step.kind.text);
    if (kind == kKinds.end()) {
      std::string suggestion = diag::ClosestName(step.kind.text, kKinds);
      sink_.Add(diag::Kind::UnknownStepKind, step.kind.range,
                fmt::format("unknown step `{}` in scheme `{}`", step.kind.text, scheme.id.text),
                suggestion.empty() ? "use one of " + JoinTicked(kKinds)
                                   : fmt::format("did you mean `{}`?", suggestion));
      continue;
    }
    if (!step.source || step.source->empty()) {
      sink_.Add(
          diag::Kind::StepWithoutSource, step.range,
          fmt::format("`{}` step of scheme `{}` has no `source`", step.kind.text, scheme.id.text),
          "add `source \"...\"` naming the announcement, rule or standard that states it");
      continue;
    }
    out.steps.push_back(
        {bytecode::kStepKinds[kind - kKinds.begin()], step.text, step.zh_text, *step.source});
  }
}

Type Checker::ResolveType(const ast::TypeRef& ref, const std::string& owner) {
  Type type;
  switch (ref.kind) {
    case ast::TypeRef::Kind::Bool:
      type.kind = Type::Kind::Bool;
      break;
    case ast::TypeRef::Kind::Number:
      type.kind = Type::Kind::Number;
      if (ref.unit) type.unit = ref.unit->text;
      break;
    case ast::TypeRef::Kind::String:
      type.kind = Type::Kind::String;
      break;
    case ast::TypeRef::Kind::Named: {
      auto it = enums_.find(ref.name.text);
      if (it == enums_.end()) {
        if (InDroppedStatement(ref.name.text)) return type;
        std::string suggestion = diag::ClosestName(ref.name.text, Keys(enums_));
        sink_.Add(diag::Kind::UnknownType, ref.name.range,
                  fmt::format("unknown type `{}`", ref.name.text),
                  suggestion.empty()
                      ? "use `bool`, `number`, `string`, `enum { ... }`, `set of ...` or "
                        "declare `enum " +
                            ref.name.text + " { ... }`"
                      : fmt::format("did you mean `{}`?", suggestion));
        return type;
      }
      type.kind = Type::Kind::Enum;
      type.enum_index = it->second;
      break;
    }
    case ast::TypeRef::Kind::InlineEnum: {
      Enum e{owner, {}};
      std::set<std::string> seen;
      for (const ast::Ident& value : ref.values) {
        if (!seen.insert(value.text).second) {
          sink_.Add(diag::Kind::DuplicateEnumValue, value.range,
                    fmt::format("enum of `{}` lists `{}` twice", owner, value.text),
                    "remove the second one");
          continue;
        }
        e.values.push_back(value.text);
      }
      type.kind = Type::Kind::Enum;
      type.enum_index = static_cast<int32_t>(out_.enums.size());
      out_.enums.push_back(std::move(e));
      break;
    }
    case ast::TypeRef::Kind::SetOf: {
      Type element = ResolveType(ref.element.at(0), owner);
      if (element.kind == Type::Kind::Error) return type;
      if (element.kind != Type::Kind::Enum) {
        sink_.Add(diag::Kind::BadSetElement, ref.element[0].range,
                  fmt::format("a set-valued fact holds enum values, not `{}`", Name(element)),
                  "use `set of enum { ... }` or `set of SomeEnum`");
        return type;
      }
      size_t size = out_.enums[element.enum_index].values.size();
      if (size > bytecode::kMaxSetFactEnumSize) {
        sink_.Add(diag::Kind::SetFactTooLarge, ref.range,
                  fmt::format("`{}` has {} values; a set-valued fact's enum may have at most {}",
                              Name(element), size, bytecode::kMaxSetFactEnumSize),
                  "split the enum, or use a single-valued fact and named sets");
        return type;
      }
      type.kind = Type::Kind::EnumSet;
      type.enum_index = element.enum_index;
      break;
    }
  }
  return type;
}

void Checker::DeclareFacts() {
  for (const ast::Fact& f : ast_.facts) {
    if (f.id.text == "product") {
      sink_.Add(diag::Kind::ReservedName, f.id.range,
                "`product` cannot be a fact: facts files use it for the product's name",
                "choose another name, e.g. `product_kind`");
      continue;
    }
    if (values_.count(f.id.text)) {
      ReportDuplicate(value_is_set_[f.id.text] ? "set" : "fact", f.id, value_ranges_[f.id.text]);
      continue;
    }
    value_ranges_[f.id.text] = f.id.range;
    values_[f.id.text] = static_cast<int32_t>(out_.facts.size());
    value_is_set_[f.id.text] = false;
    fact_ranges_.push_back(f.id.range);
    out_.facts.push_back({f.id.text, ResolveType(f.type, f.id.text), f.doc, f.id.range});
  }
  fact_read_.assign(out_.facts.size(), false);
}

void Checker::CheckDefaults() {
  for (const ast::Fact& f : ast_.facts) {
    if (!f.default_value.valid()) continue;
    auto it = values_.find(f.id.text);
    // A fact declared twice (reported) keeps its first declaration's default only.
    if (it == values_.end() || value_is_set_[f.id.text] ||
        fact_ranges_[it->second].begin != f.id.range.begin ||
        fact_ranges_[it->second].file != f.id.range.file) {
      continue;
    }
    if (out_.facts[it->second].type.kind == Type::Kind::Error) continue;
    if (CheckConstant(it->second, f.id, f.default_value, /*is_default=*/true)) {
      out_.defaults.push_back({it->second, f.default_value});
    }
  }
  std::sort(out_.defaults.begin(), out_.defaults.end(),
            [](const Given& a, const Given& b) { return a.fact < b.fact; });
}

void Checker::DeclareSets() {
  for (const ast::ValueSet& s : ast_.sets) {
    if (values_.count(s.id.text)) {
      ReportDuplicate(value_is_set_[s.id.text] ? "set" : "fact", s.id, value_ranges_[s.id.text]);
      continue;
    }
    value_ranges_[s.id.text] = s.id.range;
    Type element = ResolveType(s.element_type, s.id.text);
    if (element.kind != Type::Kind::Enum && element.kind != Type::Kind::String &&
        element.kind != Type::Kind::Error) {
      sink_.Add(diag::Kind::BadSetElement, s.element_type.range,
                fmt::format("a named set holds enum values or strings, not `{}`", Name(element)),
                "declare it as `set NAME: SomeEnum = { ... }`");
      element.kind = Type::Kind::Error;
    }
    int32_t index = MakeSet(s.id.text, element, s.elements);
    values_[s.id.text] = index;
    value_is_set_[s.id.text] = true;
  }
}

int32_t Checker::MakeSet(std::string name, Type element, const std::vector<ast::ExprId>& elements) {
  ValueSet set{std::move(name), element, {}, {}};
  for (ast::ExprId id : elements) {
    Type type = element.kind == Type::Kind::Error ? CheckExpr(id) : CheckExpr(id, element);
    const ast::Expr& expr = ast_.expr(id);
    if (type.kind == Type::Kind::Error || element.kind == Type::Kind::Error) continue;
    bool fits = element.kind == Type::Kind::String
                    ? expr.kind == ast::ExprKind::String
                    : out_.exprs[id.index].reference.kind == Reference::Kind::EnumValue &&
                          type.enum_index == element.enum_index;
    if (!fits) {
      sink_.Add(diag::Kind::BadSetElement, expr.range,
                fmt::format(
                    "a set of `{}` can only hold {}", Name(element),
                    element.kind == Type::Kind::String ? "string literals" : "values of that enum"),
                "list constant values, not facts or expressions");
      continue;
    }
    if (element.kind == Type::Kind::String) {
      set.string_members.push_back(expr.text);
    } else {
      set.enum_members.push_back(out_.exprs[id.index].reference.value);
    }
  }
  std::sort(set.enum_members.begin(), set.enum_members.end());
  set.enum_members.erase(std::unique(set.enum_members.begin(), set.enum_members.end()),
                         set.enum_members.end());
  std::sort(set.string_members.begin(), set.string_members.end());
  set.string_members.erase(std::unique(set.string_members.begin(), set.string_members.end()),
                           set.string_members.end());
  out_.sets.push_back(std::move(set));
  return static_cast<int32_t>(out_.sets.size() - 1);
}

void Checker::DeclareEntries() {
  std::map<std::pair<int32_t, int32_t>, Entry> merged;
  // Where each value's English and Chinese name were first given.
  std::map<std::pair<int32_t, int32_t>, diag::SourceRange> named, zh_named;
  for (const ast::Entry& e : ast_.entries) {
    auto type = enums_.find(e.enum_type.text);
    if (type == enums_.end()) {
      std::string suggestion = diag::ClosestName(e.enum_type.text, Keys(enums_));
      sink_.Add(diag::Kind::UnknownType, e.enum_type.range,
                fmt::format("unknown enum `{}`", e.enum_type.text),
                suggestion.empty() ? "an entry describes a value of a declared enum"
                                   : fmt::format("did you mean `{}`?", suggestion));
      continue;
    }
    const std::vector<std::string>& values = out_.enums[type->second].values;
    auto at = std::find(values.begin(), values.end(), e.value.text);
    if (at == values.end()) {
      std::string suggestion = diag::ClosestName(e.value.text, values);
      sink_.Add(diag::Kind::UnknownEnumValue, e.value.range,
                fmt::format("`{}` is not a value of `{}`", e.value.text, e.enum_type.text),
                suggestion.empty() ? fmt::format("add it to `enum {}` first", e.enum_type.text)
                                   : fmt::format("did you mean `{}`?", suggestion));
      continue;
    }
    auto key = std::pair(type->second, static_cast<int32_t>(at - values.begin()));
    Entry& entry = merged[key];
    entry.enum_index = key.first;
    entry.value = key.second;
    auto name_once = [&](const std::optional<std::string>& given, std::string& into,
                         std::map<std::pair<int32_t, int32_t>, diag::SourceRange>& first,
                         const char* what) {
      if (!given) return;
      if (auto seen = first.find(key); seen != first.end()) {
        sink_.Add({diag::Kind::EntryNamedTwice,
                   e.value.range,
                   fmt::format("`{}` is given a{} name twice", e.value.text, what),
                   "give each name in one entry; other entries add only `aka` and `code`",
                   {{seen->second, "first named here"}}});
        return;
      }
      first[key] = e.value.range;
      into = *given;
    };
    name_once(e.name, entry.name, named, "n English");
    name_once(e.zh_name, entry.zh_name, zh_named, " Chinese");
    for (const std::string& aka : e.akas) {
      if (std::find(entry.akas.begin(), entry.akas.end(), aka) == entry.akas.end()) {
        entry.akas.push_back(aka);
      }
    }
    for (const ast::EntryCode& c : e.codes) {
      int32_t scheme = FindScheme(c.scheme);
      if (scheme == kNoIndex) continue;
      CatalogueCode code{scheme, c.code};
      if (std::find(entry.codes.begin(), entry.codes.end(), code) != entry.codes.end()) {
        sink_.Add(
            diag::Kind::DuplicateCode, c.range,
            fmt::format("`{}` already has {} code \"{}\"", e.value.text, c.scheme.text, c.code),
            "remove the repeated `code`");
        continue;
      }
      entry.codes.push_back(std::move(code));
    }
  }
  for (auto& [key, entry] : merged) {
    for (const CatalogueCode& code : entry.codes) entry_codes_.insert({code.scheme, code.code});
    out_.entries.push_back(std::move(entry));
  }
}

void Checker::WarnUnusedFacts() {
  for (size_t i = 0; i < out_.facts.size(); ++i) {
    if (fact_read_[i] || options_.is_library_file(fact_ranges_[i].file) ||
        InDroppedStatement(out_.facts[i].name)) {
      continue;
    }
    sink_.Add(diag::Kind::UnusedFact, fact_ranges_[i],
              fmt::format("fact `{}` is read by no rule", out_.facts[i].name),
              "use it in a rule's condition, or remove it");
  }
}

bool Checker::InDroppedStatement(const std::string& name) const {
  return dropped_any_name_ || dropped_names_.count(name) > 0;
}

}  // namespace ccr::check::internal
