#include "runtime/capi/internal/report_bytes.h"

#include <doctest/doctest.h>

#include <string>

namespace ccr::capi::internal {
namespace {

TEST_CASE("report bytes: appends keep every byte and a NUL, in the heap and past it when mapped") {
  ReportBytes bytes;
  CHECK(bytes.size() == 0);
  CHECK(std::string(bytes.data()).empty());
  std::string expected;
  // Chunks of odd sizes, through malloc's range and several mremap moves of the mapped one.
  for (size_t i = 0; expected.size() < (size_t{40} << 20); ++i) {
    std::string chunk(1000 + i % 7919, static_cast<char>('a' + i % 26));
    bytes.Append(chunk);
    expected += chunk;
    if (i % 997 == 0) {
      REQUIRE(bytes.size() == expected.size());
      CHECK(bytes.data()[bytes.size()] == '\0');
    }
  }
  bytes.Append("");
  REQUIRE(bytes.size() == expected.size());
  CHECK(std::string_view(bytes.data(), bytes.size()) == expected);
  CHECK(bytes.data()[bytes.size()] == '\0');
}

}  // namespace
}  // namespace ccr::capi::internal
