// The one spelling of a corrupt-bytecode error, shared by the reader and the verifier so every
// failure reads `NAME: corrupt bytecode: WHAT` and tools can rely on the prefix.
#pragma once

#include <fmt/format.h>

#include <string_view>
#include <utility>

#include "runtime/base/expected.h"

namespace ccr::bytecode::internal {

// Returns the error `NAME: corrupt bytecode: WHAT`, with WHAT formatted from `format`.
template <typename... Args>
Error Corrupt(std::string_view name, fmt::format_string<Args...> format, Args&&... args) {
  return Error{fmt::format("{}: corrupt bytecode: {}", name,
                           fmt::format(format, std::forward<Args>(args)...)),
               ErrorKind::CorruptBytecode};
}

}  // namespace ccr::bytecode::internal
