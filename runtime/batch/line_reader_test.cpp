#include "runtime/batch/line_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ccr::batch {
namespace {

struct Read {
  std::vector<std::string> lines;  // "<too long: N>" for a line over the limit
  std::vector<uint64_t> numbers;
};

Read ReadAll(const std::string& text, size_t step, LineReaderOptions options = {}) {
  auto source = StringByteSource(text, step);
  LineReader reader(*source, options);
  Read read;
  while (true) {
    auto line = reader.Next();
    REQUIRE(line.ok());
    if (!*line) break;
    const Line& l = **line;
    read.lines.push_back(l.too_long ? "<too long: " + std::to_string(l.length) + ">"
                                    : std::string(l.text));
    read.numbers.push_back(l.number);
    if (!l.too_long) CHECK(l.length == l.text.size());
  }
  return read;
}

TEST_CASE("numbering starts at first_line: a part of a larger file") {
  LineReaderOptions options;
  options.first_line = 1001;
  Read read = ReadAll("a\n\nb", 2, options);
  CHECK(read.numbers == std::vector<uint64_t>{1001, 1002, 1003});
}

TEST_CASE("empty input has no lines") {
  CHECK(ReadAll("", 1).lines.empty());
  CHECK(ReadAll("", 100).lines.empty());
}

TEST_CASE("a last line without a newline, empty lines and CRLF") {
  using V = std::vector<std::string>;
  CHECK(ReadAll("a\nbb\nccc", 100).lines == V{"a", "bb", "ccc"});
  CHECK(ReadAll("a\n\n\nb\n", 100).lines == V{"a", "", "", "b"});
  CHECK(ReadAll("\n", 100).lines == V{""});
  CHECK(ReadAll("a\r\nb\r\n\r\nc\r", 100).lines == V{"a", "b", "", "c"});
  // A lone `\r` inside a line is data.
  CHECK(ReadAll("a\rb\n", 100).lines == V{"a\rb"});
  CHECK(ReadAll("x\ny\n", 100).numbers == std::vector<uint64_t>{1, 2});
}

TEST_CASE("lines are the same whatever the chunk and read sizes") {
  const std::string text =
      "{\"product\": \"A\"}\r\n\n{\"b\": 1}\nlonger line with some text\r\n\r\nlast";
  const Read expected = ReadAll(text, text.size());
  REQUIRE(expected.lines.size() == 6);
  // Every chunk size splits the text at every offset: lines, CRLF pairs and the end.
  for (size_t chunk = 1; chunk <= text.size() + 1; ++chunk) {
    for (size_t step : {size_t{1}, size_t{2}, size_t{3}, chunk, text.size()}) {
      CAPTURE(chunk);
      CAPTURE(step);
      LineReaderOptions options;
      options.chunk_bytes = chunk;
      Read read = ReadAll(text, step, options);
      CHECK(read.lines == expected.lines);
      CHECK(read.numbers == expected.numbers);
    }
  }
}

TEST_CASE("a line over max_line_bytes is reported and skipped, the buffer stays bounded") {
  LineReaderOptions options;
  options.max_line_bytes = 4;
  using V = std::vector<std::string>;
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{64}}) {
    CAPTURE(chunk);
    options.chunk_bytes = chunk;
    // Just under, at, and just over the limit; with CRLF the `\r` does not count.
    CHECK(ReadAll("abc\nabcd\nabcde\nab\n", 1, options).lines ==
          V{"abc", "abcd", "<too long: 5>", "ab"});
    CHECK(ReadAll("abcd\r\nabcde\r\nx", 2, options).lines == V{"abcd", "<too long: 5>", "x"});
    CHECK(ReadAll(std::string(1000, 'z') + "\nok", 5, options).lines ==
          V{"<too long: 1000>", "ok"});
    CHECK(ReadAll(std::string(1000, 'z'), 5, options).lines == V{"<too long: 1000>"});
    CHECK(ReadAll("a\n" + std::string(10, 'z') + "\r", 3, options).lines ==
          V{"a", "<too long: 10>"});
  }
}

class FailingSource final : public ByteSource {
 public:
  Expected<size_t> Read(char* buffer, size_t size) override {
    if (calls_++ == 0) {
      buffer[0] = 'a';
      buffer[1] = '\n';
      return size_t{2};
    }
    return Error{"catalog.jsonl: cannot read: Input/output error"};
  }

 private:
  int calls_ = 0;
};

TEST_CASE("a read error is returned after the lines before it") {
  FailingSource source;
  LineReaderOptions options;
  options.chunk_bytes = 16;
  LineReader reader(source, options);
  auto first = reader.Next();
  REQUIRE(first.ok());
  REQUIRE(*first);
  CHECK((**first).text == "a");
  auto second = reader.Next();
  REQUIRE(!second.ok());
  CHECK(second.error().message == "catalog.jsonl: cannot read: Input/output error");
}

TEST_CASE("OpenByteSource names a missing file") {
  auto source = OpenByteSource("/nonexistent/catalog.jsonl");
  REQUIRE(!source.ok());
  CHECK(source.error().message.find("/nonexistent/catalog.jsonl: cannot read") == 0);
}

}  // namespace
}  // namespace ccr::batch
