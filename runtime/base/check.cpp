#include "runtime/base/check.h"

#include <cstdio>
#include <cstdlib>

namespace ccr::internal {

void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr,
               "internal error: check `%s` failed at %s:%d\n"
               "this is a bug in ccr; please report it with the input that caused it\n",
               condition, file, line);
  std::abort();
}

}  // namespace ccr::internal
