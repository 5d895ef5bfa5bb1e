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
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (u < 0x20 || u >= 0x7F) {
      size_t length = Utf8Length(text, i);
      if (c == '\t' || (length > 0 && !IsDisruptive(text, i, length))) {
        out.append(text.data() + i, length > 0 ? length : 1);
      } else {
        AppendInert(out, text.substr(i, length > 0 ? length : 1));
      }
      i += length > 0 ? length - 1 : 0;
    } else {
      if (kMarkup.find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
}

inline std::string MarkdownEscaped(std::string_view text) {
  std::string out;
  AppendMarkdownEscaped(out, text);
  return out;
}

}  // namespace ccr
