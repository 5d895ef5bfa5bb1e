// Fuzz target: bytes -> bytecode read, disassemble, verify; a program that verifies runs its
// own tests and an all-unknown product, so the VM meets whatever the verifier lets through.
#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/base/check.h"
#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/explain/test_runner.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ccr;
  auto module = bytecode::Read(std::span<const uint8_t>(data, size), "fuzz.ccrb");
  if (!module) return 0;
  bytecode::Disassemble(*module);
  auto program = bytecode::Verify(std::move(*module), "fuzz.ccrb");
  if (!program) return 0;
  Date day = *ParseDate("2025-06-01");
  explain::RunTests(*program, day);
  auto product = facts::Bind(program->module(), "{}", "empty.json");
  CCR_CHECK(product.ok());
  vm::Evaluate(*program, *product, vm::Options{day});
  return 0;
}
