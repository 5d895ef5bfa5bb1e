// The constant texts of a program's JSON reports and summaries, escaped once per program and
// thread (report/json.cpp, report/table.cpp): rendering a product then copies them and escapes
// only the product's own values.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"

namespace ccr::report::internal {

// Every constant text of a program's reports, escaped once: rendering a product then only
// copies these fragments and escapes the product's own values (name, strings, warnings).
// A report lists each rule's reason, citation and location, so without this most of the
// work per product was escaping the same texts again.
struct Fragments {
  uint64_t program_id = 0;
  // Per rule, per action (require, exempt), per condition (true, false, unknown): everything
  // of the rule object up to its facts, `{"rule":"name","action":"require","condition":"true",
  // "because":...,"source":...,"at":"file:line:col","facts":{`. A listed rule is then one copy
  // plus its facts.
  std::vector<std::array<std::string, 6>> rule_heads;
  // Per fact: `"name":` (a key of `facts`) and `"name"` (an element of `missing`).
  std::vector<std::string> fact_keys;
  std::vector<std::string> fact_names;
  // Per enum, per value: `"value"`.
  std::vector<std::vector<std::string>> enum_values;
  // Per scheme: `{"scheme":"id","name":"...","authority":"id","level":"` (the JSON report) and
  // `{"scheme":"id","status":"` (the summary).
  std::vector<std::string> scheme_heads;
  std::vector<std::string> summary_heads;
  // Per scheme, per step kind: the step objects of the scheme's `next` array of that kind,
  // comma-separated (empty when the rules record none).
  std::vector<std::array<std::string, std::size(bytecode::kStepKinds)>> scheme_steps;
  // Per rule stating an assessment route: its route's step object (empty for other rules).
  std::vector<std::string> row_routes;
  // Per component, then one for the product itself: an obligation object's head up to its
  // level, `{"component":"id","name":"...","level":"` (`{"component":"product","level":"`).
  std::vector<std::string> obligation_heads;
  // Per scheme: its whole JSON object when it is not required and no rule requiring it is in
  // force, so no rule (and nothing of the product) is listed: with `--all` most of such a
  // report is then copied, not written (JsonNotRequiredScheme).
  std::vector<std::string> not_required_schemes;
};

enum class Action : uint8_t { Require, Exempt };
enum class Condition : uint8_t { True, False, Unknown };

inline const std::string& RuleHead(const Fragments& f, uint32_t rule, Action action,
                                   Condition condition) {
  return f.rule_heads[rule][static_cast<size_t>(action) * 3 + static_cast<size_t>(condition)];
}

// Returns the JSON object of `scheme` when it is not required and none of its rules is in
// force (report/json.cpp, the one writer of scheme objects): the same for every product.
// `components`: the scheme's obligations (vm::ObligationComponents).
std::string JsonNotRequiredScheme(const bytecode::Module& module, const Fragments& f,
                                  uint32_t scheme, const std::vector<uint32_t>& components);

// Returns the fragments of `program`, built on the first report of each thread (so workers
// share nothing mutable) and rebuilt when a thread renders another program.
const Fragments& FragmentsFor(const bytecode::VerifiedProgram& program);

// Returns `date` as YYYY-MM-DD, formatted once per thread and date (the as-of date is the same
// for a whole batch).
const std::string& DateText(Date date);

}  // namespace ccr::report::internal
