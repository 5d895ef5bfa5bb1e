// The catalogue listing of a compiled bundle: every enum value that an `entry` describes, with
// its names, catalogue codes, and for each code the rules that state that row's scope (their
// dates, conformity-assessment route, reasons, citations and deciding facts). `ccr catalog`
// prints it; lookups by code, English or Chinese name and the did-you-mean suggestions of the
// facts binder and `ccr ask` rank values the same way (FindValue, RankValues).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/module.h"

namespace ccr::catalog {

// A rule that states (part of) a row's scope.
struct RowRule {
  std::string name;
  std::string because, source;  // "" when the rule has none
  std::optional<Date> from, until;
  bool in_force = false;           // on the listing's date
  std::string assessment;          // route keyword, "" when the rule states none
  std::string assessment_text;     // the route's description
  std::vector<std::string> reads;  // the facts the rule's condition reads: the deciding facts
};

struct Row {
  std::string scheme;  // `CCC`
  std::string code;    // `0717`
  std::vector<RowRule> rules;
  bool in_force = false;  // some rule of the row is in force on the listing's date
};

struct Item {
  std::string enum_name;  // `Category`
  std::string value;      // `electric_kettle`: what a facts file states
  std::string name, zh_name;
  std::vector<std::string> akas;
  std::vector<Row> rows;
};

struct Listing {
  Date as_of;
  std::vector<Item> items;  // in (enum, value) order
};

// Returns a row as people write it: `CCC 0717`; a code that already starts with its scheme's
// name (`CEL 001`) is not prefixed twice. The docs (`ccrc doc`) and the LSP label rows so too.
std::string CodeLabel(std::string_view scheme, std::string_view code);

// Builds the listing of `module` (which must have passed bytecode::Verify) as of `as_of`.
Listing List(const bytecode::Module& module, Date as_of);

// Returns the indices of the items `query` names, best first: an exact code (`0717`, `CEL 001`),
// an exact value, English or Chinese name or aka, then names containing the query's words,
// then close spellings. Case, spaces, `-` and `_` do not matter. Empty if nothing is close.
std::vector<size_t> Lookup(const Listing& listing, std::string_view query);

// Returns the value of enum `enum_index` that `word` names exactly (value, English or Chinese
// name, aka or catalogue code, compared as in Lookup), or nullopt.
std::optional<uint32_t> FindValue(const bytecode::Module& module, uint32_t enum_index,
                                  std::string_view word);

// Returns up to `max` values of enum `enum_index` close to `word`, best first, ranked as
// Lookup ranks items: synonyms and shared words before spelling, so `kettle` suggests
// `electric_kettle` and `electric_kettle` never suggests `electric_drill`.
std::vector<uint32_t> RankValues(const bytecode::Module& module, uint32_t enum_index,
                                 std::string_view word, size_t max);

// Returns "`electric_kettle` (Electric kettle, 电水壶, CCC 0717)": a value as suggestions name it.
std::string DescribeValue(const bytecode::Module& module, uint32_t enum_index, uint32_t value);

// How many rows of one scheme's catalogue the in-language tests reach: a test reaches a row
// when it gives an enum fact a value that carries the row's code and expects that scheme.
struct RowTestCount {
  std::string scheme;
  size_t rows = 0;          // distinct codes of the scheme over all entries
  size_t tested = 0;        // rows some test reaches
  size_t required = 0;      // rows with a test expecting `required` (any level)
  size_t not_required = 0;  // rows with a test expecting `not required`
  size_t undetermined = 0;  // rows with a test expecting `undetermined`
};

// Returns one count per scheme that has codes, in scheme order.
std::vector<RowTestCount> CountRowTests(const bytecode::Module& module);

// The listing as text (one block per item) and as JSON (docs/cli.md, `ccr catalog`).
std::string RenderText(const Listing& listing, const std::vector<size_t>& items);
std::string RenderJson(const Listing& listing, const std::vector<size_t>& items);

}  // namespace ccr::catalog
