// The backend the execution tests run on. runtime/vm/vm_test.cpp (and the differential
// test's helpers) evaluate through MakeEvaluator, a vm::Backend (vm.h) like every user of a
// backend; each test binary links one definition of it: the VM's (vm_backend.cpp, in vm_test) or
// the JIT's (runtime/jit/testing/jit_backend.cpp, in jit_vm_test), so one suite checks every
// backend without a branch in the tests.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::vm::testing {

// Returns this binary's backend's evaluator for `program` (fails the test if it cannot be
// made). `program` must outlive it.
std::unique_ptr<Backend> MakeEvaluator(const bytecode::VerifiedProgram& program);

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
