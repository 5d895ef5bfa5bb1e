#include <algorithm>

#include "runtime/bytecode/module.h"

namespace ccr::bytecode {

std::string_view OutcomeText(Outcome outcome) {
  switch (outcome) {
    case Outcome::RequiredAny:
      return "required";
    case Outcome::RequiredMandatory:
      return "required mandatory";
    case Outcome::RequiredVoluntary:
      return "required voluntary";
    case Outcome::NotRequired:
      return "not required";
    case Outcome::Undetermined:
      return "undetermined";
    case Outcome::Exempt:
      return "exempt";
    case Outcome::Available:
      return "available";
  }
  return {};
}

std::string_view AssessmentKeyword(AssessmentRoute route) {
  switch (route) {
    case AssessmentRoute::None:
      return {};
#define ASSESSMENT(name, value, keyword, description, zh_description) \
  case AssessmentRoute::name:                                         \
    return keyword;
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
  }
  return {};
}

std::string_view AssessmentDescription(AssessmentRoute route) {
  switch (route) {
    case AssessmentRoute::None:
      return {};
#define ASSESSMENT(name, value, keyword, description, zh_description) \
  case AssessmentRoute::name:                                         \
    return description;
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
  }
  return {};
}

std::string_view AssessmentZhDescription(AssessmentRoute route) {
  switch (route) {
    case AssessmentRoute::None:
      return {};
#define ASSESSMENT(name, value, keyword, description, zh_description) \
  case AssessmentRoute::name:                                         \
    return zh_description;
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
  }
  return {};
}

AssessmentRoute AssessmentFromKeyword(std::string_view word) {
#define ASSESSMENT(name, value, keyword, description, zh_description) \
  if (word == keyword) return AssessmentRoute::name;
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
  return AssessmentRoute::None;
}

const std::vector<std::string>& AssessmentKeywords() {
  static const std::vector<std::string> kKeywords = {
#define ASSESSMENT(name, value, keyword, description, zh_description) keyword,
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
  };
  return kKeywords;
}

std::string_view StepKindKeyword(StepKind kind) {
  switch (kind) {
#define STEP_KIND(name, value, keyword, json_key) \
  case StepKind::name:                            \
    return keyword;
#include "runtime/bytecode/step_kinds.def"
#undef STEP_KIND
  }
  return {};
}

std::string_view StepKindJsonKey(StepKind kind) {
  switch (kind) {
#define STEP_KIND(name, value, keyword, json_key) \
  case StepKind::name:                            \
    return json_key;
#include "runtime/bytecode/step_kinds.def"
#undef STEP_KIND
  }
  return {};
}

std::span<const SchemeStep> StepsOf(const Module& module, uint32_t scheme) {
  // std::lower_bound, not std::ranges: clang-tidy's clang 14 cannot parse libstdc++ 12's ranges.
  auto first =
      std::lower_bound(module.steps.begin(), module.steps.end(), scheme,
                       [](const SchemeStep& step, uint32_t index) { return step.scheme < index; });
  auto last =
      std::upper_bound(first, module.steps.end(), scheme,
                       [](uint32_t index, const SchemeStep& step) { return index < step.scheme; });
  return {first, last};
}

}  // namespace ccr::bytecode
