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

  const bytecode::Module* module_;
  // Per scheme: its actions, in rule order, at actions_[scheme_begin_[s] .. scheme_begin_[s+1]).
  std::vector<uint32_t> scheme_begin_;
  std::vector<SchemeAction> actions_;
};

}  // namespace ccr::vm
