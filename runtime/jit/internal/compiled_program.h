// What a compiled program holds: the entry point, the shared decision and whatever keeps the
// code alive. Shared (immutable) by every copy of a jit::Evaluator.
#pragma once

#include <cstdint>
#include <memory>

#include "runtime/bytecode/module.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/decide.h"
#include "runtime/vm/vm.h"

namespace ccr::jit::internal {

// The compiled `ccr_eval` (see codegen.h).
using EntryPoint = void (*)(const facts::Value* values, int32_t day, vm::Truth* conditions,
                            uint64_t* masks);

struct CompiledProgram {
  explicit CompiledProgram(const bytecode::Module& module) : module(&module), decider(module) {}
  virtual ~CompiledProgram() = default;

  const bytecode::Module* module;
  vm::Decider decider;
  EntryPoint entry = nullptr;
  double compile_seconds = 0;
};

}  // namespace ccr::jit::internal
