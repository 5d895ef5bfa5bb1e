// The LLVM JIT backend: compiles a verified program's rule conditions to native code with
// LLVM ORC (LLJIT, optimised at O2 with the new pass manager) and evaluates products with it.
//
// Only the conditions are compiled; each scheme's decision is vm::Decider, the code the VM
// uses, so a jit::Evaluator gives the same vm::Result as a vm::Evaluator for every product.
// Built only when CMake finds LLVM (option CCR_JIT); otherwise Available() is false and
// Compile says so.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "runtime/base/expected.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::jit {

// Returns whether this build includes the JIT (CMake option CCR_JIT).
bool Available();

namespace internal {
struct CompiledProgram;
}

// Evaluates products against one program with compiled code. A vm::Backend with the same
// contract as vm::Evaluator: not thread-safe, copies (one per thread) share the compiled code and
// evaluate independently; `program` must outlive the Evaluator and its copies.
class Evaluator final : public vm::Backend {
 public:
  // Compiles `program`. Fails (an internal error with LLVM's message) if LLVM cannot set up
  // the native target or compile the code, or when built without the JIT.
  static Expected<Evaluator> Compile(const bytecode::VerifiedProgram& program);

  Evaluator(const Evaluator& other);
  Evaluator& operator=(const Evaluator& other);
  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;
  ~Evaluator() override;

  void Evaluate(const facts::Product& product, const vm::Options& options,
                vm::Result& result) override;
  std::span<const vm::Truth> conditions() const override { return conditions_; }
  std::unique_ptr<vm::Backend> Copy() const override;

  // Returns how long Compile took (IR generation, optimisation, code generation), in seconds.
  double compile_seconds() const;

 private:
  explicit Evaluator(std::shared_ptr<const internal::CompiledProgram> code);

  std::shared_ptr<const internal::CompiledProgram> code_;
  std::vector<vm::Truth> conditions_;
  std::vector<uint64_t> masks_;
};

}  // namespace ccr::jit
