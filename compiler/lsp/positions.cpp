#include "compiler/lsp/positions.h"

#include <algorithm>

namespace ccr::lsp {

uint32_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  return 1;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      line_starts_.push_back(i + 1);
    }
  }
}

uint32_t LineIndex::LineEnd(uint32_t line) const {
  uint32_t end =
      line + 1 < line_starts_.size() ? line_starts_[line + 1] : static_cast<uint32_t>(text_.size());
  while (end > line_starts_[line] && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return end;
}

uint32_t LineIndex::Offset(Position position) const {
  if (position.line >= line_starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t offset = line_starts_[position.line];
  uint32_t end = LineEnd(position.line);
  uint32_t units = 0;
  while (offset < end) {
    uint32_t length = std::min(SequenceLength(text_[offset]), end - offset);
    uint32_t width = length == 4 ? 2 : 1;
    if (units + width > position.character) break;
    units += width;
    offset += length;
  }
  return offset;
}

Position LineIndex::ToPosition(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(after - line_starts_.begin()) - 1;
  uint32_t end = std::min(offset, LineEnd(line));
  uint32_t units = 0;
  for (uint32_t i = line_starts_[line]; i < end;) {
    uint32_t length = SequenceLength(text_[i]);
    if (i + length > end) break;  // `offset` is inside this sequence: its start
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return {line, units};
}

void ApplyChange(std::string& text, const Range& range, std::string_view replacement) {
  LineIndex index(text);
  uint32_t begin = index.Offset(range.start);
  uint32_t end = std::max(begin, index.Offset(range.end));
  text.replace(begin, end - begin, replacement);
}

}  // namespace ccr::lsp
