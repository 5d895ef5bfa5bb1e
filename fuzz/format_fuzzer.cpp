// Fuzz target: source text -> the formatter (compiler/format). Whatever parses formats; the
// formatted text parses again, formats to itself, and keeps the tokens and comments: checked
// here without ANTLR's lexer (the formatter's own check uses it), as the same sequence of
// non-whitespace bytes. A refusal without a syntax error is a formatter bug (its own output
// check failed).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "compiler/format/format.h"
#include "runtime/base/byte_order_mark.h"
#include "runtime/base/check.h"

namespace {

std::string WithoutWhitespace(std::string_view text) {
  std::string kept;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') kept += c;
  }
  return kept;
}

void Fail(const char* what, const std::string& text) {
  std::fprintf(stderr, "format fuzzer: %s; the text was:\n%s\n", what, text.c_str());
  CCR_CHECK(false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ccr;
  std::string text(reinterpret_cast<const char*>(data), size);
  format::FormattedText once = format::FormatText("fuzz.ccr", text);
  if (!once.text) {
    if (once.diagnostics.empty()) Fail(once.text.error().message.c_str(), text);
    return 0;
  }
  const std::string& formatted = *once.text;
  // The canonical layout drops a leading byte order mark; nothing else but whitespace changes.
  std::string_view kept = std::string_view(text).substr(ByteOrderMarkLength(text));
  if (WithoutWhitespace(formatted) != WithoutWhitespace(kept)) {
    Fail("formatting changed more than whitespace", formatted);
  }
  format::FormattedText twice = format::FormatText("fuzz.ccr", formatted);
  if (!twice.text) Fail("the formatted text does not format again", formatted);
  if (*twice.text != formatted) Fail("formatting the formatted text changed it", formatted);
  return 0;
}
