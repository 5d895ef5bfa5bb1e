// The random rule generator makes rule sets that compile without errors and verify, so tests
// built on it (the monotonicity property here, the JIT's differential test) test evaluation,
// not the generator.
#include "tests/support/random_rules.h"

#include <doctest/doctest.h>

#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "tests/support/compile_source.h"

namespace ccr::testing {
namespace {

TEST_CASE("random rule sets compile, verify, and their products bind") {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    CAPTURE(seed);
    RandomRuleSet rules = GenerateRules(seed);
    CompiledSource compiled = CompileSource(rules.source);
    INFO(rules.source);
    INFO(compiled.diagnostics);
    REQUIRE(compiled.module.has_value());
    auto program = bytecode::Verify(*compiled.module, "random");
    REQUIRE(program.ok());
    std::string json = GenerateProduct(rules, seed).ToJson(rules);
    INFO(json);
    auto product = facts::Bind(program->module(), json, "random.json");
    REQUIRE(product.ok());
    CHECK(product->warnings.empty());
  }
}

TEST_CASE("the generator depends only on the seed") {
  CHECK(GenerateRules(7).source == GenerateRules(7).source);
  CHECK(GenerateRules(7).source != GenerateRules(8).source);
  RandomRuleSet rules = GenerateRules(7);
  CHECK(GenerateProduct(rules, 3).ToJson(rules) == GenerateProduct(rules, 3).ToJson(rules));
}

}  // namespace
}  // namespace ccr::testing
