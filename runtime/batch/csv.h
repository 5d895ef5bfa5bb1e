// CSV and TSV catalogues (RFC 4180): records read through the same bounded LineReader as JSON
// Lines, so memory stays flat, and split into cells by the worker that binds them, so parsing
// runs on every thread. UTF-8 with or without a byte order mark; a quoted field may hold the
// separator, doubled quotes and newlines (a record then spans several lines and is numbered by
// its first); CRLF or LF line ends. A quote inside an unquoted field is a plain character
// (`27" monitor`), as spreadsheets write it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/expected.h"
#include "runtime/batch/line_reader.h"

namespace ccr::batch {

// Reads whole records: a line that ends inside a quoted field is joined with the next (by a
// `\n`) until the field closes. A record longer than max_line_bytes is returned `too_long`,
// like a line, and skipped to its end. The first record loses a leading UTF-8 BOM.
class CsvRecordReader {
 public:
  // `source` must outlive the reader. `separator` is `,` (CSV) or `\t` (TSV).
  CsvRecordReader(ByteSource& source, char separator, const LineReaderOptions& options = {});

  // Returns the next record (numbered by its first line), std::nullopt at the end, or the
  // source's read error. The text is valid until the next call.
  Expected<std::optional<Line>> Next();

 private:
  LineReader lines_;
  char separator_;
  size_t max_bytes_;
  std::string joined_;
  bool first_ = true;
};

// Returns whether a record's text so far, started outside quotes (`inside` false) or inside a
// quoted field (`inside` true), ends inside a quoted field.
bool EndsInsideQuotes(std::string_view text, char separator, bool inside);

// One record's cells, reused from record to record so that splitting allocates nothing once
// warm: each cell is a view into the record, or, for a quoted field with doubled quotes, into
// `unquoted` (reserved to the record's size before splitting, so it never moves).
struct RecordCells {
  std::vector<std::string_view> views;
  std::string unquoted;
};

// Splits one record into `cells.views`, valid while `record` and `cells` are. Returns an error
// message (without a location) for a quoted field that is not closed or has text after its
// closing quote.
std::optional<std::string> SplitRecord(std::string_view record, char separator, RecordCells& cells);

}  // namespace ccr::batch
