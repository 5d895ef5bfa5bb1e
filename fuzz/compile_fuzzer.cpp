// Fuzz target: source text -> parse, check, lower; then the bytecode the compiler emits must
// write, read back, verify and run (its own tests and an all-unknown product), and writing it
// again must give the same bytes. Diagnostics are rendered, as ccrc would print them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/base/check.h"
#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/explain/test_runner.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"
#include "tests/support/compile_source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ccr;
  std::string text(reinterpret_cast<const char*>(data), size);
  testing::CompiledSource compiled = testing::CompileSource(text, "fuzz.ccr");
  if (!compiled.module) return 0;
  std::vector<uint8_t> bytes = bytecode::Write(*compiled.module);
  auto program = bytecode::Load(bytes, "fuzz.ccrb");
  if (!program) {
    std::fprintf(stderr, "the compiler emitted bytecode that does not verify: %s\n",
                 program.error().message.c_str());
    CCR_CHECK(false);
  }
  CCR_CHECK(bytecode::Write(program->module()) == bytes);
  Date day = *ParseDate("2025-06-01");
  explain::RunTests(*program, day);
  auto product = facts::Bind(program->module(), "{}", "empty.json");
  CCR_CHECK(product.ok());
  vm::Evaluate(*program, *product, vm::Options{day});
  return 0;
}
