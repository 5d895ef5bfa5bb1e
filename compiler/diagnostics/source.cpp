#include "compiler/diagnostics/source.h"

#include <algorithm>

#include "runtime/base/byte_order_mark.h"

namespace ccr::diag {

uint32_t CountCharacters(std::string_view utf8) {
  uint32_t count = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  // A byte order mark is not shown by editors: the first line and its columns start after it.
  line_starts_.push_back(static_cast<uint32_t>(ByteOrderMarkLength(text_)));
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

LineColumn SourceFile::Position(uint32_t offset) const {
  offset = std::clamp<uint32_t>(offset, line_starts_.front(), static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line_index = static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  uint32_t start = line_starts_[line_index];
  std::string_view before(text_.data() + start, offset - start);
  return {line_index + 1, CountCharacters(before) + 1};
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t start = line_starts_[line - 1];
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text_.size());
  std::string_view view(text_.data() + start, end - start);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

FileId SourceManager::Add(std::string path, std::string text) {
  files_.emplace_back(std::move(path), std::move(text));
  return FileId{static_cast<int32_t>(files_.size() - 1)};
}

}  // namespace ccr::diag
