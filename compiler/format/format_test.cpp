// Layout decisions of the formatter, one construct at a time, and its promises: comments and
// blank lines kept, idempotent, syntax errors refused.
#include "compiler/format/format.h"

#include <doctest/doctest.h>

#include "compiler/format/internal/doc.h"
#include "compiler/format/internal/layout.h"

namespace ccr::format {

namespace {

// Formats `text`, failing the test if it was refused; checks idempotence on the way.
std::string Fmt(const std::string& text, int width = 100) {
  FormatOptions options;
  options.line_width = width;
  FormattedText result = FormatText("test.ccr", text, options);
  REQUIRE_MESSAGE(result.text.ok(), result.text.error().message);
  FormattedText again = FormatText("test.ccr", *result.text, options);
  REQUIRE(again.text.ok());
  CHECK_MESSAGE(*again.text == *result.text, "not idempotent:\n", *result.text);
  return *result.text;
}

}  // namespace

TEST_CASE("doc printer: a group is flat when it fits, broken when it does not") {
  using namespace internal;
  Doc doc = Group({Text("when"), Nest(4, {Line(), Text("aaaa"), Line(), Text("bbbb")})});
  CHECK(Print(doc, 100) == "when aaaa bbbb\n");
  CHECK(Print(doc, 10) == "when\n    aaaa\n    bbbb\n");
}

TEST_CASE("doc printer: fill packs items and breaks only where the next does not fit") {
  using namespace internal;
  Doc doc = Fill({Text("aaa,"), Text("bbb,"), Text("ccc,"), Text("ddd")});
  CHECK(Print(doc, 9) == "aaa, bbb,\nccc, ddd\n");
  CHECK(Print(doc, 100) == "aaa, bbb, ccc, ddd\n");
}

TEST_CASE("doc printer: no trailing spaces, no blank line after an opening brace") {
  using namespace internal;
  Doc doc = Concat({Text("{"), Space(), BlankLine(), Text("x"), Line(), HardLine(), Text("y")});
  CHECK(Print(doc, 100) == "{\nx\ny\n");
}

TEST_CASE("doc printer: East Asian wide characters take two columns") {
  CHECK(internal::DisplayWidth("abc") == 3);
  CHECK(internal::DisplayWidth("国家") == 4);
  CHECK(internal::DisplayWidth("é") == 1);
}

TEST_CASE("declarations: one line each, spacing normalised") {
  CHECK(Fmt("authority   SAMR \"State\"   zh \"国家\"\n") ==
        "authority SAMR \"State\" zh \"国家\"\n");
  CHECK(Fmt("fact x :bool\"doc\"\nfact  y: number in V\n") ==
        "fact x: bool \"doc\"\nfact y: number in V\n");
  CHECK(Fmt("enum E{a,b,c}\n") == "enum E { a, b, c }\n");
  CHECK(Fmt("set s : E = {a , b}\n") == "set s: E = { a, b }\n");
  CHECK(Fmt("import \"a.ccr\"\n") == "import \"a.ccr\"\n");
}

TEST_CASE("a long scheme keeps its head and moves the classification to a continuation line") {
  std::string text =
      "scheme S \"A scheme with a rather long full name that takes most of the line\" zh \"中文\" "
      "by A with B, C mandatory impact market_access mode joint\n";
  CHECK(
      Fmt(text) ==
      "scheme S \"A scheme with a rather long full name that takes most of the line\" zh \"中文\"\n"
      "  by A with B, C mandatory impact market_access mode joint\n");
}

TEST_CASE("a long enum breaks after the brace and packs its values") {
  CHECK(Fmt("enum E { alpha, beta, gamma, delta }\n", 20) ==
        "enum E {\n  alpha, beta,\n  gamma, delta\n}\n");
}

TEST_CASE("short rules: one line, or `then` on a continuation line") {
  CHECK(Fmt("if  a   then require X by A mandatory\n") == "if a then require X by A mandatory\n");
  CHECK(Fmt("if aaaa and bbbb and cccc then exempt X\n", 24) ==
        "if aaaa and bbbb\n    and cccc\n  then exempt X\n");
}

TEST_CASE("named rules: one clause per line, long conditions break before `and`/`or`") {
  std::string text =
      "rule r { when alpha == 1 and beta in { x, y } and not gamma or known(delta) "
      "require X by A mandatory because \"why\" source \"where\" effective from 2024-01-01 "
      "until 2025-01-01 }\n";
  CHECK(Fmt(text) ==
        "rule r {\n"
        "  when alpha == 1 and beta in { x, y } and not gamma or known(delta)\n"
        "  require X by A mandatory\n"
        "  because \"why\"\n"
        "  source \"where\"\n"
        "  effective from 2024-01-01 until 2025-01-01\n"
        "}\n");
  CHECK(Fmt(text, 40) ==
        "rule r {\n"
        "  when alpha == 1 and beta in { x, y }\n"
        "      and not gamma\n"
        "    or known(delta)\n"
        "  require X by A mandatory\n"
        "  because \"why\"\n"
        "  source \"where\"\n"
        "  effective from 2024-01-01 until 2025-01-01\n"
        "}\n");
}

TEST_CASE("parentheses are kept and their contents break one level in") {
  CHECK(Fmt("if (a or b) and c then exempt X\n") == "if (a or b) and c then exempt X\n");
}

TEST_CASE("tests: given always broken with its facts packed") {
  CHECK(Fmt("test \"t\" { given { a = 1 V, b = { x, y } } as of 2025-01-01 expect X required "
            "mandatory expect Y not required }\n") ==
        "test \"t\" {\n"
        "  given {\n"
        "    a = 1 V, b = { x, y }\n"
        "  }\n"
        "  as of 2025-01-01\n"
        "  expect X required mandatory\n"
        "  expect Y not required\n"
        "}\n");
  CHECK(Fmt("test \"t\" { given { } }\n") == "test \"t\" {\n  given {}\n}\n");
}

TEST_CASE("comments are kept: own-line, trailing, block, at the end of the file") {
  std::string text =
      "// header\n"
      "\n"
      "\n"
      "fact a: bool // trailing\n"
      "/* block */ fact b: bool\n"
      "rule r {\n"
      "  // before when\n"
      "  when a and /* inline */ b // after b\n"
      "    and a\n"
      "  require X\n"
      "  // before the brace\n"
      "}\n"
      "// last\n";
  CHECK(Fmt(text) ==
        "// header\n"
        "\n"
        "fact a: bool // trailing\n"
        "/* block */\n"
        "fact b: bool\n"
        "rule r {\n"
        "  // before when\n"
        "  when a and /* inline */ b // after b\n"
        "    and a\n"
        "  require X\n"
        "  // before the brace\n"
        "}\n"
        "// last\n");
}

TEST_CASE("blank lines between statements are kept, runs collapsed, none at block edges") {
  CHECK(Fmt("fact a: bool\n\n\n\nfact b: bool\nfact c: bool\n") ==
        "fact a: bool\n\nfact b: bool\nfact c: bool\n");
  CHECK(Fmt("rule r {\n\n  when a\n\n  require X\n\n}\n") ==
        "rule r {\n  when a\n\n  require X\n}\n");
}

TEST_CASE("comments inside a list force it to break and keep their lines") {
  CHECK(Fmt("enum E { // first\n a, b, // second\n c }\n") ==
        "enum E { // first\n  a, b, // second\n  c\n}\n");
}

TEST_CASE("an empty file stays empty; a file of comments keeps them") {
  CHECK(Fmt("") == "");
  CHECK(Fmt("\n\n") == "");
  CHECK(Fmt("// only\n") == "// only\n");
}

TEST_CASE("the output check sees every token and comment, and nothing else") {
  using internal::TokenSignature;
  CHECK(TokenSignature("fact a: bool // x\n") == TokenSignature("fact  a :bool   // x   \n\n"));
  CHECK(TokenSignature("fact a: bool // x\n") != TokenSignature("fact a: bool // y\n"));
  CHECK(TokenSignature("fact a: bool\n") != TokenSignature("fact a: bool /* */\n"));
  CHECK(TokenSignature("if (a) then exempt X") != TokenSignature("if a then exempt X"));
}

TEST_CASE("a chain of thousands of operators is laid out without deep recursion") {
  std::string text = "if a";
  for (int i = 0; i < 5000; ++i) text += " and a";
  text += " then exempt X\n";
  std::string formatted = Fmt(text);
  CHECK(formatted.rfind("\n  then exempt X\n") == formatted.size() - 17);
}

TEST_CASE("syntax errors are refused with the parser's diagnostics") {
  FormattedText result = FormatText("bad.ccr", "rule r { when }\n");
  CHECK_FALSE(result.text.ok());
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK(result.diagnostics[0].kind == diag::Kind::SyntaxError);
  CHECK(result.text.error().message.find("bad.ccr") != std::string::npos);
}

// Found by the format fuzzer: a file ending in an incomplete UTF-8 sequence was formatted
// without its last byte (ANTLR's decoding drops it, so the token check did not notice).
TEST_CASE("text that is not UTF-8 is refused, never formatted without the bad byte") {
  FormattedText result = FormatText("bad.ccr", "authority A \"x\"\n// certification \xE5");
  CHECK_FALSE(result.text.ok());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].kind == diag::Kind::BadCharacter);
  CHECK(result.diagnostics[0].range.begin == 33);
}

// Found by the format fuzzer: the canonical layout has no byte order mark, and dropping it
// is the one change that is not whitespace.
TEST_CASE("a leading byte order mark is dropped, everything else kept") {
  CHECK(Fmt("\xEF\xBB\xBF"
            "authority A   \"x\"\n") == "authority A \"x\"\n");
}

}  // namespace ccr::format
