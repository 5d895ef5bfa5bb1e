// Diagnostics: mistakes in the user's rules, as data. Phases send them to a DiagnosticSink;
// one renderer (render.h) turns them into console text or JSON. The kinds are defined once in
// diagnostic_kinds.def.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"

namespace ccr::diag {

enum class Kind : uint16_t {
#define DIAGNOSTIC(name, code, severity, doc) name,
#include "compiler/diagnostics/diagnostic_kinds.def"
#undef DIAGNOSTIC
};

enum class Severity : uint8_t { Error, Warning };

struct KindInfo {
  const char* name;
  const char* code;
  Severity severity;
  const char* doc;
};

const KindInfo& Info(Kind kind);
// Returns every kind in definition order (for docs and coverage tests).
std::vector<Kind> AllKinds();

struct Note {
  SourceRange range;  // may be invalid (file index -1) for a note without a position
  std::string message;
};

struct Diagnostic {
  Kind kind;
  SourceRange range;
  std::string message;  // lower case, no final period, code in backticks
  std::string help;     // optional: what to do, e.g. "did you mean `emits_radio`?"
  std::vector<Note> notes;

  Severity severity() const { return Info(kind).severity; }
};

// Collects diagnostics of one compilation. Stops accepting after `max_errors` errors (adding
// one final TooManyErrors), so a badly broken file cannot flood the terminal.
class DiagnosticSink {
 public:
  // A hundred errors is more than anyone reads; past that, later ones are mostly echoes.
  static constexpr int kDefaultMaxErrors = 100;

  explicit DiagnosticSink(int max_errors = kDefaultMaxErrors) : max_errors_(max_errors) {}

  void Add(Diagnostic diagnostic);
  // Shorthand for the common case.
  void Add(Kind kind, SourceRange range, std::string message, std::string help = {});
  // Puts the diagnostics in source order: by file, then by position. Those without a position
  // and the final TooManyErrors stay last, in the order they came.
  void SortBySource();

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  int error_count() const { return error_count_; }
  int warning_count() const { return warning_count_; }
  bool has_errors() const { return error_count_ > 0; }
  // Whether errors past `max_errors` were dropped (error_count() == max_errors then).
  bool stopped() const { return stopped_; }

 private:
  int max_errors_;
  int error_count_ = 0;
  int warning_count_ = 0;
  bool stopped_ = false;
  std::vector<Diagnostic> diagnostics_;
};

// Returns the closest candidate to `name` by edit distance, or "" if none is close enough to be
// a plausible typo (distance at most a third of the name's length, at least 1).
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace ccr::diag
