// The binder's lookup tables and scratch state, shared by the JSON binder (facts.cpp) and the
// table binder (cells.cpp).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/name_index.h"
#include "runtime/bytecode/module.h"
#include "runtime/facts/facts.h"

namespace ccr::facts::internal {

// Name lookups for one module, built once by a Binder and shared by its copies. Keys are
// views into the module's string table, so the module must outlive the tables.
struct BindTables {
  const bytecode::Module* module = nullptr;
  NameIndex fact_by_name;
  // Per enum: value name -> value index.
  std::vector<NameIndex> enum_values;
  // String text -> index of its first occurrence in the string table.
  NameIndex string_index;
  // With an input layout: its columns (Product or Fact, with scale, separator, synonyms) and
  // their headers -> index; headers -> anything (the ignored ones map to an Ignored column).
  std::vector<Column> layout_columns;
  NameIndex layout_by_header;
};

// Per-Binder mutable state, reused between products.
struct BindScratch {
  simdjson::dom::parser parser;
  simdjson::ondemand::parser on_demand;  // the fast path's (internal/on_demand.h)
  std::vector<char> padded;              // the line and simdjson's padding, for On-Demand
  std::vector<uint8_t> seen;             // per fact: already given in this object
};

// `layout` is a layout index, or kNone.
std::shared_ptr<const BindTables> BuildTables(const bytecode::Module& module, uint32_t layout);

// Returns the column a key or header maps to: the layout's, else `product`, a fact of that
// exact name, or an Undeclared column.
Column ColumnFor(const BindTables& tables, std::string_view header);

// Binds one text cell (or JSON string) of `column` into `product`; appends problems to
// `errors`, each naming `where`, the column's header and the fact.
void BindCell(const BindTables& tables, const Column& column, std::string_view cell,
              std::string_view where, Product& product, std::vector<std::string>& errors);

// Quotes `text` for a message: inert, a quote or backslash escaped, shortened past 40
// characters.
std::string Quote(std::string_view text);

// Returns what follows ``has no value `x` `` in a message: `; did you mean `laptop`?`, or
// `; expected one of `a`, `b`, ...` when no value is close.
std::string EnumCandidates(const bytecode::Module& module, uint32_t enum_index,
                           std::string_view name);

}  // namespace ccr::facts::internal
