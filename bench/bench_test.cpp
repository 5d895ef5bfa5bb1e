// Quick checks of the benchmark inputs: the generators are deterministic and produce what
// the toolchain accepts.
#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <string_view>

#include "bench/generate.h"
#include "bench/programs.h"
#include "bench/reference/reference.h"
#include "runtime/base/files.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::bench {
namespace {

const bytecode::VerifiedProgram& DefaultProgram() {
  static auto program = LoadDefaultBundle();
  if (!program) FAIL(program.error().message);
  return *program;
}

TEST_CASE("catalogues are deterministic and bind without errors or warnings") {
  const bytecode::Module& module = DefaultProgram().module();
  std::string catalogue = GenerateCatalogue(module, 1000, 42);
  CHECK(catalogue == GenerateCatalogue(module, 1000, 42));
  CHECK(catalogue != GenerateCatalogue(module, 1000, 43));
  facts::Binder binder(module);
  size_t lines = 0, nulls = 0, unknown_category = 0;
  for (size_t start = 0; start < catalogue.size(); ++lines) {
    size_t end = catalogue.find('\n', start);
    REQUIRE(end != std::string::npos);
    std::string_view line(catalogue.data() + start, end - start);
    auto product = binder.Bind(line, "generated");
    if (!product) FAIL(product.error().message);
    CHECK(product->warnings.empty());
    if (line.find(":null") != std::string_view::npos) ++nulls;
    start = end + 1;
  }
  CHECK(lines == 1000);
  CHECK(nulls > 0);  // some explicit nulls, as real exports have
  CHECK(unknown_category == 0);
}

TEST_CASE("generated rule files compile with the standard library") {
  const bytecode::Module& module = DefaultProgram().module();
  std::string rules = GenerateRules(module, 300, 7);
  CHECK(rules == GenerateRules(module, 300, 7));
  auto path = std::filesystem::temp_directory_path() / "ccr_bench_test_rules.ccr";
  REQUIRE(WriteFileAtomically(path.string(), rules).ok());
  auto program = CompileProgram({path.string()});
  std::filesystem::remove(path);
  if (!program) FAIL(program.error().message);
  // The standard library declares no rules; every rule is a generated one.
  CHECK(program->module().rules.size() == 300);
}

}  // namespace
}  // namespace ccr::bench

namespace ccr::bench {
namespace {

TEST_CASE("the reference agrees with the VM on the core schemes of 1,000 products") {
  const bytecode::VerifiedProgram& program = DefaultProgram();
  const bytecode::Module& module = program.module();
  std::string catalogue = GenerateCatalogue(module, 1000, 20250101);
  std::array<uint32_t, 5> schemes{};
  for (size_t c = 0; c < 5; ++c) {
    for (uint32_t s = 0; s < module.schemes.size(); ++s) {
      if (module.strings[module.schemes[s].id] == reference::kCoreSchemes[c]) schemes[c] = s;
    }
  }
  // Two dates: before and after rules come into force.
  for (const char* day : {"2020-01-01", "2026-01-01"}) {
    vm::Options options{*ParseDate(day)};
    reference::Reference reference(module, options.as_of);
    facts::Binder binder(module);
    vm::Evaluator evaluator(program);
    vm::Result result;
    std::array<size_t, 4> seen{};  // per status, over all products and core schemes
    for (size_t start = 0; start < catalogue.size();) {
      size_t end = catalogue.find('\n', start);
      std::string_view line(catalogue.data() + start, end - start);
      start = end + 1;
      auto product = binder.Bind(line, "generated");
      REQUIRE(product);
      evaluator.Evaluate(*product, options, result);
      std::string out;
      REQUIRE(reference.Run(line, out));
      for (size_t c = 0; c < 5; ++c) {
        vm::Status expected = result.schemes[schemes[c]].status;
        INFO(day, " ", line, " ", reference::kCoreSchemes[c]);
        CHECK(reference.statuses()[c] == expected);
        ++seen[static_cast<size_t>(expected)];
      }
    }
    // The catalogue exercises every outcome.
    for (size_t count : seen) CHECK(count > 0);
  }
}

}  // namespace
}  // namespace ccr::bench
