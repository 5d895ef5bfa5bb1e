// What to do next once a scheme is required: its conformity-assessment route, its marking and
// the designated bodies or labs, each with where it is stated. Every report (text, JSON, HTML)
// takes its lines from here, so they all say the same.
//
// Two things in the rules state a route, and a report says it once:
//   - a scheme's `route` steps (stdlib/schemes.ccr): the general route, for every product the
//     scheme is required for;
//   - a catalogue row's `assessment` (a rule with `row CCC "0705" assessment
//     self_declaration_a`): the route for the products of that row.
// When a rule that requires the scheme for this product states an assessment, that is the
// product's route and replaces the scheme's general route steps; otherwise the general ones
// are shown. Markings and bodies always come from the scheme.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/module.h"
#include "runtime/explain/phrases.h"
#include "runtime/vm/vm.h"

namespace ccr::explain {

// One line of what to do next.
struct NextStep {
  bytecode::StepKind kind = bytecode::StepKind::Route;
  std::string_view text;  // in the report's language (English when no Chinese is declared)
  // Where it is stated: the step's `source`; for a row's route the rule's `source` (its
  // location when it cites none).
  std::string source;
  // A catalogue row's route: the rule that states it and its route; kNone and None for a
  // step the scheme declares.
  uint32_t rule = bytecode::kNone;
  bytecode::AssessmentRoute assessment = bytecode::AssessmentRoute::None;
};

// Returns the rules among `scheme.fired` that state an assessment route, the first of each
// route only, in firing order. Empty when none does (then the scheme's own route applies).
std::vector<uint32_t> RowRouteRules(const bytecode::Module& module, const vm::SchemeResult& scheme);

// Returns what to do next for a required `scheme`, grouped by step kind in the order of
// step_kinds.def, declaration order within a kind. A kind with no step is simply absent: the
// reports say it is not recorded.
std::vector<NextStep> NextSteps(const bytecode::Module& module, const vm::SchemeResult& scheme,
                                Language language);

// Returns the label of a step kind, padded like `because` in text reports.
std::string_view StepLabel(bytecode::StepKind kind, Language language);

// Appends, each line starting with `indent`, what to do next for a required `scheme`: per step
// kind every step and its source, or that the rules record none.
void AppendNextSteps(std::string& out, const bytecode::Module& module,
                     const vm::SchemeResult& scheme, std::string_view indent, Language language);

}  // namespace ccr::explain
