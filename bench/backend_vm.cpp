// The bytecode VM's benchmark rows.
#include "bench/backend.h"
#include "runtime/vm/vm.h"

namespace ccr::bench {
namespace {

std::unique_ptr<vm::Backend> MakeVm(const bytecode::VerifiedProgram& program) {
  return std::make_unique<vm::Evaluator>(program);
}

}  // namespace
}  // namespace ccr::bench

CCR_BENCH_BACKEND(vm, ccr::bench::MakeVm);
