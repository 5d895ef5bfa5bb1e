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
  }
  return {};
}

std::string_view AssessmentKeyword(AssessmentRoute route) {
  switch (route) {
    case AssessmentRoute::None:
      return {};
#define ASSESSMENT(name, value, keyword, description) \
  case AssessmentRoute::name:                         \
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
#define ASSESSMENT(name, value, keyword, description) \
  case AssessmentRoute::name:                         \
    return description;
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
  }
  return {};
}

AssessmentRoute AssessmentFromKeyword(std::string_view word) {
#define ASSESSMENT(name, value, keyword, description) \
  if (word == keyword) return AssessmentRoute::name;
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
  return AssessmentRoute::None;
}

const std::vector<std::string>& AssessmentKeywords() {
  static const std::vector<std::string> kKeywords = {
#define ASSESSMENT(name, value, keyword, description) keyword,
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
  };
  return kKeywords;
}

}  // namespace ccr::bytecode
