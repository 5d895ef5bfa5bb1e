// The evaluator's per-program tables, built once from a verified module: rule code decoded
// into a fixed-width internal form, set bitsets, per-scheme action lists.
//
// Why decode: the .ccrb code is a compact, stable file format (opcode byte, u32 operands,
// operands that index tables). The hot loop wants the opposite: operands already resolved
// (a fact index instead of a read index, the number itself, a pointer to a set's bitset),
// the fact's type folded into the load, and the common shapes the compiler emits fused into
// one dispatch: `load_fact; in_set`, `load_fact; push_number; gt`, `load_fact; push_enum;
// eq`, `load_fact; push_enum; has`. Chains of jumps on a known value are threaded, and a
// jump that lands on `return` becomes a conditional return, so a rule whose leading test
// fails costs two dispatches. Decoding happens after verification, so it trusts the code.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/bytecode/bytecode.h"
#include "runtime/bytecode/module.h"
#include "runtime/vm/decide.h"

namespace ccr::vm::internal {

// The internal instruction set. Each bytecode opcode maps to one plain op here (see
// Decode); the fused ops each replace a fixed bytecode sequence with identical results,
// including the unknown masks.
enum class Op : uint8_t {
  PushTrue,
  PushFalse,
  LoadBool,    // a: fact; read: mask bit
  LoadNumber,  // a: fact; read
  LoadString,  // a: fact; read
  LoadEnum,    // a: fact; read
  LoadSet,     // a: fact; read
  PushNumber,  // number
  PushString,  // a: canonical string index; text
  PushEnum,    // a: value index
  Known,       // a: fact
  Not,
  And,
  Or,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  Equal,
  NotEqual,
  InSet,  // words: the set's bitset
  Has,
  // Fused: a fact tested against a constant. a: fact; read: mask bit.
  FactInSet,           // enum fact; words
  FactLess,            // number fact; number
  FactLessEqual,       // number fact; number
  FactGreater,         // number fact; number
  FactGreaterEqual,    // number fact; number
  FactEqualNumber,     // number fact; number
  FactNotEqualNumber,  // number fact; number
  FactEqualEnum,       // enum fact; value
  FactNotEqualEnum,    // enum fact; value
  FactHas,             // set fact; value
  JumpIfFalse,         // a: target instruction index (absolute in ProgramTables::code)
  JumpIfTrue,          // a: target
  ReturnIfFalse,       // return false if the top is false
  ReturnIfTrue,        // return true if the top is true
  Return,
};

struct Instruction {
  Op op;
  uint8_t read = 0;  // index into the rule's reads: the bit an unknown value carries
  uint32_t a = 0;
  union {
    double number;
    const uint64_t* words;
    const std::string* text;
    uint64_t value;
  };
};
static_assert(sizeof(Instruction) == 16);

struct ProgramTables {
  explicit ProgramTables(const bytecode::Module& module) : module(&module), decider(module) {}

  const bytecode::Module* module = nullptr;
  std::vector<bytecode::TypeKind> fact_kinds;  // by fact index
  std::vector<uint32_t> canonical_string;      // string index -> first equal string's index
  // Per value set: its members as a bitset over the element enum's values (or the string
  // table, canonical indices), at set_words[set_offset[s] ...].
  std::vector<uint32_t> set_offset;
  std::vector<uint64_t> set_words;
  // Decoded code of every rule; rule r starts at code[rules[r].start].
  std::vector<Instruction> code;
  // Per rule, what the hot loop needs, packed (bytecode::Rule is large and cold).
  struct RuleEntry {
    int32_t from;   // first day in force (INT32_MIN without `from`)
    int32_t until;  // first day no longer in force (INT32_MAX without `until`)
    uint32_t start;
  };
  std::vector<RuleEntry> rules;
  // Where each constraint's decoded code starts in `code` (vm::ConstraintChecker runs it).
  std::vector<uint32_t> constraints;
  // Rule bitsets (rule r is bit r % 64 of word r / 64) are rule_words words long.
  size_t rule_words = 0;
  // A leading guard: a cheap test of one bool or enum fact that the rule's code starts with
  // and returns false on (`category in {...} and ...`). When the product states the fact and
  // the test fails, the rule is false without running it; an unstated fact selects every
  // rule (they run normally, keeping unknowns and their masks exact). Only the facts that
  // guard the most rules get a table.
  struct Guard {
    uint32_t fact;
    bool is_bool;
    uint32_t value_count;  // 2 for a bool fact, the enum's size otherwise
    // Per value (value-major, rule_words each): the rules that may be true with this value:
    // those the guard passes and those this fact does not guard.
    std::vector<uint64_t> pass;
  };
  std::vector<Guard> guards;
  // The per-scheme decision, shared with the other backends.
  Decider decider;
  // Deepest stack any rule may need: the verifier's bound on every path. (A linear pass over
  // the code cannot compute it: after a `return`, the depth of the next instruction comes from
  // the jumps that reach it.)
  size_t max_stack = bytecode::kMaxStackDepth;
};

// Builds the tables for `module`, which must have passed bytecode::Verify and must outlive
// the result.
std::shared_ptr<const ProgramTables> BuildProgramTables(const bytecode::Module& module);

}  // namespace ccr::vm::internal
