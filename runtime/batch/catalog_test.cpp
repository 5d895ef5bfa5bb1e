#include "runtime/batch/catalog.h"

#include <doctest/doctest.h>

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
                 Format format, size_t batch_lines = 3) {
  Outcome outcome;
  CatalogOptions options;
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
  CHECK(one.diagnostics.find("warning: c.jsonl:8: `colour` is not a declared fact") !=
        std::string::npos);
  CHECK(one.progress_calls == 3);  // 8 lines in batches of 3
  CHECK(one.counts.first_error_line == 4);
  for (int threads : {1, 3}) {
    CHECK(Evaluate(program, Catalog(3), threads, Format::Json, 2).counts.first_error_line == 4);
  }
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
  CHECK(whole.output.find("A: certification") == 0);
  CHECK(whole.output.find("\n\nB: certification") != std::string::npos);
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
