// Rules and tests: conditions, requirements against scheme declarations, effective dates,
// and in-language tests' facts and expectations.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/check/internal/checker.h"
#include "runtime/bytecode/module.h"

namespace ccr::check::internal {

Location Checker::LocationOf(diag::SourceRange range) const {
  if (!range.file.valid()) return {};
  const diag::SourceFile& file = sources_.Get(range.file);
  diag::LineColumn at = file.Position(range.begin);
  return {file.path(), at.line, at.column};
}

int32_t Checker::FindScheme(const ast::Ident& name) {
  if (auto it = schemes_.find(name.text); it != schemes_.end()) return it->second;
  if (InDroppedStatement(name.text)) return kNoIndex;
  std::string suggestion = diag::ClosestName(name.text, Keys(schemes_));
  sink_.Add(diag::Kind::UnknownScheme, name.range, fmt::format("unknown scheme `{}`", name.text),
            suggestion.empty()
                ? fmt::format("declare it with `scheme {} \"full name\" by AUTHORITY mandatory`",
                              name.text)
                : fmt::format("did you mean `{}`?", suggestion));
  return kNoIndex;
}

std::optional<int32_t> Checker::FindComponent(const ast::Ident& name) {
  if (name.text == "product") return kNoIndex;
  if (auto it = components_.find(name.text); it != components_.end()) return it->second;
  if (InDroppedStatement(name.text)) return std::nullopt;
  std::vector<std::string> names = Keys(components_);
  names.push_back("product");
  std::string suggestion = diag::ClosestName(name.text, names);
  sink_.Add(diag::Kind::UnknownComponent, name.range,
            fmt::format("unknown component `{}`", name.text),
            suggestion.empty()
                ? fmt::format("declare it with `component {} \"full name\"`, or write `for "
                              "product` for the product itself",
                              name.text)
                : fmt::format("did you mean `{}`?", suggestion));
  return std::nullopt;
}

std::optional<Date> Checker::CheckDate(const ast::DateLiteral& date) {
  std::optional<Date> parsed = ParseDate(date.text);
  if (!parsed) {
    sink_.Add(diag::Kind::MalformedDate, date.range,
              fmt::format("`{}` is not a calendar date", date.text),
              "write dates as YYYY-MM-DD with a real month and day, e.g. `2024-08-01`");
  }
  return parsed;
}

void Checker::CheckRules() {
  std::map<std::string, diag::SourceRange> names;
  for (const ast::Rule& r : ast_.rules) {
    // Built whole rather than field by field: GCC 12 warns (falsely) about the latter.
    Rule rule{.name = r.name.text,
              .condition = r.condition,
              .actions = {},
              .because = r.because,
              .source = r.source,
              .from = std::nullopt,
              .until = std::nullopt,
              .location = LocationOf(r.head_range),
              .reads = {},
              .rows = {},
              .assessment = bytecode::AssessmentRoute::None};
    if (!r.short_form) {
      if (auto it = names.find(r.name.text); it != names.end()) {
        ReportDuplicate("rule", r.name, it->second);
      } else {
        names[r.name.text] = r.name.range;
      }
    }

    if (r.condition.valid()) {
      Type type = CheckExpr(r.condition);
      RequireBool(r.condition, type, "a rule's condition");
      if (type.kind == Type::Kind::Bool) {
        if (std::optional<bool> constant = Fold(r.condition)) {
          sink_.Add(diag::Kind::ConstantCondition, ast_.expr(r.condition).range,
                    fmt::format("this condition is always {}, whatever the product",
                                *constant ? "true" : "false"),
                    *constant ? "the rule applies to every product; is a fact missing?"
                              : "the rule never applies; remove it or fix the condition");
        }
      }
      std::set<int32_t> reads;
      CollectReads(r.condition, reads);
      rule.reads.assign(reads.begin(), reads.end());
      if (reads.size() > bytecode::kMaxReadsPerRule) {
        sink_.Add(diag::Kind::TooManyReads, r.head_range,
                  fmt::format("rule `{}` reads {} facts; a rule may read at most {}", r.name.text,
                              reads.size(), bytecode::kMaxReadsPerRule),
                  "split it into several rules");
      }
    }

    for (const ast::Action& a : r.actions) {
      Action action;
      action.kind = a.kind;
      action.scheme = FindScheme(a.scheme);
      if (action.scheme == kNoIndex) {
        if (a.authority) FindAuthority(*a.authority);
        continue;
      }
      // An `exempt` without `for` exempts the whole product, its components included (an
      // R&D sample is exempt with the adapter shipped with it); `for product` only the product
      // itself. A `require` without `for` is the product's own obligation.
      if (a.kind == ast::Action::Kind::Exempt && !a.component) action.component = kOverall;
      if (a.component) {
        std::optional<int32_t> component = FindComponent(*a.component);
        if (!component) continue;
        action.component = *component;
      }
      const Scheme& scheme = out_.schemes[action.scheme];
      // The level belongs to the rule; the scheme's declared level is the default.
      action.level = a.level.value_or(scheme.level);
      if (a.kind == ast::Action::Kind::Require) {
        scheme_required_[action.scheme] = true;
        if (a.authority) {
          int32_t authority = FindAuthority(*a.authority);
          bool allowed = false;
          // The administering authority, its parents (SAMR over CNCA), or a partner.
          for (int32_t at = scheme.authority; at != kNoIndex && !allowed;
               at = out_.authorities[at].parent) {
            allowed = at == authority;
          }
          for (int32_t partner : scheme.partners) allowed = allowed || partner == authority;
          if (authority != kNoIndex && !allowed) {
            std::string administers =
                scheme.authority == kNoIndex ? "?" : out_.authorities[scheme.authority].id;
            std::string help = fmt::format("write `by {}`", administers);
            if (!scheme.partners.empty()) {
              help += " or a partner:";
              for (int32_t partner : scheme.partners) {
                help += " `" + out_.authorities[partner].id + "`";
              }
            }
            sink_.Add({diag::Kind::WrongAuthority,
                       a.authority->range,
                       fmt::format("`{}` does not administer `{}`; `{}` does", a.authority->text,
                                   scheme.id, administers),
                       help,
                       {{scheme.range, fmt::format("`{}` is declared here", scheme.id)}}});
          }
        }
        // A voluntary scheme may be a duty for some products (commercial cryptography under
        // Cryptography Law Art. 26); a mandatory one is never optional, and a mark the
        // applicant chooses is never a duty.
        if (a.level == ast::Level::Voluntary && scheme.level == ast::Level::Mandatory) {
          sink_.Add({diag::Kind::WrongLevel,
                     a.level_range,
                     fmt::format("`{}` is declared mandatory, so it cannot be required voluntary",
                                 scheme.id),
                     "write `mandatory` (or leave the level out), or change the scheme's "
                     "declaration",
                     {{scheme.range, fmt::format("`{}` is declared here", scheme.id)}}});
        } else if (a.level == ast::Level::Mandatory && scheme.on_request) {
          sink_.Add({diag::Kind::MandatoryChosenMark,
                     a.level_range,
                     fmt::format("`{}` is a mark the applicant chooses (`on request`), so no rule "
                                 "can require it mandatory",
                                 scheme.id),
                     "write `voluntary` (or leave the level out); if a law makes it a duty, the "
                     "scheme is not `on request`",
                     {{scheme.range, fmt::format("`{}` is declared here", scheme.id)}}});
        }
      }
      rule.actions.push_back(action);
    }

    for (const ast::EntryCode& row : r.rows) {
      int32_t scheme = FindScheme(row.scheme);
      if (scheme == kNoIndex) continue;
      if (!entry_codes_.count({scheme, row.code})) {
        std::vector<std::string> codes;
        for (const auto& [code_scheme, code] : entry_codes_) {
          if (code_scheme == scheme) codes.push_back(code);
        }
        std::string suggestion = diag::ClosestName(row.code, codes);
        sink_.Add(diag::Kind::UnknownRow, row.range,
                  fmt::format("no entry has {} code \"{}\"", row.scheme.text, row.code),
                  suggestion.empty() ? fmt::format("declare it: `entry VALUE: ENUM code {} \"{}\"`",
                                                   row.scheme.text, row.code)
                                     : fmt::format("did you mean \"{}\"?", suggestion));
        continue;
      }
      bool requires_it = false;
      for (const Action& action : rule.actions) {
        requires_it =
            requires_it || (action.scheme == scheme && action.kind == ast::Action::Kind::Require);
      }
      if (!requires_it) {
        sink_.Add(diag::Kind::RowWithoutRequire, row.range,
                  fmt::format("rule `{}` states a {} row but does not require {}", r.name.text,
                              row.scheme.text, row.scheme.text),
                  fmt::format("add `require {}`, or remove the `row`", row.scheme.text));
        continue;
      }
      CatalogueCode code{scheme, row.code};
      if (std::find(rule.rows.begin(), rule.rows.end(), code) == rule.rows.end()) {
        rule.rows.push_back(std::move(code));
      }
    }
    if (r.assessment) {
      rule.assessment = bytecode::AssessmentFromKeyword(r.assessment->text);
      if (rule.assessment == bytecode::AssessmentRoute::None) {
        const std::vector<std::string>& routes = bytecode::AssessmentKeywords();
        std::string suggestion = diag::ClosestName(r.assessment->text, routes);
        std::string all;
        for (const std::string& route : routes) all += (all.empty() ? "`" : ", `") + route + "`";
        sink_.Add(diag::Kind::UnknownAssessment, r.assessment->range,
                  fmt::format("unknown assessment route `{}`", r.assessment->text),
                  suggestion.empty() ? "use one of " + all
                                     : fmt::format("did you mean `{}`?", suggestion));
      }
    }

    // A rule that cites the law making a scheme mandatory must say since when that law
    // applies, so that `--as-of` in the past is honest (a rule without dates is in force on
    // every day). Rules that only exempt narrow other rules, whose dates already bound them;
    // voluntary schemes follow the market, not a day in force.
    bool requires_mandatory = false;
    for (const Action& action : rule.actions) {
      requires_mandatory = requires_mandatory || (action.kind == ast::Action::Kind::Require &&
                                                  action.level == ast::Level::Mandatory);
    }
    if (!r.short_form && r.source && !r.from && requires_mandatory &&
        !options_.is_library_file(r.head_range.file)) {
      sink_.Add(
          diag::Kind::MissingEffectiveFrom, r.head_range,
          fmt::format("rule `{}` cites a source but not the day it came into force", r.name.text),
          "add `effective from YYYY-MM-DD` (and `until` if it has been repealed)");
    }
    if (r.from) rule.from = CheckDate(*r.from);
    if (r.until) rule.until = CheckDate(*r.until);
    if (rule.from && rule.until && *rule.until <= *rule.from) {
      sink_.Add(diag::Kind::EmptyDateRange, r.until->range,
                fmt::format("rule `{}` is in force from {} until {}: never", r.name.text,
                            r.from->text, r.until->text),
                "`until` is the first day the rule no longer applies; it must come after "
                "`from`");
    }
    WarnNewFactsUnderLibrarySchemes(r, rule);
    out_.rules.push_back(std::move(rule));
  }
}

// A company's rule that requires a scheme of the standard library on a fact of its own: every
// product that does not state the new fact (every catalogue exported before it existed) may
// now get that scheme undetermined. A default, or stating the fact everywhere, avoids it.
void Checker::WarnNewFactsUnderLibrarySchemes(const ast::Rule& r, const Rule& rule) {
  if (options_.is_library_file(r.head_range.file)) return;
  auto has_default = [&](int32_t fact) {
    return std::any_of(out_.defaults.begin(), out_.defaults.end(),
                       [&](const Given& d) { return d.fact == fact; });
  };
  const Fact* new_fact = nullptr;
  for (int32_t fact : rule.reads) {
    const Fact& f = out_.facts[fact];
    if (!options_.is_library_file(f.range.file) && !has_default(fact)) {
      new_fact = &f;
      break;
    }
  }
  if (new_fact == nullptr) return;
  for (const Action& action : rule.actions) {
    if (action.kind != ast::Action::Kind::Require || action.scheme == kNoIndex) continue;
    const Scheme& scheme = out_.schemes[action.scheme];
    if (!options_.is_library_file(scheme.range.file)) continue;
    sink_.Add({diag::Kind::NewFactWithoutDefault,
               r.head_range,
               fmt::format("this rule makes `{}` of the standard library depend on `{}`, which has "
                           "no default: a product that does not state it may get `{}` "
                           "undetermined",
                           scheme.id, new_fact->name, scheme.id),
               fmt::format("give it a default (`fact {}: ... default VALUE`), which reports "
                           "show as an assumption, or state it for every product",
                           new_fact->name),
               {{new_fact->range, fmt::format("`{}` is declared here", new_fact->name)}}});
    return;
  }
}

// A value a company adds with `extend enum` is in none of the standard library's sets, so no
// shipped rule ever decides anything for it: a product line added and then forgotten would get
// no catalogue scheme, silently. A rule decides the value when its condition names it: as a
// value (`== v`, `!= v`, `v in set_fact`) or as a member of a set it tests (`in { v }`,
// `in named_set`). Excluding the value (`!= v`) counts: the rule's author has considered it.
void Checker::WarnUndecidedEnumValues() {
  if (extended_values_.empty()) return;
  std::set<std::pair<int32_t, int32_t>> named;  // (enum, value)
  auto add_set = [&](int32_t set) {
    const ValueSet& values = out_.sets[set];
    if (values.element.kind != Type::Kind::Enum) return;
    for (int32_t member : values.enum_members) named.insert({values.element.enum_index, member});
  };
  auto collect = [&](auto& self, ast::ExprId id) -> void {
    const ExprInfo& info = out_.exprs[id.index];
    if (info.reference.kind == Reference::Kind::EnumValue) {
      named.insert({info.reference.index, info.reference.value});
    }
    if (info.reference.kind == Reference::Kind::Set) add_set(info.reference.index);
    if (info.literal_set != kNoIndex) add_set(info.literal_set);
    const ast::Expr& expr = ast_.expr(id);
    if (expr.lhs.valid()) self(self, expr.lhs);
    if (expr.rhs.valid()) self(self, expr.rhs);
  };
  for (const Rule& rule : out_.rules) {
    if (rule.condition.valid()) collect(collect, rule.condition);
  }
  for (const ExtendedValue& extended : extended_values_) {
    if (named.count({extended.enum_index, extended.value})) continue;
    const Enum& e = out_.enums[extended.enum_index];
    const std::string& value = e.values[extended.value];
    if (InDroppedStatement(value)) continue;
    // The help shows a condition on a fact of the enum, where one is declared.
    std::string condition = fmt::format("... == {}", value);
    for (const Fact& fact : out_.facts) {
      if (fact.type.enum_index != extended.enum_index) continue;
      if (fact.type.kind == Type::Kind::Enum) {
        condition = fmt::format("{} == {}", fact.name, value);
        break;
      }
      if (fact.type.kind == Type::Kind::EnumSet) {
        condition = fmt::format("{} in {}", value, fact.name);
        break;
      }
    }
    sink_.Add(diag::Kind::UndecidedEnumValue, extended.range,
              fmt::format("`{}` is added to `{}` here, but no rule's condition names it: no "
                          "scheme is required or exempted because a product has it",
                          value, e.name),
              fmt::format("write a rule `when {}` that requires the schemes such a product "
                          "needs (for a product type, with its catalogue `row`) or exempts it, "
                          "saying why in `because`; until then it gets no catalogue scheme",
                          condition));
  }
}

bool Checker::CheckConstant(int32_t fact, const ast::Ident& name, ast::ExprId value_id,
                            bool is_default) {
  const Type& declared = out_.facts[fact].type;
  const ast::Expr& value = ast_.expr(value_id);
  if (declared.kind == Type::Kind::EnumSet && value.kind == ast::ExprKind::SetLiteral) {
    Type element = declared;
    element.kind = Type::Kind::Enum;
    bool fits = true;
    for (ast::ExprId e : value.elements) {
      if (CheckExpr(e, element).kind == Type::Kind::Error) {
        fits = false;
      } else if (out_.exprs[e.index].reference.kind != Reference::Kind::EnumValue) {
        sink_.Add(
            diag::Kind::BadSetElement, ast_.expr(e).range,
            is_default ? "a default's set holds enum values" : "a test's set holds enum values",
            "list values of the fact's enum");
        fits = false;
      }
    }
    return fits;
  }
  bool fits = false;
  if (value.kind != ast::ExprKind::SetLiteral) {
    Type type = CheckExpr(value_id, declared);
    if (type.kind == Type::Kind::Error) return false;
    bool literal = value.kind == ast::ExprKind::Number || value.kind == ast::ExprKind::String ||
                   value.kind == ast::ExprKind::Bool ||
                   out_.exprs[value_id.index].reference.kind == Reference::Kind::EnumValue;
    if (!literal) {
      sink_.Add(
          diag::Kind::TypeMismatch, value.range,
          is_default
              ? fmt::format("the default of `{}` must be a constant, not an expression", name.text)
              : fmt::format("a test gives `{}` a constant, not an expression", name.text),
          "write a literal value");
      return false;
    }
    fits = type.kind == declared.kind && type.enum_index == declared.enum_index;
    if (fits && type.kind == Type::Kind::Number && !type.unit.empty() &&
        type.unit != declared.unit) {
      sink_.Add(diag::Kind::UnitMismatch, value.range,
                fmt::format("`{}` is declared `{}`, but this value is in `{}`", name.text,
                            Name(declared), type.unit),
                "write the value in the fact's declared unit");
      return false;
    }
  }
  if (!fits) {
    sink_.Add(
        diag::Kind::TypeMismatch, value.range,
        fmt::format("`{}` is declared `{}`; this value does not fit", name.text, Name(declared)),
        declared.kind == Type::Kind::EnumSet ? "write a set: `{ a, b }`"
                                             : "write a value of the declared type");
    return false;
  }
  return true;
}

void Checker::CheckConstraints() {
  std::map<std::string, diag::SourceRange> names;
  for (const ast::Constraint& c : ast_.constraints) {
    Constraint constraint{.name = c.name.text,
                          .when = c.when,
                          .holds = c.holds,
                          .because = c.because.value_or(""),
                          .source = c.source,
                          .location = LocationOf(c.head_range),
                          .reads = {}};
    if (auto it = names.find(c.name.text); it != names.end()) {
      ReportDuplicate("constraint", c.name, it->second);
    } else {
      names[c.name.text] = c.name.range;
      constraints_[c.name.text] = static_cast<int32_t>(out_.constraints.size());
    }
    std::set<int32_t> reads;
    bool typed = true;
    for (ast::ExprId condition : {c.when, c.holds}) {
      if (!condition.valid()) continue;
      Type type = CheckExpr(condition);
      RequireBool(condition, type, "a constraint's condition");
      typed = typed && type.kind == Type::Kind::Bool;
      CollectReads(condition, reads);
    }
    constraint.reads.assign(reads.begin(), reads.end());
    if (reads.size() > bytecode::kMaxReadsPerRule) {
      sink_.Add(diag::Kind::TooManyReads, c.head_range,
                fmt::format("constraint `{}` reads {} facts; a constraint may read at most {}",
                            c.name.text, reads.size(), bytecode::kMaxReadsPerRule),
                "split it into several constraints");
    }
    // Every product that `when` applies to would break it: with no `when` (or one always
    // true), every product would be an error. `when A holds false` is the way to forbid A.
    if (typed && c.holds.valid() && (!c.when.valid() || FoldTri(c.when) == bytecode::Tri::True) &&
        FoldTri(c.holds) == bytecode::Tri::False) {
      sink_.Add(
          diag::Kind::ConstraintNeverHolds, ast_.expr(c.holds).range,
          fmt::format("constraint `{}` can never hold: every product would break it", c.name.text),
          "fix the condition, or add `when CONDITION` naming the facts it forbids");
    }
    out_.constraints.push_back(std::move(constraint));
  }
}

void Checker::CheckTests() {
  for (const ast::Test& t : ast_.tests) {
    Test test;
    test.name = t.name;
    test.location = LocationOf(t.range);
    if (t.as_of) test.as_of = CheckDate(*t.as_of);

    std::map<int32_t, diag::SourceRange> given_facts;
    for (const ast::Given& g : t.given) {
      auto it = values_.find(g.fact.text);
      if (it == values_.end() || value_is_set_[g.fact.text]) {
        if (InDroppedStatement(g.fact.text)) continue;
        std::vector<std::string> facts;
        for (const Fact& f : out_.facts) facts.push_back(f.name);
        std::string suggestion = diag::ClosestName(g.fact.text, facts);
        sink_.Add(diag::Kind::UnknownFact, g.fact.range,
                  fmt::format("unknown fact `{}`", g.fact.text),
                  suggestion.empty() ? "a test can only give declared facts"
                                     : fmt::format("did you mean `{}`?", suggestion));
        continue;
      }
      int32_t fact = it->second;
      if (auto seen = given_facts.find(fact); seen != given_facts.end()) {
        sink_.Add({diag::Kind::DuplicateGiven,
                   g.range,
                   fmt::format("test gives `{}` twice", g.fact.text),
                   "keep one",
                   {{seen->second, "first given here"}}});
        continue;
      }
      given_facts[fact] = g.range;

      if (CheckConstant(fact, g.fact, g.value, /*is_default=*/false))
        test.given.push_back({fact, g.value});
    }

    for (const ast::Ident& name : t.violations) {
      auto it = constraints_.find(name.text);
      if (it != constraints_.end()) {
        test.violations.push_back(it->second);
        continue;
      }
      if (InDroppedStatement(name.text)) continue;
      std::string suggestion = diag::ClosestName(name.text, Keys(constraints_));
      sink_.Add(diag::Kind::UnknownConstraint, name.range,
                fmt::format("unknown constraint `{}`", name.text),
                suggestion.empty() ? "declare it with `constraint NAME { holds ... because ... }`"
                                   : fmt::format("did you mean `{}`?", suggestion));
    }
    if (t.expectations.empty() && t.violations.empty()) {
      sink_.Add(diag::Kind::TestWithoutExpect, t.range,
                fmt::format("test \"{}\" expects nothing, so it can never fail", t.name),
                "add `expect SCHEME required` (or `not required`, `undetermined`, `exempt`)");
    }
    std::map<std::pair<int32_t, int32_t>, diag::SourceRange> expected;
    for (const ast::Expectation& e : t.expectations) {
      int32_t scheme = FindScheme(e.scheme);
      if (scheme == kNoIndex) continue;
      int32_t component = kOverall;
      if (e.component) {
        std::optional<int32_t> found = FindComponent(*e.component);
        if (!found) continue;
        component = *found;
      }
      if (auto seen = expected.find({scheme, component}); seen != expected.end()) {
        sink_.Add({diag::Kind::DuplicateExpect,
                   e.range,
                   e.component ? fmt::format("test expects `{}` for `{}` twice", e.scheme.text,
                                             e.component->text)
                               : fmt::format("test expects `{}` twice", e.scheme.text),
                   "keep one",
                   {{seen->second, "first expected here"}}});
        continue;
      }
      expected[{scheme, component}] = e.range;
      if (e.outcome == ast::Outcome::Available && !out_.schemes[scheme].on_request) {
        sink_.Add(
            {diag::Kind::AvailableNotOnRequest,
             e.range,
             fmt::format("`{}` is not declared `on request`, so it is never available; it "
                         "is required, undetermined, exempt or not required",
                         e.scheme.text),
             "expect `undetermined` (or one of the others), or declare the scheme "
             "`voluntary on request` if the applicant chooses it",
             {{out_.schemes[scheme].range, fmt::format("`{}` is declared here", e.scheme.text)}}});
      }
      if (e.outcome != ast::Outcome::NotRequired && !scheme_required_[scheme] &&
          !InDroppedStatement(e.scheme.text)) {
        sink_.Add(
            diag::Kind::SchemeWithoutRules, e.scheme.range,
            fmt::format("no rule requires `{}`, so this expectation cannot hold", e.scheme.text),
            "add a rule that requires it, or expect `not required`");
      }
      test.expectations.push_back({scheme, component, e.outcome, LocationOf(e.range)});
    }
    out_.tests.push_back(std::move(test));
  }
}

}  // namespace ccr::check::internal
