// Hands a batch over from the VM to the JIT: compiling takes a few hundred milliseconds, so a
// large catalogue starts on the VM while the program compiles on a background thread, and
// each worker switches to the compiled code once it is ready. Both backends give the same
// vm::Result for every product (they share vm::Decider), so the reports are the same bytes
// whichever evaluated which line.
#pragma once

#include <memory>
#include <optional>

#include "runtime/batch/catalog.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/jit/jit.h"
#include "runtime/vm/vm.h"

namespace ccr::jit {

namespace internal {
class Compilation;
}

// One thread's evaluator: the VM until the compilation is done, then (if it succeeded) a
// copy of the compiled evaluator. Checking costs one atomic load per product until then.
class HandoverEvaluator final : public batch::ProductEvaluator {
 public:
  HandoverEvaluator(const vm::Evaluator& vm,
                    std::shared_ptr<const internal::Compilation> compilation);
  ~HandoverEvaluator() override;

  void Evaluate(const facts::Product& product, const vm::Options& options,
                vm::Result& result) override;

  // Whether the last Evaluate ran on the compiled code.
  bool on_jit() const { return jit_.has_value(); }

 private:
  vm::Evaluator vm_;
  std::optional<Evaluator> jit_;
  std::shared_ptr<const internal::Compilation> compilation_;
};

// Starts compiling `program` and returns the per-thread evaluators of the batch (each a
// HandoverEvaluator). If the JIT
// is not built in or fails to compile, they stay on the VM. The compiling thread is joined
// when the factory and every evaluator it made are gone. `program` must outlive them.
batch::EvaluatorFactory VmUntilCompiled(const bytecode::VerifiedProgram& program);

}  // namespace ccr::jit
