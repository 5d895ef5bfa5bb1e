// A streamed output that replaces its target atomically: bytes go to a temporary file in the
// target's directory, renamed over the target by Commit. Until then (and if Commit is never
// reached: an error, a crash) the previous file stays intact. If SIGINT, SIGTERM or SIGHUP ends
// the process first, the temporary is removed too (temporary_files.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "runtime/base/expected.h"

namespace ccr {

class OutputFile {
 public:
  // Opens `path` for writing. "-" is standard output; a path that is not a regular file (a
  // device such as /dev/stdout, a pipe) is written directly, since it cannot be replaced; a
  // symlink is followed (its target is replaced, the link stays).
  static Expected<OutputFile> Open(const std::string& path);

  OutputFile(OutputFile&&) noexcept;
  OutputFile& operator=(OutputFile&&) noexcept;
  // Without Commit, removes the temporary file.
  ~OutputFile();

  // Appends `bytes` (buffered). The error names the file.
  Expected<Ok> Write(std::string_view bytes);

  // Flushes, syncs and renames the temporary over the target. Call once.
  Expected<Ok> Commit();

 private:
  struct State;
  explicit OutputFile(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace ccr
