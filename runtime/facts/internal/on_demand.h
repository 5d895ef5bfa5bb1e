// The binder's fast path: one JSON object bound straight from simdjson On-Demand, without
// building a DOM. It binds only clean objects (declared facts with values of their types, the
// product's name, undeclared keys with scalar values) and gives up on anything that would be a
// warning it cannot reproduce, an error or malformed JSON; Binder::Bind then binds the object
// again with the DOM path, which owns every error message and position. So the fast path only
// has to agree with the DOM path on the objects it accepts (facts_test.cpp and the facts fuzzer
// check that it does).
#pragma once

#include <string_view>

#include "runtime/facts/facts.h"
#include "runtime/facts/internal/tables.h"

namespace ccr::facts::internal {

// Binds the JSON object `json` (a byte order mark already removed) into `product`, whose
// `values` the caller sized to the module's facts and left unknown, with `scratch.seen` all
// zero. Returns false if the object is not one the fast path binds; `product` is then
// half-filled and must be dropped. Does not apply the defaults (the caller does, as for the DOM
// path).
bool BindOnDemand(const BindTables& tables, const BindOptions& options, std::string_view json,
                  std::string_view where, BindScratch& scratch, Product& product);

}  // namespace ccr::facts::internal
