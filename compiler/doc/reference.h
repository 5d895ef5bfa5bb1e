// The scheme reference (`ccrc doc`): a Markdown page generated from checked rule sources,
// listing every scheme with its authority (EN/ZH names), partners, level, impact and
// management mode, and the rules behind it with their reasons, citations and effective dates.
// Generated, never hand-edited, so it cannot drift from the rules.
#pragma once

#include <string>

#include "compiler/check/check.h"

namespace ccr::doc {

// `module` must have been checked without errors.
std::string SchemeReference(const check::CheckedModule& module);

}  // namespace ccr::doc
