#include "runtime/jit/handover.h"

#include <atomic>
#include <thread>

namespace ccr::jit {
namespace internal {

// The background compilation, shared by the factory and its evaluators.
class Compilation {
 public:
  explicit Compilation(const bytecode::VerifiedProgram& program)
      : thread_([this, &program] {
          if (auto compiled = Evaluator::Compile(program)) compiled_.emplace(std::move(*compiled));
          done_.store(true, std::memory_order_release);
        }) {}

  ~Compilation() { thread_.join(); }

  // The compiled evaluator once it is ready, else null (also when compiling failed).
  const Evaluator* Ready() const {
    if (!done_.load(std::memory_order_acquire)) return nullptr;
    return compiled_ ? &*compiled_ : nullptr;
  }

  // Whether to stop asking: done, compiled or not.
  bool Done() const { return done_.load(std::memory_order_acquire); }

 private:
  std::optional<Evaluator> compiled_;  // written by the thread before `done_`
  std::atomic<bool> done_{false};
  std::thread thread_;  // last: starts after the members it writes exist
};

}  // namespace internal

HandoverEvaluator::HandoverEvaluator(const vm::Evaluator& vm,
                                     std::shared_ptr<const internal::Compilation> compilation)
    : vm_(vm), compilation_(std::move(compilation)) {}

HandoverEvaluator::~HandoverEvaluator() = default;

void HandoverEvaluator::Evaluate(const facts::Product& product, const vm::Options& options,
                                 vm::Result& result) {
  if (compilation_ && compilation_->Done()) {
    if (const Evaluator* ready = compilation_->Ready()) jit_.emplace(*ready);
    compilation_.reset();  // no more checks
  }
  if (jit_) {
    jit_->Evaluate(product, options, result);
  } else {
    vm_.Evaluate(product, options, result);
  }
}

std::span<const vm::Truth> HandoverEvaluator::conditions() const {
  return jit_ ? jit_->conditions() : vm_.conditions();
}

std::unique_ptr<vm::Backend> HandoverEvaluator::Copy() const {
  auto copy = std::make_unique<HandoverEvaluator>(vm_, compilation_);
  if (jit_) copy->jit_.emplace(*jit_);
  return copy;
}

std::unique_ptr<HandoverEvaluator> VmUntilCompiled(const bytecode::VerifiedProgram& program) {
  return std::make_unique<HandoverEvaluator>(
      vm::Evaluator(program), std::make_shared<const internal::Compilation>(program));
}

}  // namespace ccr::jit
