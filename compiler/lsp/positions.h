// Positions as LSP counts them and as the compiler counts them. LSP positions are 0-based lines
// and characters in UTF-16 code units (a Chinese character is one unit, an emoji or other
// astral character two); the compiler's ranges are byte offsets into UTF-8 text. Every
// conversion clamps: a position past the end of a line or of the text means its end, so a
// stale or hostile position never reads out of bounds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ccr::lsp {

struct Position {
  uint32_t line = 0;       // 0-based
  uint32_t character = 0;  // 0-based, UTF-16 code units
  friend bool operator==(const Position&, const Position&) = default;
};

struct Range {
  Position start, end;
  friend bool operator==(const Range&, const Range&) = default;
};

// The line starts of one text, for conversions in both directions. Lines end at `\n`, `\r\n`
// or a lone `\r`, as LSP says. The text must outlive the index.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  // Returns the byte offset of `position`, clamped to its line (before the line break) and to
  // the text. A position in the middle of a surrogate pair means the character's start.
  uint32_t Offset(Position position) const;
  // Returns the position of byte `offset` (clamped to the text; an offset inside a UTF-8
  // sequence means the sequence's start).
  Position ToPosition(uint32_t offset) const;
  Range ToRange(uint32_t begin, uint32_t end) const { return {ToPosition(begin), ToPosition(end)}; }
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  // Returns the end of line `line`'s content (before its line break).
  uint32_t LineEnd(uint32_t line) const;

  std::string_view text_;
  std::vector<uint32_t> line_starts_;
};

// Replaces `range` of `text` (an incremental change of textDocument/didChange) with
// `replacement`. The range is clamped like every position.
void ApplyChange(std::string& text, const Range& range, std::string_view replacement);

// Returns the number of bytes of the UTF-8 sequence starting with `lead` (1 for a stray
// continuation byte or an invalid lead, so malformed text still advances).
uint32_t SequenceLength(unsigned char lead);

}  // namespace ccr::lsp
