// What `ccr run` writes, as a library: the report formats by name, the report of one product,
// and which formats a batch can use. `ccr run` and libccr (runtime/capi, and through it the
// Python module) both call these, so a report from the C API is byte for byte what `ccr run`
// prints for the same options, and a format added here reaches every caller at once.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/expected.h"
#include "runtime/batch/catalog.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"

namespace ccr::run {

// The report formats of `ccr run --format`.
enum class Format { Text, Json, Summary, Csv, Html };

// The names `--format` accepts, in the order `--help` lists them.
inline constexpr std::string_view kFormatNames[] = {"text", "json", "summary", "csv", "html"};

// Returns the format called `name`, or a usage error (R0001) listing the names.
Expected<Format> ParseFormat(std::string_view name);

// Returns the language called `name` (`en`, `zh`), or a usage error (R0001).
Expected<report::Language> ParseLanguage(std::string_view name);

// Returns the report `ccr run` writes for one product evaluated to `result`, ending in a
// newline: text, one JSON object on one line, one summary line, a CSV header and row (line 1),
// or an HTML page (which also ranks the questions that would settle the undetermined schemes).
std::string RenderProduct(const bytecode::VerifiedProgram& program, const facts::Product& product,
                          const vm::Result& result, Format format, const report::Options& options);

// Returns the batch format for `format`, or R0005 for html: the library writes one product's
// page only (`ccr run` writes a batch's overview page itself); `where` names the batch in the
// message.
Expected<batch::Format> BatchFormat(Format format, std::string_view where);

}  // namespace ccr::run
