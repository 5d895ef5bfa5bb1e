// Translates a verified program's rule code to LLVM IR: one function per rule and one entry
// point, `ccr_eval`, that evaluates every rule in force on a day:
//
//   void ccr_eval(const facts::Value* values, int32_t day, vm::Truth* conditions,
//                 uint64_t* masks);
//
// It writes each rule's condition (and, for an unknown one, the read mask) exactly as the VM
// computes them, so vm::Decider can make the report from either.
//
// The stack code becomes SSA: the operand stack is tracked at compile time, each slot as a few
// IR values (an unknown mask, which is nonzero exactly when the value is unknown, and the
// payload), and where forward jumps join, the slots become phi nodes (the verifier guarantees
// equal stacks at every join). Three-valued `and`/`or` are branch-free on (mask, payload).
#pragma once

#include <memory>

#include "runtime/bytecode/bytecode.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace ccr::jit::internal {

inline constexpr const char* kEntryName = "ccr_eval";

// Returns the IR for `program`'s rules in `context`. The IR refers to `program`'s string
// table by address, so the program must outlive the code compiled from it.
std::unique_ptr<llvm::Module> GenerateIr(const bytecode::VerifiedProgram& program,
                                         llvm::LLVMContext& context);

}  // namespace ccr::jit::internal
