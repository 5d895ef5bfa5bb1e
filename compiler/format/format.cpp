#include "compiler/format/format.h"

#include <fmt/format.h>

#include <exception>

#include "compiler/format/internal/doc.h"
#include "compiler/format/internal/layout.h"
#include "compiler/syntax/ast.h"

namespace ccr::format {

Expected<std::string> Format(const diag::SourceManager& sources, diag::FileId file,
                             diag::DiagnosticSink& sink, const FormatOptions& options) {
  const diag::SourceFile& source = sources.Get(file);
  // The parser is the judge of what is a syntax error, so `ccrc fmt` refuses exactly what
  // `ccrc check` reports (and the layout below never sees a repaired tree or deep nesting).
  ast::Module scratch;
  if (!syntax::Parse(sources, file, scratch, sink, options.parse).ok) {
    return Error{fmt::format("{}: not formatted: the file has syntax errors", source.path())};
  }
  try {
    internal::LayoutOptions layout;
    layout.indent = options.indent;
    std::string formatted =
        internal::Print(internal::LayoutFile(source.text(), layout), options.line_width);
    // Formatting may only move whitespace. Checked on every run: a layout bug becomes an
    // error message instead of a changed rule file.
    if (internal::TokenSignature(formatted) != internal::TokenSignature(source.text())) {
      return Error{fmt::format(
          "{}: internal error: formatting would change the tokens or comments; the file was "
          "left as it is (this is a bug in ccr; please report it with this file)",
          source.path())};
    }
    return formatted;
  } catch (const std::exception& error) {
    return Error{
        fmt::format("{}: internal error: the formatter failed: {}", source.path(), error.what())};
  } catch (...) {
    return Error{fmt::format("{}: internal error: the formatter failed", source.path())};
  }
}

FormattedText FormatText(std::string path, std::string text, const FormatOptions& options) {
  FormattedText result;
  diag::FileId file = result.sources.Add(std::move(path), std::move(text));
  diag::DiagnosticSink sink;
  result.text = Format(result.sources, file, sink, options);
  result.diagnostics = sink.diagnostics();
  return result;
}

}  // namespace ccr::format
