// The backend the execution tests run on. runtime/vm/vm_test.cpp (and the differential
// test's helpers) evaluate through MakeEvaluator; each test binary links one definition of
// it: the VM's (vm_backend.cpp, in vm_test) or the JIT's (runtime/jit/testing/jit_backend.cpp,
// in jit_vm_test), so one suite checks every backend without a branch in the tests.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <span>
#include <string>
#include <utility>

#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::vm::testing {

class TestEvaluator {
 public:
  virtual ~TestEvaluator() = default;
  virtual void Evaluate(const facts::Product& product, const Options& options, Result& result) = 0;
  virtual std::span<const Truth> conditions() const = 0;
  // Returns a copy that shares the program's tables or code, as a per-thread copy would.
  virtual std::unique_ptr<TestEvaluator> Copy() const = 0;
};

// Wraps any evaluator with the vm::Evaluator shape.
template <typename E>
class EvaluatorAdapter final : public TestEvaluator {
 public:
  explicit EvaluatorAdapter(E evaluator) : evaluator_(std::move(evaluator)) {}
  void Evaluate(const facts::Product& product, const Options& options, Result& result) override {
    evaluator_.Evaluate(product, options, result);
  }
  std::span<const Truth> conditions() const override { return evaluator_.conditions(); }
  std::unique_ptr<TestEvaluator> Copy() const override {
    return std::make_unique<EvaluatorAdapter>(evaluator_);
  }

 private:
  E evaluator_;
};

// Returns this binary's backend's evaluator for `program` (fails the test if it cannot be
// made). `program` must outlive it.
std::unique_ptr<TestEvaluator> MakeEvaluator(const bytecode::VerifiedProgram& program);

// Returns the backend's name, for messages: `vm` or `jit`.
std::string BackendName();

// Evaluates one product with a fresh evaluator.
inline Result EvaluateOnce(const bytecode::VerifiedProgram& program, const facts::Product& product,
                           const Options& options) {
  Result result;
  MakeEvaluator(program)->Evaluate(product, options, result);
  return result;
}

}  // namespace ccr::vm::testing
