// Calendar dates as days since 1970-01-01 (proleptic Gregorian). Rules carry effective
// dates and `--as-of` picks the day to evaluate; both sides use this one representation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ccr {

struct Date {
  int32_t days = 0;  // days since 1970-01-01
  friend bool operator==(Date, Date) = default;
  friend auto operator<=>(Date, Date) = default;
};

// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day, a real day of that
// month). Returns nullopt for anything else.
std::optional<Date> ParseDate(std::string_view text);

// Formats as `YYYY-MM-DD`.
std::string FormatDate(Date date);

// Returns the current date in UTC.
Date Today();

}  // namespace ccr
