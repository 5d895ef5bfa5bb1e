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
  AppendEscaped(out, text, "\n\t", [](std::string& to, char c) {
    switch (c) {
      case '&':
        to += "&amp;";
        break;
      case '<':
        to += "&lt;";
        break;
      case '>':
        to += "&gt;";
        break;
      case '"':
        to += "&quot;";
        break;
      case '\'':
        to += "&#39;";
        break;
      default:
        to += c;
    }
  });
}

inline std::string HtmlEscaped(std::string_view text) {
  std::string out;
  AppendHtmlEscaped(out, text);
  return out;
}

}  // namespace ccr
