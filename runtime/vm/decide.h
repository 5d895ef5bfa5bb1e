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

 private:
  // One `require` or `exempt` action, seen from its scheme.
  struct SchemeAction {
    uint32_t rule;
    bytecode::ActionKind kind;
    bytecode::Level level;
  };

  // A scheme no `require` rule is true or unknown for is not required whatever its
  // exemptions say; most schemes are in that state for most products, and this is its
  // decision without looking at the exemptions.
  void DecideNotRequired(uint32_t scheme, std::span<const Truth> conditions,
                         SchemeResult& out) const;
  void DecideInFull(uint32_t scheme, std::span<const Truth> conditions,
                    std::span<const uint64_t> masks, SchemeResult& out) const;

  const bytecode::Module* module_;
  // Per scheme: its actions, in rule order, at actions_[scheme_begin_[s] .. scheme_begin_[s+1]),
  // and its `require` actions alone at requires_[require_begin_[s] .. require_begin_[s+1]).
  std::vector<uint32_t> scheme_begin_;
  std::vector<SchemeAction> actions_;
  std::vector<uint32_t> require_begin_;
  std::vector<uint32_t> requires_;
  // Per rule (rule-major, scheme_words_ words each): the schemes it requires, as a bitset.
  size_t scheme_words_ = 0;
  std::vector<uint64_t> required_schemes_;
};

}  // namespace ccr::vm
