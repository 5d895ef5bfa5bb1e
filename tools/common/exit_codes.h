// Exit codes of ccrc and ccr (documented in docs/cli.md). Scripts and CI rely on them.
#pragma once

namespace ccr::tools {

inline constexpr int kExitOk = 0;
// ccrc: the rules have errors, or an in-language test failed.
// ccr run: some scheme of some product is undetermined (facts are missing).
inline constexpr int kExitFindings = 1;
// The command line is wrong (unknown option, missing argument, bad date).
inline constexpr int kExitUsage = 2;
// An input cannot be used: unreadable file, corrupt bytecode, malformed facts (for a batch:
// at least one line failed; the other lines still got their reports).
inline constexpr int kExitInput = 3;
// A bug in ccr.
inline constexpr int kExitInternal = 4;

}  // namespace ccr::tools
