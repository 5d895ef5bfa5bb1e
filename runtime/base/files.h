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

// Replaces `path` with `bytes` atomically (see above). A symlink is followed (its target is
// replaced, the link stays); a path that is not a regular file, such as /dev/stdout or a pipe,
// is written directly, since it cannot be replaced; "-" is standard output.
Expected<Ok> WriteFileAtomically(const std::string& path, std::string_view bytes);

// Writes `bytes` to standard output and flushes it; fails if the output is closed or full.
Expected<Ok> WriteStdout(std::string_view bytes);

}  // namespace ccr
