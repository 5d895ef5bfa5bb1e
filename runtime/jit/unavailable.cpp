// The JIT entry points in a build without LLVM (CCR_JIT=OFF): callers check Available() and
// tell the user; Compile fails with the same explanation.
#include "runtime/jit/jit.h"

namespace ccr::jit {

bool Available() { return false; }

Expected<Evaluator> Evaluator::Compile(const bytecode::VerifiedProgram&) {
  return Error{
      "this ccr was built without the LLVM JIT (CMake option CCR_JIT=OFF or no LLVM "
      "development files); run without --jit"};
}

}  // namespace ccr::jit
