// The per-scheme decision, shared by every backend: given each rule's condition (and, for an
// unknown one, the mask of the reads that made it unknown), decides each scheme's status,
// level and rule lists exactly as vm.h describes. The VM and the JIT differ only in how they
// evaluate the conditions, so reports from both are byte-identical by construction.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "runtime/bytecode/module.h"
#include "runtime/vm/vm.h"

namespace ccr::vm {

// Built once per program; immutable after construction, so copies of an evaluator (one per
// thread) can share one Decider.
class Decider {
 public:
  // `module` must be verified and outlive the Decider.
  explicit Decider(const bytecode::Module& module);

  // Fills `result` (reusing its storage) from `conditions` and `masks`, both by rule index
  // and sized to the rule count. `masks[r]` is read only where `conditions[r]` is Unknown.
  void Decide(std::span<const Truth> conditions, std::span<const uint64_t> masks,
              Result& result) const;

  // The same from the conditions as rule bitsets (rule r is bit r % 64 of word r / 64, each
  // rule_words() long): the rules that are true, unknown, and false. A rule in none is not in
  // force.
  void Decide(const uint64_t* is_true, const uint64_t* is_unknown, const uint64_t* is_false,
              std::span<const uint64_t> masks, Result& result) const;

  size_t rule_words() const { return rule_words_; }

 private:
  // The rules of one scheme's actions, as rule bitsets (rule r is bit r % 64 of word r / 64).
  struct SchemeRules {
    const uint64_t* requiring;  // rules requiring the scheme
    const uint64_t* mandatory;  // rules requiring it at the mandatory level
    const uint64_t* exempts;    // rules exempting it
  };
  SchemeRules RulesOf(uint32_t scheme) const;
  // Decide for rule bitsets of kWords words (0: rule_words_ words).
  template <size_t kWords>
  void DecideWith(const uint64_t* is_true, const uint64_t* is_unknown, const uint64_t* is_false,
                  std::span<const uint64_t> masks, Result& result) const;

  const bytecode::Module* module_;
  size_t rule_words_ = 0;
  // Per scheme, three rule bitsets (requires, mandatory, exempts), rule_words_ words each.
  std::vector<uint64_t> scheme_rules_;
};

}  // namespace ccr::vm
