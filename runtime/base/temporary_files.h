// Temporary files removed when the process is killed by SIGINT, SIGTERM or SIGHUP. An atomic
// output (output_file.h) streams into a temporary beside its target; if the user presses
// Ctrl-C or the process is terminated, that temporary would stay behind (the target itself is
// never touched). The signal handler unlinks the registered temporaries, then restores the
// default action and re-raises the signal, so the exit status still says "killed by SIGTERM".
//
// The handler may only use async-signal-safe calls, so the paths live in a fixed table of
// fixed-size buffers (no allocation), and each slot is claimed and released with lock-free
// atomics. A signal the process ignores (SIG_IGN, as under `nohup`) stays ignored.
#pragma once

#include <string>

namespace ccr {

// Registers `path` for removal on those signals, installing the handlers on first use.
// Returns a slot to pass to ForgetTemporary, or -1 when the table is full or the path too long
// (the file is then only removed by the normal paths: commit or destructor).
int RegisterTemporary(const std::string& path);

// Stops removing the temporary of `slot` (after it was renamed or removed). -1 is ignored.
void ForgetTemporary(int slot);

}  // namespace ccr
