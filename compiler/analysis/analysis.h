// Static analysis of a checked rule set (`ccrc check`): finds rules that can never apply,
// rules that conflict, exemptions that never apply and rules made redundant by another, each
// with the rules involved and, where one exists, an example product (a witness) that shows it.
//
// Exact over the declared finite domains: every condition compares facts with constants, so
// trying one value per class of indistinguishable values (internal/domains.h), plus unknown,
// decides every question without an SMT solver. Findings are warnings: the rules still compile.
#pragma once

#include <cstdint>
#include <functional>

#include "compiler/check/check.h"
#include "compiler/diagnostics/diagnostic.h"

namespace ccr::analysis {

struct Options {
  // Candidate products the search may try in all; a rule set so large that this runs out is
  // analysed in part, and a final warning says so. Each question needs a few dozen at most.
  int64_t budget = 2'000'000;
  // Findings about rules in these files are not reported (the standard library declares no
  // rules today, but a library's rules are not the user's to fix).
  std::function<bool(diag::FileId)> is_library_file = [](diag::FileId) { return false; };
};

// Adds W0801..W0805 warnings to `sink`. `module` must have checked without errors.
void Analyze(const check::CheckedModule& module, diag::DiagnosticSink& sink,
             const Options& options = {});

}  // namespace ccr::analysis
