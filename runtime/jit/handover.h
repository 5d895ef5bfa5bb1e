// Hands a batch over from the VM to the JIT: compiling takes a few hundred milliseconds, so a
// large catalogue starts on the VM while the program compiles on a background thread, and
// each worker switches to the compiled code once it is ready. Both backends give the same
// vm::Result for every product (they share vm::Decider), so the reports are the same bytes
// whichever evaluated which line.
#pragma once

#include <memory>
#include <optional>

#include "runtime/bytecode/bytecode.h"
#include "runtime/jit/jit.h"
#include "runtime/vm/vm.h"

namespace ccr::jit {

namespace internal {
class Compilation;
}

// One thread's backend: the VM until the compilation is done, then (if it succeeded) a copy
// of the compiled evaluator. Checking costs one atomic load per product until then. A Copy()
// shares the compilation (and the compiled code once this one has moved to it).
class HandoverEvaluator final : public vm::Backend {
 public:
  HandoverEvaluator(const vm::Evaluator& vm,
                    std::shared_ptr<const internal::Compilation> compilation);
  ~HandoverEvaluator() override;

  void Evaluate(const facts::Product& product, const vm::Options& options,
                vm::Result& result) override;
  std::span<const vm::Truth> conditions() const override;
  std::unique_ptr<vm::Backend> Copy() const override;

  // Whether the last Evaluate ran on the compiled code.
  bool on_jit() const { return jit_.has_value(); }

 private:
  vm::Evaluator vm_;
  std::optional<Evaluator> jit_;
  std::shared_ptr<const internal::Compilation> compilation_;
};

// Starts compiling `program` and returns a HandoverEvaluator for it: give each thread of a
// batch its own Copy(). If the JIT is not built in or fails to compile, they stay on the VM.
// The compiling thread is joined when the returned evaluator and every copy of it are gone.
// `program` must outlive them.
std::unique_ptr<HandoverEvaluator> VmUntilCompiled(const bytecode::VerifiedProgram& program);

}  // namespace ccr::jit
