#include "compiler/syntax/internal/ast_builder.h"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

namespace ccr::syntax::internal {

using P = ccr_antlr::CcrParser;

namespace {

ast::Level LevelOf(antlr4::Token* token) {
  return token->getType() == P::MANDATORY ? ast::Level::Mandatory : ast::Level::Voluntary;
}

}  // namespace

diag::SourceRange AstBuilder::Range(antlr4::Token* token) const {
  size_t start = token->getStartIndex(), stop = token->getStopIndex();
  size_t last = byte_offsets_.size() - 1;
  start = std::min(start, last);
  stop = std::min(stop + 1, last);
  return {file_, byte_offsets_[start], byte_offsets_[std::max(start, stop)]};
}

diag::SourceRange AstBuilder::Range(antlr4::ParserRuleContext* context) const {
  diag::SourceRange begin = Range(context->getStart());
  antlr4::Token* stop = context->getStop();
  // An empty rule (no tokens) has its stop before its start.
  if (stop == nullptr || stop->getTokenIndex() < context->getStart()->getTokenIndex()) {
    return begin;
  }
  return {file_, begin.begin, Range(stop).end};
}

ast::Ident AstBuilder::Identifier(antlr4::Token* token) const {
  return {token->getText(), Range(token)};
}

std::string AstBuilder::StringValue(antlr4::Token* token) {
  std::string raw = token->getText();
  std::string value;
  // raw includes the quotes; the lexer guarantees a backslash is followed by a character.
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] != '\\') {
      value += raw[i];
      continue;
    }
    char escaped = raw[++i];
    switch (escaped) {
      case '"':
        value += '"';
        break;
      case '\\':
        value += '\\';
        break;
      case 'n':
        value += '\n';
        break;
      case 't':
        value += '\t';
        break;
      default: {
        diag::SourceRange range = Range(token);
        sink_.Add(diag::Kind::InvalidEscape, range,
                  fmt::format("unknown escape `\\{}` in string", escaped),
                  "use `\\\"`, `\\\\`, `\\n` or `\\t`");
        value += escaped;
      }
    }
  }
  return value;
}

ast::DateLiteral AstBuilder::Date(antlr4::Token* token) const {
  return {token->getText(), Range(token)};
}

std::vector<ast::Import> AstBuilder::Build(const std::vector<P::ItemContext*>& statements) {
  std::vector<ast::Import> imports;
  for (P::ItemContext* item : statements) {
    if (auto* c = item->importDecl()) {
      ast::Import import{StringValue(c->path), Range(c)};
      imports.push_back(import);
      module_.imports.push_back(std::move(import));
    } else if (auto* c = item->authorityDecl()) {
      Authority(c);
    } else if (auto* c = item->schemeDecl()) {
      Scheme(c);
    } else if (auto* c = item->componentDecl()) {
      Component(c);
    } else if (auto* c = item->enumDecl()) {
      Enum(c);
    } else if (auto* c = item->factDecl()) {
      Fact(c);
    } else if (auto* c = item->setDecl()) {
      Set(c);
    } else if (auto* c = item->entryDecl()) {
      Entry(c);
    } else if (auto* c = item->shortRule()) {
      ShortRule(c);
    } else if (auto* c = item->ruleDecl()) {
      Rule(c);
    } else if (auto* c = item->constraintDecl()) {
      Constraint(c);
    } else if (auto* c = item->testDecl()) {
      Test(c);
    } else if (auto* c = item->layoutDecl()) {
      Layout(c);
    }
  }
  return imports;
}

void AstBuilder::Authority(P::AuthorityDeclContext* c) {
  ast::Authority authority;
  authority.id = Identifier(c->id);
  authority.name = StringValue(c->name);
  if (c->zh) authority.zh_name = StringValue(c->zh);
  if (c->parent) authority.parent = Identifier(c->parent);
  authority.range = Range(c);
  module_.authorities.push_back(std::move(authority));
}

void AstBuilder::Component(P::ComponentDeclContext* c) {
  ast::Component component;
  component.id = Identifier(c->id);
  component.name = StringValue(c->name);
  if (c->zh) component.zh_name = StringValue(c->zh);
  component.range = Range(c);
  module_.components.push_back(std::move(component));
}

void AstBuilder::Scheme(P::SchemeDeclContext* c) {
  ast::Scheme scheme;
  scheme.id = Identifier(c->id);
  scheme.name = StringValue(c->name);
  if (c->zh) scheme.zh_name = StringValue(c->zh);
  scheme.authority = Identifier(c->authority);
  for (antlr4::Token* partner : c->partners) scheme.partners.push_back(Identifier(partner));
  scheme.level = LevelOf(c->level);
  scheme.on_request = c->onRequest != nullptr;
  scheme.level_range = Range(c->level);
  if (c->onRequest) scheme.level_range.end = Range(c->REQUEST()->getSymbol()).end;
  if (c->impact) scheme.impact = Identifier(c->impact);
  if (c->management) scheme.mode = Identifier(c->management);
  for (P::SchemeStepContext* step : c->steps) {
    ast::SchemeStep out;
    out.kind = Identifier(step->kind);
    out.text = StringValue(step->text);
    if (step->zh) out.zh_text = StringValue(step->zh);
    if (step->source) out.source = StringValue(step->source);
    out.range = Range(step);
    scheme.steps.push_back(std::move(out));
  }
  scheme.range = Range(c);
  module_.schemes.push_back(std::move(scheme));
}

std::vector<ast::Ident> AstBuilder::EnumValues(P::EnumBodyContext* c) {
  std::vector<ast::Ident> values;
  for (antlr4::Token* value : c->values) values.push_back(Identifier(value));
  return values;
}

void AstBuilder::Enum(P::EnumDeclContext* c) {
  module_.enums.push_back(
      {Identifier(c->id), EnumValues(c->enumBody()), Range(c), c->extend != nullptr});
}

ast::TypeRef AstBuilder::Type(P::TypeRefContext* c) {
  ast::TypeRef type;
  type.range = Range(c);
  if (dynamic_cast<P::BoolTypeContext*>(c)) {
    type.kind = ast::TypeRef::Kind::Bool;
  } else if (auto* number = dynamic_cast<P::NumberTypeContext*>(c)) {
    type.kind = ast::TypeRef::Kind::Number;
    if (number->unit) type.unit = Identifier(number->unit);
  } else if (dynamic_cast<P::StringTypeContext*>(c)) {
    type.kind = ast::TypeRef::Kind::String;
  } else if (auto* inline_enum = dynamic_cast<P::InlineEnumTypeContext*>(c)) {
    type.kind = ast::TypeRef::Kind::InlineEnum;
    type.values = EnumValues(inline_enum->enumBody());
  } else if (auto* set = dynamic_cast<P::SetTypeContext*>(c)) {
    type.kind = ast::TypeRef::Kind::SetOf;
    type.element.push_back(Type(set->element));
  } else if (auto* named = dynamic_cast<P::NamedTypeContext*>(c)) {
    type.kind = ast::TypeRef::Kind::Named;
    type.name = Identifier(named->name);
  }
  return type;
}

void AstBuilder::Fact(P::FactDeclContext* c) {
  ast::Fact fact;
  fact.id = Identifier(c->id);
  fact.type = Type(c->type);
  if (c->doc) fact.doc = StringValue(c->doc);
  if (c->defaultValue) fact.default_value = Expr(c->defaultValue);
  fact.range = Range(c);
  module_.facts.push_back(std::move(fact));
}

ast::ExprId AstBuilder::SetLiteral(P::SetLiteralContext* c) {
  ast::Expr expr;
  expr.kind = ast::ExprKind::SetLiteral;
  expr.range = Range(c);
  for (P::ExprContext* element : c->elements) expr.elements.push_back(Expr(element));
  return module_.AddExpr(std::move(expr));
}

void AstBuilder::Set(P::SetDeclContext* c) {
  ast::ValueSet set;
  set.id = Identifier(c->id);
  set.element_type = Type(c->type);
  for (P::ExprContext* element : c->value->elements) set.elements.push_back(Expr(element));
  set.range = Range(c);
  module_.sets.push_back(std::move(set));
}

void AstBuilder::Entry(P::EntryDeclContext* c) {
  ast::Entry entry;
  entry.value = Identifier(c->value);
  entry.enum_type = Identifier(c->enumType);
  if (c->name) entry.name = StringValue(c->name);
  if (c->zh) entry.zh_name = StringValue(c->zh);
  for (P::EntryPartContext* part : c->entryPart()) {
    if (auto* aka = dynamic_cast<P::AkaPartContext*>(part)) {
      for (antlr4::Token* name : aka->names) entry.akas.push_back(StringValue(name));
    } else if (auto* code = dynamic_cast<P::CodePartContext*>(part)) {
      entry.codes.push_back({Identifier(code->scheme), StringValue(code->code), Range(part)});
    }
  }
  entry.range = Range(c);
  module_.entries.push_back(std::move(entry));
}

ast::Action AstBuilder::Action(P::ActionContext* c) {
  ast::Action action;
  action.range = Range(c);
  if (auto* require = dynamic_cast<P::RequireActionContext*>(c)) {
    action.kind = ast::Action::Kind::Require;
    action.scheme = Identifier(require->scheme);
    if (require->component) action.component = Identifier(require->component);
    if (require->authority) action.authority = Identifier(require->authority);
    if (require->level) {
      action.level = LevelOf(require->level);
      action.level_range = Range(require->level);
    }
  } else if (auto* exempt = dynamic_cast<P::ExemptActionContext*>(c)) {
    action.kind = ast::Action::Kind::Exempt;
    action.scheme = Identifier(exempt->scheme);
    if (exempt->component) action.component = Identifier(exempt->component);
  }
  return action;
}

void AstBuilder::ShortRule(P::ShortRuleContext* c) {
  ast::Rule rule;
  rule.short_form = true;
  diag::SourceRange head = Range(c->getStart());
  // Short rules are named after their place: `my:1` for line 1 of my.ccr.
  auto line = static_cast<uint32_t>(c->getStart()->getLine());
  rule.name = {fmt::format("{}:{}", std::filesystem::path(path_).stem().string(), line), head};
  rule.condition = Expr(c->condition);
  rule.actions.push_back(Action(c->action()));
  rule.range = Range(c);
  rule.head_range = head;
  module_.rules.push_back(std::move(rule));
}

void AstBuilder::Rule(P::RuleDeclContext* c) {
  ast::Rule rule;
  rule.name = Identifier(c->id);
  rule.range = Range(c);
  rule.head_range = {file_, Range(c->getStart()).begin, Range(c->id).end};
  auto duplicate = [&](antlr4::ParserRuleContext* clause, const char* what) {
    sink_.Add(diag::Kind::DuplicateClause, Range(clause),
              fmt::format("rule `{}` has more than one `{}` clause", rule.name.text, what),
              "keep one; a rule has at most one of each");
  };
  for (P::RuleClauseContext* clause : c->ruleClause()) {
    if (auto* when = dynamic_cast<P::WhenClauseContext*>(clause)) {
      if (rule.condition.valid())
        duplicate(clause, "when");
      else
        rule.condition = Expr(when->condition);
    } else if (auto* action = dynamic_cast<P::ActionClauseContext*>(clause)) {
      rule.actions.push_back(Action(action->action()));
    } else if (auto* because = dynamic_cast<P::BecauseClauseContext*>(clause)) {
      if (rule.because)
        duplicate(clause, "because");
      else
        rule.because = StringValue(because->text);
    } else if (auto* source = dynamic_cast<P::SourceClauseContext*>(clause)) {
      if (rule.source)
        duplicate(clause, "source");
      else
        rule.source = StringValue(source->text);
    } else if (auto* effective = dynamic_cast<P::EffectiveClauseContext*>(clause)) {
      if (rule.from || rule.until) {
        duplicate(clause, "effective");
        continue;
      }
      if (effective->from) rule.from = Date(effective->from);
      if (effective->until) rule.until = Date(effective->until);
      if (!effective->from && !effective->until) {
        sink_.Add(diag::Kind::SyntaxError, Range(clause),
                  "`effective` needs `from DATE`, `until DATE` or both",
                  "write e.g. `effective from 2024-08-01`");
      }
    } else if (auto* row = dynamic_cast<P::RowClauseContext*>(clause)) {
      for (antlr4::Token* code : row->codes) {
        rule.rows.push_back({Identifier(row->scheme), StringValue(code), Range(code)});
      }
    } else if (auto* assessment = dynamic_cast<P::AssessmentClauseContext*>(clause)) {
      if (rule.assessment)
        duplicate(clause, "assessment");
      else
        rule.assessment = Identifier(assessment->route);
    }
  }
  if (!rule.condition.valid()) {
    sink_.Add(diag::Kind::MissingWhen, rule.head_range,
              fmt::format("rule `{}` has no `when` condition", rule.name.text),
              "add `when CONDITION` saying when the rule applies");
  }
  if (rule.actions.empty()) {
    sink_.Add(diag::Kind::MissingAction, rule.head_range,
              fmt::format("rule `{}` requires and exempts nothing", rule.name.text),
              "add `require SCHEME by AUTHORITY mandatory` or `exempt SCHEME`");
  }
  module_.rules.push_back(std::move(rule));
}

void AstBuilder::Constraint(P::ConstraintDeclContext* c) {
  ast::Constraint constraint;
  constraint.name = Identifier(c->id);
  constraint.range = Range(c);
  constraint.head_range = {file_, Range(c->getStart()).begin, Range(c->id).end};
  auto duplicate = [&](antlr4::ParserRuleContext* clause, const char* what) {
    sink_.Add(
        diag::Kind::DuplicateClause, Range(clause),
        fmt::format("constraint `{}` has more than one `{}` clause", constraint.name.text, what),
        "keep one; a constraint has at most one of each");
  };
  for (P::ConstraintClauseContext* clause : c->constraintClause()) {
    if (auto* when = dynamic_cast<P::ConstraintWhenClauseContext*>(clause)) {
      if (constraint.when.valid())
        duplicate(clause, "when");
      else
        constraint.when = Expr(when->condition);
    } else if (auto* holds = dynamic_cast<P::HoldsClauseContext*>(clause)) {
      if (constraint.holds.valid())
        duplicate(clause, "holds");
      else
        constraint.holds = Expr(holds->condition);
    } else if (auto* because = dynamic_cast<P::ConstraintBecauseClauseContext*>(clause)) {
      if (constraint.because)
        duplicate(clause, "because");
      else
        constraint.because = StringValue(because->text);
    } else if (auto* source = dynamic_cast<P::ConstraintSourceClauseContext*>(clause)) {
      if (constraint.source)
        duplicate(clause, "source");
      else
        constraint.source = StringValue(source->text);
    }
  }
  // The `because` text is what a product breaking the constraint is told.
  if (!constraint.holds.valid() || !constraint.because) {
    sink_.Add(diag::Kind::IncompleteConstraint, constraint.head_range,
              fmt::format("constraint `{}` has no `{}`", constraint.name.text,
                          constraint.holds.valid() ? "because" : "holds"),
              constraint.holds.valid()
                  ? "add `because \"...\"`: it is what a product breaking the constraint is told"
                  : "add `holds CONDITION`: what stated facts must satisfy");
  }
  module_.constraints.push_back(std::move(constraint));
}

void AstBuilder::Test(P::TestDeclContext* c) {
  ast::Test test;
  test.name = StringValue(c->name);
  test.range = Range(c);
  for (P::TestClauseContext* clause : c->testClause()) {
    if (auto* given = dynamic_cast<P::GivenClauseContext*>(clause)) {
      for (P::GivenFactContext* fact : given->facts) {
        test.given.push_back({Identifier(fact->fact), Expr(fact->value), Range(fact)});
      }
    } else if (auto* as_of = dynamic_cast<P::AsOfClauseContext*>(clause)) {
      if (test.as_of) {
        sink_.Add(diag::Kind::DuplicateClause, Range(clause),
                  fmt::format("test \"{}\" has more than one `as of` date", test.name), "keep one");
      } else {
        test.as_of = Date(as_of->date);
      }
    } else if (auto* expect = dynamic_cast<P::ExpectClauseContext*>(clause)) {
      ast::Expectation expectation;
      expectation.scheme = Identifier(expect->scheme);
      if (expect->component) expectation.component = Identifier(expect->component);
      expectation.range = Range(clause);
      P::OutcomeContext* outcome = expect->outcome();
      if (auto* required = dynamic_cast<P::RequiredOutcomeContext*>(outcome)) {
        expectation.outcome = !required->level ? ast::Outcome::RequiredAny
                              : LevelOf(required->level) == ast::Level::Mandatory
                                  ? ast::Outcome::RequiredMandatory
                                  : ast::Outcome::RequiredVoluntary;
      } else if (dynamic_cast<P::NotRequiredOutcomeContext*>(outcome)) {
        expectation.outcome = ast::Outcome::NotRequired;
      } else if (dynamic_cast<P::UndeterminedOutcomeContext*>(outcome)) {
        expectation.outcome = ast::Outcome::Undetermined;
      } else if (dynamic_cast<P::AvailableOutcomeContext*>(outcome)) {
        expectation.outcome = ast::Outcome::Available;
      } else {
        expectation.outcome = ast::Outcome::Exempt;
      }
      test.expectations.push_back(std::move(expectation));
    } else if (auto* violation = dynamic_cast<P::ExpectViolationClauseContext*>(clause)) {
      test.violations.push_back(Identifier(violation->constraint));
    }
  }
  module_.tests.push_back(std::move(test));
}

void AstBuilder::Layout(P::LayoutDeclContext* c) {
  ast::Layout layout;
  layout.id = Identifier(c->id);
  layout.range = Range(c);
  for (P::LayoutClauseContext* clause : c->layoutClause()) {
    if (auto* ignore = dynamic_cast<P::IgnoreClauseContext*>(clause)) {
      for (antlr4::Token* header : ignore->headers) {
        layout.ignored.push_back(StringValue(header));
        layout.ignored_ranges.push_back(Range(header));
      }
      continue;
    }
    auto* column_clause = dynamic_cast<P::ColumnClauseContext*>(clause);
    ast::LayoutColumn column;
    column.header = StringValue(column_clause->header);
    column.header_range = Range(column_clause->header);
    column.target = Identifier(column_clause->target);
    if (column_clause->unit) column.unit = Identifier(column_clause->unit);
    if (column_clause->separator) {
      column.separator = StringValue(column_clause->separator);
      column.separator_range = Range(column_clause->separator);
    }
    column.range = Range(clause);
    if (P::SynonymBlockContext* block = column_clause->synonymBlock()) {
      for (P::SynonymContext* synonym : block->synonyms) {
        ast::Synonym out;
        for (antlr4::Token* text : synonym->texts) {
          out.texts.push_back(StringValue(text));
          out.text_ranges.push_back(Range(text));
        }
        P::SynonymValueContext* value = synonym->value;
        antlr4::Token* token = value->name != nullptr ? value->name : value->value;
        out.value = Identifier(token);
        out.boolean = value->name == nullptr;
        out.range = Range(synonym);
        column.synonyms.push_back(std::move(out));
      }
    }
    layout.columns.push_back(std::move(column));
  }
  module_.layouts.push_back(std::move(layout));
}

ast::ExprId AstBuilder::Expr(P::ExprContext* c) {
  ast::Expr expr;
  expr.range = Range(c);
  auto binary = [&](ast::ExprKind kind, P::ExprContext* lhs, P::ExprContext* rhs) {
    expr.kind = kind;
    expr.lhs = Expr(lhs);
    expr.rhs = Expr(rhs);
  };
  if (auto* compare = dynamic_cast<P::CompareExprContext*>(c)) {
    binary(ast::ExprKind::Compare, compare->lhs, compare->rhs);
    switch (compare->op->getType()) {
      case P::LT:
        expr.op = ast::CompareOp::Less;
        break;
      case P::LE:
        expr.op = ast::CompareOp::LessEqual;
        break;
      case P::GT:
        expr.op = ast::CompareOp::Greater;
        break;
      case P::GE:
        expr.op = ast::CompareOp::GreaterEqual;
        break;
      case P::EQ:
        expr.op = ast::CompareOp::Equal;
        break;
      default:
        expr.op = ast::CompareOp::NotEqual;
        break;
    }
  } else if (auto* in = dynamic_cast<P::InExprContext*>(c)) {
    binary(ast::ExprKind::In, in->lhs, in->rhs);
  } else if (auto* not_expr = dynamic_cast<P::NotExprContext*>(c)) {
    expr.kind = ast::ExprKind::Not;
    expr.lhs = Expr(not_expr->operand);
  } else if (auto* and_expr = dynamic_cast<P::AndExprContext*>(c)) {
    binary(ast::ExprKind::And, and_expr->lhs, and_expr->rhs);
  } else if (auto* or_expr = dynamic_cast<P::OrExprContext*>(c)) {
    binary(ast::ExprKind::Or, or_expr->lhs, or_expr->rhs);
  } else if (auto* paren = dynamic_cast<P::ParenExprContext*>(c)) {
    return Expr(paren->inner);
  } else if (auto* known = dynamic_cast<P::KnownExprContext*>(c)) {
    expr.kind = ast::ExprKind::Known;
    expr.name = Identifier(known->name);
  } else if (auto* number = dynamic_cast<P::NumberExprContext*>(c)) {
    expr.kind = ast::ExprKind::Number;
    std::string text = number->value->getText();
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), expr.number);
    if (error != std::errc() || end != text.data() + text.size()) {
      sink_.Add(diag::Kind::NumberOutOfRange, Range(number->value),
                fmt::format("number `{}` is too large to represent",
                            text.size() > 24 ? text.substr(0, 21) + "..." : text),
                "numbers must lie within about ±1.8e308; express it in a larger unit");
    }
    if (number->unit) expr.unit = Identifier(number->unit);
  } else if (auto* string = dynamic_cast<P::StringExprContext*>(c)) {
    expr.kind = ast::ExprKind::String;
    expr.text = StringValue(string->value);
  } else if (auto* boolean = dynamic_cast<P::BoolExprContext*>(c)) {
    expr.kind = ast::ExprKind::Bool;
    expr.boolean = boolean->value->getType() == P::TRUE;
  } else if (auto* set = dynamic_cast<P::SetExprContext*>(c)) {
    return SetLiteral(set->setLiteral());
  } else if (auto* name = dynamic_cast<P::NameExprContext*>(c)) {
    expr.kind = ast::ExprKind::Name;
    expr.name = Identifier(name->name);
  }
  return module_.AddExpr(std::move(expr));
}

}  // namespace ccr::syntax::internal
