#include "runtime/base/inert_text.h"

#include <fmt/format.h>

#include <iterator>

namespace ccr {

size_t Utf8Length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
  char32_t code = DecodeUtf8(text, i, length);
  if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) ||
      (length == 4 && code < 0x10000) || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
    return 0;
  }
  return length;
}

char32_t DecodeUtf8(std::string_view text, size_t i, size_t length) {
  auto byte = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[k])); };
  switch (length) {
    case 1:
      return byte(i);
    case 2:
      return (byte(i) & 0x1F) << 6 | (byte(i + 1) & 0x3F);
    case 3:
      return (byte(i) & 0x0F) << 12 | (byte(i + 1) & 0x3F) << 6 | (byte(i + 2) & 0x3F);
    default:
      return (byte(i) & 0x07) << 18 | (byte(i + 1) & 0x3F) << 12 | (byte(i + 2) & 0x3F) << 6 |
             (byte(i + 3) & 0x3F);
  }
}

bool IsDisruptive(std::string_view text, size_t i, size_t length) {
  char32_t code = DecodeUtf8(text, i, length);
  return code < 0x20 || (code >= 0x7F && code <= 0x9F) || (code >= 0x202A && code <= 0x202E) ||
         (code >= 0x2066 && code <= 0x2069) || code == 0x2028 || code == 0x2029 || code == 0xFEFF;
}

void AppendInert(std::string& out, std::string_view text) {
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < text.size();) {
    auto u = static_cast<unsigned char>(text[i]);
    if (u >= 0x20 && u < 0x7F) {
      ++i;
      continue;
    }
    size_t length = Utf8Length(text, i);
    if (length > 0 && !IsDisruptive(text, i, length)) {
      i += length;
      continue;
    }
    out.append(text.data() + run, i - run);
    if (length == 0) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", u);
      ++i;
    } else {
      char32_t code = DecodeUtf8(text, i, length);
      if (code == '\n') {
        out += "\\n";
      } else if (code == '\t') {
        out += "\\t";
      } else if (code == '\r') {
        out += "\\r";
      } else {
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<uint32_t>(code));
      }
      i += length;
    }
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
}

}  // namespace ccr
