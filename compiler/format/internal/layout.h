// The canonical layout of each construct, as a Doc. Internal to the format library, and the
// only part of it that sees ANTLR: it walks the parse tree of a file that is known to parse, and
// interleaves the comments from the lexer's hidden channel.
#pragma once

#include <string>
#include <vector>

#include "compiler/format/internal/doc.h"

namespace ccr::format::internal {

struct LayoutOptions {
  int indent = 2;  // one block level; condition continuation lines get two levels
};

// Returns the layout of `text`, which must parse without errors (the caller checks with
// syntax::Parse first, which also bounds the nesting depth the layout recurses into).
Doc LayoutFile(const std::string& text, const LayoutOptions& options);

// Returns what formatting must preserve: each token's type and text, and each comment (without
// trailing whitespace), in order. Formatting changes only the whitespace between them.
std::vector<std::string> TokenSignature(const std::string& text);

}  // namespace ccr::format::internal
