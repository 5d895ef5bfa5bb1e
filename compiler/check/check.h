// Check: resolves every name of an ast::Module against its declarations, gives every
// expression a type, and reports every problem it can find (not just the first) as
// diagnostics. The result, a CheckedModule, is what lowering turns into bytecode; it is
// meaningful only when the sink has no errors.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/source.h"
#include "compiler/syntax/ast.h"
#include "runtime/base/date.h"
#include "runtime/bytecode/module.h"

namespace ccr::check {

inline constexpr int32_t kNoIndex = -1;
// What an action or expectation without `for` is about, where that is not the product alone:
// the scheme's overall status (`expect`), every obligation of the scheme (`exempt`).
inline constexpr int32_t kOverall = -2;

struct Type {
  enum class Kind : uint8_t { Error, Bool, Number, String, Enum, EnumSet, ValueSet };
  Kind kind = Kind::Error;
  int32_t enum_index = kNoIndex;  // Enum, EnumSet, and ValueSet of enums
  std::string unit;               // Number: declared or literal unit, "" if none
  bool string_elements = false;   // ValueSet of strings
};

// What a Name (or Known) expression refers to.
struct Reference {
  enum class Kind : uint8_t { None, Fact, EnumValue, Set };
  Kind kind = Kind::None;
  int32_t index = kNoIndex;  // fact index, enum index, or set index
  int32_t value = kNoIndex;  // EnumValue: value index within the enum
};

struct ExprInfo {
  Type type;
  Reference reference;
  int32_t literal_set = kNoIndex;  // SetLiteral: index of the anonymous set made for it
};

struct Authority {
  std::string id, name, zh_name;
  int32_t parent = kNoIndex;
};

// One line of a scheme's "what to do next" block, its kind resolved.
struct SchemeStep {
  bytecode::StepKind kind = bytecode::StepKind::Route;
  std::string text, zh_text, source;
};

struct Scheme {
  std::string id, name, zh_name;
  int32_t authority = kNoIndex;
  std::vector<int32_t> partners;
  ast::Level level = ast::Level::Mandatory;
  bool on_request = false;  // `voluntary on request`: chosen by the applicant
  std::string impact, mode;
  std::vector<SchemeStep> steps;
  diag::SourceRange range;
};

// `component ID "name" zh "名"`: a part an obligation can attach to.
struct Component {
  std::string id, name, zh_name;
};

struct Enum {
  std::string name;  // inline enums are named after their fact
  std::vector<std::string> values;
};

struct Fact {
  std::string name;
  Type type;  // Bool, Number (with unit), String, Enum or EnumSet
  std::string doc;
  diag::SourceRange range;  // the fact's name where it is declared
};

// A named set, or the anonymous set of a `{ ... }` literal (empty name).
struct ValueSet {
  std::string name;
  Type element;                             // Enum or String
  std::vector<int32_t> enum_members;        // sorted, unique
  std::vector<std::string> string_members;  // sorted, unique
};

struct CatalogueCode {
  int32_t scheme = kNoIndex;
  std::string code;
  friend bool operator==(const CatalogueCode&, const CatalogueCode&) = default;
};

// The `entry` declarations of one enum value, merged.
struct Entry {
  int32_t enum_index = kNoIndex;
  int32_t value = kNoIndex;
  std::string name, zh_name;  // "" if not given
  std::vector<std::string> akas;
  std::vector<CatalogueCode> codes;
};

struct Location {
  std::string file;
  uint32_t line = 0, column = 0;
};

struct Action {
  ast::Action::Kind kind = ast::Action::Kind::Require;
  int32_t scheme = kNoIndex;
  // kNoIndex: the product itself; kOverall (an `exempt` without `for`): every obligation of
  // the scheme, the product's and its components'.
  int32_t component = kNoIndex;
  ast::Level level = ast::Level::Mandatory;
};

struct Rule {
  std::string name;
  ast::ExprId condition;
  std::vector<Action> actions;
  std::optional<std::string> because, source;
  std::optional<Date> from, until;
  Location location;
  // Fact indices the condition reads (names and `known`), ascending, each once: the lowering
  // gives them to bytecode::Rule::reads in this order.
  std::vector<int32_t> reads;
  std::vector<CatalogueCode> rows;
  bytecode::AssessmentRoute assessment = bytecode::AssessmentRoute::None;
};

// A constraint, checked: broken by a product whose stated facts make `holds` false where
// `when` is true (or absent).
struct Constraint {
  std::string name;
  ast::ExprId when;  // invalid when absent
  ast::ExprId holds;
  std::string because;
  std::optional<std::string> source;
  Location location;
  // Fact indices read by `when` and `holds` together, ascending, each once.
  std::vector<int32_t> reads;
};

// A fact's constant value: given by a test, or a fact's declared default.
struct Given {
  int32_t fact = kNoIndex;
  ast::ExprId value;
};

struct Expectation {
  int32_t scheme = kNoIndex;
  int32_t component = kOverall;  // kOverall, kNoIndex (the product itself) or a component
  ast::Outcome outcome = ast::Outcome::RequiredAny;
  Location location;
};

struct Test {
  std::string name;
  Location location;
  std::optional<Date> as_of;
  std::vector<Given> given;
  std::vector<Expectation> expectations;
  std::vector<int32_t> violations;  // constraint indices the given facts must break
};

// An input layout, checked: every column resolved to a fact (or the product id), units turned
// into a scale, synonyms into value indices (0/1 for a bool).
struct LayoutSynonym {
  std::string text;
  int32_t value = kNoIndex;
};

struct LayoutColumn {
  std::string header;
  int32_t fact = kNoIndex;  // kNoIndex: the product's id
  double scale = 1;
  std::optional<std::string> separator;
  std::vector<LayoutSynonym> synonyms;
};

struct Layout {
  std::string name;
  std::vector<LayoutColumn> columns;
  std::vector<std::string> ignored;
};

struct CheckedModule {
  const ast::Module* ast = nullptr;
  std::vector<Authority> authorities;
  std::vector<Scheme> schemes;
  std::vector<Component> components;
  std::vector<Enum> enums;
  std::vector<Fact> facts;
  std::vector<ValueSet> sets;
  std::vector<Rule> rules;
  std::vector<Constraint> constraints;
  std::vector<Test> tests;
  std::vector<Entry> entries;  // sorted by (enum_index, value), one per described value
  std::vector<Layout> layouts;
  std::vector<Given> defaults;  // the facts' declared defaults, by ascending fact
  std::vector<ExprInfo> exprs;  // side table indexed by ExprId
};

struct CheckOptions {
  // Returns whether a file belongs to the standard library: its facts are not reported as
  // unused (a rule file uses a few of the vocabulary's many facts).
  std::function<bool(diag::FileId)> is_library_file = [](diag::FileId) { return false; };
};

// Checks `module` (whose ranges refer to `sources`). Never throws; problems go to `sink`.
CheckedModule Check(const ast::Module& module, const diag::SourceManager& sources,
                    diag::DiagnosticSink& sink, const CheckOptions& options = {});

// Returns a deterministic, readable dump of the checked module (`ccrc compile --dump=checked`).
std::string Dump(const CheckedModule& module);

// Returns the factor that turns a number in unit `given` into unit `declared` when they differ
// by an SI prefix (`kV` -> `V`: 1000, `mm` -> `m`: 0.001, `MHz` -> `kHz`: 1000), 1 when they
// are equal, or nullopt when they are not the same quantity.
std::optional<double> UnitScale(const std::string& given, const std::string& declared);

// Returns a type as the user writes it: `bool`, `number in V`, `Category`, `set of RadioTech`.
std::string TypeName(const CheckedModule& module, const Type& type);

}  // namespace ccr::check
