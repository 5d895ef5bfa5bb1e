// Reports: what a product needs, for people (text, HTML) and for machines (JSON, schema in
// docs/report.md). All are rendered from the same vm::Result and are deterministic.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "runtime/ask/ask.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/explain/phrases.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::report {

// Version of the JSON report schema; bumped on any incompatible change.
inline constexpr int kJsonSchemaVersion = 3;
// Version of the compact summary schema (`--format summary`, docs/report.md).
inline constexpr int kSummarySchemaVersion = 3;

// The language of the reports for people (`--lang`). JSON is language-neutral.
using Language = explain::Language;

struct Options {
  Date as_of;
  // Also list not_required schemes (exempt and undetermined ones are always listed).
  bool include_not_required = false;
  // Text and HTML only: fixed phrases and declared names (`zh`) in this language.
  Language language = Language::English;
  // In a batch: the input line the product starts on (1-based), shown in every format so
  // reports can be joined back to the input; 0 for one product on its own.
  uint64_t line = 0;
};

// The evaluator's options for a report rendered with `options`: a scheme that is not required
// lists its false rules only when some format shows them, which each does only with `--all`
// (JSON, text, HTML: the schemes that are not required; summary and CSV: never). The report is
// the same bytes either way.
inline vm::Options EvaluationOptions(const Options& options) {
  return vm::Options{.as_of = options.as_of, .not_required_rules = options.include_not_required};
}

// Returns a readable table (scheme, full name, authority, level, status, why) followed by the
// reasons, citations, missing facts and warnings. Ends with a newline.
std::string RenderText(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, const Options& options);

// Returns a status's name in the JSON report (and `ccr diff`): "required", "undetermined",
// "exempt" or "not_required".
std::string_view StatusKey(vm::Status status);

// Returns one JSON object on one line, without a trailing newline, in the schema of
// docs/report.md (`ccr.report/kJsonSchemaVersion`): fixed key order, optional members
// omitted rather than null.
std::string RenderJson(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, const Options& options);

// Appends what RenderJson returns to `out`: a batch writes reports into one buffer.
void AppendJson(std::string& out, const bytecode::VerifiedProgram& program,
                const facts::Product& product, const vm::Result& result, const Options& options);

// Returns one self-contained HTML document (inline CSS, no scripts, no external resources):
// the product and date, the requirements table, why each scheme applies, the exemptions, and
// for undetermined schemes the `questions` that would settle them (ask::RankQuestions, best
// first). Every text from the rules or the product is escaped.
std::string RenderHtml(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, std::span<const ask::Question> questions,
                       const Options& options);

// Returns a scheme's cell in the CSV matrix: `required mandatory`, `required voluntary`,
// `undetermined`, `exempt`, `not required` (a mandatory scheme) or `available` (a voluntary
// scheme that no rule requires). Legend: docs/report.md.
std::string_view CellStatus(const vm::SchemeResult& scheme);

// Appends one CSV cell (RFC 4180): inert text (runtime/base/inert_text.h), quoted when it holds
// a comma, a quote or edge spaces, and a cell a spreadsheet would run as a formula (starting
// with `=`, `+`, `-`, `@`, a tab or a CR) prefixed with `'` inside quotes.
void AppendCsvCell(std::string& out, std::string_view text);

// Appends the CSV matrix's header row: `line,product`, one column per scheme id in declaration
// order, `missing,error`; rows end in CRLF (RFC 4180).
void AppendCsvHeader(std::string& out, const bytecode::VerifiedProgram& program);

// Appends one product's row: its input line, name, every scheme's CellStatus and its missing
// facts (of every undetermined scheme, declaration order, space-separated).
void AppendCsvRow(std::string& out, const bytecode::VerifiedProgram& program,
                  const facts::Product& product, const vm::Result& result, uint64_t line);

// Appends the row of an input line that could not be evaluated: its line, its product's name
// where it was read (else empty) and the message in the `error` column, every other cell empty.
void AppendCsvError(std::string& out, const bytecode::VerifiedProgram& program, uint64_t line,
                    std::string_view product, std::string_view message);

// Appends the compact summary (`ccr.summary/kSummarySchemaVersion`): one JSON object, no
// newline, with the line, product, date and per listed scheme its status, level and missing
// facts; no explanations.
void AppendSummary(std::string& out, const bytecode::VerifiedProgram& program,
                   const facts::Product& product, const vm::Result& result, const Options& options);

}  // namespace ccr::report
