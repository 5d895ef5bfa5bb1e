// One analysis of an open document: the whole compilation (standard library, the document,
// its imports) run on the editor's text, unsaved buffers included, and the maps from the
// compiler's byte ranges to LSP locations.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"
#include "compiler/lsp/positions.h"

namespace ccr::lsp {

// What the server knows about its environment, shared by every analysis.
struct Workspace {
  bool use_stdlib = true;                   // false: --no-stdlib
  std::string stdlib_dir;                   // --stdlib: read the stdlib from here
  std::vector<std::string> roots;           // workspace folders (paths)
  std::map<std::string, std::string> open;  // uri -> text of every open document
};

struct Analysis {
  std::unique_ptr<driver::Compilation> compilation;  // null if an input could not be read
  std::string error;                                 // why compilation is null
  diag::FileId file;                                 // the document in the compilation
  std::vector<std::string> uris;                     // by FileId: each source's URI
  bool embedded_stdlib = true;

  bool ok() const { return compilation != nullptr && file.valid(); }
  const diag::SourceFile& Source(diag::FileId id) const { return compilation->sources.Get(id); }
  // Returns the LSP range of a compiler range (in any file of the compilation).
  Range ToRange(const diag::SourceRange& range) const;
  // Returns the byte offset of `position` in the document.
  uint32_t Offset(Position position) const;
  // Returns `{uri, range}` for a compiler range.
  nlohmann::json Location(const diag::SourceRange& range) const;
};

// Compiles the document `uri` with the open documents as an overlay.
Analysis Analyze(const std::string& uri, const Workspace& workspace);

// Returns the LSP diagnostics of the document: its own, with help and related information,
// and one summary per other file with errors (saying so when they stop the document from
// being checked).
nlohmann::json Diagnostics(const Analysis& analysis);

// Returns the position as JSON.
nlohmann::json ToJson(const Range& range);

// Returns the text of the stdlib file behind a `ccr-stdlib:` URI, or nullopt.
std::optional<std::string> StdlibText(const std::string& uri);

}  // namespace ccr::lsp
