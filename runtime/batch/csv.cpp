#include "runtime/batch/csv.h"

#include <fmt/format.h>

#include "runtime/base/byte_order_mark.h"

namespace ccr::batch {

CsvRecordReader::CsvRecordReader(ByteSource& source, char separator,
                                 const LineReaderOptions& options)
    : lines_(source, options), separator_(separator), max_bytes_(options.max_line_bytes) {}

bool EndsInsideQuotes(std::string_view text, char separator, bool inside) {
  // Most records hold no quote at all: one memchr instead of a branch per byte.
  if (text.find('"') == std::string_view::npos) return inside;
  bool field_start = !inside;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inside) {
      if (c != '"') continue;
      if (i + 1 < text.size() && text[i + 1] == '"') {
        ++i;  // a doubled quote inside the field
        continue;
      }
      inside = false;
      field_start = false;
    } else if (c == separator) {
      field_start = true;
    } else {
      if (field_start && c == '"') inside = true;
      field_start = false;
    }
  }
  return inside;
}

Expected<std::optional<Line>> CsvRecordReader::Next() {
  auto line = lines_.Next();
  if (!line || !*line) return line;
  Line record = **line;
  if (first_) {
    first_ = false;
    if (size_t mark = ByteOrderMarkLength(record.text); !record.too_long && mark > 0) {
      record.text.remove_prefix(mark);
      record.length -= mark;
    }
  }
  if (record.too_long || !EndsInsideQuotes(record.text, separator_, false)) {
    return std::optional<Line>(record);
  }
  // A quoted field spans lines: join them, keeping the record within the limit.
  joined_.assign(record.text);
  bool too_long = false;
  uint64_t length = record.length;
  bool inside = true;
  while (inside) {
    auto more = lines_.Next();
    if (!more) return more.error();
    if (!*more) break;  // the file ends inside quotes: SplitRecord reports it
    const Line& next = **more;
    length += 1 + next.length;
    if (next.too_long || length > max_bytes_) {
      too_long = true;
      joined_.clear();
      if (next.too_long) continue;  // its text is gone: assume it does not close the field
    }
    inside = EndsInsideQuotes(next.text, separator_, true);
    if (!too_long) {
      joined_ += '\n';
      joined_ += next.text;
    }
  }
  record.length = length;
  record.too_long = too_long;
  record.text = too_long ? std::string_view() : std::string_view(joined_);
  return std::optional<Line>(record);
}

std::optional<std::string> SplitRecord(std::string_view record, char separator,
                                       RecordCells& cells) {
  cells.views.clear();
  cells.unquoted.clear();
  cells.unquoted.reserve(record.size());
  size_t i = 0;
  while (true) {
    size_t field = cells.views.size() + 1;
    if (i < record.size() && record[i] == '"') {
      size_t opened = i++;
      size_t begin = i;
      size_t unquoted_begin = std::string::npos;  // set at the field's first doubled quote
      while (true) {
        size_t quote = record.find('"', i);
        if (quote == std::string_view::npos) {
          return fmt::format("the quoted field {} (opened at byte {}) is not closed", field,
                             opened + 1);
        }
        bool doubled = quote + 1 < record.size() && record[quote + 1] == '"';
        if (doubled && unquoted_begin == std::string::npos) unquoted_begin = cells.unquoted.size();
        if (unquoted_begin != std::string::npos) {
          cells.unquoted.append(record.data() + i, quote - i + (doubled ? 1 : 0));
        }
        if (!doubled) {
          std::string_view text = unquoted_begin == std::string::npos
                                      ? record.substr(begin, quote - begin)
                                      : std::string_view(cells.unquoted).substr(unquoted_begin);
          cells.views.push_back(text);
          i = quote + 1;
          break;
        }
        i = quote + 2;
      }
      if (i < record.size() && record[i] != separator) {
        return fmt::format(
            "field {} has text after its closing quote; double a quote inside a quoted field "
            "(\"\")",
            field);
      }
    } else {
      // By hand: cells are short, and a memchr call per cell costs more than the scan.
      size_t end = i;
      while (end < record.size() && record[end] != separator) ++end;
      cells.views.push_back(record.substr(i, end - i));
      i = end;
    }
    if (i >= record.size()) return std::nullopt;
    ++i;  // the separator
  }
}

}  // namespace ccr::batch
