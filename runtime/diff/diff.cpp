// Rule edits between two rule states, and each product's changes with their causes.
#include "runtime/diff/diff.h"

#include <fmt/format.h>

#include <map>

#include "runtime/base/json_writer.h"
#include "runtime/report/report.h"

namespace ccr::diff {

using bytecode::kNone;
using bytecode::Module;
using bytecode::Rule;

namespace {

std::string Text(const Module& module, uint32_t string) {
  return string == kNone ? std::string() : module.strings[string];
}

// Appends operand `position` of `instruction`, resolved to what it names.
void AppendOperand(std::string& key, const Module& module, const Rule& rule,
                   const bytecode::Instruction& instruction, int position) {
  uint32_t value = instruction.operands[position];
  switch (bytecode::Info(instruction.opcode).operands[position]) {
    case bytecode::OperandKind::None:
      return;
    case bytecode::OperandKind::Read:
      key += " " + module.strings[module.facts[rule.reads[value]].name];
      return;
    case bytecode::OperandKind::Number:
      key += ' ';
      AppendJsonNumber(key, module.numbers[value]);
      return;
    case bytecode::OperandKind::String:
      key += ' ';
      AppendJsonString(key, module.strings[value]);
      return;
    case bytecode::OperandKind::Enum:
      key += " " + Text(module, module.enums[value].name);
      return;
    case bytecode::OperandKind::EnumValue:  // completes the Enum operand before it
      key += "." + module.strings[module.enums[instruction.operands[0]].values[value]];
      return;
    case bytecode::OperandKind::Set: {
      const bytecode::ValueSet& set = module.sets[value];
      key += " {";
      for (uint32_t member : set.members) {
        key += set.element.kind == bytecode::TypeKind::Enum
                   ? module.strings[module.enums[set.element.enum_index].values[member]]
                   : module.strings[member];
        key += ',';
      }
      key += '}';
      return;
    }
    case bytecode::OperandKind::Target:
      key += " " + std::to_string(value);
      return;
  }
}

// A rule's condition with every operand resolved, so that equal conditions compare equal
// across bundles whose tables are numbered differently. It is driven by the operand kinds of
// opcodes.def, so an opcode added there is keyed with all its operands without a change here.
std::string ConditionKey(const Module& module, const Rule& rule) {
  std::string key;
  for (const bytecode::Instruction& instruction :
       bytecode::Instructions(bytecode::CodeOf(module, rule))) {
    const bytecode::OpcodeInfo& info = bytecode::Info(instruction.opcode);
    key += info.mnemonic;
    for (int i = 0; i < info.operand_count; ++i) AppendOperand(key, module, rule, instruction, i);
    key += ';';
  }
  return key;
}

std::string LevelText(bytecode::Level level) {
  return level == bytecode::Level::Mandatory ? "mandatory" : "voluntary";
}

// ` for supplied_adapter`, ` for product`, or nothing: what an action attaches to.
std::string ForText(const Module& module, const bytecode::Action& action) {
  if (action.component == kNone) return "";
  if (action.component == bytecode::kProductItself) return " for product";
  return " for " + module.strings[module.components[action.component].id];
}

std::string ActionsKey(const Module& module, const Rule& rule) {
  std::string key;
  for (const bytecode::Action& action : rule.actions) {
    const std::string& scheme = module.strings[module.schemes[action.scheme].id];
    key += action.kind == bytecode::ActionKind::Require
               ? "require " + scheme + ForText(module, action) + " " + LevelText(action.level)
               : "exempt " + scheme + ForText(module, action);
    key += ';';
  }
  return key;
}

std::string EffectiveText(const Rule& rule) {
  std::string text;
  if (rule.has_from) text += "from " + FormatDate(rule.from);
  if (rule.has_until)
    text += std::string(text.empty() ? "" : " ") + "until " + FormatDate(rule.until);
  return text;
}

std::string At(const Module& module, const Rule& rule) {
  return fmt::format("{}:{}:{}", Text(module, rule.location.file), rule.location.line,
                     rule.location.column);
}

std::map<std::string, uint32_t> RulesByName(const Module& module) {
  std::map<std::string, uint32_t> names;
  for (uint32_t i = 0; i < module.rules.size(); ++i)
    names[module.strings[module.rules[i].name]] = i;
  return names;
}

// How a rule acts on one scheme, as a comparable key: `require mandatory`, `exempt`, or empty.
std::string ActionOn(const Module& module, uint32_t rule, const std::string& scheme) {
  if (rule == kNone) return "";
  for (const bytecode::Action& action : module.rules[rule].actions) {
    if (module.strings[module.schemes[action.scheme].id] != scheme) continue;
    return action.kind == bytecode::ActionKind::Require ? "require " + LevelText(action.level)
                                                        : "exempt";
  }
  return "";
}

std::map<std::string, Outcome> Outcomes(const Module& module, const vm::Result& result) {
  std::map<std::string, Outcome> outcomes;
  for (const vm::SchemeResult& scheme : result.schemes) {
    const bytecode::Scheme& declared = module.schemes[scheme.scheme];
    outcomes[module.strings[declared.id]] = {
        std::string(report::StatusKey(scheme.status)), LevelText(scheme.level),
        module.strings[module.authorities[declared.authority].id]};
  }
  return outcomes;
}

}  // namespace

std::string_view EditKindText(EditKind kind) {
  switch (kind) {
    case EditKind::Added:
      return "added";
    case EditKind::Removed:
      return "removed";
    case EditKind::Changed:
      return "changed";
    case EditKind::IntoForce:
      return "comes_into_force";
    case EditKind::OutOfForce:
      return "goes_out_of_force";
  }
  return "?";
}

std::vector<RuleEdit> RuleEdits(const State& old_state, const State& new_state) {
  const Module& old_module = old_state.program->module();
  const Module& new_module = new_state.program->module();
  std::map<std::string, uint32_t> old_names = RulesByName(old_module);
  std::map<std::string, uint32_t> new_names = RulesByName(new_module);
  std::vector<RuleEdit> edits;
  for (uint32_t n = 0; n < new_module.rules.size(); ++n) {
    const Rule& now = new_module.rules[n];
    RuleEdit edit;
    edit.rule = new_module.strings[now.name];
    edit.new_rule = n;
    edit.new_at = At(new_module, now);
    edit.effective = EffectiveText(now);
    auto found = old_names.find(edit.rule);
    if (found == old_names.end()) {
      edit.kind = EditKind::Added;
      edits.push_back(std::move(edit));
      continue;
    }
    const Rule& before = old_module.rules[found->second];
    edit.old_rule = found->second;
    edit.old_at = At(old_module, before);
    if (ConditionKey(old_module, before) != ConditionKey(new_module, now)) {
      edit.what.push_back("condition");
    }
    if (ActionsKey(old_module, before) != ActionsKey(new_module, now)) {
      edit.what.push_back("actions");
    }
    if (EffectiveText(before) != EffectiveText(now)) edit.what.push_back("effective");
    if (Text(old_module, before.because) != Text(new_module, now.because) ||
        Text(old_module, before.source) != Text(new_module, now.source)) {
      edit.what.push_back("text");
    }
    bool was = vm::InForce(before, old_state.as_of), is = vm::InForce(now, new_state.as_of);
    edit.into_force = !was && is;
    edit.out_of_force = was && !is;
    if (!edit.what.empty()) {
      edit.kind = EditKind::Changed;
    } else if (edit.into_force || edit.out_of_force) {
      edit.kind = edit.into_force ? EditKind::IntoForce : EditKind::OutOfForce;
    } else {
      continue;
    }
    edits.push_back(std::move(edit));
  }
  for (uint32_t o = 0; o < old_module.rules.size(); ++o) {
    const Rule& before = old_module.rules[o];
    if (new_names.count(old_module.strings[before.name]) != 0) continue;
    RuleEdit edit;
    edit.rule = old_module.strings[before.name];
    edit.kind = EditKind::Removed;
    edit.old_rule = o;
    edit.old_at = At(old_module, before);
    edit.effective = EffectiveText(before);
    edits.push_back(std::move(edit));
  }
  return edits;
}

std::vector<SchemeChange> CompareProduct(const State& old_state, const State& new_state,
                                         const facts::Product& old_product,
                                         const facts::Product& new_product,
                                         const std::vector<RuleEdit>& edits) {
  const Module& old_module = old_state.program->module();
  const Module& new_module = new_state.program->module();
  vm::Evaluator old_evaluator(*old_state.program), new_evaluator(*new_state.program);
  vm::Result old_result, new_result;
  old_evaluator.Evaluate(old_product, vm::Options{old_state.as_of}, old_result);
  new_evaluator.Evaluate(new_product, vm::Options{new_state.as_of}, new_result);
  std::map<std::string, Outcome> before = Outcomes(old_module, old_result);
  std::map<std::string, Outcome> after = Outcomes(new_module, new_result);

  std::vector<std::string> schemes;
  for (const bytecode::Scheme& scheme : new_module.schemes) {
    schemes.push_back(new_module.strings[scheme.id]);
  }
  for (const bytecode::Scheme& scheme : old_module.schemes) {
    if (after.count(old_module.strings[scheme.id]) == 0) {
      schemes.push_back(old_module.strings[scheme.id]);
    }
  }
  // What a rule did to the scheme for this product: its action when its condition was true
  // or unknown; nothing when false, not in force or absent.
  auto effect = [](const Module& module, const vm::Evaluator& evaluator, uint32_t rule,
                   const std::string& scheme) -> std::string {
    if (rule == kNone) return "";
    vm::Truth truth = evaluator.conditions()[rule];
    if (truth != vm::Truth::True && truth != vm::Truth::Unknown) return "";
    std::string action = ActionOn(module, rule, scheme);
    if (action.empty()) return "";
    return action + (truth == vm::Truth::True ? " (true)" : " (unknown)");
  };
  std::vector<SchemeChange> changes;
  const Outcome absent{"absent", "", ""};
  for (const std::string& scheme : schemes) {
    auto b = before.find(scheme), a = after.find(scheme);
    SchemeChange change{
        scheme, b == before.end() ? absent : b->second, a == after.end() ? absent : a->second, {}};
    if (change.from == change.to) continue;
    for (size_t e = 0; e < edits.size(); ++e) {
      const RuleEdit& edit = edits[e];
      if (effect(old_module, old_evaluator, edit.old_rule, scheme) !=
          effect(new_module, new_evaluator, edit.new_rule, scheme)) {
        change.causes.push_back(e);
      }
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace ccr::diff
