// An example product as the facts JSON a user would write, to try with `ccr run`.
#pragma once

#include <string>

#include "compiler/analysis/internal/candidate.h"
#include "compiler/check/check.h"

namespace ccr::analysis::internal {

// `{"category": "laptop", "emits_radio": true}`: the facts the search decided, in declaration
// order; a fact left unknown or undecided is omitted (absent means unknown).
std::string WitnessJson(const check::CheckedModule& module, const Candidate& product);

}  // namespace ccr::analysis::internal
