// Inert text: input text (product names, values, keys, cells) made safe to show in a
// terminal, a log or a page. A catalogue is data from elsewhere: a value holding a terminal
// escape sequence must not recolour or rewrite the user's screen, a NUL must not cut a message
// short, and a bidi override must not make one text read as another. Every diagnostic and
// report that echoes input goes through here (JSON has its own escaping in json_writer.h, HTML
// and Markdown theirs in html_escape.h and markdown_escape.h; all defer to the classification
// below).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ccr {

// Returns the length (1-4) of the valid UTF-8 sequence at text[i], or 0 if the bytes there are
// not valid UTF-8 (a stray continuation byte, a truncated sequence, a bad lead byte).
size_t Utf8Length(std::string_view text, size_t i);

// Whether the valid UTF-8 sequence text[i, i + length) is a code point that changes how text
// around it is shown rather than showing itself: C0 controls, DEL, C1 controls (U+0080-U+009F),
// the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the line and
// paragraph separators (U+2028, U+2029) and the byte order mark inside text (U+FEFF).
bool IsDisruptive(std::string_view text, size_t i, size_t length);

// Returns the code point of the valid UTF-8 sequence text[i, i + length).
char32_t DecodeUtf8(std::string_view text, size_t i, size_t length);

// Appends `text` with every disruptive code point written as `\u` and four hex digits (`\n`,
// `\t`, `\r` for those three) and every byte that is not valid UTF-8 as `\x` and two hex
// digits, so the result is printable, on one line, and still tells what the input held.
void AppendInert(std::string& out, std::string_view text);

inline std::string Inert(std::string_view text) {
  std::string out;
  AppendInert(out, text);
  return out;
}

// The walk every escaper for a format shares (html_escape.h, markdown_escape.h): printable
// ASCII and the controls listed in `passed` go through `escape(out, c)`, which writes the
// format's escape or the character; other well-formed code points pass as they are; disruptive
// ones and invalid bytes are made inert as AppendInert does.
template <typename Escape>
void AppendEscaped(std::string& out, std::string_view text, std::string_view passed,
                   Escape escape) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    auto u = static_cast<unsigned char>(c);
    if ((u >= 0x20 && u < 0x7F) || (u < 0x20 && passed.find(c) != std::string_view::npos)) {
      escape(out, c);
      continue;
    }
    size_t length = Utf8Length(text, i);
    if (length > 0 && !IsDisruptive(text, i, length)) {
      out.append(text.data() + i, length);
    } else {
      AppendInert(out, text.substr(i, length > 0 ? length : 1));
    }
    i += length > 0 ? length - 1 : 0;
  }
}

}  // namespace ccr
