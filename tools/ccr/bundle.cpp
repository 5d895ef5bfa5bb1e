#include <span>
#include <string_view>

#include "runtime/base/embedded_file.h"
#include "runtime/base/files.h"
#include "tools/ccr/commands.h"
#include "tools/common/default_bundle.h"

namespace ccr::tools {

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
