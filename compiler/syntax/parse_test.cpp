#include "compiler/syntax/parse.h"

#include <doctest/doctest.h>

#include "compiler/check/test_support.h"

namespace ccr::syntax {

using testing::CompileText;

TEST_CASE("the seed sentence parses into one short rule") {
  auto c = CompileText("if emits_radio then require SRRC by MIIT mandatory\n");
  REQUIRE(c->parsed);
  REQUIRE(c->ast.rules.size() == 1);
  const ast::Rule& rule = c->ast.rules[0];
  CHECK(rule.short_form);
  CHECK(rule.name.text == "test:1");
  REQUIRE(rule.actions.size() == 1);
  CHECK(rule.actions[0].scheme.text == "SRRC");
  CHECK(rule.actions[0].authority->text == "MIIT");
  CHECK(*rule.actions[0].level == ast::Level::Mandatory);
  CHECK(c->ast.expr(rule.condition).kind == ast::ExprKind::Name);
}

TEST_CASE("precedence: comparison > not > and > or") {
  auto c = CompileText("if not a == b and c or d then exempt X\n");
  REQUIRE(c->parsed);
  const ast::Module& m = c->ast;
  const ast::Expr& top = m.expr(m.rules[0].condition);
  REQUIRE(top.kind == ast::ExprKind::Or);
  const ast::Expr& left = m.expr(top.lhs);
  REQUIRE(left.kind == ast::ExprKind::And);
  const ast::Expr& negation = m.expr(left.lhs);
  REQUIRE(negation.kind == ast::ExprKind::Not);
  CHECK(m.expr(negation.lhs).kind == ast::ExprKind::Compare);
}

TEST_CASE("named rules keep because, source and dates; strings are unescaped") {
  auto c = CompileText(R"(rule r {
    when x > 36 V
    require CCC by CNCA mandatory
    because "a \"quoted\" reason"
    source "Order 117"
    effective from 2024-08-01 until 2027-08-01
  })");
  REQUIRE(c->parsed);
  const ast::Rule& rule = c->ast.rules[0];
  CHECK(*rule.because == "a \"quoted\" reason");
  CHECK(*rule.source == "Order 117");
  CHECK(rule.from->text == "2024-08-01");
  CHECK(rule.until->text == "2027-08-01");
  const ast::Expr& compare = c->ast.expr(rule.condition);
  CHECK(c->ast.expr(compare.rhs).unit->text == "V");
}

TEST_CASE("syntax errors are diagnostics with positions, never exceptions") {
  auto c = CompileText("if emits_radio require SRRC\n");
  CHECK_FALSE(c->parsed);
  REQUIRE(!c->sink.diagnostics().empty());
  CHECK(c->Codes()[0] == "E0101");
  CHECK(c->sink.diagnostics()[0].message == "unexpected `require`");

  auto bad_char = CompileText("if a # b then exempt X\n");
  CHECK(bad_char->Codes() == std::vector<std::string>{"E0103"});

  auto unterminated = CompileText("authority X \"no end\n");
  CHECK(unterminated->Codes()[0] == "E0102");
}

// Found by the format fuzzer: ANTLR threw on a bad byte mid-file (reported as a bug in ccr)
// and silently dropped an incomplete sequence at the end, which the formatter then lost.
TEST_CASE("text that is not UTF-8 is refused at the first bad byte") {
  for (std::string bad : {"// a \xE5 b\nauthority A \"x\"\n", "authority A \"x\"\n// cert\xE5",
                          "authority A \"\xC0\xAF\"\n", "// \xED\xA0\x80 surrogate\n"}) {
    CAPTURE(bad);
    auto c = CompileText(bad);
    CHECK_FALSE(c->parsed);
    REQUIRE(c->Codes() == std::vector<std::string>{"E0103"});
    const diag::Diagnostic& d = c->sink.diagnostics()[0];
    CHECK(d.message.find("is not valid UTF-8") != std::string::npos);
    CHECK(static_cast<unsigned char>(bad[d.range.begin]) >= 0x80);
  }
  auto chinese = CompileText(
      "authority SAMR \"Market\" zh \"国家市场监督管理总局\" // 注释 \xF0\x9F\x99\x82\n");
  CHECK(chinese->parsed);
  CHECK(chinese->Codes().empty());
}

TEST_CASE("limits: nesting depth and source size are refused by name") {
  std::string deep = "if " + std::string(300, '(') + "a" + std::string(300, ')') + " then exempt X";
  auto c = CompileText(deep);
  CHECK(c->Codes() == std::vector<std::string>{"E0107"});

  ParseOptions small;
  small.max_source_bytes = 10;
  auto big = CompileText("if emits_radio then exempt X", small);
  CHECK(big->Codes() == std::vector<std::string>{"E0108"});
}

}  // namespace ccr::syntax
