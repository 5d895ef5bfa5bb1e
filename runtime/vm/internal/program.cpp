#include "runtime/vm/internal/program.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>

#include "runtime/base/check.h"

namespace ccr::vm::internal {

using bytecode::kNone;
using bytecode::Module;
using bytecode::Opcode;
using bytecode::TypeKind;

namespace {

using Raw = bytecode::Instruction;  // one bytecode instruction, before translation

// Returns the fused form of `load_fact (number); push_number; <op>`, or nullopt if `op` is
// not a comparison.
std::optional<Op> FusedNumberCompare(Opcode op) {
  if (op == Opcode::Less) return Op::FactLess;
  if (op == Opcode::LessEqual) return Op::FactLessEqual;
  if (op == Opcode::Greater) return Op::FactGreater;
  if (op == Opcode::GreaterEqual) return Op::FactGreaterEqual;
  if (op == Opcode::Equal) return Op::FactEqualNumber;
  if (op == Opcode::NotEqual) return Op::FactNotEqualNumber;
  return std::nullopt;
}

class RuleDecoder {
 public:
  // Decodes a rule's or a constraint's code (`code`, reading the facts `reads`).
  RuleDecoder(ProgramTables& tables, std::span<const uint32_t> reads, std::span<const uint8_t> code)
      : tables_(tables), module_(*tables.module), reads_(reads), code_(code) {}

  void Run() {
    std::vector<Raw> raw = bytecode::Instructions(code_).ToVector();
    // Jump targets: a fused sequence may start at one but never contain one.
    std::vector<bool> target(code_.size() + 1, false);
    for (const Raw& instruction : raw) {
      if (instruction.opcode == Opcode::JumpIfFalse || instruction.opcode == Opcode::JumpIfTrue) {
        target[instruction.operands[0]] = true;
      }
    }
    auto free_of_targets = [&](size_t first, size_t count) {
      if (first + count > raw.size()) return false;
      for (size_t k = first; k < first + count; ++k) {
        if (target[raw[k].offset]) return false;
      }
      return true;
    };

    start_ = static_cast<uint32_t>(tables_.code.size());
    std::vector<uint32_t> index_of_offset(code_.size() + 1, kNone);
    for (size_t k = 0; k < raw.size();) {
      index_of_offset[raw[k].offset] = static_cast<uint32_t>(tables_.code.size());
      k += Emit(raw, k, free_of_targets);
    }
    // Jump operands were offsets; make them absolute instruction indices.
    for (size_t i = start_; i < tables_.code.size(); ++i) {
      Instruction& instruction = tables_.code[i];
      if (instruction.op == Op::JumpIfFalse || instruction.op == Op::JumpIfTrue) {
        CCR_CHECK(index_of_offset[instruction.a] != kNone);
        instruction.a = index_of_offset[instruction.a];
      }
    }
    ThreadJumps();
  }

 private:
  // Emits the instruction(s) starting at raw[k]; returns how many raw instructions it used.
  template <typename FreeOfTargets>
  size_t Emit(const std::vector<Raw>& raw, size_t k, FreeOfTargets free_of_targets) {
    const Raw& at = raw[k];
    Instruction out{};
    switch (at.opcode) {
      case Opcode::PushTrue:
        out.op = Op::PushTrue;
        break;
      case Opcode::PushFalse:
        out.op = Op::PushFalse;
        break;
      case Opcode::LoadFact: {
        uint32_t read = at.operands[0];
        uint32_t fact = reads_[read];
        out.read = static_cast<uint8_t>(read);
        out.a = fact;
        TypeKind kind = tables_.fact_kinds[fact];
        if (size_t used = Fuse(raw, k, kind, out, free_of_targets)) {
          tables_.code.push_back(out);
          return used;
        }
        switch (kind) {
          case TypeKind::Bool:
            out.op = Op::LoadBool;
            break;
          case TypeKind::Number:
            out.op = Op::LoadNumber;
            break;
          case TypeKind::String:
            out.op = Op::LoadString;
            break;
          case TypeKind::Enum:
            out.op = Op::LoadEnum;
            break;
          case TypeKind::EnumSet:
            out.op = Op::LoadSet;
            break;
        }
        break;
      }
      case Opcode::PushNumber:
        out.op = Op::PushNumber;
        out.number = module_.numbers[at.operands[0]];
        break;
      case Opcode::PushString:
        out.op = Op::PushString;
        out.a = tables_.canonical_string[at.operands[0]];
        out.text = &module_.strings[at.operands[0]];
        break;
      case Opcode::PushEnum:
        out.op = Op::PushEnum;
        out.a = at.operands[1];  // the enum operand only types the value
        break;
      case Opcode::Known:
        out.op = Op::Known;
        out.a = reads_[at.operands[0]];
        break;
      case Opcode::Not:
        out.op = Op::Not;
        break;
      case Opcode::And:
        out.op = Op::And;
        break;
      case Opcode::Or:
        out.op = Op::Or;
        break;
      case Opcode::Less:
        out.op = Op::Less;
        break;
      case Opcode::LessEqual:
        out.op = Op::LessEqual;
        break;
      case Opcode::Greater:
        out.op = Op::Greater;
        break;
      case Opcode::GreaterEqual:
        out.op = Op::GreaterEqual;
        break;
      case Opcode::Equal:
        out.op = Op::Equal;
        break;
      case Opcode::NotEqual:
        out.op = Op::NotEqual;
        break;
      case Opcode::InSet:
        out.op = Op::InSet;
        out.words = SetWords(at.operands[0]);
        break;
      case Opcode::Has:
        out.op = Op::Has;
        break;
      case Opcode::JumpIfFalse:
        out.op = Op::JumpIfFalse;
        out.a = at.operands[0];
        break;
      case Opcode::JumpIfTrue:
        out.op = Op::JumpIfTrue;
        out.a = at.operands[0];
        break;
      case Opcode::Return:
        out.op = Op::Return;
        break;
    }
    tables_.code.push_back(out);
    return 1;
  }

  // Fills `out` (whose `a` and `read` are set) with the fused form of the sequence starting
  // with the load at raw[k]; returns the number of raw instructions fused, or 0.
  template <typename FreeOfTargets>
  size_t Fuse(const std::vector<Raw>& raw, size_t k, TypeKind kind, Instruction& out,
              FreeOfTargets free_of_targets) {
    auto next_is = [&](size_t distance, Opcode op) {
      return k + distance < raw.size() && raw[k + distance].opcode == op;
    };
    if (kind == TypeKind::Enum && next_is(1, Opcode::InSet) && free_of_targets(k + 1, 1)) {
      out.op = Op::FactInSet;
      out.words = SetWords(raw[k + 1].operands[0]);
      return 2;
    }
    if (!free_of_targets(k + 1, 2)) return 0;
    if (kind == TypeKind::Number && next_is(1, Opcode::PushNumber)) {
      std::optional<Op> fused = FusedNumberCompare(raw[k + 2].opcode);
      if (!fused) return 0;
      out.op = *fused;
      out.number = module_.numbers[raw[k + 1].operands[0]];
      return 3;
    }
    if (kind == TypeKind::Enum && next_is(1, Opcode::PushEnum) &&
        (next_is(2, Opcode::Equal) || next_is(2, Opcode::NotEqual))) {
      out.op = next_is(2, Opcode::Equal) ? Op::FactEqualEnum : Op::FactNotEqualEnum;
      out.value = raw[k + 1].operands[1];
      return 3;
    }
    if (kind == TypeKind::EnumSet && next_is(1, Opcode::PushEnum) && next_is(2, Opcode::Has)) {
      out.op = Op::FactHas;
      out.value = raw[k + 1].operands[1];
      return 3;
    }
    return 0;
  }

  const uint64_t* SetWords(uint32_t set) const {
    return tables_.set_words.data() + tables_.set_offset[set];
  }

  // A jump taken on a false top lands with false on top: a `jump_if_false` there jumps on,
  // a `jump_if_true` falls through. Follow such chains (they only go forward), then turn a
  // jump that lands on `return` into a conditional return.
  void ThreadJumps() {
    auto& code = tables_.code;
    for (size_t i = start_; i < code.size(); ++i) {
      Op op = code[i].op;
      if (op != Op::JumpIfFalse && op != Op::JumpIfTrue) continue;
      Op same = op;
      Op opposite = op == Op::JumpIfFalse ? Op::JumpIfTrue : Op::JumpIfFalse;
      uint32_t target = code[i].a;
      for (;;) {
        if (code[target].op == same) {
          target = code[target].a;
        } else if (code[target].op == opposite) {
          target = target + 1;
        } else {
          break;
        }
      }
      code[i].a = target;
      if (code[target].op == Op::Return) {
        code[i].op = op == Op::JumpIfFalse ? Op::ReturnIfFalse : Op::ReturnIfTrue;
      }
    }
  }

  ProgramTables& tables_;
  const Module& module_;
  std::span<const uint32_t> reads_;
  std::span<const uint8_t> code_;
  uint32_t start_ = 0;
};

// A rule's leading test of one bool or enum fact (see ProgramTables::Guard); `test` is null
// when the rule has none.
struct LeadingTest {
  uint32_t fact = kNone;
  const Instruction* test = nullptr;

  // Whether the value with index `value` (0/1 for a bool) lets the rule go on.
  bool Passes(uint32_t value) const {
    switch (test->op) {
      case Op::LoadBool:
        return value == 1;
      case Op::FactInSet:
        return (test->words[value / 64] >> (value % 64)) & 1;
      case Op::FactEqualEnum:
        return value == test->value;
      case Op::FactNotEqualEnum:
        return value != test->value;
      default:
        return true;
    }
  }
};

LeadingTest FindLeadingTest(const ProgramTables& tables, uint32_t r) {
  const Instruction* code = tables.code.data() + tables.rules[r].start;
  // Verified code ends in `return`, so a first instruction that is not one has a successor.
  switch (code[0].op) {
    case Op::LoadBool:
    case Op::FactInSet:
    case Op::FactEqualEnum:
    case Op::FactNotEqualEnum:
      break;
    default:
      return {};
  }
  // With one slot on the stack, `return_if_false` or `return` returns the test's value:
  // false, with no unknown reads, whenever the test fails on a stated fact.
  if (code[1].op != Op::ReturnIfFalse && code[1].op != Op::Return) return {};
  return {code[0].a, &code[0]};
}

void BuildGuards(ProgramTables& tables) {
  constexpr size_t kMaxGuards = 8;
  const Module& module = *tables.module;
  size_t rule_count = tables.rules.size();
  tables.rule_words = (rule_count + 63) / 64;
  std::vector<LeadingTest> tests(rule_count);
  std::unordered_map<uint32_t, size_t> guarded;  // fact -> number of rules it guards
  for (uint32_t r = 0; r < rule_count; ++r) {
    tests[r] = FindLeadingTest(tables, r);
    if (tests[r].test != nullptr) ++guarded[tests[r].fact];
  }
  std::vector<std::pair<size_t, uint32_t>> by_count;  // (rules guarded, fact)
  for (auto [fact, count] : guarded) {
    if (count >= 2) by_count.push_back({count, fact});
  }
  std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (by_count.size() > kMaxGuards) by_count.resize(kMaxGuards);
  for (auto [count, fact] : by_count) {
    ProgramTables::Guard guard;
    guard.fact = fact;
    guard.is_bool = tables.fact_kinds[fact] == TypeKind::Bool;
    guard.value_count =
        guard.is_bool
            ? 2
            : static_cast<uint32_t>(module.enums[module.facts[fact].type.enum_index].values.size());
    guard.pass.assign(size_t{guard.value_count} * tables.rule_words, 0);
    for (uint32_t v = 0; v < guard.value_count; ++v) {
      uint64_t* words = guard.pass.data() + size_t{v} * tables.rule_words;
      for (uint32_t r = 0; r < rule_count; ++r) {
        bool may_be_true = tests[r].test == nullptr || tests[r].fact != fact || tests[r].Passes(v);
        if (may_be_true) words[r / 64] |= uint64_t{1} << (r % 64);
      }
    }
    tables.guards.push_back(std::move(guard));
  }
}

}  // namespace

std::shared_ptr<const ProgramTables> BuildProgramTables(const Module& module) {
  auto tables = std::make_shared<ProgramTables>(module);

  tables->fact_kinds.reserve(module.facts.size());
  for (const auto& fact : module.facts) tables->fact_kinds.push_back(fact.type.kind);

  // Products carry the index of an equal string (any one); constants may name a duplicate.
  // Comparing canonical indices makes both agree.
  std::unordered_map<std::string_view, uint32_t> first;
  tables->canonical_string.resize(module.strings.size());
  for (uint32_t i = 0; i < module.strings.size(); ++i) {
    tables->canonical_string[i] = first.emplace(module.strings[i], i).first->second;
  }

  for (const auto& set : module.sets) {
    size_t universe = set.element.kind == TypeKind::Enum
                          ? module.enums[set.element.enum_index].values.size()
                          : module.strings.size();
    size_t offset = tables->set_words.size();
    tables->set_offset.push_back(static_cast<uint32_t>(offset));
    tables->set_words.resize(offset + (universe + 63) / 64);
    for (uint32_t member : set.members) {
      if (set.element.kind == TypeKind::String) member = tables->canonical_string[member];
      tables->set_words[offset + member / 64] |= uint64_t{1} << (member % 64);
    }
  }

  // set_words is complete, so the pointers decoding takes into it stay valid.
  for (const auto& rule : module.rules) {
    tables->rules.push_back({rule.has_from ? rule.from.days : INT32_MIN,
                             rule.has_until ? rule.until.days : INT32_MAX,
                             static_cast<uint32_t>(tables->code.size())});
    RuleDecoder(*tables, rule.reads, bytecode::CodeOf(module, rule)).Run();
  }
  for (const auto& constraint : module.constraints) {
    tables->constraints.push_back(static_cast<uint32_t>(tables->code.size()));
    RuleDecoder(*tables, constraint.reads, bytecode::CodeOf(module, constraint)).Run();
  }
  BuildGuards(*tables);

  return tables;
}

}  // namespace ccr::vm::internal
