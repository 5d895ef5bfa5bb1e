// The UTF-8 byte order mark. Editors on Windows and spreadsheet exports put one at the start
// of a file; it is not text: rule files, JSON facts and CSV records all skip it.
#pragma once

#include <cstddef>
#include <string_view>

namespace ccr {

inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// Returns the length of the byte order mark that `text` starts with: 3, or 0 if none.
inline size_t ByteOrderMarkLength(std::string_view text) {
  return text.starts_with(kUtf8ByteOrderMark) ? kUtf8ByteOrderMark.size() : 0;
}

}  // namespace ccr
