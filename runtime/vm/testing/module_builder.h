// Test helper: builds small Modules by hand (tables plus a tiny assembler for rule code) so
// the VM, facts and report tests run real verified programs without the compiler. Every
// program a test uses still goes through bytecode::Verify.
#pragma once

#include <doctest/doctest.h>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/bytecode.h"

namespace ccr::vm::testing {

using bytecode::kNone;

// Assembles one rule's code with bytecode::CodeWriter: `Op` appends an instruction, `Jump` a
// forward jump whose target `Bind` later sets to the current offset.
class Assembler {
 public:
  Assembler& Op(bytecode::Opcode op, std::initializer_list<uint32_t> operands = {}) {
    REQUIRE(static_cast<int>(operands.size()) == bytecode::Info(op).operand_count);
    writer_.EmitOperands(op, std::span(operands.begin(), operands.size()));
    return *this;
  }
  // Appends a jump with its target left open; returns the handle for Bind.
  size_t Jump(bytecode::Opcode op) { return writer_.EmitJump(op).operand_at; }
  // Points the jump `handle` at the next instruction.
  Assembler& Bind(size_t handle) {
    writer_.Bind({static_cast<uint32_t>(handle)});
    return *this;
  }
  const std::vector<uint8_t>& code() const { return writer_.code(); }

 private:
  bytecode::CodeWriter writer_;
};

// Builds a Module table by table; `Verify()` runs the real verifier.
class ModuleBuilder {
 public:
  // Interns `text` (tables hold each text once, as the compiler's do).
  uint32_t String(std::string_view text) {
    for (uint32_t i = 0; i < module_.strings.size(); ++i) {
      if (module_.strings[i] == text) return i;
    }
    module_.strings.emplace_back(text);
    return static_cast<uint32_t>(module_.strings.size() - 1);
  }
  // Appends `text` even if present: tables may hold duplicates, the VM must cope.
  uint32_t DuplicateString(std::string_view text) {
    module_.strings.emplace_back(text);
    return static_cast<uint32_t>(module_.strings.size() - 1);
  }
  uint32_t Number(double value) {
    module_.numbers.push_back(value);
    return static_cast<uint32_t>(module_.numbers.size() - 1);
  }
  uint32_t Authority(std::string_view id, std::string_view name) {
    module_.authorities.push_back({String(id), String(name), kNone, kNone});
    return static_cast<uint32_t>(module_.authorities.size() - 1);
  }
  uint32_t Scheme(std::string_view id, std::string_view name, uint32_t authority,
                  bytecode::Level level = bytecode::Level::Mandatory) {
    bytecode::Scheme scheme;
    scheme.id = String(id);
    scheme.name = String(name);
    scheme.authority = authority;
    scheme.level = level;
    module_.schemes.push_back(scheme);
    return static_cast<uint32_t>(module_.schemes.size() - 1);
  }
  uint32_t Enum(std::string_view name, std::initializer_list<std::string_view> values) {
    bytecode::Enum e;
    e.name = String(name);
    for (auto value : values) e.values.push_back(String(value));
    module_.enums.push_back(e);
    return static_cast<uint32_t>(module_.enums.size() - 1);
  }
  uint32_t Fact(std::string_view name, bytecode::TypeKind kind, uint32_t enum_index = kNone,
                std::string_view unit = "", std::string_view doc = "") {
    bytecode::Fact fact;
    fact.name = String(name);
    fact.type = {kind, enum_index};
    fact.unit = unit.empty() ? kNone : String(unit);
    fact.doc = doc.empty() ? kNone : String(doc);
    module_.facts.push_back(fact);
    return static_cast<uint32_t>(module_.facts.size() - 1);
  }
  uint32_t Set(bytecode::Type element, std::vector<uint32_t> members, std::string_view name = "") {
    bytecode::ValueSet set;
    set.name = name.empty() ? kNone : String(name);
    set.element = element;
    set.members = std::move(members);
    module_.sets.push_back(set);
    return static_cast<uint32_t>(module_.sets.size() - 1);
  }
  // Adds a rule with `code`; returns its index. Set `because`, `source`, dates on the result
  // of `rule(index)`.
  uint32_t Rule(std::string_view name, std::vector<uint32_t> reads, const Assembler& code,
                std::vector<bytecode::Action> actions, uint32_t line = 1) {
    bytecode::Rule rule;
    rule.name = String(name);
    rule.location = {String("test.ccr"), line, 1};
    rule.reads = std::move(reads);
    rule.code_offset = static_cast<uint32_t>(module_.code.size());
    rule.code_size = static_cast<uint32_t>(code.code().size());
    module_.code.insert(module_.code.end(), code.code().begin(), code.code().end());
    rule.actions = std::move(actions);
    module_.rules.push_back(std::move(rule));
    return static_cast<uint32_t>(module_.rules.size() - 1);
  }
  // Adds a component (what `require X for C` attaches to); returns its index.
  uint32_t Component(std::string_view id, std::string_view name) {
    module_.components.push_back({String(id), String(name), bytecode::kNone});
    return static_cast<uint32_t>(module_.components.size() - 1);
  }
  bytecode::Rule& rule(uint32_t index) { return module_.rules[index]; }
  bytecode::Module& module() { return module_; }

  // Verifies a copy; fails the test with the verifier's message if it is rejected.
  bytecode::VerifiedProgram Verify() const {
    auto program = bytecode::Verify(module_, "test.ccrb");
    if (!program.ok()) FAIL(program.error().message);
    return std::move(program).value();
  }

 private:
  bytecode::Module module_;
};

inline bytecode::Action Require(uint32_t scheme,
                                bytecode::Level level = bytecode::Level::Mandatory) {
  return {bytecode::ActionKind::Require, scheme, level};
}
inline bytecode::Action Exempt(uint32_t scheme) {
  return {bytecode::ActionKind::Exempt, scheme, bytecode::Level::Mandatory};
}
// `require X for C` (`component` a component index) and `exempt X for C` (or kProductItself).
inline bytecode::Action RequireFor(uint32_t scheme, uint32_t component,
                                   bytecode::Level level = bytecode::Level::Mandatory) {
  return {bytecode::ActionKind::Require, scheme, level, component};
}
inline bytecode::Action ExemptFor(uint32_t scheme, uint32_t component) {
  return {bytecode::ActionKind::Exempt, scheme, bytecode::Level::Mandatory, component};
}

}  // namespace ccr::vm::testing
