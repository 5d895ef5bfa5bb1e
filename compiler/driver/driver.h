// The driver: the whole compiler pipeline for a list of input paths. Expands directories,
// loads the standard library in front, follows imports, parses, checks, and lowers when there
// are no errors. Used by ccrc; the language server uses it the same way,
// with unsaved editor buffers as an overlay.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "compiler/check/check.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/source.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/parse.h"
#include "runtime/base/embedded_file.h"
#include "runtime/base/expected.h"
#include "runtime/bytecode/module.h"

namespace ccr::driver {

struct Options {
  bool use_stdlib = true;
  // Read the standard library from this directory instead of the copy inside the binary.
  std::string stdlib_dir;
  syntax::ParseOptions parse;
  int max_errors = diag::DiagnosticSink::kDefaultMaxErrors;
  // Run the static analysis (compiler/analysis) after a clean check: `ccrc check`.
  bool analyze = false;
  int64_t analysis_budget = 2'000'000;  // see analysis::Options::budget
  // Texts to use instead of what is on disk, by path (an editor's unsaved buffers, for the
  // language server). A path here need not exist on disk; imports of it resolve too.
  std::map<std::string, std::string> overlay;
  // Lowering is skipped when false (the language server needs diagnostics and tables only).
  bool lower = true;
};

struct Compilation {
  explicit Compilation(int max_errors) : sink(max_errors) {}

  diag::SourceManager sources;
  diag::DiagnosticSink sink;
  ast::Module ast;
  check::CheckedModule checked;
  bool parsed = false;      // every file parsed without errors
  bool check_ran = false;   // the checker ran: no file was refused whole (`checked` is valid)
  bool checked_ok = false;  // the checker found no errors, nor did the parser
  std::optional<bytecode::Module> bytecode;  // set iff there are no errors
  size_t library_files = 0;                  // the first files are the standard library
};

// Compiles `inputs` (files, or directories of `.ccr` files), taken in CanonicalOrder
// (rule_files.h): the result depends on the set of files, not on the order they are named.
// Statements with syntax errors are left out and the rest is checked; the diagnostics come
// out in source order.
// Returns an Error only when an input cannot be read; everything wrong in the rules themselves
// is a diagnostic in the returned compilation's sink.
Expected<std::unique_ptr<Compilation>> Compile(const std::vector<std::string>& inputs,
                                               const Options& options);

// The standard library compiled into this binary.
std::span<const EmbeddedFile> StdlibFiles();

}  // namespace ccr::driver
