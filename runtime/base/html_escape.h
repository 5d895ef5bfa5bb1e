// HTML escaping for the generated pages (`ccrc doc --html`, `ccr run --format html`): every
// text from rules or facts goes through here, so a `<` in a reason cannot become markup.
#pragma once

#include <string>
#include <string_view>

namespace ccr {

// Appends `text` with &, <, >, " and ' escaped (safe in element text and quoted attributes).
inline void AppendHtmlEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
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
