#include "runtime/explain/next_steps.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/explain/explain.h"

namespace ccr::explain {

using bytecode::AssessmentRoute;
using bytecode::kNone;
using bytecode::Module;
using bytecode::StepKind;

std::vector<uint32_t> RowRouteRules(const Module& module, const vm::SchemeResult& scheme) {
  std::vector<uint32_t> rules;
  for (uint32_t rule : scheme.fired) {
    AssessmentRoute route = module.rules[rule].assessment;
    if (route == AssessmentRoute::None) continue;
    bool seen = std::any_of(rules.begin(), rules.end(),
                            [&](uint32_t r) { return module.rules[r].assessment == route; });
    if (!seen) rules.push_back(rule);
  }
  return rules;
}

std::vector<NextStep> NextSteps(const Module& module, const vm::SchemeResult& scheme,
                                Language language) {
  const bool chinese = language == Language::Chinese;
  std::span<const bytecode::SchemeStep> declared = bytecode::StepsOf(module, scheme.scheme);
  std::vector<uint32_t> row_routes = RowRouteRules(module, scheme);
  std::vector<NextStep> steps;
  for (StepKind kind : bytecode::kStepKinds) {
    if (kind == StepKind::Route && !row_routes.empty()) {
      for (uint32_t rule_index : row_routes) {
        const bytecode::Rule& rule = module.rules[rule_index];
        steps.push_back({.kind = kind,
                         .text = chinese ? bytecode::AssessmentZhDescription(rule.assessment)
                                         : bytecode::AssessmentDescription(rule.assessment),
                         .source = rule.source != kNone ? module.strings[rule.source]
                                                        : LocationText(module, rule.location),
                         .rule = rule_index,
                         .assessment = rule.assessment});
      }
      continue;
    }
    for (const bytecode::SchemeStep& step : declared) {
      if (step.kind != kind) continue;
      uint32_t text = chinese && step.zh_text != kNone ? step.zh_text : step.text;
      steps.push_back(
          {.kind = kind, .text = module.strings[text], .source = module.strings[step.source]});
    }
  }
  return steps;
}

std::string_view StepLabel(StepKind kind, Language language) {
  const Phrases& say = PhrasesFor(language);
  switch (kind) {
    case StepKind::Route:
      return say.step_route;
    case StepKind::Marking:
      return say.step_marking;
    case StepKind::Body:
      return say.step_bodies;
  }
  return {};
}

void AppendNextSteps(std::string& out, const Module& module, const vm::SchemeResult& scheme,
                     std::string_view indent, Language language) {
  const Phrases& say = PhrasesFor(language);
  std::vector<NextStep> steps = NextSteps(module, scheme, language);
  for (StepKind kind : bytecode::kStepKinds) {
    bool any = false;
    for (const NextStep& step : steps) {
      if (step.kind != kind) continue;
      out += fmt::format("{}{}{}\n", indent, any ? say.step_pad : StepLabel(kind, language),
                         step.text);
      out += fmt::format("{}{}{}{}", indent, say.step_pad, say.source, step.source);
      if (step.rule != kNone) {
        out += fmt::format(" ({} {})", say.rule, module.strings[module.rules[step.rule].name]);
      }
      out += '\n';
      any = true;
    }
    if (!any) out += fmt::format("{}{}{}\n", indent, StepLabel(kind, language), say.not_recorded);
  }
}

}  // namespace ccr::explain
