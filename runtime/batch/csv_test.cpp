#include "runtime/batch/csv.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ccr::batch {
namespace {

std::vector<std::string> Split(std::string_view record, char separator = ',') {
  RecordCells cells;
  auto error = SplitRecord(record, separator, cells);
  REQUIRE(!error);
  return std::vector<std::string>(cells.views.begin(), cells.views.end());
}

std::vector<std::pair<uint64_t, std::string>> Records(std::string text, size_t step,
                                                      size_t max_bytes = 100) {
  auto source = StringByteSource(std::move(text), step);
  LineReaderOptions options;
  options.max_line_bytes = max_bytes;
  options.chunk_bytes = 4;
  CsvRecordReader reader(*source, ',', options);
  std::vector<std::pair<uint64_t, std::string>> records;
  while (true) {
    auto next = reader.Next();
    REQUIRE(next.ok());
    if (!*next) break;
    records.emplace_back((*next)->number,
                         (*next)->too_long ? "<too long>" : std::string((*next)->text));
  }
  return records;
}

TEST_CASE("cells: plain, quoted with separators, doubled quotes and newlines, empty") {
  CHECK(Split("a,b,c") == std::vector<std::string>{"a", "b", "c"});
  CHECK(Split("") == std::vector<std::string>{""});
  CHECK(Split("a,,") == std::vector<std::string>{"a", "", ""});
  CHECK(Split("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"") ==
        std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines"});
  CHECK(Split("27\" monitor,x") == std::vector<std::string>{"27\" monitor", "x"});
  CHECK(Split("\"\"\"a\"\"\",\"\",\"b\"\"\",x") ==
        std::vector<std::string>{"\"a\"", "", "b\"", "x"});
  CHECK(Split("a\tb c", '\t') == std::vector<std::string>{"a", "b c"});
}

TEST_CASE("cells: a quoted field not closed, or with text after its quote, is an error") {
  RecordCells cells;
  CHECK(*SplitRecord("a,\"open", ',', cells) ==
        "the quoted field 2 (opened at byte 3) is not closed");
  CHECK(*SplitRecord("\"a\"b,c", ',', cells) ==
        "field 1 has text after its closing quote; double a quote inside a quoted field (\"\")");
}

TEST_CASE("records: a quoted newline joins lines; numbered by their first line; BOM dropped") {
  for (size_t step : {size_t{1}, size_t{3}, size_t{100}}) {
    CAPTURE(step);
    auto records = Records("\xEF\xBB\xBFh1,h2\r\n\"a\r\nb\",c\r\nd,e\n\"x\"\"\n\"\"y\",z", step);
    REQUIRE(records.size() == 4);
    CHECK(records[0] == std::pair<uint64_t, std::string>{1, "h1,h2"});
    CHECK(records[1] == std::pair<uint64_t, std::string>{2, "\"a\nb\",c"});
    CHECK(records[2] == std::pair<uint64_t, std::string>{4, "d,e"});
    CHECK(records[3] == std::pair<uint64_t, std::string>{5, "\"x\"\"\n\"\"y\",z"});
  }
}

TEST_CASE("records: one over the limit is too long and skipped to its end") {
  auto records = Records(
      "a,b\n\"" + std::string(30, 'x') + "\n" + std::string(30, 'y') + "\",c\nd,e\n", 7, 40);
  REQUIRE(records.size() == 3);
  CHECK(records[1] == std::pair<uint64_t, std::string>{2, "<too long>"});
  CHECK(records[2] == std::pair<uint64_t, std::string>{4, "d,e"});
}

}  // namespace
}  // namespace ccr::batch
