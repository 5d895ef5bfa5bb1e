// The instruction API of rule code, generated from opcodes.def: the one reader and the one
// writer of the encoding (a one-byte opcode, then one little-endian u32 per operand). Every
// part that steps through or emits rule code uses these (the lowering, the verifier and the
// disassembler, the VM's and the JIT's decoders, ask, diff, the test assemblers), so the
// encoding is written down once. Luau's BytecodeUtils.h plays the same part there; here the
// sizes and operand kinds come from the list, not from a switch kept in step with it.
//
//   Instructions(code)       a range over verified code: {opcode, offset, size, operands}
//   ReadInstruction(code, i) one instruction of code nobody vouches for, with what is wrong
//   CodeWriter               Emit, EmitJump and Bind (forward jumps patched when bound)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "runtime/base/check.h"
#include "runtime/bytecode/internal/bytes.h"

namespace ccr::bytecode {

enum class Opcode : uint8_t {
#define OPCODE(name, mnemonic, operand1, operand2, pops, pushes) name,
#include "runtime/bytecode/opcodes.def"
#undef OPCODE
};

// What an operand indexes (opcodes.def explains each). A switch over OperandKind handles every
// operand of every opcode, present and future: walkers that only resolve operands (diff's
// condition keys, ask's constants) switch over this, not over Opcode.
enum class OperandKind : uint8_t { None, Read, Number, String, Enum, EnumValue, Set, Target };

// Most operands an instruction has.
inline constexpr int kMaxOperands = 2;

struct OpcodeInfo {
  const char* mnemonic;
  OperandKind operands[kMaxOperands];
  int operand_count;
  int pops;    // stack values consumed (the verifier pops exactly these)
  int pushes;  // stack values produced (0 or 1)
};

namespace internal {

constexpr int CountOperands(OperandKind a, OperandKind b) {
  return (a != OperandKind::None) + (b != OperandKind::None);
}

inline constexpr OpcodeInfo kOpcodeInfos[] = {
#define OPCODE(name, mnemonic, operand1, operand2, pops, pushes) \
  {mnemonic,                                                     \
   {OperandKind::operand1, OperandKind::operand2},               \
   CountOperands(OperandKind::operand1, OperandKind::operand2),  \
   pops,                                                         \
   pushes},
#include "runtime/bytecode/opcodes.def"
#undef OPCODE
};

}  // namespace internal

// Returns the number of opcodes; a byte >= OpcodeCount() is not an opcode.
constexpr int OpcodeCount() { return static_cast<int>(std::size(internal::kOpcodeInfos)); }

// Returns the static description of `op`; `op` must be a valid opcode.
constexpr const OpcodeInfo& Info(Opcode op) {
  auto index = static_cast<size_t>(op);
  CCR_CHECK(index < std::size(internal::kOpcodeInfos));
  return internal::kOpcodeInfos[index];
}

// Returns the encoded size of `op`: the opcode byte and four bytes per operand.
constexpr uint32_t InstructionSize(Opcode op) {
  return 1 + 4 * static_cast<uint32_t>(Info(op).operand_count);
}

// One decoded instruction. Operands an opcode does not have are 0.
struct Instruction {
  Opcode opcode = Opcode::Return;
  uint32_t offset = 0;  // relative to the start of the rule's code
  uint32_t size = 1;    // InstructionSize(opcode)
  uint32_t operands[kMaxOperands] = {0, 0};

  uint32_t end() const { return offset + size; }
};

enum class ReadStatus : uint8_t {
  Ok,
  BadOpcode,  // the byte at the offset is >= OpcodeCount()
  Truncated,  // the operands run past the end of the code
};

struct ReadResult {
  ReadStatus status = ReadStatus::Ok;
  Instruction instruction;  // meaningful when status is Ok; `opcode` also when Truncated
};

// Reads the instruction at `offset` of one rule's `code`, which nobody need vouch for (the
// verifier and the disassembler use this). Requires `offset < code.size()`.
inline ReadResult ReadInstruction(std::span<const uint8_t> code, uint32_t offset) {
  CCR_CHECK(offset < code.size());
  ReadResult result;
  uint8_t byte = code[offset];
  if (byte >= OpcodeCount()) {
    result.status = ReadStatus::BadOpcode;
    return result;
  }
  Instruction& instruction = result.instruction;
  instruction.opcode = static_cast<Opcode>(byte);
  instruction.offset = offset;
  instruction.size = InstructionSize(instruction.opcode);
  if (code.size() - offset < instruction.size) {
    result.status = ReadStatus::Truncated;
    return result;
  }
  for (int i = 0; i < Info(instruction.opcode).operand_count; ++i) {
    instruction.operands[i] = internal::LoadU32(&code[offset + 1 + 4 * static_cast<size_t>(i)]);
  }
  return result;
}

// The instructions of one rule's code, in order, for code that decodes completely (verified
// code does; anything else stops the program with a CHECK failure, never reads out of range):
//
//   for (const Instruction& instruction : Instructions(code)) ...
class Instructions {
 public:
  explicit Instructions(std::span<const uint8_t> code) : code_(code) {}

  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Instruction;
    using difference_type = std::ptrdiff_t;
    using pointer = const Instruction*;
    using reference = const Instruction&;

    Iterator(std::span<const uint8_t> code, uint32_t offset) : code_(code), offset_(offset) {
      Load();
    }
    const Instruction& operator*() const { return current_; }
    const Instruction* operator->() const { return &current_; }
    Iterator& operator++() {
      offset_ = current_.end();
      Load();
      return *this;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.offset_ == b.offset_; }

   private:
    void Load() {
      if (offset_ >= code_.size()) return;
      ReadResult read = ReadInstruction(code_, offset_);
      CCR_CHECK(read.status == ReadStatus::Ok && "Instructions() needs code that decodes");
      current_ = read.instruction;
    }
    std::span<const uint8_t> code_;
    uint32_t offset_;
    Instruction current_;
  };

  Iterator begin() const { return Iterator(code_, 0); }
  Iterator end() const { return Iterator(code_, static_cast<uint32_t>(code_.size())); }

  // Returns all of them, for passes that look ahead or back.
  std::vector<Instruction> ToVector() const {
    std::vector<Instruction> all;
    for (const Instruction& instruction : *this) all.push_back(instruction);
    return all;
  }

 private:
  std::span<const uint8_t> code_;
};

// Writes one rule's code. Offsets (and so jump targets) count from the first byte written.
// Jumps go forward only (the verifier requires it): EmitJump leaves the target open and
// Bind sets it to the current offset.
class CodeWriter {
 public:
  // An open jump target: where its operand is, to patch when bound.
  struct Label {
    uint32_t operand_at;
  };

  // Appends `op` with `operands`, which must be as many as opcodes.def gives it.
  template <typename... Operands>
  CodeWriter& Emit(Opcode op, Operands... operands) {
    std::array<uint32_t, sizeof...(operands)> values = {static_cast<uint32_t>(operands)...};
    return EmitOperands(op, values);
  }
  CodeWriter& EmitOperands(Opcode op, std::span<const uint32_t> operands) {
    CCR_CHECK(static_cast<int>(operands.size()) == Info(op).operand_count);
    code_.push_back(static_cast<uint8_t>(op));
    for (uint32_t operand : operands) internal::AppendU32(code_, operand);
    return *this;
  }

  // Appends a jump (an opcode whose one operand is a Target) with its target left open.
  Label EmitJump(Opcode op) {
    const OpcodeInfo& info = Info(op);
    CCR_CHECK(info.operand_count == 1 && info.operands[0] == OperandKind::Target);
    code_.push_back(static_cast<uint8_t>(op));
    Label label{Here()};
    internal::AppendU32(code_, 0);
    return label;
  }

  // Points the jump `label` at the next instruction to be written.
  void Bind(Label label) { internal::StoreU32(code_, label.operand_at, Here()); }

  // Returns the offset of the next instruction.
  uint32_t Here() const { return static_cast<uint32_t>(code_.size()); }

  const std::vector<uint8_t>& code() const { return code_; }
  // Moves the code out; the writer is empty afterwards.
  std::vector<uint8_t> Take() {
    std::vector<uint8_t> code = std::move(code_);
    code_.clear();
    return code;
  }

 private:
  std::vector<uint8_t> code_;
};

}  // namespace ccr::bytecode
