// Parse: one source file -> declarations appended to an ast::Module.
//
// ANTLR is contained here: generated code lives in the internal `ccr_antlr` namespace, its
// default error listeners are replaced by one that turns syntax errors into diagnostics,
// nesting is capped before ANTLR recurses, and every exception stops at this boundary.
#pragma once

#include <cstddef>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/source.h"
#include "compiler/syntax/ast.h"

namespace ccr::syntax {

struct ParseOptions {
  // Rule files are hand-written; 8 MiB is hundreds of thousands of rules. Past that the file
  // is almost certainly not a rule file, and refusing it keeps memory bounded.
  size_t max_source_bytes = 8u * 1024 * 1024;
  // Parentheses, braces and chained `not`s deeper than this are refused before parsing:
  // ANTLR's recursive descent (and our tree walks) would otherwise exhaust the stack.
  int max_nesting_depth = 256;
  // A string literal (a name, reason, citation) longer than this is refused: the longest
  // real citation is a few hundred bytes, and every string is copied into each report.
  size_t max_string_bytes = 64u * 1024;
};

struct ParseResult {
  std::vector<ast::Import> imports;  // this file's imports, for the driver to resolve
  // False if the file had errors. Its statements that parsed are in the module, the others
  // are in `module.dropped`.
  bool ok = true;
  // True if the file was refused whole (too large, not UTF-8, nested too deep, or the parser
  // failed): none of it is in the module, so checking the other files would only give echoes.
  bool refused = false;
};

// Parses `file` of `sources`, appending its declarations to `module` and reporting syntax
// errors to `sink`. A statement with a syntax error is reported once and left out (recorded
// in `module.dropped`), and parsing resumes at the next statement: a line that begins with a
// keyword that can begin one. Never throws.
ParseResult Parse(const diag::SourceManager& sources, diag::FileId file, ast::Module& module,
                  diag::DiagnosticSink& sink, const ParseOptions& options = {});

}  // namespace ccr::syntax
