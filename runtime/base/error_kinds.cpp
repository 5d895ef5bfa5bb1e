#include <string>

#include "runtime/base/expected.h"

namespace ccr {

ErrorKindInfo Info(ErrorKind kind) {
  switch (kind) {
#define ERROR_KIND(name, code, summary) \
  case ErrorKind::name:                 \
    return {code, summary};
#include "runtime/base/error_kinds.def"
#undef ERROR_KIND
  }
  return {"R0002", "unknown"};
}

std::string FormatError(const Error& error) {
  std::string prefix = std::string("error[") + Info(error.kind).code + "]: ";
  std::string out;
  size_t start = 0;
  // Every line is one problem that names its own place, so every line gets the prefix.
  while (start <= error.message.size()) {
    size_t end = error.message.find('\n', start);
    if (end == std::string::npos) end = error.message.size();
    out += prefix;
    out.append(error.message, start, end - start);
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace ccr
