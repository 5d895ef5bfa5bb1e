// Pieces of the text report that explain one scheme's outcome: its "why" block, fact values
// as people read them, source locations. The text report and the test runner's failure
// explanations both use these, so there is one explainer.
#pragma once

#include <string>
#include <string_view>

#include "runtime/bytecode/module.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::report::internal {

// Where the reader states a missing fact: in a product's JSON, or in a test's `given`.
enum class FactSyntax { Json, Test };

// Returns whether `rule`'s action on `scheme` is `exempt` (rather than `require`).
bool Exempts(const bytecode::Rule& rule, uint32_t scheme);

// Returns `file:line:col` (`<unknown>` for a location without a file).
std::string LocationText(const bytecode::Module& module, const bytecode::SourceLocation& at);

// Returns the status as the language spells it: `required`, `not required`, ...
std::string_view StatusText(vm::Status status);

// Returns the outcome with its level when required: `required mandatory`, `exempt`, ...
std::string OutcomeText(const vm::SchemeResult& scheme);

// Returns `level` as spelled in the language: `mandatory`, `voluntary`.
std::string_view LevelText(bytecode::Level level);

// Returns a known value for people: `true`, `220 V`, `laptop`, `{wifi, bluetooth}`, `"X1"`.
std::string FactValueText(const bytecode::Module& module, uint32_t fact, const facts::Value& value);

// Appends, each line starting with `indent`, why `scheme` came out as it did: the rules that
// fired or exempted it (reason, citation, the facts they read), the unknown rules and the
// missing facts with how to state them, or the rules that decided it is not required.
void AppendWhy(std::string& out, const bytecode::Module& module, const facts::Product& product,
               const vm::SchemeResult& scheme, FactSyntax syntax, std::string_view indent);

}  // namespace ccr::report::internal
