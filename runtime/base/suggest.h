// "Did you mean ...?": the closest known name to a mistyped one. Shared by the compiler's
// diagnostics and the facts binder so both suggest the same way.
#pragma once

#include <string_view>
#include <vector>

namespace ccr {

// Returns the Levenshtein distance between `a` and `b`.
size_t EditDistance(std::string_view a, std::string_view b);

// Returns the candidate closest to `word`, or an empty view if none is close enough to be a
// plausible typo (at most a third of the word's length, and at least one edit, may differ).
// Ties go to the earliest candidate. The result points into `candidates`' storage.
std::string_view ClosestName(std::string_view word,
                             const std::vector<std::string_view>& candidates);

}  // namespace ccr
