#include "runtime/vm/decide.h"

#include <algorithm>
#include <bit>

namespace ccr::vm {

using bytecode::ActionKind;
using bytecode::Level;

namespace {

// Appends the facts named by `mask`'s bits (reads of `rule`) to `missing`.
void AddMissing(const bytecode::Rule& rule, uint64_t mask, std::vector<uint32_t>& missing) {
  while (mask != 0) {
    int bit = std::countr_zero(mask);
    missing.push_back(rule.reads[bit]);
    mask &= mask - 1;
  }
}

inline void PushOnce(std::vector<uint32_t>& rules, uint32_t rule) {
  if (rules.empty() || rules.back() != rule) rules.push_back(rule);
}

}  // namespace

Decider::Decider(const bytecode::Module& module) : module_(&module) {
  std::vector<std::vector<SchemeAction>> per_scheme(module.schemes.size());
  for (uint32_t r = 0; r < module.rules.size(); ++r) {
    for (const auto& action : module.rules[r].actions) {
      per_scheme[action.scheme].push_back({r, action.kind, action.level});
    }
  }
  for (const auto& actions : per_scheme) {
    scheme_begin_.push_back(static_cast<uint32_t>(actions_.size()));
    actions_.insert(actions_.end(), actions.begin(), actions.end());
  }
  scheme_begin_.push_back(static_cast<uint32_t>(actions_.size()));
}

void Decider::Decide(std::span<const Truth> conditions, std::span<const uint64_t> masks,
                     Result& result) const {
  const bytecode::Module& module = *module_;
  result.schemes.resize(module.schemes.size());
  for (uint32_t s = 0; s < module.schemes.size(); ++s) {
    SchemeResult& out = result.schemes[s];
    out.scheme = s;
    out.fired.clear();
    out.exempting.clear();
    out.undetermined.clear();
    out.deciding.clear();
    out.missing.clear();

    const SchemeAction* begin = actions_.data() + scheme_begin_[s];
    const SchemeAction* end = actions_.data() + scheme_begin_[s + 1];
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
    out.level =
        required ? (any_mandatory ? Level::Mandatory : Level::Voluntary) : module.schemes[s].level;
    if (!out.exempting.empty() && (required || require_unknown)) {
      out.status = Status::Exempt;
    } else if (required ? exempt_unknown : require_unknown) {
      // Required but an exemption is unknown: only the exemptions can change the outcome.
      // Otherwise both the unknown requirements and the unknown exemptions can.
      out.status = Status::Undetermined;
      for (const auto* action = begin; action != end; ++action) {
        if (conditions[action->rule] != Truth::Unknown) continue;
        if (required && action->kind == ActionKind::Require) continue;
        PushOnce(out.undetermined, action->rule);
        AddMissing(module.rules[action->rule], masks[action->rule], out.missing);
      }
      std::sort(out.missing.begin(), out.missing.end());
      out.missing.erase(std::unique(out.missing.begin(), out.missing.end()), out.missing.end());
    } else if (required) {
      out.status = Status::Required;
    } else {
      out.status = Status::NotRequired;
      for (const auto* action = begin; action != end; ++action) {
        if (action->kind == ActionKind::Require && conditions[action->rule] == Truth::False) {
          PushOnce(out.deciding, action->rule);
        }
      }
    }
  }
}

}  // namespace ccr::vm
