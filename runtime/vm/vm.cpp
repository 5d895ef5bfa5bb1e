#include "runtime/vm/vm.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_map>

namespace ccr::vm {

using bytecode::ActionKind;
using bytecode::kNone;
using bytecode::Level;
using bytecode::Module;
using bytecode::Opcode;
using bytecode::TypeKind;

namespace internal {

// One `require` or `exempt` action, seen from its scheme.
struct SchemeAction {
  uint32_t rule;
  ActionKind kind;
  Level level;
};

// Per-program tables, built once from the verified module and never changed.
struct ProgramTables {
  const Module* module = nullptr;
  std::vector<TypeKind> fact_kinds;           // by fact index
  std::vector<uint32_t> canonical_string;     // string index -> first equal string's index
  // Per value set: its members as a bitset over the element enum's values (or the string
  // table, canonical indices), stored at set_words[set_offset[s] ...].
  std::vector<uint32_t> set_offset;
  std::vector<uint64_t> set_words;
  // Per scheme: its actions, in rule order, at actions[scheme_begin[s] .. scheme_begin[s+1]).
  std::vector<uint32_t> scheme_begin;
  std::vector<SchemeAction> actions;
  size_t max_stack = 1;
};

// A stack value. Verified code never mixes types, so the tag is all the VM checks; an
// unknown value of any type is `Unknown`, with the bit of each read that made it unknown.
enum class Tag : uint8_t { False, True, Unknown, Number, String, Enum, Set };

struct Slot {
  Tag tag;
  uint32_t index;  // String: canonical string index or kNone; Enum: value index
  union {
    double number;  // Number
    uint64_t word;  // Unknown: read mask; Set: member bits
  };
  const std::string* text;  // String
};

struct EvalScratch {
  std::vector<Slot> stack;
  std::vector<uint64_t> masks;  // per rule: read mask of an unknown condition
};

}  // namespace internal

namespace {

using internal::ProgramTables;
using internal::Slot;
using internal::Tag;

uint32_t ReadU32(const uint8_t* p) {
  uint32_t value;
  std::memcpy(&value, p, sizeof value);
  if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap32(value);
  return value;
}

size_t InstructionSize(Opcode op) { return 1 + 4 * bytecode::Info(op).operand_count; }

std::shared_ptr<const ProgramTables> BuildTables(const Module& module) {
  auto tables = std::make_shared<ProgramTables>();
  tables->module = &module;

  tables->fact_kinds.reserve(module.facts.size());
  for (const auto& fact : module.facts) tables->fact_kinds.push_back(fact.type.kind);

  // Products carry the index of an equal string (any one); constants may name a duplicate.
  // Comparing canonical indices makes both agree.
  {
    std::unordered_map<std::string_view, uint32_t> first;
    tables->canonical_string.resize(module.strings.size());
    for (uint32_t i = 0; i < module.strings.size(); ++i) {
      tables->canonical_string[i] = first.emplace(module.strings[i], i).first->second;
    }
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

  std::vector<std::vector<internal::SchemeAction>> per_scheme(module.schemes.size());
  for (uint32_t r = 0; r < module.rules.size(); ++r) {
    for (const auto& action : module.rules[r].actions) {
      per_scheme[action.scheme].push_back({r, action.kind, action.level});
    }
  }
  for (const auto& actions : per_scheme) {
    tables->scheme_begin.push_back(static_cast<uint32_t>(tables->actions.size()));
    tables->actions.insert(tables->actions.end(), actions.begin(), actions.end());
  }
  tables->scheme_begin.push_back(static_cast<uint32_t>(tables->actions.size()));

  // Jumps only go forward and the verifier checked that every path reaching an instruction
  // has the same depth, so one linear pass sees every depth.
  for (const auto& rule : module.rules) {
    size_t depth = 0;
    for (uint32_t pc = 0; pc < rule.code_size;) {
      auto op = static_cast<Opcode>(module.code[rule.code_offset + pc]);
      const auto& info = bytecode::Info(op);
      depth = depth - info.pops + info.pushes;
      tables->max_stack = std::max(tables->max_stack, depth);
      pc += static_cast<uint32_t>(InstructionSize(op));
    }
  }
  return tables;
}

// The helpers below write and read slot fields in place rather than copying whole slots:
// a one-byte tag store followed by a 24-byte load of the same slot defeats store forwarding
// and costs more than the operation itself.

void SetBool(Slot& slot, bool value) { slot.tag = value ? Tag::True : Tag::False; }

void SetUnknown(Slot& slot, uint64_t mask) {
  slot.tag = Tag::Unknown;
  slot.word = mask;
}

uint64_t MaskOf(const Slot& slot) { return slot.tag == Tag::Unknown ? slot.word : 0; }

bool AnyUnknown(const Slot& a, const Slot& b) {
  return a.tag == Tag::Unknown || b.tag == Tag::Unknown;
}

// Equality of two known values of the same type.
bool Equal(const Slot& a, const Slot& b) {
  switch (a.tag) {
    case Tag::False:
    case Tag::True: return a.tag == b.tag;
    case Tag::Number: return a.number == b.number;
    case Tag::String:
      // Equal canonical indices mean equal text; a string no constant equals has none.
      if (a.index != kNone && b.index != kNone) return a.index == b.index;
      return *a.text == *b.text;
    case Tag::Enum: return a.index == b.index;
    case Tag::Set: return a.word == b.word;
    case Tag::Unknown: break;  // handled by the caller
  }
  return false;
}

// Replaces the two top slots with how `compare` orders their numbers (unknown if either is).
template <typename Comparison>
void Compare(Slot*& sp, Comparison compare) {
  --sp;
  const Slot& b = sp[0];
  Slot& a = sp[-1];
  if (AnyUnknown(a, b)) {
    SetUnknown(a, MaskOf(a) | MaskOf(b));
  } else {
    SetBool(a, compare(a.number, b.number));
  }
}

// Runs one rule's code; returns its condition, and in `mask` the reads that made an unknown
// condition unknown.
Truth Run(const ProgramTables& tables, const bytecode::Rule& rule,
          const facts::Product& product, Slot* stack, uint64_t& mask) {
  const Module& module = *tables.module;
  const uint8_t* start = module.code.data() + rule.code_offset;
  const uint8_t* pc = start;
  const uint32_t* reads = rule.reads.data();
  const facts::Value* values = product.values.data();
  Slot* sp = stack;  // next free slot
  for (;;) {
    auto op = static_cast<Opcode>(*pc++);
    switch (op) {
      case Opcode::PushTrue: SetBool(*sp++, true); break;
      case Opcode::PushFalse: SetBool(*sp++, false); break;
      case Opcode::LoadFact: {
        uint32_t read = ReadU32(pc);
        pc += 4;
        uint32_t fact = reads[read];
        const facts::Value& value = values[fact];
        Slot& slot = *sp++;
        if (!value.known) {
          SetUnknown(slot, uint64_t{1} << read);
          break;
        }
        switch (tables.fact_kinds[fact]) {
          case TypeKind::Bool: SetBool(slot, value.boolean); break;
          case TypeKind::Number:
            slot.tag = Tag::Number;
            slot.number = value.number;
            break;
          case TypeKind::String:
            slot.tag = Tag::String;
            slot.index = value.index == kNone ? kNone : tables.canonical_string[value.index];
            slot.text = &value.text;
            break;
          case TypeKind::Enum:
            slot.tag = Tag::Enum;
            slot.index = value.index;
            break;
          case TypeKind::EnumSet:
            slot.tag = Tag::Set;
            slot.word = value.bits;
            break;
        }
        break;
      }
      case Opcode::PushNumber: {
        Slot& slot = *sp++;
        slot.tag = Tag::Number;
        slot.number = module.numbers[ReadU32(pc)];
        pc += 4;
        break;
      }
      case Opcode::PushString: {
        uint32_t index = ReadU32(pc);
        pc += 4;
        Slot& slot = *sp++;
        slot.tag = Tag::String;
        slot.index = tables.canonical_string[index];
        slot.text = &module.strings[index];
        break;
      }
      case Opcode::PushEnum: {
        Slot& slot = *sp++;
        slot.tag = Tag::Enum;
        slot.index = ReadU32(pc + 4);  // the first operand (the enum) only types the value
        pc += 8;
        break;
      }
      case Opcode::Known: {
        uint32_t read = ReadU32(pc);
        pc += 4;
        SetBool(*sp++, values[reads[read]].known);
        break;
      }
      case Opcode::Not: {
        Slot& top = sp[-1];
        if (top.tag != Tag::Unknown) SetBool(top, top.tag == Tag::False);
        break;
      }
      case Opcode::And: {
        --sp;
        const Slot& b = sp[0];
        Slot& a = sp[-1];
        if (a.tag == Tag::False || b.tag == Tag::False) {
          SetBool(a, false);
        } else if (a.tag == Tag::True && b.tag == Tag::True) {
          SetBool(a, true);
        } else {
          SetUnknown(a, MaskOf(a) | MaskOf(b));
        }
        break;
      }
      case Opcode::Or: {
        --sp;
        const Slot& b = sp[0];
        Slot& a = sp[-1];
        if (a.tag == Tag::True || b.tag == Tag::True) {
          SetBool(a, true);
        } else if (a.tag == Tag::False && b.tag == Tag::False) {
          SetBool(a, false);
        } else {
          SetUnknown(a, MaskOf(a) | MaskOf(b));
        }
        break;
      }
      case Opcode::Less: Compare(sp, std::less<>{}); break;
      case Opcode::LessEqual: Compare(sp, std::less_equal<>{}); break;
      case Opcode::Greater: Compare(sp, std::greater<>{}); break;
      case Opcode::GreaterEqual: Compare(sp, std::greater_equal<>{}); break;
      case Opcode::Equal:
      case Opcode::NotEqual: {
        --sp;
        const Slot& b = sp[0];
        Slot& a = sp[-1];
        if (AnyUnknown(a, b)) {
          SetUnknown(a, MaskOf(a) | MaskOf(b));
        } else {
          SetBool(a, Equal(a, b) == (op == Opcode::Equal));
        }
        break;
      }
      case Opcode::InSet: {
        uint32_t set = ReadU32(pc);
        pc += 4;
        Slot& a = sp[-1];
        if (a.tag == Tag::Unknown) break;  // stays unknown, same mask
        // A string no constant equals (index kNone) is in no set.
        uint32_t member = a.index;
        SetBool(a, member != kNone &&
                       (tables.set_words[tables.set_offset[set] + member / 64] >> (member % 64)) &
                           1);
        break;
      }
      case Opcode::Has: {
        --sp;
        const Slot& value = sp[0];
        Slot& set = sp[-1];
        if (AnyUnknown(set, value)) {
          SetUnknown(set, MaskOf(set) | MaskOf(value));
        } else {
          SetBool(set, (set.word >> value.index) & 1);
        }
        break;
      }
      case Opcode::JumpIfFalse: {
        uint32_t target = ReadU32(pc);
        pc += 4;
        if (sp[-1].tag == Tag::False) pc = start + target;
        break;
      }
      case Opcode::JumpIfTrue: {
        uint32_t target = ReadU32(pc);
        pc += 4;
        if (sp[-1].tag == Tag::True) pc = start + target;
        break;
      }
      case Opcode::Return: {
        const Slot& top = sp[-1];
        mask = MaskOf(top);
        return top.tag == Tag::True ? Truth::True
               : top.tag == Tag::False ? Truth::False
                                       : Truth::Unknown;
      }
    }
  }
}

// Appends the facts named by `mask`'s bits (reads of `rule`) to `missing`.
void AddMissing(const bytecode::Rule& rule, uint64_t mask, std::vector<uint32_t>& missing) {
  while (mask != 0) {
    int bit = std::countr_zero(mask);
    missing.push_back(rule.reads[bit]);
    mask &= mask - 1;
  }
}

void PushOnce(std::vector<uint32_t>& rules, uint32_t rule) {
  if (rules.empty() || rules.back() != rule) rules.push_back(rule);
}

}  // namespace

bool InForce(const bytecode::Rule& rule, Date day) {
  return (!rule.has_from || rule.from <= day) && (!rule.has_until || day < rule.until);
}

Evaluator::Evaluator(const bytecode::VerifiedProgram& program)
    : tables_(BuildTables(program.module())),
      scratch_(std::make_unique<internal::EvalScratch>()) {}

Evaluator::Evaluator(const Evaluator& other)
    : tables_(other.tables_), scratch_(std::make_unique<internal::EvalScratch>()) {}

Evaluator& Evaluator::operator=(const Evaluator& other) {
  if (this != &other) {
    tables_ = other.tables_;
    scratch_ = std::make_unique<internal::EvalScratch>();
    conditions_.clear();
  }
  return *this;
}

Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;
Evaluator::~Evaluator() = default;

void Evaluator::Evaluate(const facts::Product& product, const Options& options,
                         Result& result) {
  const ProgramTables& tables = *tables_;
  const Module& module = *tables.module;
  CCR_CHECK(product.values.size() == module.facts.size());
  internal::EvalScratch& scratch = *scratch_;
  if (scratch.stack.size() < tables.max_stack) scratch.stack.resize(tables.max_stack);
  size_t rule_count = module.rules.size();
  conditions_.resize(rule_count);
  scratch.masks.resize(rule_count);

  // Each rule once, however many actions it has.
  for (size_t r = 0; r < rule_count; ++r) {
    const bytecode::Rule& rule = module.rules[r];
    if (!InForce(rule, options.as_of)) {
      conditions_[r] = Truth::NotInForce;
      continue;
    }
    conditions_[r] = Run(tables, rule, product, scratch.stack.data(), scratch.masks[r]);
  }

  result.schemes.resize(module.schemes.size());
  for (uint32_t s = 0; s < module.schemes.size(); ++s) {
    SchemeResult& out = result.schemes[s];
    out.scheme = s;
    out.fired.clear();
    out.exempting.clear();
    out.undetermined.clear();
    out.deciding.clear();
    out.missing.clear();

    const internal::SchemeAction* begin = tables.actions.data() + tables.scheme_begin[s];
    const internal::SchemeAction* end = tables.actions.data() + tables.scheme_begin[s + 1];
    bool any_mandatory = false;
    bool require_unknown = false;
    bool exempt_unknown = false;
    for (const auto* action = begin; action != end; ++action) {
      Truth truth = conditions_[action->rule];
      if (action->kind == ActionKind::Require) {
        if (truth == Truth::True) {
          PushOnce(out.fired, action->rule);
          any_mandatory |= action->level == Level::Mandatory;
        }
        require_unknown |= truth == Truth::Unknown;
      } else {
        if (truth == Truth::True) PushOnce(out.exempting, action->rule);
        exempt_unknown |= truth == Truth::Unknown;
      }
    }

    bool required = !out.fired.empty();
    out.level = required ? (any_mandatory ? Level::Mandatory : Level::Voluntary)
                         : module.schemes[s].level;
    if (!out.exempting.empty() && (required || require_unknown)) {
      out.status = Status::Exempt;
    } else if (required ? exempt_unknown : require_unknown) {
      // Required but an exemption is unknown: only the exemptions can change the outcome.
      // Otherwise both the unknown requirements and the unknown exemptions can.
      out.status = Status::Undetermined;
      for (const auto* action = begin; action != end; ++action) {
        if (conditions_[action->rule] != Truth::Unknown) continue;
        if (required && action->kind == ActionKind::Require) continue;
        PushOnce(out.undetermined, action->rule);
        AddMissing(module.rules[action->rule], scratch.masks[action->rule], out.missing);
      }
      std::sort(out.missing.begin(), out.missing.end());
      out.missing.erase(std::unique(out.missing.begin(), out.missing.end()), out.missing.end());
    } else if (required) {
      out.status = Status::Required;
    } else {
      out.status = Status::NotRequired;
      for (const auto* action = begin; action != end; ++action) {
        if (action->kind == ActionKind::Require && conditions_[action->rule] == Truth::False) {
          PushOnce(out.deciding, action->rule);
        }
      }
    }
  }
}

Result Evaluate(const bytecode::VerifiedProgram& program, const facts::Product& product,
                const Options& options) {
  Result result;
  Evaluator(program).Evaluate(product, options, result);
  return result;
}

}  // namespace ccr::vm
