// Helpers for writing JSON by hand with a deterministic key order (reports, diagnostics).
#pragma once

#include <string>
#include <string_view>

namespace ccr {

// Appends `text` as a JSON string literal (quotes included): escapes `"`, `\` and control
// characters; passes valid UTF-8 through unchanged and replaces invalid bytes with U+FFFD.
void AppendJsonString(std::string& out, std::string_view text);

// Appends a number in the shortest form that reads back to the same double; integral values
// print without a fraction (`220`, not `220.0`). Non-finite values print as null.
void AppendJsonNumber(std::string& out, double value);

}  // namespace ccr
