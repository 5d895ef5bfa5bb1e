#include "runtime/base/json_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace ccr {

namespace {

// Returns the length of the valid UTF-8 sequence starting at text[i], or 0 if invalid.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

// Bytes copied as they are: printable ASCII other than the quote and the backslash.
constexpr bool IsPlain(unsigned char u) { return u >= 0x20 && u < 0x80 && u != '"' && u != '\\'; }

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
                         has_zero_byte(word ^ ('"' * kOnes)) | has_zero_byte(word ^ ('\\' * kOnes));
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
    if (u >= 0x80) {
      if (size_t length = Utf8SequenceLength(text, i)) {
        i += length;
        continue;
      }
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
