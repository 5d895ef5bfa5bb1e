// Fuzz target: bytes -> product facts bound to the default bundle (stdlib + rules/products)
// -> evaluation -> text and JSON reports, as `ccr run --facts` does. Every input is bound twice,
// by the binder's fast path (simdjson On-Demand, falling back to the DOM) and by the DOM path
// alone (BindOptions::dom_only): both must give the same product or the same error; and once
// more into the product of the inputs before (Binder::Bind into a Product), which must too.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>

#include "runtime/base/check.h"
#include "runtime/base/date.h"
#include "runtime/base/embedded_file.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/facts/testing/same_binding.h"
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
  static facts::Binder dom_binder(Program().module(), facts::BindOptions{.dom_only = true});
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto product = binder.Bind(json, "fuzz.json");
  std::string difference =
      facts::testing::BindingDifference(product, dom_binder.Bind(json, "fuzz.json"));
  if (!difference.empty()) {
    std::fprintf(stderr, "the fast path and the DOM path disagree: %s\n", difference.c_str());
    std::abort();
  }
  // Bound into the product of the inputs before, as a batch binds: the same product or error.
  static facts::Product reused;
  auto into = binder.Bind(json, "fuzz.json", reused);
  if (into.ok() != product.ok() ||
      (into.ok() ? !facts::testing::ProductDifference(reused, *product).empty()
                 : into.error().message != product.error().message)) {
    std::fprintf(stderr, "binding into a reused product differs\n");
    std::abort();
  }
  if (!product) return 0;
  report::Options options{*ParseDate("2025-06-01"), true};
  vm::Result result = vm::Evaluate(Program(), *product, vm::Options{options.as_of});
  report::RenderText(Program(), *product, result, options);
  report::RenderJson(Program(), *product, result, options);
  return 0;
}
