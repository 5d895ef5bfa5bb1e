#include "runtime/base/markdown_escape.h"

#include <doctest/doctest.h>

namespace ccr {
namespace {

TEST_CASE("Markdown escaping: markup punctuation shown as written, CJK and plain text kept") {
  CHECK(MarkdownEscaped("GB 4943.1-2022, 第 1 部分") == "GB 4943.1-2022, 第 1 部分");
  CHECK(MarkdownEscaped("items (**1110/1115, **1114)") == "items (\\*\\*1110/1115, \\*\\*1114)");
  CHECK(MarkdownEscaped("a | b") == "a \\| b");
  CHECK(MarkdownEscaped("<script>x</script> & [link](u) `code` #1 ~x_y\\") ==
        "\\<script\\>x\\</script\\> \\& \\[link\\](u) \\`code\\` \\#1 \\~x\\_y\\\\");
}

TEST_CASE("Markdown escaping: one line, controls and bidi overrides inert, bad UTF-8 shown") {
  CHECK(MarkdownEscaped("line one\nline two\r\n") == "line one line two  ");
  CHECK(MarkdownEscaped("a\tb") == "a\tb");
  CHECK(MarkdownEscaped("lap\x1b[31mtop") == "lap\\u001b\\[31mtop");
  CHECK(MarkdownEscaped("abc\xE2\x80\xAE"
                        "def") == "abc\\u202edef");
  CHECK(MarkdownEscaped("a\xff") == "a\\xff");
}

}  // namespace
}  // namespace ccr
