// Document URIs. `file:` URIs map to paths (percent-decoded); the standard library built into
// the binary has no path, so its files are `ccr-stdlib:/stdlib/NAME.ccr` (docs/editors.md).
// Any other URI (an editor's `untitled:` buffer) is kept as an opaque name.
#pragma once

#include <optional>
#include <string>

namespace ccr::lsp {

inline constexpr std::string_view kStdlibScheme = "ccr-stdlib";

// Returns the path of a `file:` URI, or nullopt for other schemes and malformed escapes.
std::optional<std::string> FilePathOfUri(const std::string& uri);
// Returns the `file:` URI of an absolute path, percent-encoding what URIs do not allow.
std::string FileUri(const std::string& absolute_path);
// Returns the embedded path (`stdlib/facts.ccr`) of a `ccr-stdlib:` URI, or nullopt.
std::optional<std::string> StdlibPathOfUri(const std::string& uri);
// Returns the `ccr-stdlib:` URI of an embedded stdlib path.
std::string StdlibUri(const std::string& embedded_path);

}  // namespace ccr::lsp
