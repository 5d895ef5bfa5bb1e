// HTML escaping for the generated pages (`ccrc doc --html`, `ccr run --format html`): every
// text from rules or facts goes through here, so a `<` in a reason cannot become markup.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/inert_text.h"

namespace ccr {

// Appends `text` with &, <, >, " and ' escaped (safe in element text and quoted attributes),
// and, as AppendInert does, controls, bidi overrides and invalid UTF-8 shown as `\u202e` or
// `\xff` (a newline and a tab pass: they are only white space on a page).
inline void AppendHtmlEscaped(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) {
      size_t length = Utf8Length(text, i);
      if (c == '\n' || c == '\t' || (length > 0 && !IsDisruptive(text, i, length))) {
        out.append(text.data() + i, length);
      } else {
        AppendInert(out, text.substr(i, length > 0 ? length : 1));
      }
      i += length > 0 ? length - 1 : 0;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

inline std::string HtmlEscaped(std::string_view text) {
  std::string out;
  AppendHtmlEscaped(out, text);
  return out;
}

}  // namespace ccr
