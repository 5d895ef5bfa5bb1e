// The compiler's warnings about what rules do (W0702 from the checker's constant folding,
// W0801-W0804 from the static analysis) are claims about the VM: that a condition is the
// same for every product, that no product makes it true, that a printed product makes two
// rules apply. Checker and analysis evaluate conditions themselves, with the operators of
// runtime/bytecode/logic.h; this test checks their claims where they count, on the VM.
//
// Every golden file that shows one of these warnings is compiled as `ccrc check` does it.
// Each witness product a warning prints is bound and evaluated; each claim about every
// product is checked on every product over the facts the rules involved read, each fact
// unknown or one value of the domain `ccr ask` tries (values that separate the constants
// the rules compare it with, so every outcome of a condition shows up).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"
#include "runtime/ask/internal/domain.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr {
namespace {

using vm::Truth;

// Products per claim at most: the golden files read a few facts per rule.
constexpr size_t kMaxProducts = 200'000;

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The golden files whose expectations show W0702 or W0801-W0804.
std::vector<std::filesystem::path> FilesWithClaims() {
  std::vector<std::filesystem::path> files;
  std::regex shown(R"(// CHECK:STDERR: .*warning\[W0(702|80[1-4])\])");
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(CCR_SOURCE_DIR "/tests/golden")) {
    if (entry.path().extension() != ".ccr") continue;
    if (std::regex_search(ReadText(entry.path()), shown)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The names in backticks in a message, in order.
std::vector<std::string> Quoted(const std::string& message) {
  std::vector<std::string> names;
  std::regex quoted("`([^`]*)`");
  for (auto it = std::sregex_iterator(message.begin(), message.end(), quoted);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

class Claims {
 public:
  Claims(const driver::Compilation& compilation, const bytecode::VerifiedProgram& program)
      : compilation_(compilation),
        module_(program.module()),
        evaluator_(program),
        constants_(ask::internal::CollectConstants(module_)) {}

  uint32_t Rule(const std::string& name) const {
    for (uint32_t r = 0; r < module_.rules.size(); ++r) {
      if (module_.strings[module_.rules[r].name] == name) return r;
    }
    FAIL("no rule `" << name << "`");
    return 0;
  }

  // The rule whose condition the checker reported at `range` (W0702 names no rule).
  uint32_t RuleWithCondition(const diag::SourceRange& range) const {
    for (uint32_t r = 0; r < compilation_.checked.rules.size(); ++r) {
      const diag::SourceRange& at =
          compilation_.ast.expr(compilation_.checked.rules[r].condition).range;
      if (at.file == range.file && at.begin == range.begin && at.end == range.end) return r;
    }
    FAIL("no rule's condition is at the warning's range");
    return 0;
  }

  // The rules' conditions on the product a note prints after its colon.
  std::vector<Truth> OnWitness(const diag::Diagnostic& d, std::vector<uint32_t> rules) {
    REQUIRE_FALSE(d.notes.empty());
    const std::string& note = d.notes.back().message;
    size_t json = note.find('{');
    REQUIRE_MESSAGE(json != std::string::npos, note);
    auto product = facts::Bind(module_, note.substr(json), "witness");
    REQUIRE_MESSAGE(product.ok(), product.error().message);
    Evaluate(*product);
    std::vector<Truth> truths;
    for (uint32_t r : rules) truths.push_back(evaluator_.conditions()[r]);
    return truths;
  }

  // Calls `check` with the conditions of `rules` on every product over the facts they read
  // (see the file comment); returns how many products it tried.
  size_t ForEveryProduct(const std::vector<uint32_t>& rules,
                         const std::function<void(const std::vector<Truth>&)>& check) {
    std::set<uint32_t> read;
    for (uint32_t r : rules)
      read.insert(module_.rules[r].reads.begin(), module_.rules[r].reads.end());
    std::vector<uint32_t> facts(read.begin(), read.end());
    std::vector<std::vector<facts::Value>> choices;
    size_t count = 1;
    for (uint32_t fact : facts) {
      choices.push_back({facts::Value{}});  // unknown
      for (const auto& value : ask::internal::Domain(module_, fact, constants_[fact])) {
        choices.back().push_back(value.value);
      }
      count *= choices.back().size();
      REQUIRE(count <= kMaxProducts);
    }
    facts::Product product;
    product.values.assign(module_.facts.size(), facts::Value{});
    std::vector<size_t> at(facts.size(), 0);
    for (size_t tried = 0; tried < count; ++tried) {
      for (size_t i = 0; i < facts.size(); ++i) product.values[facts[i]] = choices[i][at[i]];
      Evaluate(product);
      std::vector<Truth> truths;
      for (uint32_t r : rules) {
        truths.push_back(evaluator_.conditions()[r]);
        REQUIRE_MESSAGE(truths.back() != Truth::NotInForce, "pick an as-of date");
      }
      check(truths);
      for (size_t i = 0; i < facts.size() && ++at[i] == choices[i].size(); ++i) at[i] = 0;
    }
    return count;
  }

  // The rules that act on `scheme` with `kind`.
  std::vector<uint32_t> Acting(const std::string& scheme, bytecode::ActionKind kind) const {
    std::vector<uint32_t> rules;
    for (uint32_t r = 0; r < module_.rules.size(); ++r) {
      for (const bytecode::Action& action : module_.rules[r].actions) {
        if (action.kind == kind && module_.strings[module_.schemes[action.scheme].id] == scheme) {
          rules.push_back(r);
          break;
        }
      }
    }
    return rules;
  }

 private:
  void Evaluate(const facts::Product& product) {
    vm::Result result;
    evaluator_.Evaluate(product, vm::Options{*ParseDate("2025-06-01")}, result);
  }

  const driver::Compilation& compilation_;
  const bytecode::Module& module_;
  vm::Evaluator evaluator_;
  std::vector<ask::internal::FactConstants> constants_;
};

TEST_CASE("every W0702 and W0801-W0804 claim holds on the VM") {
  std::map<diag::Kind, int> checked;
  std::vector<std::filesystem::path> files = FilesWithClaims();
  REQUIRE(!files.empty());
  for (const auto& path : files) {
    CAPTURE(path.string());
    driver::Options options;
    options.analyze = true;
    options.use_stdlib = ReadText(path).find("--no-stdlib") == std::string::npos;
    auto compiled = driver::Compile({path.string()}, options);
    REQUIRE_MESSAGE(compiled.ok(), compiled.error().message);
    const driver::Compilation& compilation = **compiled;
    if (!compilation.bytecode) continue;  // a file with errors claims nothing about the VM
    auto program = bytecode::Verify(*compilation.bytecode, path.string());
    REQUIRE_MESSAGE(program.ok(), program.error().message);
    Claims claims(compilation, *program);

    for (const diag::Diagnostic& d : compilation.sink.diagnostics()) {
      CAPTURE(d.message);
      std::vector<std::string> names = Quoted(d.message);
      switch (d.kind) {
        case diag::Kind::ConstantCondition: {
          // "this condition is always true|false, whatever the product"
          Truth always =
              d.message.find("always true") != std::string::npos ? Truth::True : Truth::False;
          claims.ForEveryProduct({claims.RuleWithCondition(d.range)},
                                 [&](const std::vector<Truth>& t) { CHECK(t[0] == always); });
          break;
        }
        case diag::Kind::DeadRule:
          // "rule `r` can never apply: no product makes its condition true"
          claims.ForEveryProduct({claims.Rule(names.at(0))},
                                 [](const std::vector<Truth>& t) { CHECK(t[0] != Truth::True); });
          break;
        case diag::Kind::ConflictingAuthorities: {
          // "rules `a` and `b` both require ...", a note with a product both apply to
          auto t = claims.OnWitness(d, {claims.Rule(names.at(0)), claims.Rule(names.at(1))});
          CHECK(t[0] == Truth::True);
          CHECK(t[1] == Truth::True);
          break;
        }
        case diag::Kind::ExemptionNeverApplies: {
          // "`exempt s` in rule `r` never applies": no product makes `r` true and a rule
          // requiring `s` true or unknown (rules that are never true aside: W0801's).
          uint32_t exempt = claims.Rule(names.at(1));
          std::string scheme = names.at(0).substr(std::string("exempt ").size());
          for (uint32_t require : claims.Acting(scheme, bytecode::ActionKind::Require)) {
            bool ever_true = false;
            claims.ForEveryProduct({require}, [&](const std::vector<Truth>& t) {
              ever_true = ever_true || t[0] == Truth::True;
            });
            if (!ever_true) continue;
            claims.ForEveryProduct({exempt, require}, [](const std::vector<Truth>& t) {
              CHECK_FALSE((t[0] == Truth::True && t[1] != Truth::False));
            });
          }
          break;
        }
        case diag::Kind::RedundantRule: {
          // "rule `r` is redundant: whenever it applies, rule `c` applies too": `r` true
          // makes `c` true and `r` unknown makes `c` not false; the note's product has both
          // true.
          uint32_t rule = claims.Rule(names.at(0)), cover = claims.Rule(names.at(1));
          claims.ForEveryProduct({rule, cover}, [](const std::vector<Truth>& t) {
            if (t[0] == Truth::True) CHECK(t[1] == Truth::True);
            if (t[0] == Truth::Unknown) CHECK(t[1] != Truth::False);
          });
          auto t = claims.OnWitness(d, {rule, cover});
          CHECK(t[0] == Truth::True);
          CHECK(t[1] == Truth::True);
          break;
        }
        default:
          continue;  // other diagnostics make no claim about evaluation
      }
      ++checked[d.kind];
    }
  }
  // Each kind of claim was met at least once, so this test cannot pass by finding none.
  for (diag::Kind kind :
       {diag::Kind::ConstantCondition, diag::Kind::DeadRule, diag::Kind::ConflictingAuthorities,
        diag::Kind::ExemptionNeverApplies, diag::Kind::RedundantRule}) {
    CAPTURE(static_cast<int>(kind));
    CHECK(checked[kind] > 0);
  }
}

}  // namespace
}  // namespace ccr
