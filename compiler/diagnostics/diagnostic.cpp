#include "compiler/diagnostics/diagnostic.h"

#include <algorithm>

namespace ccr::diag {

namespace {

constexpr KindInfo kKinds[] = {
#define DIAGNOSTIC(name, code, severity, doc) {#name, code, Severity::severity, doc},
#include "compiler/diagnostics/diagnostic_kinds.def"
#undef DIAGNOSTIC
};

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

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
      diagnostics_.push_back({Kind::TooManyErrors, diagnostic.range,
                              "too many errors; stopping here",
                              "fix the errors above and compile again", {}});
      ++error_count_;
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

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(1, name.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance || (distance == best_distance && !best.empty() &&
                                     candidate < best && distance < best_distance)) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace ccr::diag
