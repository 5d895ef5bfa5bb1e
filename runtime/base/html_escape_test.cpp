#include "runtime/base/html_escape.h"

#include <doctest/doctest.h>

namespace ccr {
namespace {

TEST_CASE("HTML escaping: markup characters as entities, CJK and plain text kept") {
  CHECK(HtmlEscaped("GB 4943.1-2022, 第 1 部分") == "GB 4943.1-2022, 第 1 部分");
  CHECK(HtmlEscaped("<script>alert('x & \"y\"')</script>") ==
        "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;");
  CHECK(HtmlEscaped("*not* [markup] | here") == "*not* [markup] | here");
}

TEST_CASE("HTML escaping: white space passes, controls and bidi overrides inert, bad UTF-8 shown") {
  CHECK(HtmlEscaped("line one\nline\ttwo") == "line one\nline\ttwo");
  CHECK(HtmlEscaped("a\rb") == "a\\rb");
  CHECK(HtmlEscaped("lap\x1b[31mtop") == "lap\\u001b[31mtop");
  CHECK(HtmlEscaped(std::string_view("a\0b", 3)) == "a\\u0000b");
  CHECK(HtmlEscaped("abc\xE2\x80\xAE"
                    "def") == "abc\\u202edef");
  CHECK(HtmlEscaped("a\xff") == "a\\xff");
  CHECK(HtmlEscaped("a\xC2\x85z\x7f") == "a\\u0085z\\u007f");
}

}  // namespace
}  // namespace ccr
