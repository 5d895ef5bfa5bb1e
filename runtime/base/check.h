// CCR_CHECK: invariants of our own code. A failed check is a bug in ccr, never a user
// error: it prints where and aborts. User mistakes are diagnostics or ccr::Error.
#pragma once

namespace ccr::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace ccr::internal

#define CCR_CHECK(condition)                                        \
  do {                                                              \
    if (!(condition)) {                                             \
      ::ccr::internal::CheckFailed(#condition, __FILE__, __LINE__); \
    }                                                               \
  } while (false)
