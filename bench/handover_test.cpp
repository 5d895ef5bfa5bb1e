// The VM-to-JIT handover of large batches (runtime/jit/handover.h) on the default bundle: an
// evaluator starts on the VM, moves to the compiled code once it is ready, and every product
// gets the same report before, during and after the move.
#include "runtime/jit/handover.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string_view>
#include <vector>

#include "bench/generate.h"
#include "bench/programs.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"

namespace ccr::bench {
namespace {

std::vector<facts::Product> BoundCatalogue(const bytecode::VerifiedProgram& program, size_t count) {
  const bytecode::Module& module = program.module();
  std::string catalogue = GenerateCatalogue(program, count, 11);
  facts::Binder binder(module);
  std::vector<facts::Product> products;
  for (size_t start = 0; start < catalogue.size();) {
    size_t end = catalogue.find('\n', start);
    auto product = binder.Bind(std::string_view(catalogue).substr(start, end - start), "gen");
    REQUIRE(product.ok());
    products.push_back(std::move(*product));
    start = end + 1;
  }
  return products;
}

TEST_CASE("a handover evaluator moves to the JIT and reports the same bytes throughout") {
  auto program = LoadDefaultBundle();
  REQUIRE(program.ok());
  std::vector<facts::Product> products = BoundCatalogue(*program, 500);
  const vm::Options options{Date{20454}};  // 2026-01-01
  const report::Options report_options{options.as_of};

  vm::Evaluator vm(*program);
  std::vector<std::string> expected;
  vm::Result result;
  for (const facts::Product& product : products) {
    vm.Evaluate(product, options, result);
    expected.push_back(report::RenderJson(*program, product, result, report_options));
  }

  auto prototype = jit::VmUntilCompiled(*program);
  auto copy = prototype->Copy();  // what each thread of a batch gets
  auto& handover = dynamic_cast<jit::HandoverEvaluator&>(*copy);
  size_t on_vm = 0, on_jit = 0;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  // Round after round until some products ran on each backend (if the JIT is built in) and a
  // whole round ran on the compiled code.
  for (size_t round = 0;; ++round) {
    size_t round_on_jit = 0;
    for (size_t i = 0; i < products.size(); ++i) {
      handover.Evaluate(products[i], options, result);
      (handover.on_jit() ? on_jit : on_vm) += 1;
      round_on_jit += handover.on_jit();
      REQUIRE(report::RenderJson(*program, products[i], result, report_options) == expected[i]);
    }
    if (!jit::Available() || round_on_jit == products.size()) break;
    REQUIRE(std::chrono::steady_clock::now() < give_up);
  }
  CHECK(on_vm > 0);
  CHECK((on_jit > 0) == jit::Available());
}

}  // namespace
}  // namespace ccr::bench
