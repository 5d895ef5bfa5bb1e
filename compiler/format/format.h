// Format: one source text -> the same program in the canonical layout (docs/language.md,
// "Formatting"). Used by `ccrc fmt`, the language server and the fuzzers, all on in-memory
// text.
//
// Only whitespace changes: every token and every comment is kept in order (the formatter
// checks this on its own output before returning it), blank lines between statements are kept
// (runs collapsed to one), and formatting formatted text changes nothing. A file with syntax
// errors is refused with the same diagnostics `ccrc check` prints.
#pragma once

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/source.h"
#include "compiler/syntax/parse.h"
#include "runtime/base/expected.h"

namespace ccr::format {

struct FormatOptions {
  // The target width in columns (East Asian wide characters count two). A line can be longer
  // only where nothing can break: a long string, a long name, a comment.
  int line_width = 100;
  // One block level; continuation lines of a condition are two levels in.
  int indent = 2;
  syntax::ParseOptions parse;
};

// Formats `file` of `sources`. Syntax errors go to `sink` and the result is an Error saying
// the file was not formatted; an Error with no new diagnostics in `sink` is a formatter bug
// (its own output check failed). Never throws.
Expected<std::string> Format(const diag::SourceManager& sources, diag::FileId file,
                             diag::DiagnosticSink& sink, const FormatOptions& options = {});

// Formats `text`, named `path` in diagnostics: for callers that hold a file in memory.
struct FormattedText {
  diag::SourceManager sources;                // the one file, to render `diagnostics`
  std::vector<diag::Diagnostic> diagnostics;  // the syntax errors, when it was refused
  Expected<std::string> text = Error{"not formatted"};
};
FormattedText FormatText(std::string path, std::string text, const FormatOptions& options = {});

}  // namespace ccr::format
