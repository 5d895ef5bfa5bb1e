#include "runtime/base/date.h"

#include <doctest/doctest.h>

namespace ccr {

TEST_CASE("dates parse strictly and round-trip") {
  auto d = ParseDate("2024-08-01");
  REQUIRE(d.has_value());
  CHECK(FormatDate(*d) == "2024-08-01");
  CHECK(ParseDate("1970-01-01")->days == 0);
  CHECK(ParseDate("2024-02-29").has_value());
  CHECK_FALSE(ParseDate("2023-02-29").has_value());
  CHECK_FALSE(ParseDate("2024-13-01").has_value());
  CHECK_FALSE(ParseDate("2024-8-1").has_value());
  CHECK_FALSE(ParseDate("20240801").has_value());
  CHECK(*ParseDate("2024-08-01") < *ParseDate("2025-11-01"));
}

}  // namespace ccr
