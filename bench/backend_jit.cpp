// The LLVM JIT's benchmark rows, plus `compile/jit/core`: the time to compile the default
// bundle's conditions to native code (what `ccr run --jit` pays once per run). Each thread's
// evaluator compiles the program outside the timed loop.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "bench/backend.h"
#include "bench/programs.h"
#include "runtime/jit/jit.h"

namespace ccr::bench {
namespace {

jit::Evaluator CompileOrDie(const bytecode::VerifiedProgram& program) {
  auto evaluator = jit::Evaluator::Compile(program);
  if (!evaluator) {
    std::fprintf(stderr, "ccr-bench: %s\n", evaluator.error().message.c_str());
    std::exit(4);
  }
  return std::move(*evaluator);
}

std::unique_ptr<vm::Backend> MakeJit(const bytecode::VerifiedProgram& program) {
  return std::make_unique<jit::Evaluator>(CompileOrDie(program));
}

void JitCompileRow(benchmark::State& state) {
  auto program = LoadDefaultBundle();
  if (!program) {
    std::fprintf(stderr, "ccr-bench: %s\n", program.error().message.c_str());
    std::exit(3);
  }
  for (auto _ : state) {
    jit::Evaluator evaluator = CompileOrDie(*program);
    benchmark::DoNotOptimize(evaluator);
  }
}

BENCHMARK(JitCompileRow)->Name("compile/jit/core")->Iterations(5)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ccr::bench

CCR_BENCH_BACKEND(jit, ccr::bench::MakeJit);
