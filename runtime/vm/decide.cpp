#include "runtime/vm/decide.h"

#include <algorithm>
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

// Returns whether some rule of `rules` is true or unknown.
[[gnu::always_inline]] inline bool AnyTrueOrUnknown(const uint64_t* is_true,
                                                    const uint64_t* is_unknown,
                                                    const uint64_t* rules, size_t words) {
  uint64_t any = 0;
  for (size_t w = 0; w < words; ++w) any |= (is_true[w] | is_unknown[w]) & rules[w];
  return any != 0;
}

// Each scheme's obligations: the product itself, then every component a `require` names, in
// component order (kNone, the product, sorts first); empty for a scheme without rules.
std::vector<std::vector<uint32_t>> Components(const bytecode::Module& module) {
  std::vector<std::vector<uint32_t>> components(module.schemes.size());
  for (const bytecode::Rule& rule : module.rules) {
    for (const auto& action : rule.actions) {
      if (action.kind == ActionKind::Require) components[action.scheme].push_back(action.component);
    }
  }
  auto product_first = [](uint32_t c) {
    return c == bytecode::kNone ? uint64_t{0} : c + uint64_t{1};
  };
  for (std::vector<uint32_t>& list : components) {
    std::sort(list.begin(), list.end(),
              [&](uint32_t a, uint32_t b) { return product_first(a) < product_first(b); });
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return components;
}

}  // namespace

std::vector<std::vector<uint32_t>> ObligationComponents(const bytecode::Module& module) {
  std::vector<std::vector<uint32_t>> components = Components(module);
  for (std::vector<uint32_t>& list : components) {
    if (list.size() == 1 && list.front() == bytecode::kNone) list.clear();
  }
  return components;
}

Decider::Decider(const bytecode::Module& module, Shortcut shortcut)
    : module_(&module), shortcut_(shortcut), rule_words_((module.rules.size() + 63) / 64) {
  std::vector<std::vector<uint32_t>> components = Components(module);
  first_obligation_.reserve(module.schemes.size() + 1);
  for (std::vector<uint32_t>& list : components) {
    if (list.empty()) list.push_back(bytecode::kNone);
    first_obligation_.push_back(static_cast<uint32_t>(obligation_component_.size()));
    obligation_component_.insert(obligation_component_.end(), list.begin(), list.end());
  }
  first_obligation_.push_back(static_cast<uint32_t>(obligation_component_.size()));

  obligation_rules_.assign(obligation_component_.size() * 3 * rule_words_, 0);
  for (uint32_t r = 0; r < module.rules.size(); ++r) {
    uint64_t bit = uint64_t{1} << (r % 64);
    for (const auto& action : module.rules[r].actions) {
      for (uint32_t o = first_obligation_[action.scheme]; o < first_obligation_[action.scheme + 1];
           ++o) {
        const uint32_t component = obligation_component_[o];
        uint64_t* words = obligation_rules_.data() + size_t{o} * 3 * rule_words_ + r / 64;
        if (action.kind == ActionKind::Require) {
          if (action.component != component) continue;
          words[0] |= bit;
          if (action.level == Level::Mandatory) words[rule_words_] |= bit;
        } else if (action.component == bytecode::kNone || action.component == component ||
                   (action.component == bytecode::kProductItself && component == bytecode::kNone)) {
          // An exemption without `for` holds for every obligation of its scheme.
          words[2 * rule_words_] |= bit;
        }
      }
    }
  }

  scheme_requiring_.assign(module.schemes.size() * rule_words_, 0);
  for (uint32_t s = 0; s < module.schemes.size(); ++s) {
    uint64_t* requiring = scheme_requiring_.data() + size_t{s} * rule_words_;
    for (uint32_t o = first_obligation_[s]; o < first_obligation_[s + 1]; ++o) {
      const uint64_t* obligation = RulesOf(o).requiring;
      for (size_t w = 0; w < rule_words_; ++w) requiring[w] |= obligation[w];
    }
  }
}

Decider::ObligationRules Decider::RulesOf(uint32_t obligation) const {
  const uint64_t* words = obligation_rules_.data() + size_t{obligation} * 3 * rule_words_;
  return {words, words + rule_words_, words + 2 * rule_words_};
}

// Works on the conditions as three rule bitsets (true, unknown, false), so each scheme's
// decision is a few word operations on its own rule bitsets, and each list comes out in rule
// order without duplicates.
void Decider::Decide(std::span<const Truth> conditions, std::span<const uint64_t> masks,
                     Result& result, bool not_required_rules) const {
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
  Decide(is_true.words(), is_unknown.words(), is_false.words(), masks, result, not_required_rules);
}

void Decider::Decide(const uint64_t* is_true, const uint64_t* is_unknown, const uint64_t* is_false,
                     std::span<const uint64_t> masks, Result& result,
                     bool not_required_rules) const {
  // With the word count a constant, the bitset loops below unroll into a few instructions: up
  // to 256 rules (the default bundle has 127, issue 18's generated set 200).
  switch (rule_words_) {
    case 1:
      return DecideWith<1>(is_true, is_unknown, is_false, masks, result, not_required_rules);
    case 2:
      return DecideWith<2>(is_true, is_unknown, is_false, masks, result, not_required_rules);
    case 3:
      return DecideWith<3>(is_true, is_unknown, is_false, masks, result, not_required_rules);
    case 4:
      return DecideWith<4>(is_true, is_unknown, is_false, masks, result, not_required_rules);
    default:
      return DecideWith<0>(is_true, is_unknown, is_false, masks, result, not_required_rules);
  }
}

namespace {

// Sets `out` to the union of the obligations' `list`s, ascending without duplicates, through
// a bitset of `bit_count` bits: cheaper than concatenating and sorting, and it allocates
// nothing for up to 256 rules or facts.
void Union(const std::vector<Obligation>& obligations, std::vector<uint32_t> Decision::*list,
           size_t bit_count, std::vector<uint32_t>& out) {
  out.clear();
  Bits bits(bit_count);
  bool any = false;
  for (const Obligation& o : obligations) {
    for (uint32_t x : o.*list) bits.Set(x);
    any = any || !(o.*list).empty();
  }
  if (any) AppendAnd(bits.words(), bits.words(), bits.count(), out);
}

// With the shortcut off (tests), a scheme decided in full that came out not required: its
// lists emptied as DecideNotRequired leaves them when they are not wanted.
void OmitNotRequiredRules(SchemeResult& out) {
  if (out.status != Status::NotRequired) return;
  out.deciding.clear();
  for (Obligation& obligation : out.obligations) obligation.deciding.clear();
}

// Derives a scheme's overall decision from its obligations (the order of vm.h).
void Derive(const bytecode::Module& module, const bytecode::Scheme& scheme, SchemeResult& out) {
  auto any = [&](Status status) {
    for (const Obligation& o : out.obligations) {
      if (o.status == status) return true;
    }
    return false;
  };
  out.status = any(Status::Required)       ? Status::Required
               : any(Status::Undetermined) ? Status::Undetermined
               : any(Status::Available)    ? Status::Available
               : any(Status::Exempt)       ? Status::Exempt
                                           : Status::NotRequired;
  out.level = scheme.level;
  if (out.status == Status::Required) {
    out.level = Level::Voluntary;
    for (const Obligation& o : out.obligations) {
      if (o.status == Status::Required && o.level == Level::Mandatory) out.level = Level::Mandatory;
    }
  }
  const size_t rules = module.rules.size();
  Union(out.obligations, &Decision::fired, rules, out.fired);
  Union(out.obligations, &Decision::exempting, rules, out.exempting);
  Union(out.obligations, &Decision::undetermined, rules, out.undetermined);
  Union(out.obligations, &Decision::deciding, rules, out.deciding);
  Union(out.obligations, &Decision::missing, module.facts.size(), out.missing);
}

}  // namespace

template <size_t kWords>
void Decider::DecideWith(const uint64_t* is_true, const uint64_t* is_unknown,
                         const uint64_t* is_false, std::span<const uint64_t> masks, Result& result,
                         bool not_required_rules) const {
  const bytecode::Module& module = *module_;
  const size_t words = kWords != 0 ? kWords : rule_words_;
  const bool shortcut = shortcut_ == Shortcut::On;
  result.schemes.resize(module.schemes.size());
  for (uint32_t s = 0; s < module.schemes.size(); ++s) {
    SchemeResult& out = result.schemes[s];
    out.scheme = s;
    const uint32_t first = first_obligation_[s];
    const uint32_t end = first_obligation_[s + 1];
    const bool single = end - first == 1 && obligation_component_[first] == bytecode::kNone;
    // Nothing requires the scheme of any obligation: each is not required, and so is the
    // scheme, its lists the union of theirs (the false requiring rules), written only if
    // wanted. (A scheme is not required exactly when this holds: see DecideOne.)
    const uint64_t* scheme_requiring = scheme_requiring_.data() + size_t{s} * rule_words_;
    const bool settled =
        shortcut && !AnyTrueOrUnknown(is_true, is_unknown, scheme_requiring, words);
    if (single) {
      out.obligations.clear();
      if (settled) {
        DecideNotRequired<kWords>(s, scheme_requiring, is_false, not_required_rules, out);
      } else {
        DecideOne<kWords>(s, first, is_true, is_unknown, is_false, masks, out);
        if (!not_required_rules) OmitNotRequiredRules(out);
      }
      continue;
    }
    out.obligations.resize(end - first);
    for (uint32_t o = first; o < end; ++o) {
      Obligation& obligation = out.obligations[o - first];
      obligation.component = obligation_component_[o];
      const uint64_t* requiring = RulesOf(o).requiring;
      if (settled) {
        DecideNotRequired<kWords>(s, requiring, is_false, not_required_rules, obligation);
      } else if (shortcut && !AnyTrueOrUnknown(is_true, is_unknown, requiring, words)) {
        // Shown under its scheme, which is not `not required` (some other obligation is not).
        DecideNotRequired<kWords>(s, requiring, is_false, true, obligation);
      } else {
        DecideOne<kWords>(s, o, is_true, is_unknown, is_false, masks, obligation);
      }
    }
    if (settled) {
      DecideNotRequired<kWords>(s, scheme_requiring, is_false, not_required_rules, out);
    } else {
      Derive(module, module.schemes[s], out);
      if (!not_required_rules) OmitNotRequiredRules(out);
    }
  }
}

template <size_t kWords>
void Decider::DecideNotRequired(uint32_t s, const uint64_t* requiring, const uint64_t* is_false,
                                bool list, Decision& out) const {
  out.status = Status::NotRequired;
  out.level = module_->schemes[s].level;
  out.fired.clear();
  out.exempting.clear();
  out.undetermined.clear();
  out.missing.clear();
  out.deciding.clear();
  if (list) AppendAnd(is_false, requiring, kWords != 0 ? kWords : rule_words_, out.deciding);
}

template <size_t kWords>
void Decider::DecideOne(uint32_t s, uint32_t obligation, const uint64_t* is_true,
                        const uint64_t* is_unknown, const uint64_t* is_false,
                        std::span<const uint64_t> masks, Decision& out) const {
  const bytecode::Module& module = *module_;
  const size_t words = kWords != 0 ? kWords : rule_words_;
  out.fired.clear();
  out.exempting.clear();
  out.undetermined.clear();
  out.deciding.clear();
  out.missing.clear();
  const ObligationRules rules = RulesOf(obligation);

  // With no requiring rule true or unknown, this comes to DecideNotRequired's decision: the
  // exemptions are not looked at.
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

}  // namespace ccr::vm
