// Source files and positions. Every AST node and diagnostic carries a SourceRange of byte
// offsets; line and column are computed only when a position is shown to a person.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ccr::diag {

struct FileId {
  int32_t index = -1;
  bool valid() const { return index >= 0; }
  friend bool operator==(FileId, FileId) = default;
};

// Half-open byte range [begin, end) in one file.
struct SourceRange {
  FileId file;
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct LineColumn {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in Unicode characters (what an editor's status bar shows)
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // Returns the line and column of byte `offset` (clamped to the end of the text).
  LineColumn Position(uint32_t offset) const;
  // Returns the text of 1-based line `line` without its line break.
  std::string_view Line(uint32_t line) const;
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;  // byte offset of each line's first byte
};

// Owns every file of one compilation; FileIds index into it.
class SourceManager {
 public:
  FileId Add(std::string path, std::string text);
  const SourceFile& Get(FileId id) const { return files_.at(id.index); }
  size_t size() const { return files_.size(); }

 private:
  std::vector<SourceFile> files_;
};

// Counts the Unicode characters in a UTF-8 string (continuation bytes are not counted).
uint32_t CountCharacters(std::string_view utf8);

}  // namespace ccr::diag
