// Markdown escaping for generated Markdown (`ccrc doc`'s scheme reference, the language
// server's hovers): text from rule files shows as written, never as markup.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/inert_text.h"

namespace ccr {

// Appends `text` with the punctuation Markdown reads as markup backslash-escaped (`*` of
// "products marked *", `<` of HTML, `|` of a table, `[` of a link, `&` of an entity), line
// breaks as spaces (a table cell or list item stays one line), and, as AppendInert does,
// controls, bidi overrides and invalid UTF-8 shown as `\u202e` or `\xff`.
inline void AppendMarkdownEscaped(std::string& out, std::string_view text) {
  constexpr std::string_view kMarkup = "\\`*_[]<>#|~&";
  AppendEscaped(out, text, "\t\n\r", [kMarkup](std::string& to, char c) {
    if (c == '\n' || c == '\r') {
      to += ' ';
      return;
    }
    if (kMarkup.find(c) != std::string_view::npos) to += '\\';
    to += c;
  });
}

inline std::string MarkdownEscaped(std::string_view text) {
  std::string out;
  AppendMarkdownEscaped(out, text);
  return out;
}

}  // namespace ccr
