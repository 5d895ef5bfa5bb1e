// The one place diagnostics become text: for the console (file:line:col, the source line, a
// caret underline, help and notes) and as JSON for editors and CI (`--error-format json`).
#pragma once

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/source.h"

namespace ccr::diag {

// Renders one diagnostic for a terminal, ending with a newline:
//   rules/radio.ccr:3:4: error[E0201]: unknown fact `emit_radio`
//     3 | if emit_radio then require SRRC by MIIT mandatory
//       |    ^~~~~~~~~~
//     help: did you mean `emits_radio`?
std::string RenderText(const Diagnostic& diagnostic, const SourceManager& sources);

// Renders all diagnostics as one JSON document:
//   {"diagnostics":[{"code":"E0201","severity":"error","file":...,"line":3,"column":4,
//     "end_line":3,"end_column":14,"message":...,"help":...,"notes":[...]}],
//    "errors":1,"warnings":0}
std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources);

// Renders the closing count line, e.g. "2 errors, 1 warning", or "" when there are none.
std::string RenderSummary(int errors, int warnings);

}  // namespace ccr::diag
