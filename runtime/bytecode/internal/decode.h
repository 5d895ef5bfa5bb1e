// Decoding one instruction of rule code, shared by the verifier (which must reject anything
// malformed) and the disassembler (which must print anything, malformed or not). The layout
// comes from opcodes.def through Info(): a one-byte opcode, then one little-endian u32 per
// operand.
#pragma once

#include <cstdint>
#include <span>

#include "runtime/bytecode/bytecode.h"
#include "runtime/bytecode/internal/bytes.h"

namespace ccr::bytecode::internal {

enum class DecodeStatus : uint8_t {
  Ok,
  BadOpcode,  // the byte at the offset is >= OpcodeCount()
  Truncated,  // the operands run past the end of the rule's code
};

struct Instruction {
  Opcode op = Opcode::Return;
  uint32_t offset = 0;  // relative to the start of the rule's code
  uint32_t size = 1;    // opcode byte plus operands
  uint32_t operands[2] = {0, 0};
};

struct Decoded {
  DecodeStatus status = DecodeStatus::Ok;
  Instruction instruction;  // meaningful when status is Ok; `op` also when Truncated
};

// Decodes the instruction at `offset`; the caller guarantees `offset < code.size()`.
inline Decoded DecodeAt(std::span<const uint8_t> code, uint32_t offset) {
  Decoded result;
  uint8_t byte = code[offset];
  if (byte >= OpcodeCount()) {
    result.status = DecodeStatus::BadOpcode;
    return result;
  }
  Instruction& instruction = result.instruction;
  instruction.op = static_cast<Opcode>(byte);
  instruction.offset = offset;
  const OpcodeInfo& info = Info(instruction.op);
  instruction.size = 1 + 4 * static_cast<uint32_t>(info.operand_count);
  if (code.size() - offset < instruction.size) {
    result.status = DecodeStatus::Truncated;
    return result;
  }
  for (int i = 0; i < info.operand_count; ++i) {
    instruction.operands[i] = LoadU32(&code[offset + 1 + 4 * i]);
  }
  return result;
}

}  // namespace ccr::bytecode::internal
