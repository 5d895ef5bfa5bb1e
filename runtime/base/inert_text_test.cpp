#include "runtime/base/inert_text.h"

#include <doctest/doctest.h>

#include <string>

namespace ccr {
namespace {

using namespace std::string_literals;

TEST_CASE("inert text keeps printable text, CJK included") {
  CHECK(Inert("Seed laptop \"X1\" \\ 中国") == "Seed laptop \"X1\" \\ 中国");
  CHECK(Inert("") == "");
}

TEST_CASE("inert text escapes terminal escapes, NUL, DEL and C1 controls") {
  CHECK(Inert("lap\x1b[31mtop") == "lap\\u001b[31mtop");
  CHECK(Inert("a\0b"s) == "a\\u0000b");
  CHECK(Inert("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(Inert("a\x7f") == "a\\u007f");
  CHECK(Inert("a\xC2\x9B"
              "31m") == "a\\u009b31m");
}

TEST_CASE("inert text escapes bidi overrides and isolates, separators and a BOM") {
  CHECK(Inert("abc\u202Etxt.exe") == "abc\\u202etxt.exe");
  CHECK(Inert("\u2066x\u2069") == "\\u2066x\\u2069");
  CHECK(Inert("a\u2028b\u2029c\uFEFF") == "a\\u2028b\\u2029c\\ufeff");
}

TEST_CASE("inert text shows invalid UTF-8 byte by byte") {
  CHECK(Inert("x\xFFy") == "x\\xffy");
  CHECK(Inert("\xE4\xB8") == "\\xe4\\xb8");           // truncated
  CHECK(Inert("\xC0\xAF") == "\\xc0\\xaf");           // overlong `/`
  CHECK(Inert("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // a surrogate
}

}  // namespace
}  // namespace ccr
