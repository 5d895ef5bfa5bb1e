// The hand-written reference for the benchmarks: every rule of the default bundle (stdlib +
// rules/products) written as plain C++ `if`s over the same JSON Lines, parsed with the same
// JSON parser (simdjson), writing exactly the bytes `ccr run --format json --as-of DATE`
// writes for each line (unit.bench_test checks this byte for byte). It is the physical limit
// the VM is compared with, not a second implementation: it trusts its input (no error
// messages, no warnings) and knows only the facts these rules read.
//
// The decisions (conditions, effective dates, which schemes each rule requires or exempts)
// are hard-coded, one file per rule file (bench/reference/<file>.cpp), and checked against
// the module when a Reference is built, so the reference cannot drift silently from
// rules/products. The module supplies texts, locations, catalogue sets and enum value
// indices, and which facts each rule lists in a report.
//
// Run is three phases, each public so the benchmark can measure it alone (bind/reference,
// eval/reference): Bind (JSON line -> Product, like facts::Binder), Evaluate (Product ->
// Decision: every rule's condition and each scheme's status, level, rule lists and missing
// facts, the information vm::Result carries) and Render (-> the JSON report).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bench/reference/rules.h"
#include "runtime/base/date.h"
#include "runtime/bytecode/module.h"

namespace ccr::bench::reference {

struct Tables;

// A set of rules, one bit per rule::Id; a hand-written program's natural rule list.
struct RuleMask {
  static constexpr size_t kWords = (rule::kCount + 63) / 64;
  std::array<uint64_t, kWords> words{};

  bool Any() const {
    uint64_t any = 0;
    for (uint64_t word : words) any |= word;
    return any != 0;
  }
  void Set(size_t rule) { words[rule / 64] |= uint64_t{1} << (rule % 64); }
  friend RuleMask operator&(const RuleMask& a, const RuleMask& b) {
    RuleMask out;
    for (size_t i = 0; i < kWords; ++i) out.words[i] = a.words[i] & b.words[i];
    return out;
  }
  friend RuleMask operator~(const RuleMask& a) {
    RuleMask out;
    for (size_t i = 0; i < kWords; ++i) out.words[i] = ~a.words[i];
    return out;
  }
  friend RuleMask operator|(const RuleMask& a, const RuleMask& b) {
    RuleMask out;
    for (size_t i = 0; i < kWords; ++i) out.words[i] = a.words[i] | b.words[i];
    return out;
  }
  // Calls `visit(rule::Id)` for each member, in rule order.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (size_t i = 0; i < kWords; ++i) {
      for (uint64_t word = words[i]; word != 0; word &= word - 1) {
        visit(static_cast<rule::Id>(i * 64 + std::countr_zero(word)));
      }
    }
  }
};

// One product as bound from its JSON line: the facts the rules read and its name.
struct Product {
  std::array<Value, fact::kCount> values{};
  std::string name;  // empty: unnamed
};

// How one obligation came out for one product (vm::Decision, with rule lists as masks).
struct Outcome {
  enum Status : uint8_t { kRequired, kUndetermined, kExempt, kNotRequired, kAvailable };
  Status status = kNotRequired;
  bool required = false;   // some `require` rule is true
  bool mandatory = false;  // the reported level
  RuleMask fired;          // true `require` rules
  RuleMask exempting;      // exempt only: true `exempt` rules
  RuleMask undetermined;   // undetermined and available: the unknown rules that would decide
  RuleMask deciding;       // not required only: the false `require` rules
  FactMask missing = 0;    // undetermined only: bits by fact::Id
};

// How one scheme came out (vm::SchemeResult): its overall outcome and, for a scheme some rule
// attaches to a component, each obligation's, in the order of Tables::SchemeInfo.
struct SchemeDecision : Outcome {
  static constexpr size_t kMaxObligations = 4;
  std::array<Outcome, kMaxObligations> obligations;
  size_t obligation_count = 0;  // 0: the product's is the only obligation
};

struct Decision {
  std::array<SchemeDecision, scheme::kCount> schemes;
  bool complete = true;  // no scheme or obligation undetermined
};

class Reference {
 public:
  // `module` must be the default bundle (stdlib + rules/products) and outlive this object.
  // Aborts (CCR_CHECK) if it does not match the hard-coded rules.
  Reference(const bytecode::Module& module, Date as_of);
  ~Reference();

  // Evaluates one JSON line and appends its report (without a newline) to `out`. Returns
  // false if the line is not a JSON object. Bind, Evaluate, Render.
  bool Run(std::string_view line, std::string& out);

  // Parses one JSON line into `product` (overwriting it). Returns false if the line is not a
  // JSON object.
  bool Bind(std::string_view line, Product& product) const;
  // Decides every scheme for `product` as of the Reference's date.
  void Evaluate(const Product& product, Decision& decision) const;
  // Appends the report of `product` decided as `decision` to `out`.
  void Render(const Product& product, const Decision& decision, std::string& out) const;

 private:
  std::unique_ptr<Tables> tables_;
  Date as_of_;
  // Run's scratch, reused from line to line.
  Product product_;
  Decision decision_;
};

}  // namespace ccr::bench::reference
