#include "runtime/base/check.h"
#include "runtime/bytecode/module.h"

namespace ccr::bytecode {

namespace {

constexpr int CountOperands(OperandKind a, OperandKind b) {
  return (a != OperandKind::None) + (b != OperandKind::None);
}

constexpr OpcodeInfo kInfos[] = {
#define OPCODE(name, mnemonic, operand1, operand2, pops, pushes) \
  {mnemonic,                                                     \
   {OperandKind::operand1, OperandKind::operand2},               \
   CountOperands(OperandKind::operand1, OperandKind::operand2),  \
   pops,                                                         \
   pushes},
#include "runtime/bytecode/opcodes.def"
#undef OPCODE
};

}  // namespace

const OpcodeInfo& Info(Opcode op) {
  auto index = static_cast<size_t>(op);
  CCR_CHECK(index < std::size(kInfos));
  return kInfos[index];
}

int OpcodeCount() { return static_cast<int>(std::size(kInfos)); }

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
