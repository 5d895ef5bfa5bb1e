#include "runtime/vm/decide.h"

#include <algorithm>
#include <bit>

namespace ccr::vm {

using bytecode::ActionKind;
using bytecode::Level;

namespace {

// A set of fact indices, kept as a bitset so that listing it is ascending and duplicate-free
// without a sort.
class FactSet {
 public:
  explicit FactSet(size_t fact_count) : count_((fact_count + 63) / 64) {
    if (count_ > std::size(small_)) large_.assign(count_, 0);
    words_ = count_ > std::size(small_) ? large_.data() : small_;
  }
  FactSet(const FactSet&) = delete;
  FactSet& operator=(const FactSet&) = delete;

  // Adds the facts named by `mask`'s bits (reads of `rule`).
  void AddReads(const bytecode::Rule& rule, uint64_t mask) {
    for (; mask != 0; mask &= mask - 1) {
      uint32_t fact = rule.reads[std::countr_zero(mask)];
      words_[fact / 64] |= uint64_t{1} << (fact % 64);
    }
  }

  void AppendTo(std::vector<uint32_t>& facts) const {
    for (size_t w = 0; w < count_; ++w) {
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        facts.push_back(static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
      }
    }
  }

 private:
  // Programs with up to 256 facts (all real ones) need no allocation.
  size_t count_;
  uint64_t small_[4] = {};
  std::vector<uint64_t> large_;
  uint64_t* words_;
};

inline void PushOnce(std::vector<uint32_t>& rules, uint32_t rule) {
  if (rules.empty() || rules.back() != rule) rules.push_back(rule);
}

}  // namespace

Decider::Decider(const bytecode::Module& module) : module_(&module) {
  size_t scheme_count = module.schemes.size();
  scheme_words_ = (scheme_count + 63) / 64;
  required_schemes_.assign(module.rules.size() * scheme_words_, 0);
  std::vector<std::vector<SchemeAction>> per_scheme(scheme_count);
  for (uint32_t r = 0; r < module.rules.size(); ++r) {
    for (const auto& action : module.rules[r].actions) {
      per_scheme[action.scheme].push_back({r, action.kind, action.level});
      if (action.kind == ActionKind::Require) {
        required_schemes_[r * scheme_words_ + action.scheme / 64] |= uint64_t{1}
                                                                     << (action.scheme % 64);
      }
    }
  }
  for (const auto& actions : per_scheme) {
    scheme_begin_.push_back(static_cast<uint32_t>(actions_.size()));
    require_begin_.push_back(static_cast<uint32_t>(requires_.size()));
    actions_.insert(actions_.end(), actions.begin(), actions.end());
    for (const auto& action : actions) {
      if (action.kind == ActionKind::Require) requires_.push_back(action.rule);
    }
  }
  scheme_begin_.push_back(static_cast<uint32_t>(actions_.size()));
  require_begin_.push_back(static_cast<uint32_t>(requires_.size()));
}

void Decider::Decide(std::span<const Truth> conditions, std::span<const uint64_t> masks,
                     Result& result) const {
  const bytecode::Module& module = *module_;
  size_t scheme_count = module.schemes.size();
  result.schemes.resize(scheme_count);

  // The schemes some `require` rule is true or unknown for: only those need their actions
  // weighed. One pass over the conditions, a few words per live rule.
  uint64_t live_small[4] = {};
  std::vector<uint64_t> live_large;
  uint64_t* live = live_small;
  if (scheme_words_ > std::size(live_small)) {
    live_large.assign(scheme_words_, 0);
    live = live_large.data();
  }
  auto is_live = [](Truth truth) { return truth == Truth::True || truth == Truth::Unknown; };
  if (scheme_words_ == 1) {  // up to 64 schemes: the usual case, one word per rule
    for (size_t r = 0; r < conditions.size(); ++r) {
      if (is_live(conditions[r])) live[0] |= required_schemes_[r];
    }
  } else {
    for (size_t r = 0; r < conditions.size(); ++r) {
      if (!is_live(conditions[r])) continue;
      const uint64_t* schemes = required_schemes_.data() + r * scheme_words_;
      for (size_t w = 0; w < scheme_words_; ++w) live[w] |= schemes[w];
    }
  }

  for (uint32_t s = 0; s < scheme_count; ++s) {
    SchemeResult& out = result.schemes[s];
    out.scheme = s;
    if ((live[s / 64] >> (s % 64)) & 1) {
      DecideInFull(s, conditions, masks, out);
    } else {
      DecideNotRequired(s, conditions, out);
    }
  }
}

void Decider::DecideNotRequired(uint32_t scheme, std::span<const Truth> conditions,
                                SchemeResult& out) const {
  out.status = Status::NotRequired;
  out.level = module_->schemes[scheme].level;
  out.fired.clear();
  out.exempting.clear();
  out.undetermined.clear();
  out.missing.clear();
  out.deciding.clear();
  for (uint32_t i = require_begin_[scheme]; i < require_begin_[scheme + 1]; ++i) {
    if (conditions[requires_[i]] == Truth::False) PushOnce(out.deciding, requires_[i]);
  }
}

void Decider::DecideInFull(uint32_t scheme, std::span<const Truth> conditions,
                           std::span<const uint64_t> masks, SchemeResult& out) const {
  const bytecode::Module& module = *module_;
  out.fired.clear();
  out.exempting.clear();
  out.undetermined.clear();
  out.deciding.clear();
  out.missing.clear();

  const SchemeAction* begin = actions_.data() + scheme_begin_[scheme];
  const SchemeAction* end = actions_.data() + scheme_begin_[scheme + 1];
  bool any_mandatory = false;
  bool require_unknown = false;
  bool exempt_unknown = false;
  for (const auto* action = begin; action != end; ++action) {
    Truth truth = conditions[action->rule];
    if (action->kind == ActionKind::Require) {
      if (truth == Truth::True) {
        PushOnce(out.fired, action->rule);
        any_mandatory |= action->level == Level::Mandatory;
      }
      require_unknown |= truth == Truth::Unknown;
    } else {
      if (truth == Truth::True) PushOnce(out.exempting, action->rule);
      exempt_unknown |= truth == Truth::Unknown;
    }
  }

  bool required = !out.fired.empty();
  out.level = required ? (any_mandatory ? Level::Mandatory : Level::Voluntary)
                       : module.schemes[scheme].level;
  if (!out.exempting.empty() && (required || require_unknown)) {
    out.status = Status::Exempt;
    return;
  }
  out.exempting.clear();  // a true exemption of a scheme nothing requires changes nothing
  if (required ? exempt_unknown : require_unknown) {
    // Required but an exemption is unknown: only the exemptions can change the outcome.
    // Otherwise both the unknown requirements and the unknown exemptions can.
    out.status = Status::Undetermined;
    FactSet missing(module.facts.size());
    for (const auto* action = begin; action != end; ++action) {
      if (conditions[action->rule] != Truth::Unknown) continue;
      if (required && action->kind == ActionKind::Require) continue;
      PushOnce(out.undetermined, action->rule);
      missing.AddReads(module.rules[action->rule], masks[action->rule]);
    }
    missing.AppendTo(out.missing);
  } else if (required) {
    out.status = Status::Required;
  } else {
    DecideNotRequired(scheme, conditions, out);
  }
}

}  // namespace ccr::vm
