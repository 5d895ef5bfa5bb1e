#include "runtime/vm/vm.h"

#include <algorithm>
#include <bit>

#include "runtime/bytecode/logic.h"
#include "runtime/vm/internal/program.h"

namespace ccr::vm {

namespace logic = bytecode::logic;
using bytecode::kNone;
using bytecode::Module;
using bytecode::Tri;

namespace internal {

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
  // The rules in force on `day` (a rule bitset) and the conditions every rule starts from
  // on that day (NotInForce or False), recomputed only when the as-of date changes.
  bool have_day = false;
  int32_t day = 0;
  std::vector<uint64_t> in_force;
  std::vector<Truth> base;
  std::vector<uint64_t> candidates;  // per product: in force and not excluded by a guard
  // Per product, rule bitsets of the conditions for the Decider.
  std::vector<uint64_t> is_true, is_unknown, is_false;
};

}  // namespace internal

namespace {

using internal::Instruction;
using internal::Op;
using internal::ProgramTables;
using internal::Slot;
using internal::Tag;

// The helpers below write and read slot fields in place rather than copying whole slots:
// a one-byte tag store followed by a 24-byte load of the same slot defeats store forwarding
// and costs more than the operation itself.

void SetBool(Slot& slot, bool value) { slot.tag = value ? Tag::True : Tag::False; }

void SetUnknown(Slot& slot, uint64_t mask) {
  slot.tag = Tag::Unknown;
  slot.word = mask;
}

uint64_t MaskOf(const Slot& slot) { return slot.tag == Tag::Unknown ? slot.word : 0; }

// A bool slot's tag is its bytecode::Tri: the operators are logic.h's tables.
static_assert(static_cast<int>(Tag::False) == static_cast<int>(Tri::False) &&
              static_cast<int>(Tag::True) == static_cast<int>(Tri::True) &&
              static_cast<int>(Tag::Unknown) == static_cast<int>(Tri::Unknown));
Tri TriOf(const Slot& slot) { return static_cast<Tri>(slot.tag); }
Tag TagOf(Tri value) { return static_cast<Tag>(value); }

// Stores the result of a binary operator on `a` and `b` into `slot` (which may be `a`), with
// the mask logic::ResultMask gives it.
void SetTri(Slot& slot, Tri value, const Slot& a, const Slot& b) {
  uint64_t mask = logic::ResultMask(value, MaskOf(a), MaskOf(b));
  slot.tag = TagOf(value);
  slot.word = mask;
}

bool AnyUnknown(const Slot& a, const Slot& b) {
  return a.tag == Tag::Unknown || b.tag == Tag::Unknown;
}

// Equality of two known values of the same type.
bool Equal(const Slot& a, const Slot& b) {
  switch (a.tag) {
    case Tag::False:
    case Tag::True:
      return a.tag == b.tag;
    case Tag::Number:
      return a.number == b.number;
    case Tag::String:
      // Equal canonical indices mean equal text; a string no constant equals has none.
      if (a.index != kNone && b.index != kNone) return a.index == b.index;
      return *a.text == *b.text;
    case Tag::Enum:
      return a.index == b.index;
    case Tag::Set:
      return a.word == b.word;
    case Tag::Unknown:
      break;  // handled by the caller
  }
  return false;
}

bool InBitset(const uint64_t* words, uint32_t member) {
  return (words[member / 64] >> (member % 64)) & 1;
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

// Pushes the result of testing a fact against a constant: unknown with the read's bit if the
// product does not state the fact, else `test(value)`.
template <typename Test>
void TestFact(Slot*& sp, const facts::Value* values, const Instruction& instruction, Test test) {
  const facts::Value& value = values[instruction.a];
  Slot& slot = *sp++;
  if (!value.known) {
    SetUnknown(slot, uint64_t{1} << instruction.read);
  } else {
    SetBool(slot, test(value));
  }
}

Truth Outcome(const Slot& top, uint64_t& mask) {
  mask = MaskOf(top);
  return top.tag == Tag::True ? Truth::True : top.tag == Tag::False ? Truth::False : Truth::Unknown;
}

// Runs one rule's decoded code from `ip`; returns its condition, and in `mask` the reads that
// made an unknown condition unknown.
Truth Run(const ProgramTables& tables, const Instruction* ip, const facts::Product& product,
          Slot* stack, uint64_t& mask) {
  const Instruction* code = tables.code.data();
  const facts::Value* values = product.values.data();
  Slot* sp = stack;  // next free slot
  for (;; ++ip) {
    const Instruction& in = *ip;
    switch (in.op) {
      case Op::PushTrue:
        SetBool(*sp++, true);
        break;
      case Op::PushFalse:
        SetBool(*sp++, false);
        break;
      case Op::LoadBool:
        TestFact(sp, values, in, [](const facts::Value& v) { return v.boolean; });
        break;
      case Op::LoadNumber:
      case Op::LoadString:
      case Op::LoadEnum:
      case Op::LoadSet: {
        const facts::Value& value = values[in.a];
        Slot& slot = *sp++;
        if (!value.known) {
          SetUnknown(slot, uint64_t{1} << in.read);
        } else if (in.op == Op::LoadNumber) {
          slot.tag = Tag::Number;
          slot.number = value.number;
        } else if (in.op == Op::LoadString) {
          slot.tag = Tag::String;
          slot.index = value.index == kNone ? kNone : tables.canonical_string[value.index];
          slot.text = &value.text;
        } else if (in.op == Op::LoadEnum) {
          slot.tag = Tag::Enum;
          slot.index = value.index;
        } else {
          slot.tag = Tag::Set;
          slot.word = value.bits;
        }
        break;
      }
      case Op::PushNumber: {
        Slot& slot = *sp++;
        slot.tag = Tag::Number;
        slot.number = in.number;
        break;
      }
      case Op::PushString: {
        Slot& slot = *sp++;
        slot.tag = Tag::String;
        slot.index = in.a;
        slot.text = in.text;
        break;
      }
      case Op::PushEnum: {
        Slot& slot = *sp++;
        slot.tag = Tag::Enum;
        slot.index = in.a;
        break;
      }
      case Op::Known:
        SetBool(*sp++, values[in.a].known);
        break;
      case Op::Not: {
        Slot& top = sp[-1];  // an unknown keeps its mask
        top.tag = TagOf(logic::Not(TriOf(top)));
        break;
      }
      case Op::And: {
        --sp;
        SetTri(sp[-1], logic::And(TriOf(sp[-1]), TriOf(sp[0])), sp[-1], sp[0]);
        break;
      }
      case Op::Or: {
        --sp;
        SetTri(sp[-1], logic::Or(TriOf(sp[-1]), TriOf(sp[0])), sp[-1], sp[0]);
        break;
      }
      case Op::Less:
        Compare(sp, std::less<>{});
        break;
      case Op::LessEqual:
        Compare(sp, std::less_equal<>{});
        break;
      case Op::Greater:
        Compare(sp, std::greater<>{});
        break;
      case Op::GreaterEqual:
        Compare(sp, std::greater_equal<>{});
        break;
      case Op::Equal:
      case Op::NotEqual: {
        --sp;
        const Slot& b = sp[0];
        Slot& a = sp[-1];
        if (AnyUnknown(a, b)) {
          SetUnknown(a, MaskOf(a) | MaskOf(b));
        } else {
          SetBool(a, Equal(a, b) == (in.op == Op::Equal));
        }
        break;
      }
      case Op::InSet: {
        Slot& a = sp[-1];
        if (a.tag == Tag::Unknown) break;  // stays unknown, same mask
        // A string no constant equals (index kNone) is in no set.
        SetBool(a, a.index != kNone && InBitset(in.words, a.index));
        break;
      }
      case Op::Has: {
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
      case Op::FactInSet:
        TestFact(sp, values, in,
                 [&](const facts::Value& v) { return InBitset(in.words, v.index); });
        break;
      case Op::FactLess:
        TestFact(sp, values, in, [&](const facts::Value& v) { return v.number < in.number; });
        break;
      case Op::FactLessEqual:
        TestFact(sp, values, in, [&](const facts::Value& v) { return v.number <= in.number; });
        break;
      case Op::FactGreater:
        TestFact(sp, values, in, [&](const facts::Value& v) { return v.number > in.number; });
        break;
      case Op::FactGreaterEqual:
        TestFact(sp, values, in, [&](const facts::Value& v) { return v.number >= in.number; });
        break;
      case Op::FactEqualNumber:
        TestFact(sp, values, in, [&](const facts::Value& v) { return v.number == in.number; });
        break;
      case Op::FactNotEqualNumber:
        TestFact(sp, values, in, [&](const facts::Value& v) { return v.number != in.number; });
        break;
      case Op::FactEqualEnum:
        TestFact(sp, values, in, [&](const facts::Value& v) { return v.index == in.value; });
        break;
      case Op::FactNotEqualEnum:
        TestFact(sp, values, in, [&](const facts::Value& v) { return v.index != in.value; });
        break;
      case Op::FactHas:
        TestFact(sp, values, in, [&](const facts::Value& v) { return (v.bits >> in.value) & 1; });
        break;
      case Op::JumpIfFalse:
        if (sp[-1].tag == Tag::False) ip = code + in.a - 1;  // the loop steps to the target
        break;
      case Op::JumpIfTrue:
        if (sp[-1].tag == Tag::True) ip = code + in.a - 1;
        break;
      case Op::ReturnIfFalse:
        if (sp[-1].tag == Tag::False) return Outcome(sp[-1], mask);
        break;
      case Op::ReturnIfTrue:
        if (sp[-1].tag == Tag::True) return Outcome(sp[-1], mask);
        break;
      case Op::Return:
        return Outcome(sp[-1], mask);
    }
  }
}

}  // namespace

bool InForce(const bytecode::Rule& rule, Date day) {
  return (!rule.has_from || rule.from <= day) && (!rule.has_until || day < rule.until);
}

Evaluator::Evaluator(const bytecode::VerifiedProgram& program)
    : tables_(internal::BuildProgramTables(program.module())),
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

std::unique_ptr<Backend> Evaluator::Copy() const { return std::make_unique<Evaluator>(*this); }

void Evaluator::Evaluate(const facts::Product& product, const Options& options, Result& result) {
  const ProgramTables& tables = *tables_;
  const Module& module = *tables.module;
  CCR_CHECK(product.values.size() == module.facts.size());
  internal::EvalScratch& scratch = *scratch_;
  if (scratch.stack.size() < tables.max_stack) scratch.stack.resize(tables.max_stack);
  size_t rule_count = module.rules.size();
  conditions_.resize(rule_count);
  scratch.masks.resize(rule_count);

  int32_t day = options.as_of.days;
  if (!scratch.have_day || scratch.day != day) {
    scratch.have_day = true;
    scratch.day = day;
    scratch.in_force.assign(tables.rule_words, 0);
    scratch.base.resize(rule_count);
    for (size_t r = 0; r < rule_count; ++r) {
      const ProgramTables::RuleEntry& rule = tables.rules[r];
      bool in_force = day >= rule.from && day < rule.until;
      scratch.base[r] = in_force ? Truth::False : Truth::NotInForce;
      if (in_force) scratch.in_force[r / 64] |= uint64_t{1} << (r % 64);
    }
  }

  // The rules that may be true: in force, and passing every stated guard fact. The others
  // are false (or not in force) without running their code.
  scratch.candidates = scratch.in_force;
  uint64_t* candidates = scratch.candidates.data();
  for (const ProgramTables::Guard& guard : tables.guards) {
    const facts::Value& value = product.values[guard.fact];
    if (!value.known) continue;
    uint32_t index = guard.is_bool ? uint32_t{value.boolean} : value.index;
    if (index >= guard.value_count) continue;
    const uint64_t* pass = guard.pass.data() + size_t{index} * tables.rule_words;
    for (size_t w = 0; w < tables.rule_words; ++w) candidates[w] &= pass[w];
  }

  // Each candidate rule once, however many actions it has. The others in force are false.
  std::copy(scratch.base.begin(), scratch.base.end(), conditions_.begin());
  scratch.is_true.assign(tables.rule_words, 0);
  scratch.is_unknown.assign(tables.rule_words, 0);
  scratch.is_false = scratch.in_force;
  for (size_t w = 0; w < tables.rule_words; ++w) {
    for (uint64_t bits = candidates[w]; bits != 0; bits &= bits - 1) {
      size_t r = w * 64 + static_cast<size_t>(std::countr_zero(bits));
      Truth truth = Run(tables, tables.code.data() + tables.rules[r].start, product,
                        scratch.stack.data(), scratch.masks[r]);
      conditions_[r] = truth;
      if (truth == Truth::False) continue;
      uint64_t bit = bits & -bits;
      scratch.is_false[w] &= ~bit;
      (truth == Truth::True ? scratch.is_true : scratch.is_unknown)[w] |= bit;
    }
  }

  tables.decider.Decide(scratch.is_true.data(), scratch.is_unknown.data(), scratch.is_false.data(),
                        scratch.masks, result, options.not_required_rules);
}

ConstraintChecker::ConstraintChecker(const bytecode::VerifiedProgram& program)
    : tables_(internal::BuildProgramTables(program.module())),
      scratch_(std::make_unique<internal::EvalScratch>()) {}

ConstraintChecker::ConstraintChecker(const ConstraintChecker& other)
    : tables_(other.tables_), scratch_(std::make_unique<internal::EvalScratch>()) {}

ConstraintChecker& ConstraintChecker::operator=(const ConstraintChecker& other) {
  if (this != &other) {
    tables_ = other.tables_;
    scratch_ = std::make_unique<internal::EvalScratch>();
  }
  return *this;
}

ConstraintChecker::~ConstraintChecker() = default;

bool ConstraintChecker::any() const { return !tables_->constraints.empty(); }

std::span<const uint32_t> ConstraintChecker::Broken(const facts::Product& product) {
  const ProgramTables& tables = *tables_;
  CCR_CHECK(product.values.size() == tables.module->facts.size());
  broken_.clear();
  if (tables.constraints.empty()) return broken_;
  internal::EvalScratch& scratch = *scratch_;
  if (scratch.stack.size() < tables.max_stack) scratch.stack.resize(tables.max_stack);
  for (size_t c = 0; c < tables.constraints.size(); ++c) {
    uint64_t mask = 0;
    Truth truth = Run(tables, tables.code.data() + tables.constraints[c], product,
                      scratch.stack.data(), mask);
    if (truth == Truth::False) broken_.push_back(static_cast<uint32_t>(c));
  }
  return broken_;
}

Result Evaluate(const bytecode::VerifiedProgram& program, const facts::Product& product,
                const Options& options) {
  Result result;
  Evaluator(program).Evaluate(product, options, result);
  return result;
}

}  // namespace ccr::vm
