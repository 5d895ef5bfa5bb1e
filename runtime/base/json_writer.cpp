#include "runtime/base/json_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "runtime/base/inert_text.h"

namespace ccr {

// Bytes copied as they are: printable ASCII other than the quote and the backslash.
constexpr bool IsPlain(unsigned char u) { return u >= 0x20 && u < 0x7F && u != '"' && u != '\\'; }

void AppendJsonString(std::string& out, std::string_view text) {
  // Reports are mostly long plain texts (reasons, citations): copy runs of plain bytes and
  // valid UTF-8 in one append each, and escape only what must be.
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < text.size();) {
    // Eight plain bytes at a time: none below 0x20, none from 0x80, no quote, no backslash.
    if (i + 8 <= text.size()) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
      auto has_zero_byte = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
      uint64_t special = (word & kHigh) | ((word - 0x20 * kOnes) & ~word & kHigh) |
                         has_zero_byte(word ^ ('"' * kOnes)) |
                         has_zero_byte(word ^ ('\\' * kOnes)) |
                         has_zero_byte(word ^ (0x7F * kOnes));
      if (special == 0) {
        i += 8;
        continue;
      }
    }
    auto u = static_cast<unsigned char>(text[i]);
    if (IsPlain(u)) {
      ++i;
      continue;
    }
    size_t length = u >= 0x80 ? Utf8Length(text, i) : 0;
    if (length > 0 && !IsDisruptive(text, i, length)) {
      i += length;
      continue;
    }
    out.append(text.data() + run, i - run);
    if (u == '"' || u == '\\') {
      out += '\\';
      out += static_cast<char>(u);
    } else if (u < 0x20) {
      switch (u) {
        case '\n':
          out += "\\n";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
          break;
      }
    } else if (u == 0x7F || length > 0) {
      // Valid, but it would act on a terminal or reorder text when the string is shown.
      fmt::format_to(std::back_inserter(out), "\\u{:04x}",
                     static_cast<uint32_t>(DecodeUtf8(text, i, length > 0 ? length : 1)));
      i += length > 0 ? length - 1 : 0;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER for invalid UTF-8
    }
    ++i;
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void AppendJsonNumber(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    fmt::format_to(std::back_inserter(out), "{}", static_cast<long long>(value));
  } else {
    fmt::format_to(std::back_inserter(out), "{}", value);  // the shortest round-trip form
  }
}

}  // namespace ccr
