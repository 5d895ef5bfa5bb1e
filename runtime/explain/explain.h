// Explanations of one scheme's outcome: its "why" block, fact values as people read them,
// source locations. The reports (runtime/report) and the test runner's failure explanations
// (test_runner.h) both use these, so there is one explainer. Depends on the VM's results
// only: report depends on explain, never the reverse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/module.h"
#include "runtime/explain/phrases.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::explain {

// Where the reader states a missing fact: in a product's JSON, or in a test's `given`.
enum class FactSyntax { Json, Test };

// Returns whether `rule`'s action on `scheme` is `exempt` (rather than `require`).
bool Exempts(const bytecode::Rule& rule, uint32_t scheme);

// Returns the decision of `scheme` for `component` (a component index, or kNone for the product
// itself) as a scheme result of its own (no obligations), so every explainer applies to it:
// the matching obligation, the scheme's own decision when it has no obligations and
// `component` is the product, else not required (no rule asks anything of that component).
vm::SchemeResult ObligationOf(const vm::SchemeResult& scheme, uint32_t component);

// Returns what an obligation is about, for people: `the supplied power adapter` (the
// component's declared name, its `zh` name in Chinese), or `the product itself`.
std::string ComponentText(const bytecode::Module& module, uint32_t component, Language language);

// Returns `file:line:col` (`<unknown>` for a location without a file).
std::string LocationText(const bytecode::Module& module, const bytecode::SourceLocation& at);

// Returns the status as the language spells it: `required`, `recommended` (a voluntary
// scheme that applies), `not required`, `available`, ... (in English; the report's words in
// another `language`).
std::string_view StatusText(const vm::SchemeResult& scheme, Language language = Language::English);

// Returns the outcome with its level when it applies: `required mandatory`,
// `recommended (voluntary)`, `exempt`, ...
std::string OutcomeText(const vm::SchemeResult& scheme, Language language = Language::English);

// Returns `level` as spelled in the language: `mandatory`, `voluntary`.
std::string_view LevelText(bytecode::Level level, Language language = Language::English);

// Returns the declared full name of a scheme or authority, its `zh` name in Chinese when it
// has one.
const std::string& SchemeName(const bytecode::Module& module, uint32_t scheme, Language language);
const std::string& AuthorityName(const bytecode::Module& module, uint32_t authority,
                                 Language language);

// Returns the one-line summary: `6 required (5 mandatory, 1 voluntary), 1 undetermined`.
std::string SummaryText(const vm::Result& result, bool include_not_required, Language language);

// One rule behind a scheme's outcome and what it did, as the reports word it.
struct WhyRule {
  uint32_t rule = bytecode::kNone;
  std::string_view headline;  // `required by`, `maybe exempted by`, ...
  std::string_view suffix;    // empty, `: condition unknown` or `: condition false`
};

// Returns the rules that explain `scheme`'s outcome, in the order the reports list them.
std::vector<WhyRule> WhyRules(const bytecode::Module& module, const vm::SchemeResult& scheme,
                              Language language);

// Returns the known facts `rule` reads: `category = laptop, rated_voltage_v = 220 V (assumed)`,
// a value taken from the fact's declared default marked as such.
std::string RuleFactsText(const bytecode::Module& module, const facts::Product& product,
                          uint32_t rule, Language language);

// Returns how to state `fact`, e.g. `"rated_voltage_v": <number in V>`.
std::string FactHint(const bytecode::Module& module, uint32_t fact, FactSyntax syntax,
                     Language language);

// Returns a known value for people: `true`, `220 V`, `laptop`, `{wifi, bluetooth}`, `"X1"`.
std::string FactValueText(const bytecode::Module& module, uint32_t fact, const facts::Value& value);

// Appends, each line starting with `indent`, why `scheme` came out as it did: the rules that
// fired or exempted it (reason, citation, the facts they read), the unknown rules and the
// missing facts with how to state them, or the rules that decided it is not required.
void AppendWhy(std::string& out, const bytecode::Module& module, const facts::Product& product,
               const vm::SchemeResult& scheme, FactSyntax syntax, std::string_view indent,
               Language language = Language::English);

}  // namespace ccr::explain
