// The catalogue rows of checked sources, for the generated docs: each `entry` with its codes,
// and for each code the rules that state that row's scope (`row SCHEME "0717"`). `ccr catalog`
// lists the same join from a bundle (runtime/catalog); this one reads the checker's tables,
// which keep each rule's source location for the docs' links.
#pragma once

#include <string>
#include <vector>

#include "compiler/check/check.h"

namespace ccr::doc {

struct CatalogueRow {
  const check::CatalogueCode* code = nullptr;
  std::vector<const check::Rule*> rules;  // in source order; empty: no rule states the scope
};

struct CatalogueItem {
  const check::Entry* entry = nullptr;
  std::vector<CatalogueRow> rows;  // one per code, in the entry's order
};

// Returns every entry of `m` with its rows, in the checker's (enum, value) order.
std::vector<CatalogueItem> CatalogueItems(const check::CheckedModule& m);

// `CCC 0717`, `CEL 001`: a row as people write it.
std::string RowLabel(const check::CheckedModule& m, const check::CatalogueCode& code);

// `2002-05-01 until 2022-07-01`, `from 2002-05-01`, `until 2022-07-01`, or "" (always).
std::string InForceText(const check::Rule& rule);

// The names of the facts a rule's condition reads: what decides whether a product is in scope.
std::vector<std::string> DecidingFacts(const check::CheckedModule& m, const check::Rule& rule);

}  // namespace ccr::doc
