// The JIT as the execution tests' backend (see runtime/vm/testing/backend.h).
#include "runtime/jit/jit.h"
#include "runtime/vm/testing/backend.h"

namespace ccr::vm::testing {

std::unique_ptr<Backend> MakeEvaluator(const bytecode::VerifiedProgram& program) {
  auto evaluator = jit::Evaluator::Compile(program);
  REQUIRE_MESSAGE(evaluator.ok(), evaluator.error().message);
  return std::make_unique<jit::Evaluator>(std::move(evaluator).value());
}

std::string BackendName() { return "jit"; }

}  // namespace ccr::vm::testing
