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
inline constexpr int kJsonSchemaVersion = 1;

// The language of the reports for people (`--lang`). JSON is language-neutral.
using Language = explain::Language;

struct Options {
  Date as_of;
  // Also list not_required schemes (exempt and undetermined ones are always listed).
  bool include_not_required = false;
  // Text and HTML only: fixed phrases and declared names (`zh`) in this language.
  Language language = Language::English;
};

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

}  // namespace ccr::report
