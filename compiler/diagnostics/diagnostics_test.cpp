#include <doctest/doctest.h>

#include <set>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/render.h"
#include "compiler/diagnostics/source.h"

namespace ccr::diag {

TEST_CASE("positions count characters, not bytes") {
  SourceFile file("a.ccr", "authority SAMR \"x\" zh \"国家\" under Y\nsecond line\n");
  CHECK(file.Position(0).line == 1);
  CHECK(file.Position(0).column == 1);
  // `under` follows 27 characters, two of them 3-byte Chinese characters: column 28.
  auto at =
      file.Position(static_cast<uint32_t>(std::string("authority SAMR \"x\" zh \"国家\" ").size()));
  CHECK(at.line == 1);
  CHECK(at.column == 28);
  CHECK(file.Position(file.text().find("second")).line == 2);
  CHECK(file.Line(2) == "second line");
  CHECK(file.Line(99).empty());
}

TEST_CASE("a byte order mark is not part of the first line or its columns") {
  SourceFile file("a.ccr",
                  "\xEF\xBB\xBF"
                  "fact x\nsecond\n");
  CHECK(file.Line(1) == "fact x");
  CHECK(file.Position(3).column == 1);
  CHECK(file.Position(8).column == 6);  // `x`
  CHECK(file.Position(0).column == 1);  // inside the mark: clamped to the line's start
  CHECK(file.Position(file.text().find("second")).line == 2);
  SourceFile only_mark("b.ccr", "\xEF\xBB\xBF");
  CHECK(only_mark.Position(3).column == 1);
  CHECK(only_mark.Line(1).empty());
}

TEST_CASE("closest names suggest plausible typos only") {
  std::vector<std::string> names = {"emits_radio", "rated_voltage_v", "category"};
  CHECK(ClosestName("emit_radio", names) == "emits_radio");
  CHECK(ClosestName("categroy", names) == "category");
  CHECK(ClosestName("zzz", names).empty());
}

TEST_CASE("text rendering underlines the range under the source line") {
  SourceManager sources;
  FileId id =
      sources.Add("rules/radio.ccr", "\n\nif emit_radio then require SRRC by MIIT mandatory\n");
  uint32_t begin = static_cast<uint32_t>(sources.Get(id).text().find("emit_radio"));
  Diagnostic d{Kind::UnknownFact,
               {id, begin, begin + 10},
               "unknown fact `emit_radio`",
               "did you mean `emits_radio`?",
               {}};
  CHECK(RenderText(d, sources) ==
        "rules/radio.ccr:3:4: error[E0201]: unknown fact `emit_radio`\n"
        "  3 | if emit_radio then require SRRC by MIIT mandatory\n"
        "    |    ^~~~~~~~~~\n"
        "  help: did you mean `emits_radio`?\n");
  std::string json = RenderJson({d}, sources);
  CHECK(json.find("\"code\":\"E0201\"") != std::string::npos);
  CHECK(json.find("\"line\":3,\"column\":4") != std::string::npos);
  CHECK(json.find("\"errors\":1,\"warnings\":0") != std::string::npos);
}

TEST_CASE("the sink stops after the error limit with one final diagnostic") {
  DiagnosticSink sink(3);
  for (int i = 0; i < 10; ++i) sink.Add(Kind::SyntaxError, {}, "x");
  CHECK(sink.diagnostics().size() == 4);
  CHECK(sink.diagnostics().back().kind == Kind::TooManyErrors);
}

TEST_CASE("every diagnostic kind has a unique, well-formed code") {
  std::set<std::string> codes;
  for (Kind kind : AllKinds()) {
    std::string code = Info(kind).code;
    CHECK(code.size() == 5);
    CHECK((code[0] == 'E') == (Info(kind).severity == Severity::Error));
    CHECK(codes.insert(code).second);
  }
}

}  // namespace ccr::diag
