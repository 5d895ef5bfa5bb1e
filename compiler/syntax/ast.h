// The abstract syntax tree: our own types with source ranges, free of ANTLR. The parser builds
// one Module for all files of a compilation (stdlib first, then the user's files in order);
// the checker reads it and writes its findings into side tables keyed by ExprId.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"

namespace ccr::ast {

using diag::FileId;
using diag::SourceRange;

struct ExprId {
  int32_t index = -1;
  bool valid() const { return index >= 0; }
};

struct Ident {
  std::string text;
  SourceRange range;
};

enum class Level : uint8_t { Mandatory, Voluntary };

enum class CompareOp : uint8_t { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };

// Returns the operator as written: `<`, `<=`, `>`, `>=`, `==`, `!=`.
inline const char* OperatorText(CompareOp op) {
  switch (op) {
    case CompareOp::Less:
      return "<";
    case CompareOp::LessEqual:
      return "<=";
    case CompareOp::Greater:
      return ">";
    case CompareOp::GreaterEqual:
      return ">=";
    case CompareOp::Equal:
      return "==";
    case CompareOp::NotEqual:
      return "!=";
  }
  return "?";
}

enum class ExprKind : uint8_t {
  Name,        // `emits_radio`, `laptop`, `ccc_catalogue`: resolved by the checker
  Number,      // `36`, `36 V`
  String,      // `"text"`
  Bool,        // `true`, `false`
  SetLiteral,  // `{ wifi, bluetooth }`
  Known,       // `known(fact)`
  Not,
  And,
  Or,
  Compare,
  In,
};

struct Expr {
  ExprKind kind = ExprKind::Name;
  SourceRange range;
  Ident name;                       // Name, Known
  double number = 0;                // Number
  std::optional<Ident> unit;        // Number
  std::string text;                 // String (unescaped)
  bool boolean = false;             // Bool
  CompareOp op = CompareOp::Equal;  // Compare
  ExprId lhs, rhs;                  // Not (lhs), And, Or, Compare, In
  std::vector<ExprId> elements;     // SetLiteral
};

struct Import {
  std::string path;
  SourceRange range;
};

struct Authority {
  Ident id;
  std::string name;
  std::string zh_name;
  std::optional<Ident> parent;
  SourceRange range;
};

// One line of a scheme's "what to do next" block: `route "..." zh "..." source "..."`. The
// kind is an identifier so the checker can name a misspelt one (`route`, `marking`, `body`).
struct SchemeStep {
  Ident kind;
  std::string text;
  std::string zh_text;
  std::optional<std::string> source;
  SourceRange range;
};

struct Scheme {
  Ident id;
  std::string name;
  std::string zh_name;
  Ident authority;
  std::vector<Ident> partners;
  Level level = Level::Mandatory;
  // `on request`: the applicant chooses the mark; where no rule decides it, it is available.
  bool on_request = false;
  SourceRange level_range;  // the level and `on request`, as written
  std::optional<Ident> impact;
  std::optional<Ident> mode;
  std::vector<SchemeStep> steps;
  SourceRange range;
};

// `component supplied_adapter "Supplied power adapter" zh "随附电源适配器"`: a part of the
// product an obligation can attach to (`require CCC for supplied_adapter`).
struct Component {
  Ident id;
  std::string name;
  std::string zh_name;
  SourceRange range;
};

struct Enum {
  Ident id;
  std::vector<Ident> values;
  SourceRange range;
  // `extend enum X { ... }`: adds values to an enum declared elsewhere (a company's product
  // lines, without copying the standard library).
  bool extension = false;
};

struct TypeRef {
  enum class Kind : uint8_t { Bool, Number, String, Named, InlineEnum, SetOf };
  Kind kind = Kind::Bool;
  std::optional<Ident> unit;     // Number
  Ident name;                    // Named
  std::vector<Ident> values;     // InlineEnum
  std::vector<TypeRef> element;  // SetOf: exactly one element type
  SourceRange range;
};

struct Fact {
  Ident id;
  TypeRef type;
  std::string doc;
  // `default VALUE`: what a product that does not state the fact is assumed to have; invalid
  // when the fact has no default (unknown until stated).
  ExprId default_value;
  SourceRange range;
};

struct ValueSet {
  Ident id;
  TypeRef element_type;
  std::vector<ExprId> elements;
  SourceRange range;
};

// `entry VALUE: ENUM "name" zh "名" aka "a", "b" code SCHEME "0701"`: names and catalogue
// codes of one enum value. A value may have several entries (one per catalogue file); the
// checker merges them.
struct EntryCode {
  Ident scheme;
  std::string code;
  SourceRange range;
};

struct Entry {
  Ident value;
  Ident enum_type;
  std::optional<std::string> name, zh_name;
  std::vector<std::string> akas;
  std::vector<EntryCode> codes;
  SourceRange range;
};

struct Action {
  enum class Kind : uint8_t { Require, Exempt };
  Kind kind = Kind::Require;
  Ident scheme;
  // `for COMPONENT`; absent (or `for product`): the product itself.
  std::optional<Ident> component;
  std::optional<Ident> authority;
  std::optional<Level> level;
  SourceRange level_range;
  SourceRange range;
};

struct DateLiteral {
  std::string text;
  SourceRange range;
};

struct Rule {
  Ident name;  // short-form rules get `<file stem>_<line>`
  bool short_form = false;
  ExprId condition;
  std::vector<Action> actions;
  std::optional<std::string> because;
  std::optional<std::string> source;
  std::optional<DateLiteral> from;
  std::optional<DateLiteral> until;
  std::vector<EntryCode> rows;      // `row SCHEME "0701", "0702"`: one per code
  std::optional<Ident> assessment;  // `assessment certification`
  SourceRange range;                // the whole rule
  SourceRange head_range;           // `rule name` or `if`: where diagnostics about the rule point
};

// `constraint NAME { when C holds H because "..." source "..." }`: stated facts that must agree.
// Broken when C is true (or absent) and H is false; unknown facts never break one.
struct Constraint {
  Ident name;
  ExprId when;   // invalid when absent: the constraint always applies
  ExprId holds;  // invalid only after a syntax error (the builder reports it)
  std::optional<std::string> because;
  std::optional<std::string> source;
  SourceRange range;
  SourceRange head_range;  // `constraint name`
};

struct Given {
  Ident fact;
  ExprId value;
  SourceRange range;
};

enum class Outcome : uint8_t {
  RequiredAny,
  RequiredMandatory,
  RequiredVoluntary,
  NotRequired,
  Undetermined,
  Exempt,
  Available,
};

struct Expectation {
  Ident scheme;
  // `expect X for COMPONENT ...`: that obligation alone (`for product`: the product itself);
  // absent: the scheme's overall status.
  std::optional<Ident> component;
  Outcome outcome = Outcome::RequiredAny;
  SourceRange range;
};

struct Test {
  std::string name;
  std::vector<Given> given;
  std::optional<DateLiteral> as_of;
  std::vector<Expectation> expectations;
  std::vector<Ident> violations;  // `expect violation NAME`: constraints the given facts break
  SourceRange range;
};

// A statement with a syntax error, left out of the module. It may have declared or used any
// name in it, so the checker reports none of them as unknown or unused (that would be an
// echo of the syntax error).
struct DroppedStatement {
  SourceRange range;
  std::vector<std::string> names;
  // A failed `import`, or one whose file cannot be read: any name may be declared there.
  bool may_declare_anything = false;
};

// One synonym line of a layout column: `"Y" | "yes" -> true`.
struct Synonym {
  std::vector<std::string> texts;
  std::vector<SourceRange> text_ranges;
  Ident value;           // an enum value's name, or `true` / `false`
  bool boolean = false;  // the value is `true` or `false`
  SourceRange range;
};

// `column "Rated voltage (kV)" -> rated_voltage_v in kV separated by "|" { ... }`.
struct LayoutColumn {
  std::string header;
  SourceRange header_range;
  Ident target;  // a fact, or `product` for the product's id
  std::optional<Ident> unit;
  std::optional<std::string> separator;
  SourceRange separator_range;
  std::vector<Synonym> synonyms;
  SourceRange range;
};

// `layout NAME { column ... ignore ... }`: how a catalogue's columns or keys map to facts.
struct Layout {
  Ident id;
  std::vector<LayoutColumn> columns;
  std::vector<std::string> ignored;
  std::vector<SourceRange> ignored_ranges;
  SourceRange range;
};

// All declarations of one compilation, in source order within each kind.
struct Module {
  std::vector<Expr> exprs;  // indexed by ExprId
  std::vector<Import> imports;
  std::vector<Authority> authorities;
  std::vector<Scheme> schemes;
  std::vector<Component> components;
  std::vector<Enum> enums;
  std::vector<Fact> facts;
  std::vector<ValueSet> sets;
  std::vector<Entry> entries;
  std::vector<Rule> rules;
  std::vector<Constraint> constraints;
  std::vector<Test> tests;
  std::vector<DroppedStatement> dropped;
  std::vector<Layout> layouts;

  const Expr& expr(ExprId id) const { return exprs.at(id.index); }
  ExprId AddExpr(Expr expr) {
    exprs.push_back(std::move(expr));
    return ExprId{static_cast<int32_t>(exprs.size() - 1)};
  }
};

}  // namespace ccr::ast
