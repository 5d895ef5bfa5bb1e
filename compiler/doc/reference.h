// The scheme reference (`ccrc doc`): a Markdown page generated from checked rule sources,
// listing every scheme with its authority (EN/ZH names), partners, level, impact, management
// mode and what to do next (route, marking, bodies, with citations), the rules behind it with
// their reasons, citations and effective dates, and the catalogue entries (each value's codes
// and names, and each row's scope, route, dates and citation).
// Generated, never hand-edited, so it cannot drift from the rules.
#pragma once

#include <string>

#include "compiler/check/check.h"

namespace ccr::doc {

// `module` must have been checked without errors.
std::string SchemeReference(const check::CheckedModule& module);

}  // namespace ccr::doc
