// Evaluation backends the benchmark driver measures, by registration: each backend's rows
// (evaluation only, end to end, 1 and N threads) come from one line in its own file:
//
//   CCR_BENCH_BACKEND(vm, MakeVm);   // bench/backend_vm.cpp
//
// where `MakeVm` returns the backend (a vm::Backend, the interface every backend offers) for
// a VerifiedProgram. The driver makes one per thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/bytecode/bytecode.h"
#include "runtime/vm/vm.h"

namespace ccr::bench {

struct Backend {
  std::string name;
  // Makes a backend for `program` (which outlives it); called once per thread.
  std::function<std::unique_ptr<vm::Backend>(const bytecode::VerifiedProgram&)> make;
};

// Returns the registered backends in name order.
std::vector<Backend>& Backends();

struct BackendRegistration {
  explicit BackendRegistration(Backend backend) { Backends().push_back(std::move(backend)); }
};

}  // namespace ccr::bench

#define CCR_BENCH_BACKEND(name, make)                                 \
  static ::ccr::bench::BackendRegistration ccr_bench_backend_##name { \
    ::ccr::bench::Backend { #name, make }                             \
  }
