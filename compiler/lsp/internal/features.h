// The answers to the editor's questions that take more than a lookup: completion and the
// document outline.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "compiler/lsp/internal/analysis.h"

namespace ccr::lsp {

// Returns completion items for the cursor at byte `offset` of `text` (the document as it is
// now): schemes after `require`/`exempt`/`expect`, authorities after `by`/`under`/`with`,
// types after `:` in a declaration, an enum fact's values after `==`/`!=` and in braces, and
// otherwise facts, sets and keywords. Names come from `analysis` (an earlier text's, while the
// current one does not parse).
nlohmann::json CompletionItems(const Analysis& analysis, std::string_view text, uint32_t offset);

// Returns the document's declarations, rules and tests as DocumentSymbols (enums with their
// values as children), in source order.
nlohmann::json Outline(const Analysis& analysis);

// The reserved words of the language (grammar/Ccr.g4).
const std::vector<std::string_view>& Keywords();

}  // namespace ccr::lsp
