// The per-scheme decision, shared by every backend: given each rule's condition (and, for an
// unknown one, the mask of the reads that made it unknown), decides each obligation's (scheme
// and component's) status, level and rule lists, and each scheme's overall decision from them,
// exactly as vm.h describes. The VM and the JIT differ only in how they
// evaluate the conditions, so reports from both are byte-identical by construction.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "runtime/bytecode/module.h"
#include "runtime/vm/vm.h"

namespace ccr::vm {

// Returns, per scheme, the components of its obligations in the order Decide lists them
// (kNone, the product itself, first), or an empty list for a scheme whose only obligation is
// the product's (vm.h): the same for every product, so a table can have a column each.
std::vector<std::vector<uint32_t>> ObligationComponents(const bytecode::Module& module);

// Built once per program; immutable after construction, so copies of an evaluator (one per
// thread) can share one Decider.
//
// Deciding only what can change: an obligation none of whose `require` rules is true or
// unknown is not required whatever its exemptions say (they count only against a requirement
// that holds or may hold), with its scheme's level and, as its only list, the requiring rules
// that are false. Decide writes that decision directly for such an obligation, and for a whole
// scheme whose obligations are all such, instead of working out every status; on a typical
// product most not-required schemes are decided this way.
class Decider {
 public:
  // Whether Decide takes the shortcut above. Off decides every obligation in full: only for
  // tests (decide_test.cpp) checking that both give the same Result.
  enum class Shortcut : uint8_t { On, Off };

  // `module` must be verified and outlive the Decider.
  explicit Decider(const bytecode::Module& module, Shortcut shortcut = Shortcut::On);

  // Fills `result` (reusing its storage) from `conditions` and `masks`, both by rule index
  // and sized to the rule count. `masks[r]` is read only where `conditions[r]` is Unknown.
  // `not_required_rules`: Options::not_required_rules (false leaves the `deciding` lists of a
  // scheme that is not required empty).
  void Decide(std::span<const Truth> conditions, std::span<const uint64_t> masks, Result& result,
              bool not_required_rules = true) const;

  // The same from the conditions as rule bitsets (rule r is bit r % 64 of word r / 64, each
  // rule_words() long): the rules that are true, unknown, and false. A rule in none is not in
  // force.
  void Decide(const uint64_t* is_true, const uint64_t* is_unknown, const uint64_t* is_false,
              std::span<const uint64_t> masks, Result& result,
              bool not_required_rules = true) const;

  size_t rule_words() const { return rule_words_; }

 private:
  // The rules of one obligation's actions, as rule bitsets (rule r is bit r % 64 of word
  // r / 64).
  struct ObligationRules {
    const uint64_t* requiring;  // rules requiring the scheme of the component
    const uint64_t* mandatory;  // rules requiring it at the mandatory level
    const uint64_t* exempts;    // rules exempting it (for the component or the whole product)
  };
  ObligationRules RulesOf(uint32_t obligation) const;
  // Decide for rule bitsets of kWords words (0: rule_words_ words).
  template <size_t kWords>
  void DecideWith(const uint64_t* is_true, const uint64_t* is_unknown, const uint64_t* is_false,
                  std::span<const uint64_t> masks, Result& result, bool not_required_rules) const;
  // The decision of an obligation (or a whole scheme) whose `requiring` rules are none true
  // or unknown: not required, the scheme's level, the false ones listed if `list`.
  template <size_t kWords>
  void DecideNotRequired(uint32_t scheme, const uint64_t* requiring, const uint64_t* is_false,
                         bool list, Decision& out) const;
  template <size_t kWords>
  void DecideOne(uint32_t scheme, uint32_t obligation, const uint64_t* is_true,
                 const uint64_t* is_unknown, const uint64_t* is_false,
                 std::span<const uint64_t> masks, Decision& out) const;

  const bytecode::Module* module_;
  Shortcut shortcut_;
  size_t rule_words_ = 0;
  // Per obligation, three rule bitsets (requires, mandatory, exempts), rule_words_ words each.
  std::vector<uint64_t> obligation_rules_;
  // Per scheme, its obligations: indices into obligation_rules_ (by 3 * rule_words_) from
  // first_obligation_[s] to first_obligation_[s + 1], and their components (kNone: the
  // product itself), the product first. A scheme whose only obligation is the product's
  // is decided as that one.
  std::vector<uint32_t> first_obligation_;
  std::vector<uint32_t> obligation_component_;
  // Per scheme, the union of its obligations' requiring rules (rule_words_ words each): no
  // true or unknown rule in it, and the whole scheme is not required.
  std::vector<uint64_t> scheme_requiring_;
};

}  // namespace ccr::vm
