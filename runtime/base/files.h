// Whole-file I/O for the tools. Outputs are written atomically: to a temporary file in the
// same directory, then renamed over the target, so a failure never leaves a half-written file
// and the previous version stays intact.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/expected.h"

namespace ccr {

// Reads a whole file, or standard input when `path` is "-".
Expected<std::string> ReadWholeFile(const std::string& path);

// Replaces `path` with `bytes` atomically (see above).
Expected<Ok> WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace ccr
