#include "runtime/batch/catalog.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "runtime/vm/testing/module_builder.h"

namespace ccr::batch {
namespace {

using bytecode::Opcode;
using bytecode::TypeKind;
using vm::testing::Assembler;
using vm::testing::ModuleBuilder;
using vm::testing::Require;

// `if radio then require X`.
bytecode::VerifiedProgram RadioProgram() {
  ModuleBuilder b;
  uint32_t authority = b.Authority("MIIT", "Ministry of Industry and Information Technology");
  uint32_t x = b.Scheme("X", "Scheme X", authority);
  uint32_t radio = b.Fact("radio", TypeKind::Bool);
  Assembler code;
  code.Op(Opcode::LoadFact, {0}).Op(Opcode::Return);
  b.Rule("r", {radio}, code, {Require(x)});
  return b.Verify();
}

// Every kind of line: required, not required, undetermined, malformed, a wrong type, blank,
// too long, and a warning.
std::string Catalog(int copies) {
  std::string text;
  for (int i = 0; i < copies; ++i) {
    text += "{\"product\": \"R" + std::to_string(i) + "\", \"radio\": true}\n";
    text += "{\"product\": \"N\", \"radio\": false}\r\n";
    text += "{\"product\": \"U\"}\n";
    text += "{\"radio\": \n";
    text += "{\"radio\": 3}\n";
    text += "   \n";
    text += "{\"product\": \"" + std::string(200, 'x') + "\"}\n";
    text += "{\"radio\": true, \"colour\": \"red\"}\n";
  }
  return text;
}

struct Outcome {
  std::string output;
  std::string diagnostics;
  CatalogCounts counts;
  int progress_calls = 0;
};

Outcome Evaluate(const bytecode::VerifiedProgram& program, const std::string& text, int threads,
                 Format format, size_t batch_lines = 3, InputFormat input = InputFormat::Jsonl) {
  Outcome outcome;
  CatalogOptions options;
  options.input = input;
  options.threads = threads;
  options.format = format;
  options.report.as_of = *ParseDate("2025-06-01");
  options.reader.max_line_bytes = 100;
  options.reader.chunk_bytes = 7;
  options.batch_lines = batch_lines;
  options.write = [&](std::string_view bytes) -> Expected<Ok> {
    outcome.output += bytes;
    return Ok{};
  };
  options.diagnostics = [&](std::string_view text) { outcome.diagnostics += text; };
  options.progress = [&](const CatalogCounts&) { ++outcome.progress_calls; };
  auto source = StringByteSource(text, 5);
  auto counts = EvaluateCatalog(program, *source, "c.jsonl", options);
  REQUIRE(counts.ok());
  outcome.counts = *counts;
  return outcome;
}

TEST_CASE("every line gets its report or error, in order, counted") {
  auto program = RadioProgram();
  Outcome one = Evaluate(program, Catalog(1), 1, Format::Json);
  CHECK(one.counts.lines == 8);
  CHECK(one.counts.products == 4);
  CHECK(one.counts.required == 2);
  CHECK(one.counts.undetermined == 1);
  CHECK(one.counts.errors == 3);
  // One output line per non-blank input line.
  CHECK(std::count(one.output.begin(), one.output.end(), '\n') == 7);
  CHECK(one.output.find("\"product\":\"R0\"") < one.output.find("\"line\":4,\"error\":"));
  CHECK(one.output.find("\"line\":7,\"error\":\"c.jsonl:7: the line is 215 bytes long, over the "
                        "limit `max_line_bytes` (100 bytes)") != std::string::npos);
  CHECK(one.diagnostics.find("error[R0301]: c.jsonl:4: malformed JSON") == 0);
  CHECK(one.diagnostics.find("error[R0303]: c.jsonl:5:") != std::string::npos);
  CHECK(one.diagnostics.find("error[R0304]: c.jsonl:7: the line is 215 bytes long") !=
        std::string::npos);
  // Undeclared keys are collected, not warned about per line.
  CHECK(one.diagnostics.find("colour") == std::string::npos);
  REQUIRE(one.counts.undeclared.size() == 1);
  CHECK(one.counts.undeclared[0].name == "colour");
  CHECK(one.counts.undeclared[0].count == 1);
  CHECK(one.counts.undeclared[0].first_line == 8);
  CHECK(one.progress_calls == 3);  // 8 lines in batches of 3
  CHECK(one.counts.first_error_line == 4);
  for (int threads : {1, 3}) {
    CHECK(Evaluate(program, Catalog(3), threads, Format::Json, 2).counts.first_error_line == 4);
  }
}

TEST_CASE("every report and error record carries its input line; blank lines get none") {
  auto program = RadioProgram();
  Outcome json = Evaluate(program, Catalog(1), 1, Format::Json);
  CHECK(json.output.find("{\"schema\":\"ccr.report/3\",\"line\":1,\"product\":\"R0\"") == 0);
  CHECK(json.output.find("\"line\":6") == std::string::npos);  // the blank line
  CHECK(json.output.find("\"line\":8,") != std::string::npos);
  Outcome summary = Evaluate(program, Catalog(1), 1, Format::Summary);
  CHECK(summary.output.find("{\"schema\":\"ccr.summary/3\",\"line\":1,\"product\":\"R0\","
                            "\"as_of\":\"2025-06-01\",\"complete\":true,\"schemes\":[{\"scheme\":"
                            "\"X\",\"status\":\"required\",\"level\":\"mandatory\"}]}\n") == 0);
  CHECK(summary.output.find("{\"schema\":\"ccr.summary/3\",\"line\":4,\"error\":") !=
        std::string::npos);
  CHECK(std::count(summary.output.begin(), summary.output.end(), '\n') == 7);
  Outcome csv = Evaluate(program, Catalog(1), 1, Format::Csv);
  CHECK(csv.output.find("line,product,X,missing,error\r\n1,R0,required mandatory,,\r\n") == 0);
  CHECK(csv.output.find("\r\n3,U,undetermined,radio,\r\n") != std::string::npos);
  // The message has commas: quoted.
  CHECK(csv.output.find("\r\n4,,,,\"c.jsonl:4: malformed JSON") != std::string::npos);
  Outcome text = Evaluate(program, Catalog(1), 1, Format::Text);
  CHECK(text.output.find("R0 (line 1): certification") == 0);
}

TEST_CASE("with Refuse (--strict), an undeclared key fails its line") {
  auto program = RadioProgram();
  CatalogOptions options;
  options.undeclared = facts::Undeclared::Refuse;
  std::string output, diagnostics;
  options.write = [&](std::string_view bytes) -> Expected<Ok> {
    output += bytes;
    return Ok{};
  };
  options.diagnostics = [&](std::string_view text) { diagnostics += text; };
  auto source = StringByteSource("{\"radio\": true, \"colour\": \"red\"}\n{\"radio\": true}\n");
  auto counts = EvaluateCatalog(program, *source, "c.jsonl", options);
  REQUIRE(counts.ok());
  CHECK(counts->errors == 1);
  CHECK(counts->products == 1);
  CHECK(diagnostics ==
        "error[R0306]: c.jsonl:1: `colour` is not a declared fact; --strict refuses keys that are "
        "not declared facts\n");
}

TEST_CASE("undeclared names are counted once each, in order, and warned about at the end") {
  auto program = RadioProgram();
  std::string text;
  for (int i = 0; i < 50; ++i) text += "{\"id\": " + std::to_string(i) + ", \"radio\": true}\n";
  text += "{\"raido\": true}\n";
  Outcome got = Evaluate(program, text, 2, Format::Json);
  REQUIRE(got.counts.undeclared.size() == 2);
  CHECK(got.counts.undeclared[0].name == "id");
  CHECK(got.counts.undeclared[0].count == 50);
  CHECK(UndeclaredWarnings(program.module(), got.counts, "c.jsonl") ==
        "warning: c.jsonl: `id` is not a declared fact; ignored in 50 products (first on line 1)\n"
        "warning: c.jsonl: `raido` is not a declared fact; ignored in 1 product (first on line "
        "51) (did you mean `radio`?)\n");
}

TEST_CASE("a CSV catalogue gives the same reports as the same JSONL") {
  auto program = RadioProgram();
  std::string jsonl =
      "{\"product\": \"A\", \"radio\": true}\n{\"product\": \"B, \\\"the\\\"\\nsecond\", "
      "\"radio\": false}\n{\"product\": \"C\"}\n";
  std::string csv =
      "\xEF\xBB\xBFproduct,radio,SKU\r\nA,TRUE,1\r\n\"B, \"\"the\"\"\nsecond\",false,2\r\nC,,3\r\n";
  Outcome from_jsonl = Evaluate(program, jsonl, 1, Format::Summary);
  Outcome from_csv = Evaluate(program, csv, 2, Format::Summary, 1, InputFormat::Csv);
  // Lines differ (the header is line 1, B spans lines 3-4): compare without them.
  auto without_lines = [](std::string text) {
    std::string out;
    for (size_t at = 0; (at = text.find(",\"line\":")) != std::string::npos;) {
      size_t end = text.find(',', at + 1);
      out += text.substr(0, at);
      text = text.substr(end);
    }
    return out + text;
  };
  CHECK(without_lines(from_csv.output) == without_lines(from_jsonl.output));
  CHECK(from_csv.output.find("\"line\":5,\"product\":\"C\"") != std::string::npos);
  REQUIRE(from_csv.counts.undeclared.size() == 1);
  CHECK(from_csv.counts.undeclared[0].name == "SKU");
  CHECK(from_csv.counts.undeclared[0].count == 3);
}

TEST_CASE("a bad CSV cell fails its row, naming line, column and value; the batch goes on") {
  auto program = RadioProgram();
  std::string csv = "product,radio\nA,maybe\nB,\"unclosed\nC,true\n,,\nD,true,extra\n";
  Outcome got = Evaluate(program, csv, 1, Format::Csv, 3, InputFormat::Csv);
  CHECK(got.diagnostics.find("error[R0303]: c.jsonl:2: column `radio` (fact `radio`): expected "
                             "true or false, got \"maybe\"\n") == 0);
  // An unclosed quote runs to the end of the file: one bad record.
  CHECK(got.diagnostics.find("error[R0308]: c.jsonl:3: the quoted field 2") != std::string::npos);
  CHECK(got.counts.errors == 2);
  CHECK(got.counts.products == 0);
  std::string rows = "product,radio\nA,true\n,,\nD,true,extra\n  \n";
  Outcome more = Evaluate(program, rows, 1, Format::Csv, 3, InputFormat::Csv);
  CHECK(more.counts.products == 1);
  CHECK(more.diagnostics.find("error[R0308]: c.jsonl:4: the row has 3 cells, the header 2") == 0);
}

TEST_CASE("a CSV header naming a fact twice stops the batch") {
  auto program = RadioProgram();
  CatalogOptions options;
  options.input = InputFormat::Csv;
  options.write = [](std::string_view) -> Expected<Ok> { return Ok{}; };
  auto source = StringByteSource("radio,product,radio\n");
  auto counts = EvaluateCatalog(program, *source, "c.csv", options);
  REQUIRE(!counts.ok());
  CHECK(counts.error().kind == ErrorKind::BadTableHeader);
  CHECK(counts.error().message == "c.csv:1: columns 1 and 3 both give fact `radio`; keep one");
}

TEST_CASE("the HTML overview counts every product and keeps rows up to its cap") {
  auto program = RadioProgram();
  CatalogOptions options;
  options.format = Format::Html;
  options.overview_max_products = 2;
  options.report.as_of = *ParseDate("2025-06-01");
  std::string page;
  options.write = [&](std::string_view bytes) -> Expected<Ok> {
    page += bytes;
    return Ok{};
  };
  auto source = StringByteSource(Catalog(2));
  auto counts = EvaluateCatalog(program, *source, "c.jsonl", options);
  REQUIRE(counts.ok());
  // Per copy: 5 products (one with a long name: the default line limit is 1 MiB), 2 failed.
  CHECK(page.find("<span id=products>10</span> products, <span id=errors>4</span>") !=
        std::string::npos);
  CHECK(std::count(page.begin(), page.end(), '\n') > 10);
  size_t rows = 0;
  for (size_t at = 0; (at = page.find("<tr data-s=", at)) != std::string::npos; ++at) ++rows;
  CHECK(rows == 2);
  CHECK(page.find("The matrix shows the first 2 of 10 products") != std::string::npos);
}

TEST_CASE("the output and diagnostics are the same bytes whatever the threads and batches") {
  auto program = RadioProgram();
  const std::string text = Catalog(60);
  for (Format format : {Format::Json, Format::Text}) {
    Outcome expected = Evaluate(program, text, 1, format, 1);
    CHECK(expected.counts.errors == 180);
    for (int threads : {1, 2, 4, 8}) {
      for (size_t batch : {size_t{1}, size_t{3}, size_t{64}}) {
        CAPTURE(threads);
        CAPTURE(batch);
        Outcome got = Evaluate(program, text, threads, format, batch);
        CHECK(got.output == expected.output);
        CHECK(got.diagnostics == expected.diagnostics);
        CHECK(got.counts.products == expected.counts.products);
      }
    }
  }
}

TEST_CASE("text reports are separated by one blank line, also across batches") {
  auto program = RadioProgram();
  std::string text = "{\"product\": \"A\", \"radio\": true}\n{\"product\": \"B\"}\n";
  Outcome batched = Evaluate(program, text, 1, Format::Text, 1);
  Outcome whole = Evaluate(program, text, 1, Format::Text, 10);
  CHECK(batched.output == whole.output);
  CHECK(whole.output.find("A (line 1): certification") == 0);
  CHECK(whole.output.find("\n\nB (line 2): certification") != std::string::npos);
}

TEST_CASE("a write error stops the batch and is returned") {
  auto program = RadioProgram();
  for (int threads : {1, 3}) {
    CatalogOptions options;
    options.threads = threads;
    options.batch_lines = 2;
    int writes = 0;
    options.write = [&](std::string_view) -> Expected<Ok> {
      if (++writes == 2) return Error{"out.json: cannot write: No space left on device"};
      return Ok{};
    };
    auto source = StringByteSource(Catalog(20));
    auto counts = EvaluateCatalog(program, *source, "c.jsonl", options);
    REQUIRE(!counts.ok());
    CHECK(counts.error().message == "out.json: cannot write: No space left on device");
    CHECK(writes == 2);
  }
}

}  // namespace
}  // namespace ccr::batch
