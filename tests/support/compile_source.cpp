#include "tests/support/compile_source.h"

#include "compiler/check/check.h"
#include "compiler/diagnostics/render.h"
#include "compiler/lower/lower.h"
#include "compiler/syntax/parse.h"

namespace ccr::testing {

CompiledSource CompileSource(const std::string& text, const std::string& path) {
  diag::SourceManager sources;
  diag::DiagnosticSink sink;
  ast::Module ast;
  diag::FileId file = sources.Add(path, text);
  CompiledSource out;
  // As the driver does: the statements that parsed are checked, unless the file was refused.
  if (!syntax::Parse(sources, file, ast, sink).refused) {
    check::CheckedModule checked = check::Check(ast, sources, sink);
    if (!sink.has_errors()) out.module = lower::Lower(checked);
  }
  sink.SortBySource();
  for (const diag::Diagnostic& d : sink.diagnostics()) out.diagnostics += RenderText(d, sources);
  return out;
}

}  // namespace ccr::testing
