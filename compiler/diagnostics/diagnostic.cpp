#include "compiler/diagnostics/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "runtime/base/suggest.h"

namespace ccr::diag {

namespace {

constexpr KindInfo kKinds[] = {
#define DIAGNOSTIC(name, code, severity, doc) {#name, code, Severity::severity, doc},
#include "compiler/diagnostics/diagnostic_kinds.def"
#undef DIAGNOSTIC
};

}  // namespace

const KindInfo& Info(Kind kind) { return kKinds[static_cast<size_t>(kind)]; }

std::vector<Kind> AllKinds() {
  std::vector<Kind> kinds;
  for (size_t i = 0; i < std::size(kKinds); ++i) kinds.push_back(static_cast<Kind>(i));
  return kinds;
}

void DiagnosticSink::Add(Diagnostic diagnostic) {
  if (stopped_) return;
  if (diagnostic.severity() == Severity::Error) {
    if (error_count_ == max_errors_) {
      stopped_ = true;
      // Not counted: the summary says how many errors were shown, and that it stopped.
      diagnostics_.push_back(
          {Kind::TooManyErrors,
           diagnostic.range,
           fmt::format("more than {} errors (the limit `max_errors`); stopping here", max_errors_),
           "fix the errors above and compile again, or raise the limit with --max-errors",
           {}});
      return;
    }
    ++error_count_;
  } else {
    ++warning_count_;
  }
  diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticSink::Add(Kind kind, SourceRange range, std::string message, std::string help) {
  Add(Diagnostic{kind, range, std::move(message), std::move(help), {}});
}

void DiagnosticSink::SortBySource() {
  auto key = [](const Diagnostic& d) {
    bool last = !d.range.file.valid() || d.kind == Kind::TooManyErrors;
    return std::tuple(last, last ? 0 : d.range.file.index, last ? 0 : d.range.begin);
  };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return std::string(ccr::ClosestName(name, views));
}

}  // namespace ccr::diag
