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

}  // namespace ccr::bytecode
