// The VM as the execution tests' backend (see backend.h).
#include "runtime/vm/testing/backend.h"

namespace ccr::vm::testing {

std::unique_ptr<Backend> MakeEvaluator(const bytecode::VerifiedProgram& program) {
  return std::make_unique<Evaluator>(program);
}

std::string BackendName() { return "vm"; }

}  // namespace ccr::vm::testing
