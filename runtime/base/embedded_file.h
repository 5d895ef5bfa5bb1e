// A file compiled into a binary at build time (cmake/EmbedFiles.cmake): the standard library
// sources inside ccrc, the default rule bundle inside ccr. Tools work from any directory.
#pragma once

#include <string_view>

namespace ccr {

struct EmbeddedFile {
  std::string_view path;  // as it appears in messages, e.g. `stdlib/facts.ccr`
  std::string_view bytes;
};

}  // namespace ccr
