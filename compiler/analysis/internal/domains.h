// The values worth trying for each fact. The rules only ever compare a fact with constants, so
// a fact's values fall into finitely many classes that no condition can tell apart: for a
// number, the constants it is compared with and a point in each interval between and beyond
// them; for a string, the constants and one text equal to none of them; for an enum, its
// values; for a bool, true and false. Every fact may also be unknown. Trying one value per
// class decides every condition exactly, without a solver.
#pragma once

#include <vector>

#include "compiler/analysis/internal/candidate.h"
#include "compiler/check/check.h"

namespace ccr::analysis::internal {

// Known values first (they make the friendlier witnesses), unknown last. Set-valued facts get
// only {known with no member decided, unknown}; their members are decided one at a time.
std::vector<std::vector<FactValue>> FactDomains(const check::CheckedModule& module);

}  // namespace ccr::analysis::internal
