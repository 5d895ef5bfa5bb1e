// Reports: what a product needs, for people (text) and for machines (JSON, schema in
// docs/report.md). Both are rendered from the same vm::Result and are deterministic.
#pragma once

#include <string>

#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::report {

// Version of the JSON report schema; bumped on any incompatible change.
inline constexpr int kJsonSchemaVersion = 1;

struct Options {
  Date as_of;
  // Also list not_required schemes (exempt and undetermined ones are always listed).
  bool include_not_required = false;
};

// Returns a readable table (scheme, full name, authority, level, status, why) followed by the
// reasons, citations, missing facts and warnings. Ends with a newline.
std::string RenderText(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, const Options& options);

// Returns one JSON object on one line, without a trailing newline, in the schema of
// docs/report.md (`ccr.report/kJsonSchemaVersion`): fixed key order, optional members
// omitted rather than null.
std::string RenderJson(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, const Options& options);

}  // namespace ccr::report
