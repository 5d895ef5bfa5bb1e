// Fuzz target: bytes -> product facts bound to the default bundle (stdlib + rules/products)
// -> evaluation -> text and JSON reports, as `ccr run --facts` does.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "runtime/base/check.h"
#include "runtime/base/date.h"
#include "runtime/base/embedded_file.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"

namespace ccr::fuzz {
std::span<const EmbeddedFile> DefaultBundle();
}  // namespace ccr::fuzz

namespace {

const ccr::bytecode::VerifiedProgram& Program() {
  static const ccr::bytecode::VerifiedProgram program = [] {
    std::string_view bytes = ccr::fuzz::DefaultBundle().front().bytes;
    auto loaded = ccr::bytecode::Load(
        {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}, "<default bundle>");
    CCR_CHECK(loaded.ok());
    return std::move(*loaded);
  }();
  return program;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ccr;
  static facts::Binder binder(Program().module());
  auto product =
      binder.Bind(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  if (!product) return 0;
  report::Options options{*ParseDate("2025-06-01"), true};
  vm::Result result = vm::Evaluate(Program(), *product, vm::Options{options.as_of});
  report::RenderText(Program(), *product, result, options);
  report::RenderJson(Program(), *product, result, options);
  return 0;
}
