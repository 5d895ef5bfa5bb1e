#include "runtime/ask/internal/domain.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "runtime/ask/ask.h"
#include "runtime/base/json_writer.h"
#include "runtime/bytecode/bytecode.h"

namespace ccr::ask::internal {

using bytecode::kNone;
using bytecode::TypeKind;

namespace {

template <typename T>
void SortUnique(std::vector<T>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

std::string SetLabel(const bytecode::Module& module, uint32_t enum_index, uint64_t bits) {
  const auto& values = module.enums[enum_index].values;
  std::string label = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (!((bits >> i) & 1)) continue;
    if (label.size() > 1) label += ", ";
    label += module.strings[values[i]];
  }
  return label + "}";
}

facts::Value Known() {
  facts::Value value;
  value.known = true;
  return value;
}

// A value strictly below `number`, and one strictly above, chosen to stay on the same side
// of zero where possible (a voltage of -1 V reads oddly, though either is a valid region).
double Below(double number) { return number > 0 ? number / 2 : number - 1; }
double Above(double number) { return number > 0 ? number * 2 : number + 1; }

void AddNumberDomain(const bytecode::Module& module, uint32_t fact,
                     const std::vector<double>& thresholds, std::vector<DomainValue>& out) {
  auto add = [&](double number, std::string label) {
    facts::Value value = Known();
    value.number = number;
    out.push_back({value, std::move(label)});
  };
  if (thresholds.empty()) {
    add(0, NumberText(module, fact, 0));
    return;
  }
  add(Below(thresholds.front()), "below " + NumberText(module, fact, thresholds.front()));
  for (size_t i = 0; i < thresholds.size(); ++i) {
    add(thresholds[i], NumberText(module, fact, thresholds[i]));
    if (i + 1 < thresholds.size()) {
      add(thresholds[i] + (thresholds[i + 1] - thresholds[i]) / 2,
          "between " + NumberText(module, fact, thresholds[i]) + " and " +
              NumberText(module, fact, thresholds[i + 1]));
    }
  }
  add(Above(thresholds.back()), "above " + NumberText(module, fact, thresholds.back()));
}

void AddSetDomain(const bytecode::Module& module, uint32_t enum_index,
                  const std::vector<uint32_t>& members, std::vector<DomainValue>& out) {
  auto add = [&](uint64_t bits) {
    facts::Value value = Known();
    value.bits = bits;
    out.push_back({value, SetLabel(module, enum_index, bits)});
  };
  uint64_t all = 0;
  for (uint32_t member : members) all |= uint64_t{1} << member;
  if (members.size() <= kMaxExhaustiveSetMembers) {
    // Every subset of the tested members, smallest first: the empty set, singletons, ...
    std::vector<uint64_t> subsets;
    for (uint32_t mask = 0; mask < (1u << members.size()); ++mask) {
      uint64_t bits = 0;
      for (size_t i = 0; i < members.size(); ++i) {
        if ((mask >> i) & 1) bits |= uint64_t{1} << members[i];
      }
      subsets.push_back(bits);
    }
    std::stable_sort(subsets.begin(), subsets.end(), [](uint64_t a, uint64_t b) {
      return __builtin_popcountll(a) < __builtin_popcountll(b);
    });
    for (uint64_t bits : subsets) add(bits);
    return;
  }
  add(0);
  for (uint32_t member : members) add(uint64_t{1} << member);
  add(all);
}

// Adds the constant that operand `position` of `instruction` names, if it names one: a
// number, a string, an enum value (with its enum), a string set's members. Driven by the
// operand kinds of opcodes.def, so a new opcode's constants are found without a change here.
void AddConstant(const bytecode::Module& module, const bytecode::Instruction& instruction,
                 int position, FactConstants& found,
                 std::vector<std::pair<uint32_t, uint32_t>>& enum_values) {
  uint32_t value = instruction.operands[position];
  switch (bytecode::Info(instruction.opcode).operands[position]) {
    case bytecode::OperandKind::None:
    case bytecode::OperandKind::Read:
    case bytecode::OperandKind::Enum:  // recorded with the EnumValue after it
    case bytecode::OperandKind::Target:
      return;
    case bytecode::OperandKind::Number:
      found.numbers.push_back(module.numbers[value]);
      return;
    case bytecode::OperandKind::String:
      found.strings.push_back(module.strings[value]);
      return;
    case bytecode::OperandKind::EnumValue:
      enum_values.emplace_back(instruction.operands[0], value);
      return;
    case bytecode::OperandKind::Set: {
      const bytecode::ValueSet& set = module.sets[value];
      if (set.element.kind == TypeKind::String) {
        for (uint32_t member : set.members) found.strings.push_back(module.strings[member]);
      }
      return;
    }
  }
}

// The fact a number constant is compared with, when the comparison names one: a comparison
// has two operands, each a fact or a constant, so `x > 36 V` compiles to `load_fact x;
// push_number 36; gt` and `36 V < x` to the reverse. Such a constant splits only that fact's
// domain (a voltage threshold is no power threshold); any other goes to every fact the rule
// reads, as before.
std::optional<uint32_t> ComparedFact(const bytecode::Rule& rule,
                                     const std::vector<bytecode::Instruction>& code, size_t at) {
  if (code[at].opcode != bytecode::Opcode::PushNumber) return std::nullopt;
  auto load = [&](size_t i) -> std::optional<uint32_t> {
    if (i < code.size() && code[i].opcode == bytecode::Opcode::LoadFact) {
      return rule.reads[code[i].operands[0]];
    }
    return std::nullopt;
  };
  auto compares = [&](size_t i) {
    using enum bytecode::Opcode;
    if (i >= code.size()) return false;
    switch (code[i].opcode) {
      case Less:
      case LessEqual:
      case Greater:
      case GreaterEqual:
      case Equal:
      case NotEqual:
        return true;
      default:
        return false;
    }
  };
  if (at > 0 && compares(at + 1)) return load(at - 1);
  if (compares(at + 2)) return load(at + 1);
  return std::nullopt;
}

}  // namespace

std::string NumberText(const bytecode::Module& module, uint32_t fact, double number) {
  std::string text;
  AppendJsonNumber(text, number);
  uint32_t unit = module.facts[fact].unit;
  if (unit != kNone) text += " " + module.strings[unit];
  return text;
}

std::vector<FactConstants> CollectConstants(const bytecode::Module& module) {
  std::vector<FactConstants> constants(module.facts.size());
  for (const bytecode::Rule& rule : module.rules) {
    FactConstants found;
    std::vector<std::pair<uint32_t, uint32_t>> enum_values;  // (enum, value)
    std::vector<bytecode::Instruction> code;
    for (const bytecode::Instruction& instruction :
         bytecode::Instructions(bytecode::CodeOf(module, rule))) {
      code.push_back(instruction);
    }
    for (size_t at = 0; at < code.size(); ++at) {
      if (std::optional<uint32_t> fact = ComparedFact(rule, code, at)) {
        constants[*fact].numbers.push_back(module.numbers[code[at].operands[0]]);
        continue;
      }
      const bytecode::OpcodeInfo& info = bytecode::Info(code[at].opcode);
      for (int i = 0; i < info.operand_count; ++i) {
        AddConstant(module, code[at], i, found, enum_values);
      }
    }
    for (uint32_t fact : rule.reads) {
      FactConstants& into = constants[fact];
      into.numbers.insert(into.numbers.end(), found.numbers.begin(), found.numbers.end());
      into.strings.insert(into.strings.end(), found.strings.begin(), found.strings.end());
      const bytecode::Type& type = module.facts[fact].type;
      for (auto [enum_index, value] : enum_values) {
        if (type.kind == TypeKind::EnumSet && enum_index == type.enum_index) {
          into.enum_members.push_back(value);
        }
      }
    }
  }
  for (FactConstants& fact : constants) {
    SortUnique(fact.numbers);
    SortUnique(fact.strings);
    SortUnique(fact.enum_members);
  }
  return constants;
}

std::vector<DomainValue> Domain(const bytecode::Module& module, uint32_t fact,
                                const FactConstants& constants) {
  const bytecode::Type& type = module.facts[fact].type;
  std::vector<DomainValue> out;
  switch (type.kind) {
    case TypeKind::Bool:
      for (bool answer : {true, false}) {
        facts::Value value = Known();
        value.boolean = answer;
        out.push_back({value, answer ? "true" : "false"});
      }
      break;
    case TypeKind::Enum: {
      const auto& values = module.enums[type.enum_index].values;
      for (uint32_t i = 0; i < values.size(); ++i) {
        facts::Value value = Known();
        value.index = i;
        out.push_back({value, module.strings[values[i]]});
      }
      break;
    }
    case TypeKind::EnumSet:
      AddSetDomain(module, type.enum_index, constants.enum_members, out);
      break;
    case TypeKind::Number:
      AddNumberDomain(module, fact, constants.numbers, out);
      break;
    case TypeKind::String: {
      auto string_index = [&](const std::string& text) {
        auto it = std::find(module.strings.begin(), module.strings.end(), text);
        return it == module.strings.end() ? kNone
                                          : static_cast<uint32_t>(it - module.strings.begin());
      };
      for (const std::string& text : constants.strings) {
        facts::Value value = Known();
        value.text = text;
        value.index = string_index(text);
        std::string label;
        AppendJsonString(label, text);
        out.push_back({value, label});
      }
      // One string equal to no constant: the binder gives such a string index kNone.
      std::string other = "other";
      while (std::binary_search(constants.strings.begin(), constants.strings.end(), other)) {
        other += "_";
      }
      facts::Value value = Known();
      value.text = other;
      value.index = string_index(other);
      out.push_back({value, "any other text"});
      break;
    }
  }
  return out;
}

}  // namespace ccr::ask::internal
