#include "runtime/base/json_writer.h"

#include <doctest/doctest.h>

#include <string>

namespace ccr {
namespace {

std::string Quoted(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

TEST_CASE("json strings escape what they must, wherever it falls in an 8-byte block") {
  CHECK(Quoted("") == "\"\"");
  CHECK(Quoted("plain text, longer than eight bytes") == "\"plain text, longer than eight bytes\"");
  for (size_t pad = 0; pad < 10; ++pad) {
    std::string prefix(pad, 'a');
    CHECK(Quoted(prefix + "\"q\\b\n\t\r\x01" + prefix) ==
          "\"" + prefix + "\\\"q\\\\b\\n\\t\\r\\u0001" + prefix + "\"");
    // Valid UTF-8 is kept; an invalid byte becomes U+FFFD.
    CHECK(Quoted(prefix + "中国强制性产品认证" + prefix) ==
          "\"" + prefix + "中国强制性产品认证" + prefix + "\"");
    CHECK(Quoted(prefix + "x\xFFy" + prefix) == "\"" + prefix + "x\xEF\xBF\xBDy" + prefix + "\"");
  }
}

TEST_CASE("json strings escape what would act on a terminal or reorder text when shown") {
  // DEL, a C1 control (U+009B, the one-byte CSI), a bidi override, a line separator, a BOM.
  CHECK(Quoted("a\x7F b\xC2\x9B c\u202E d\u2028 e\uFEFF") ==
        "\"a\\u007f b\\u009b c\\u202e d\\u2028 e\\ufeff\"");
  // The byte-at-a-time path and the eight-byte path agree on DEL.
  CHECK(Quoted("12345678\x7F"
               "12345678") == "\"12345678\\u007f12345678\"");
  // Overlong and surrogate encodings are not UTF-8.
  CHECK(Quoted("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(Quoted("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("json numbers: integers without a fraction, others shortest, non-finite as null") {
  std::string out;
  AppendJsonNumber(out, 220);
  out += ',';
  AppendJsonNumber(out, 0.41);
  out += ',';
  AppendJsonNumber(out, 1.0 / 0.0);
  CHECK(out == "220,0.41,null");
}

}  // namespace
}  // namespace ccr
