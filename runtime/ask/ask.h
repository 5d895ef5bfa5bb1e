// Next questions: given a partial product, which unknown facts would settle the most
// undetermined schemes, most decisive first (`ccr ask`, `ccr ask --next`, the HTML report's
// "which questions would settle it").
//
// The ranking is exact, not a heuristic over rule text: for each candidate fact it evaluates
// the program once per value of the fact's finite domain and counts the schemes that stop
// being undetermined. Candidates are the facts some undetermined scheme lists as `missing`
// (vm::SchemeResult::missing). The domain tried for each type:
//   bool    true, false
//   enum    every value, in declaration order
//   set     every subset of the members the rules test (`m in fact`) when there are at most
//           kMaxExhaustiveSetMembers of them; else the empty set, each tested member alone,
//           and all tested members together
//   number  one value per region the rules' constants cut the line into: each constant
//           itself, one value between neighbouring constants, one below the smallest and one
//           above the largest (a condition comparing the fact with constants is constant on
//           each region, so this covers every outcome)
//   string  each string constant the rules compare it with, and one string equal to none
// A question's score is `settles_mean` (schemes settled, averaged over the tried values,
// each value weighted equally), then `settles_always` (settled whatever the answer: the
// minimum over the values), then how many undetermined schemes list the fact as missing,
// then fact declaration order: a total, deterministic order. A fact no value of which changes
// any scheme's status or missing facts cannot change any answer and is never returned.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::ask {

// A set fact whose rules test at most this many members is tried on every subset (2^6 = 64
// evaluations); beyond that the subsets would grow too fast, so it is tried on the empty set,
// each member alone and all of them together.
inline constexpr uint32_t kMaxExhaustiveSetMembers = 6;

// One value tried for a fact and what it would settle.
struct Trial {
  facts::Value value;
  std::string label;     // for people: `true`, `laptop`, `{wifi, cellular}`, `below 36 V`
  uint32_t settles = 0;  // currently undetermined schemes that this value determines
  bool changes = false;  // some scheme's status or missing facts differ with this value
};

struct Question {
  uint32_t fact = bytecode::kNone;
  uint32_t settles_always = 0;     // minimum of `settles` over the trials
  uint32_t settles_total = 0;      // sum of `settles`; the mean is settles_total / trials.size()
  std::vector<uint32_t> open_in;   // undetermined schemes listing the fact as missing
  std::vector<double> thresholds;  // number facts: the rules' constants, ascending
  std::vector<Trial> trials;

  double settles_mean() const {
    return trials.empty() ? 0 : static_cast<double>(settles_total) / trials.size();
  }
};

struct Options {
  Date as_of;
  // Facts the user chose not to answer: never asked again.
  std::span<const uint32_t> skipped;
};

// Returns the questions worth asking about `product` (bound to `program`'s facts), best
// first, in the order documented above; empty when no scheme is undetermined or no unknown
// fact can change an answer.
std::vector<Question> RankQuestions(const bytecode::VerifiedProgram& program,
                                    const facts::Product& product, const Options& options);

// A fact the constraints decide (docs/ask.md): with the product's stated facts, every other
// value of it would break a constraint, so it is filled in instead of asked.
struct Implied {
  uint32_t fact = bytecode::kNone;
  uint32_t constraint = bytecode::kNone;  // a constraint the other value(s) would break
};

// Fills into `product` the unknown bool and enum facts read by some constraint that the
// constraints decide, repeating until none is new, and returns them in the order filled. A
// product that breaks a constraint already, or a fact no value of which keeps the product
// consistent, gets nothing filled.
std::vector<Implied> FillImplied(const bytecode::Module& module, vm::ConstraintChecker& checker,
                                 facts::Product& product);

// Returns the indices of the undetermined schemes in `result`, in scheme order.
std::vector<uint32_t> OpenSchemes(const vm::Result& result);

// Reads one answer to a question about `fact`, as a person types it:
//   bool    yes/no, y/n, true/false
//   number  a number, optionally followed by the fact's unit (`220` or `220 V`)
//   enum    a value name, or its number in the listed values (1-based)
//   set     value names or numbers separated by commas or spaces; `none` or `{}` for empty
//   string  the text as typed
// Surrounding blanks are ignored. `?`, `skip`, `unknown` (and an empty line) leave the fact
// unknown: the result is a Value with known == false.
Expected<facts::Value> ParseAnswer(const bytecode::Module& module, uint32_t fact,
                                   std::string_view text);

// Appends `value` (known) of `fact` as its JSON value in a facts file (docs/report.md).
void AppendValueJson(std::string& out, const bytecode::Module& module, uint32_t fact,
                     const facts::Value& value);

// Returns `product` as a facts file: `{"product": ..., fact: value, ...}` with the known facts
// in declaration order, one per line, ending with a newline. Binding it gives back the same
// values.
std::string FactsJson(const bytecode::Module& module, const facts::Product& product);

// Returns the `ccr ask --next` document (schema `ccr.next/1`, docs/ask.md) on one line,
// without a trailing newline.
// `implied` (from FillImplied) is listed as `implied` when not empty.
std::string RenderNextJson(const bytecode::VerifiedProgram& program, const facts::Product& product,
                           const vm::Result& result, const std::vector<Question>& questions,
                           Date as_of, const std::vector<Implied>& implied = {});

}  // namespace ccr::ask
