#include <span>
#include <string_view>

#include "runtime/base/embedded_file.h"
#include "runtime/base/files.h"
#include "tools/ccr/commands.h"

namespace ccr::tools {

// The default bundle, compiled from stdlib/ and rules/products/ at build time.
std::span<const EmbeddedFile> DefaultBundle();

Expected<bytecode::VerifiedProgram> LoadBundle(const std::string& path) {
  if (path.empty()) {
    std::string_view bytes = DefaultBundle().front().bytes;
    return bytecode::Load({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()},
                          "<default bundle>");
  }
  auto bytes = ReadWholeFile(path);
  if (!bytes) return bytes.error();
  return bytecode::Load({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()}, path);
}

}  // namespace ccr::tools
