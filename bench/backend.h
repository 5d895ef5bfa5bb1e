// Evaluation backends the benchmark driver measures, by registration: each backend's rows
// (evaluation only, end to end, 1 and N threads) come from one line in its own file:
//
//   CCR_BENCH_BACKEND(vm, ccr::vm::Evaluator);   // bench/backend_vm.cpp
//
// `Evaluator` must have the interface of vm::Evaluator: constructed from a VerifiedProgram,
// copyable (a copy per thread), and `Evaluate(const facts::Product&, const vm::Options&,
// vm::Result&)`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::bench {

// One thread's evaluator.
class ProductEvaluator {
 public:
  virtual ~ProductEvaluator() = default;
  virtual void Evaluate(const facts::Product& product, const vm::Options& options,
                        vm::Result& result) = 0;
};

struct Backend {
  std::string name;
  // Makes an evaluator for `program` (which outlives it); called once per thread.
  std::function<std::unique_ptr<ProductEvaluator>(const bytecode::VerifiedProgram&)> make;
};

// Returns the registered backends in name order.
std::vector<Backend>& Backends();

template <typename Evaluator>
class EvaluatorAdapter final : public ProductEvaluator {
 public:
  explicit EvaluatorAdapter(const bytecode::VerifiedProgram& program) : evaluator_(program) {}
  void Evaluate(const facts::Product& product, const vm::Options& options,
                vm::Result& result) override {
    evaluator_.Evaluate(product, options, result);
  }

 private:
  Evaluator evaluator_;
};

struct BackendRegistration {
  explicit BackendRegistration(Backend backend) { Backends().push_back(std::move(backend)); }
};

}  // namespace ccr::bench

#define CCR_BENCH_BACKEND(name, Evaluator)                                       \
  static ::ccr::bench::BackendRegistration ccr_bench_backend_##name {            \
    ::ccr::bench::Backend {                                                      \
#name, [](const ::ccr::bytecode::VerifiedProgram& program) {                   \
        return std::unique_ptr<::ccr::bench::ProductEvaluator>(                       \
            new ::ccr::bench::EvaluatorAdapter<Evaluator>(program));                  \
      } \
    }                                                                            \
  }
