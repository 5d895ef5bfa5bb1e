// The bytecode VM's benchmark rows.
#include "bench/backend.h"
#include "runtime/vm/vm.h"

CCR_BENCH_BACKEND(vm, ccr::vm::Evaluator);
