// The in-memory form of a compiled rule bundle (a .ccrb file). The compiler's lowering
// produces a Module; Write turns it into bytes, Read turns bytes back into a Module, and only
// Verify turns a Module into a VerifiedProgram, the one thing the VM accepts.
//
// Every cross-reference is an index into one of the tables below; `kNone` marks an absent
// optional reference. Names and texts live once in `strings`.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/instructions.h"

namespace ccr::bytecode {

inline constexpr uint32_t kNone = 0xFFFFFFFFu;

// Largest number of distinct facts one rule may read: unknown-fact tracking uses one bit
// of a 64-bit mask per read.
inline constexpr uint32_t kMaxReadsPerRule = 64;
// Largest enum usable as the element type of a set-valued fact (a 64-bit set).
inline constexpr uint32_t kMaxSetFactEnumSize = 64;

enum class Level : uint8_t { Mandatory = 0, Voluntary = 1 };

// A catalogue row's conformity-assessment route (`assessment ROUTE`), from
// assessment_routes.def; None when the rule states none.
enum class AssessmentRoute : uint8_t {
  None = 0,
#define ASSESSMENT(name, value, keyword, description, zh_description) name = value,
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
};

// Returns the route's keyword (`self_declaration_a`), or an empty view for None or a byte that
// is not a route (an unverified module may hold one).
std::string_view AssessmentKeyword(AssessmentRoute route);
// Returns the route's description for reports, or an empty view as above.
std::string_view AssessmentDescription(AssessmentRoute route);
// Returns the same in Chinese, or an empty view as above.
std::string_view AssessmentZhDescription(AssessmentRoute route);
// Returns the route named `keyword`, or None.
AssessmentRoute AssessmentFromKeyword(std::string_view keyword);
// Returns every route's keyword, in value order.
const std::vector<std::string>& AssessmentKeywords();

// What a line of a scheme's "what to do next" block describes, from step_kinds.def.
enum class StepKind : uint8_t {
#define STEP_KIND(name, value, keyword, json_key) name = value,
#include "runtime/bytecode/step_kinds.def"
#undef STEP_KIND
};
inline constexpr StepKind kStepKinds[] = {
#define STEP_KIND(name, value, keyword, json_key) StepKind::name,
#include "runtime/bytecode/step_kinds.def"
#undef STEP_KIND
};

// Returns the kind's keyword (`route`, `marking`, `body`), or an empty view for a byte that is
// not a step kind (an unverified module may hold one).
std::string_view StepKindKeyword(StepKind kind);
// Returns the kind's member name in a JSON report's `next` (`route`, `marking`, `bodies`).
std::string_view StepKindJsonKey(StepKind kind);

enum class TypeKind : uint8_t { Bool = 0, Number = 1, String = 2, Enum = 3, EnumSet = 4 };

struct Type {
  TypeKind kind = TypeKind::Bool;
  uint32_t enum_index = kNone;  // for Enum and EnumSet: the element enum
  friend bool operator==(const Type&, const Type&) = default;
};

struct Authority {
  uint32_t id = kNone;       // string: `CNCA`
  uint32_t name = kNone;     // string: English name
  uint32_t zh_name = kNone;  // string or kNone: Chinese name
  uint32_t parent = kNone;   // authority index or kNone
};

struct Scheme {
  uint32_t id = kNone;             // string: `CCC`
  uint32_t name = kNone;           // string: full name
  uint32_t zh_name = kNone;        // string or kNone
  uint32_t authority = kNone;      // authority index
  std::vector<uint32_t> partners;  // authority indices
  Level level = Level::Mandatory;
  uint32_t impact = kNone;  // string or kNone: `market_access`
  uint32_t mode = kNone;    // string or kNone: `joint`
  // `voluntary on request`: the applicant chooses the mark, so the scheme is never
  // undetermined: it is available where no rule decides it (vm.h). Only voluntary schemes.
  bool on_request = false;
};

// `component ID "name" zh "名"`: a part of the product an obligation can attach to (the
// adapter supplied with it, its built-in cells).
struct Component {
  uint32_t id = kNone;       // string: `supplied_adapter`
  uint32_t name = kNone;     // string: English name
  uint32_t zh_name = kNone;  // string or kNone: Chinese name
};

struct Enum {
  uint32_t name = kNone;         // string
  std::vector<uint32_t> values;  // strings, in declaration order
};

struct Fact {
  uint32_t name = kNone;  // string
  Type type;
  uint32_t unit = kNone;  // string or kNone (numbers only)
  uint32_t doc = kNone;   // string or kNone
};

// A constant set: a named catalogue or an inline `{a, b}` literal (name kNone).
struct ValueSet {
  uint32_t name = kNone;
  Type element;                   // Enum or String
  std::vector<uint32_t> members;  // enum value indices or string indices, sorted, unique
};

// A catalogue code of an entry or a rule's row: `code CCC "0701"`.
struct CatalogueCode {
  uint32_t scheme = kNone;  // scheme index
  uint32_t code = kNone;    // string: `0701`, `CEL 001`
  friend bool operator==(const CatalogueCode&, const CatalogueCode&) = default;
};

// What an enum value is called and where catalogues list it (`entry` declarations, merged per
// value). At most one Entry per value.
struct Entry {
  uint32_t enum_index = kNone;
  uint32_t value = kNone;      // value index within the enum
  uint32_t name = kNone;       // string or kNone: English name
  uint32_t zh_name = kNone;    // string or kNone: Chinese name
  std::vector<uint32_t> akas;  // strings: other names people use
  std::vector<CatalogueCode> codes;
};

// One line of a scheme's "what to do next" block: what to do once the scheme is required,
// with where that is stated. Reports show them for every required scheme.
struct SchemeStep {
  uint32_t scheme = kNone;  // scheme index
  StepKind kind = StepKind::Route;
  uint32_t text = kNone;     // string: what to do, in English
  uint32_t zh_text = kNone;  // string or kNone: the same in Chinese
  uint32_t source = kNone;   // string: where it is stated (the checker requires one)
};

struct SourceLocation {
  uint32_t file = kNone;  // string: path as given to the compiler
  uint32_t line = 0;      // 1-based
  uint32_t column = 0;    // 1-based, in characters
};

enum class ActionKind : uint8_t { Require = 0, Exempt = 1 };

// A component operand that is not an index: the product itself, as opposed to its components
// (`exempt X for product`, `expect X for product`).
inline constexpr uint32_t kProductItself = 0xFFFFFFFEu;

struct Action {
  ActionKind kind = ActionKind::Require;
  uint32_t scheme = kNone;         // scheme index
  Level level = Level::Mandatory;  // for Require
  // What the obligation attaches to: a component index; kNone: for Require the product itself,
  // for Exempt every obligation of the scheme (the product's and its components');
  // kProductItself (Exempt only): the product itself alone.
  uint32_t component = kNone;
};

struct Rule {
  uint32_t name = kNone;     // string
  uint32_t because = kNone;  // string or kNone
  uint32_t source = kNone;   // string or kNone: legal citation
  SourceLocation location;
  bool has_from = false;
  Date from;  // in force from this day (inclusive)
  bool has_until = false;
  Date until;                   // in force until this day (exclusive)
  std::vector<uint32_t> reads;  // fact indices read by the condition, each once
  uint32_t code_offset = 0;     // into Module::code
  uint32_t code_size = 0;
  std::vector<Action> actions;
  std::vector<CatalogueCode> rows;  // the catalogue rows whose scope this rule states
  AssessmentRoute assessment = AssessmentRoute::None;
};

// `constraint NAME { when C holds H because "..." }`: stated facts that must agree. The code
// computes `not C or H`; a product for which it is false (never unknown) breaks the
// constraint and is an error instead of a report (vm/constraints.h). Its code range lies in
// Module::code beside the rules', disjoint from every other range.
struct Constraint {
  uint32_t name = kNone;     // string
  uint32_t because = kNone;  // string: what a product breaking it is told
  uint32_t source = kNone;   // string or kNone
  SourceLocation location;
  std::vector<uint32_t> reads;  // fact indices read by the code, each once
  uint32_t code_offset = 0;     // into Module::code
  uint32_t code_size = 0;
};

// A fact value stated in an in-language test.
struct Literal {
  uint32_t fact = kNone;
  TypeKind kind = TypeKind::Bool;  // equals the fact's type kind
  bool boolean = false;
  double number = 0;
  uint32_t index = kNone;         // String: string index; Enum: value index
  std::vector<uint32_t> members;  // EnumSet: value indices, sorted, unique
};

enum class Outcome : uint8_t {
  RequiredAny = 0,
  RequiredMandatory = 1,
  RequiredVoluntary = 2,
  NotRequired = 3,
  Undetermined = 4,
  Exempt = 5,
  Available = 6,
};

// Returns an outcome as written after `expect` ("required mandatory", "not required", ...),
// or an empty view for a value that is not an outcome (an unverified module may hold one).
std::string_view OutcomeText(Outcome outcome);

struct Expectation {
  uint32_t scheme = kNone;
  // A component index; kProductItself: the product's own obligation; kNone (no `for`): the
  // scheme's overall status.
  uint32_t component = kNone;
  Outcome outcome = Outcome::RequiredAny;
  SourceLocation location;
};

struct Test {
  uint32_t name = kNone;  // string
  SourceLocation location;
  bool has_as_of = false;
  Date as_of;
  std::vector<Literal> given;
  std::vector<Expectation> expectations;
  std::vector<uint32_t> violations;  // constraint indices the given facts must break, ascending
};

// A text of a catalogue cell (or JSON string) that stands for a value: `Notebook` -> laptop.
struct Synonym {
  uint32_t text = kNone;   // string
  uint32_t value = kNone;  // enum value index of the column's fact, or 0/1 for a bool fact
};

// One column (CSV) or key (JSONL) of an input layout.
struct LayoutColumn {
  uint32_t header = kNone;     // string: the column's header or the key, as written
  uint32_t fact = kNone;       // fact index, or kNone: the column is the product's id
  double scale = 1;            // numbers: cell * scale is in the fact's unit (kV -> V: 1000)
  uint32_t separator = kNone;  // string or kNone; set-valued facts only
  std::vector<Synonym> synonyms;
};

// `layout NAME { ... }`: how a catalogue's columns or keys map to facts (docs/report.md).
struct Layout {
  uint32_t name = kNone;  // string
  std::vector<LayoutColumn> columns;
  std::vector<uint32_t> ignored;  // strings: columns that are not facts, without a warning
};

struct Module {
  std::vector<std::string> strings;
  std::vector<double> numbers;
  std::vector<Authority> authorities;
  std::vector<Scheme> schemes;
  std::vector<Enum> enums;
  std::vector<Fact> facts;
  std::vector<ValueSet> sets;
  std::vector<Rule> rules;
  std::vector<uint8_t> code;
  std::vector<Test> tests;
  std::vector<Entry> entries;  // sorted by (enum_index, value), unique
  std::vector<Layout> layouts;
  std::vector<SchemeStep> steps;  // grouped by ascending scheme, declaration order within
  // The declared defaults (`fact x: T default V`): one literal per such fact, ascending fact.
  // A product that does not state the fact is assumed to have it (facts::ApplyDefaults).
  std::vector<Literal> defaults;
  std::vector<Component> components;
  std::vector<Constraint> constraints;
};

// Returns the steps of `scheme` in declaration order; `module.steps` must be grouped by
// ascending scheme (Verify checks that).
std::span<const SchemeStep> StepsOf(const Module& module, uint32_t scheme);

// Returns the code of `rule`, a rule of `module`; its range must lie in the code section
// (Verify checks that).
inline std::span<const uint8_t> CodeOf(const Module& module, const Rule& rule) {
  return std::span<const uint8_t>(module.code).subspan(rule.code_offset, rule.code_size);
}

// The same for a constraint.
inline std::span<const uint8_t> CodeOf(const Module& module, const Constraint& constraint) {
  return std::span<const uint8_t>(module.code)
      .subspan(constraint.code_offset, constraint.code_size);
}

}  // namespace ccr::bytecode
