// Reads a file (or standard input) line by line through a bounded buffer, for batches of
// products (JSONL) whose size has no limit.
//
// A line ends at `\n`; a `\r` before it is dropped (CRLF files), and the last line needs no
// newline. Memory is bounded: the buffer holds one chunk plus at most the longest line
// allowed (`max_line_bytes`). A longer line is not an I/O error: it is returned with
// `too_long` set and its text empty, and reading continues on the next line, so one bad line
// does not stop a batch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/expected.h"

namespace ccr::batch {

// A product line is a flat JSON object, typically well under 10 KiB; 1 MiB leaves room for
// long string facts while a file with no newline at all cannot make the reader grow without
// bound.
inline constexpr size_t kDefaultMaxLineBytes = size_t{1} << 20;
// Large enough to amortize read(2) calls, small enough to stay in cache.
inline constexpr size_t kDefaultChunkBytes = size_t{64} << 10;

struct LineReaderOptions {
  // The longest line accepted, in bytes, without its line ending.
  size_t max_line_bytes = kDefaultMaxLineBytes;
  // How much is read from the source at a time.
  size_t chunk_bytes = kDefaultChunkBytes;
  // The number of the source's first line: 1 for a whole file; for a byte range of a file
  // (a distributed run's partition), the number that line has in the whole file, so messages
  // and JSON error objects name the same line as a run over the whole file.
  uint64_t first_line = 1;
};

// Where the bytes come from: a file descriptor, or a string in tests.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buffer`; returns how many (0 at the end) or an Error naming
  // the source.
  virtual Expected<size_t> Read(char* buffer, size_t size) = 0;
};

// Opens `path` for reading, or standard input for "-". The error names the file.
Expected<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path);

// Serves `text` in reads of at most `step` bytes (to test chunk boundaries).
std::unique_ptr<ByteSource> StringByteSource(std::string text, size_t step = SIZE_MAX);

struct Line {
  uint64_t number = 0;    // 1-based
  std::string_view text;  // without the line ending; valid until the next Next()
  bool too_long = false;  // longer than max_line_bytes: `text` is empty
  uint64_t length = 0;    // the line's length in bytes (also when too long)
};

class LineReader {
 public:
  // `source` must outlive the reader.
  LineReader(ByteSource& source, const LineReaderOptions& options = {});

  // Returns the next line, std::nullopt at the end of the input, or the source's read error.
  Expected<std::optional<Line>> Next();

 private:
  // Reads more bytes after the unconsumed ones; returns false at the end of the input.
  Expected<bool> Fill();

  ByteSource& source_;
  LineReaderOptions options_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  uint64_t number_ = 0;
};

}  // namespace ccr::batch
