// What each identifier of a document names, and where each name is declared. Built from the
// AST (which has every declaration with its range, stdlib included) and, where the checker
// ran, its resolved references; without them a name is looked up in the declarations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/check/check.h"
#include "compiler/syntax/ast.h"

namespace ccr::lsp {

// CatalogueCode: a code string of an `entry` (`code CCC "0717"`) or of a rule's `row`.
enum class SymbolKind { Authority, Scheme, Component, Enum, EnumValue, Fact, Set, CatalogueCode };

struct Symbol {
  SymbolKind kind = SymbolKind::Fact;
  std::string name;  // CatalogueCode: the code as written (`0717`)
  // EnumValue: its enum (an inline enum is named after its fact); CatalogueCode: the scheme
  // whose catalogue has the code; "" for the other kinds.
  std::string owner;
};

struct Occurrence {
  diag::SourceRange range;
  Symbol symbol;
};

// Returns every identifier of `file` that names a declaration, in no particular order.
// `checked` may be null (the checker did not run).
std::vector<Occurrence> Occurrences(const ast::Module& module, const check::CheckedModule* checked,
                                    diag::FileId file);

// Returns the occurrence at byte `offset` of `file` (an identifier's end counts, so the cursor
// just after a name finds it), or nullopt.
std::optional<Occurrence> OccurrenceAt(const ast::Module& module,
                                       const check::CheckedModule* checked, diag::FileId file,
                                       uint32_t offset);

// Returns the range of the identifier that declares `symbol`, or nullopt.
std::optional<diag::SourceRange> DeclarationOf(const ast::Module& module, const Symbol& symbol);

// Returns Markdown describing `symbol`: a fact's type and doc, a scheme's names, authority,
// level and what to do next (route, marking, bodies, with sources), a component's names, an
// authority's names, an enum's values, a set's members; an enum value's catalogue entries (names,
// codes, and per code the rules stating the row's scope, route, dates and source), and the
// same for a catalogue code. Text from rule files is escaped, so it shows as written.
std::string HoverText(const ast::Module& module, const Symbol& symbol);

// Returns a type as written: `bool`, `number in V`, `Category`, `enum { a, b }`, `set of X`.
std::string TypeText(const ast::TypeRef& type);

}  // namespace ccr::lsp
