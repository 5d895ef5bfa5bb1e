#include "runtime/vm/decide.h"

#include <bit>

namespace ccr::vm {

using bytecode::ActionKind;
using bytecode::Level;

namespace {

// A bitset of up to kInline * 64 bits on the stack (all real programs), else on the heap.
class Bits {
 public:
  explicit Bits(size_t bit_count) : count_((bit_count + 63) / 64) {
    if (count_ > kInline) large_.assign(count_, 0);
    words_ = count_ > kInline ? large_.data() : small_;
  }
  Bits(const Bits&) = delete;
  Bits& operator=(const Bits&) = delete;

  uint64_t* words() { return words_; }
  const uint64_t* words() const { return words_; }
  size_t count() const { return count_; }
  void Set(size_t bit) { words_[bit / 64] |= uint64_t{1} << (bit % 64); }

 private:
  static constexpr size_t kInline = 4;
  size_t count_;
  uint64_t small_[kInline] = {};
  std::vector<uint64_t> large_;
  uint64_t* words_;
};

// Appends the set bits of `a & b`, ascending, to `out`; returns whether there were any.
[[gnu::always_inline]] inline bool AppendAnd(const uint64_t* a, const uint64_t* b, size_t words,
                                             std::vector<uint32_t>& out) {
  bool any = false;
  for (size_t w = 0; w < words; ++w) {
    for (uint64_t bits = a[w] & b[w]; bits != 0; bits &= bits - 1) {
      out.push_back(static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
      any = true;
    }
  }
  return any;
}

[[gnu::always_inline]] inline bool AnyAnd(const uint64_t* a, const uint64_t* b, size_t words) {
  uint64_t any = 0;
  for (size_t w = 0; w < words; ++w) any |= a[w] & b[w];
  return any != 0;
}

}  // namespace

Decider::Decider(const bytecode::Module& module)
    : module_(&module), rule_words_((module.rules.size() + 63) / 64) {
  scheme_rules_.assign(module.schemes.size() * 3 * rule_words_, 0);
  for (uint32_t r = 0; r < module.rules.size(); ++r) {
    uint64_t bit = uint64_t{1} << (r % 64);
    for (const auto& action : module.rules[r].actions) {
      uint64_t* words = scheme_rules_.data() + size_t{action.scheme} * 3 * rule_words_ + r / 64;
      if (action.kind == ActionKind::Require) {
        words[0] |= bit;
        if (action.level == Level::Mandatory) words[rule_words_] |= bit;
      } else {
        words[2 * rule_words_] |= bit;
      }
    }
  }
}

Decider::SchemeRules Decider::RulesOf(uint32_t scheme) const {
  const uint64_t* words = scheme_rules_.data() + size_t{scheme} * 3 * rule_words_;
  return {words, words + rule_words_, words + 2 * rule_words_};
}

// Works on the conditions as three rule bitsets (true, unknown, false), so each scheme's
// decision is a few word operations on its own rule bitsets, and each list comes out in rule
// order without duplicates.
void Decider::Decide(std::span<const Truth> conditions, std::span<const uint64_t> masks,
                     Result& result) const {
  Bits is_true(conditions.size()), is_unknown(conditions.size()), is_false(conditions.size());
  for (size_t r = 0; r < conditions.size(); ++r) {
    switch (conditions[r]) {
      case Truth::True:
        is_true.Set(r);
        break;
      case Truth::Unknown:
        is_unknown.Set(r);
        break;
      case Truth::False:
        is_false.Set(r);
        break;
      case Truth::NotInForce:
        break;
    }
  }
  Decide(is_true.words(), is_unknown.words(), is_false.words(), masks, result);
}

void Decider::Decide(const uint64_t* is_true, const uint64_t* is_unknown, const uint64_t* is_false,
                     std::span<const uint64_t> masks, Result& result) const {
  // With the word count a constant, the bitset loops below unroll into a few instructions.
  switch (rule_words_) {
    case 1:
      return DecideWith<1>(is_true, is_unknown, is_false, masks, result);
    case 2:
      return DecideWith<2>(is_true, is_unknown, is_false, masks, result);
    default:
      return DecideWith<0>(is_true, is_unknown, is_false, masks, result);
  }
}

template <size_t kWords>
void Decider::DecideWith(const uint64_t* is_true, const uint64_t* is_unknown,
                         const uint64_t* is_false, std::span<const uint64_t> masks,
                         Result& result) const {
  const bytecode::Module& module = *module_;
  const size_t words = kWords != 0 ? kWords : rule_words_;
  result.schemes.resize(module.schemes.size());
  for (uint32_t s = 0; s < module.schemes.size(); ++s) {
    SchemeResult& out = result.schemes[s];
    out.scheme = s;
    out.fired.clear();
    out.exempting.clear();
    out.undetermined.clear();
    out.deciding.clear();
    out.missing.clear();
    const SchemeRules rules = RulesOf(s);

    bool required = AppendAnd(is_true, rules.requiring, words, out.fired);
    bool require_unknown = AnyAnd(is_unknown, rules.requiring, words);
    bool exempt_unknown = AnyAnd(is_unknown, rules.exempts, words);
    out.level = !required                                 ? module.schemes[s].level
                : AnyAnd(is_true, rules.mandatory, words) ? Level::Mandatory
                                                          : Level::Voluntary;
    if ((required || require_unknown) && AppendAnd(is_true, rules.exempts, words, out.exempting)) {
      out.status = Status::Exempt;
    } else if (required ? exempt_unknown : require_unknown) {
      // Required but an exemption is unknown: only the exemptions can change the outcome.
      // Otherwise both the unknown requirements and the unknown exemptions can. A scheme the
      // applicant chooses is available instead: nothing is missing, the choice is theirs.
      const bool on_request = module.schemes[s].on_request;
      out.status = on_request ? Status::Available : Status::Undetermined;
      if (on_request) out.level = module.schemes[s].level;
      Bits missing(on_request ? 0 : module.facts.size());
      for (size_t w = 0; w < words; ++w) {
        uint64_t deciding = required ? rules.exempts[w] : rules.requiring[w] | rules.exempts[w];
        for (uint64_t bits = is_unknown[w] & deciding; bits != 0; bits &= bits - 1) {
          uint32_t rule = static_cast<uint32_t>(w * 64 + std::countr_zero(bits));
          out.undetermined.push_back(rule);
          if (on_request) continue;
          for (uint64_t reads = masks[rule]; reads != 0; reads &= reads - 1) {
            missing.Set(module.rules[rule].reads[std::countr_zero(reads)]);
          }
        }
      }
      AppendAnd(missing.words(), missing.words(), missing.count(), out.missing);
    } else if (required) {
      out.status = Status::Required;
    } else {
      out.status = Status::NotRequired;
      AppendAnd(is_false, rules.requiring, words, out.deciding);
    }
  }
}

}  // namespace ccr::vm
