#include "compiler/analysis/analysis.h"

#include <fmt/format.h>

#include "compiler/analysis/internal/search.h"
#include "compiler/analysis/internal/witness.h"

namespace ccr::analysis {
namespace {

using internal::Allow;
using internal::Candidate;
using internal::Goal;
using internal::Search;
using internal::Truth;

bool PeriodsOverlap(const check::Rule& a, const check::Rule& b) {
  // [from, until) intervals; a missing end is open.
  bool a_ends_first = a.until && b.from && *a.until <= *b.from;
  bool b_ends_first = b.until && a.from && *b.until <= *a.from;
  return !a_ends_first && !b_ends_first;
}

// Whether `inner`'s period lies within `outer`'s.
bool PeriodWithin(const check::Rule& inner, const check::Rule& outer) {
  bool starts_after = !outer.from || (inner.from && *inner.from >= *outer.from);
  bool ends_before = !outer.until || (inner.until && *inner.until <= *outer.until);
  return starts_after && ends_before;
}

bool SameAction(const check::Action& a, const check::Action& b) {
  return a.kind == b.kind && a.scheme == b.scheme && a.component == b.component &&
         a.level == b.level;
}

// Whether two actions name authorities that W0802 would call a conflict: both name one, and
// not the same.
bool AuthoritiesDiffer(const ast::Action& a, const ast::Action& b) {
  return a.authority && b.authority && a.authority->text != b.authority->text;
}

class Analyzer {
 public:
  Analyzer(const check::CheckedModule& module, diag::DiagnosticSink& sink, const Options& options)
      : module_(module),
        ast_(*module.ast),
        sink_(sink),
        options_(options),
        search_(module, options.budget) {}

  void Run() {
    if (module_.rules.size() != ast_.rules.size()) return;  // only after a clean check
    FindDeadRules();
    for (size_t scheme = 0; scheme < module_.schemes.size(); ++scheme) {
      std::vector<Use> requirements, exemptions;
      for (size_t r = 0; r < module_.rules.size(); ++r) {
        if (dead_[r]) continue;
        const auto& actions = module_.rules[r].actions;
        for (size_t a = 0; a < actions.size(); ++a) {
          if (actions[a].scheme != static_cast<int32_t>(scheme)) continue;
          (actions[a].kind == ast::Action::Kind::Require ? requirements : exemptions)
              .push_back({r, a});
        }
      }
      FindAuthorityConflicts(requirements);
      FindLevelDifferences(requirements);
      FindUselessExemptions(exemptions, requirements);
    }
    FindRedundantRules();
    if (search_.exhausted()) {
      sink_.Add(diag::Kind::AnalysisIncomplete, {},
                fmt::format("the rule analysis stopped after trying {} candidate products; "
                            "findings may be missing",
                            options_.budget),
                "split the rules into smaller files and check them separately");
    }
  }

 private:
  struct Use {
    size_t rule;
    size_t action;
  };

  bool Reported(size_t rule) const { return options_.is_library_file(ast_.rules[rule].range.file); }

  Goal GoalFor(size_t rule, uint8_t allowed) const {
    return {module_.rules[rule].condition, allowed};
  }

  std::string Name(size_t rule) const { return module_.rules[rule].name; }

  diag::Note WitnessNote(const std::string& lead, const Candidate& product) const {
    return {{}, fmt::format("{}: {}", lead, internal::WitnessJson(module_, product))};
  }

  // Whether the checker already reported the rule's condition as constant (W0702).
  bool IsConstant(const check::Rule& rule) const {
    diag::SourceRange range = ast_.expr(rule.condition).range;
    for (const diag::Diagnostic& d : sink_.diagnostics()) {
      if (d.kind == diag::Kind::ConstantCondition && d.range.file == range.file &&
          d.range.begin == range.begin) {
        return true;
      }
    }
    return false;
  }

  // W0801: a condition no product makes true. A constant condition is W0702's: it is not
  // reported again, and takes no part in redundancy findings (`constant_`).
  void FindDeadRules() {
    dead_.assign(module_.rules.size(), false);
    constant_.assign(module_.rules.size(), false);
    for (size_t r = 0; r < module_.rules.size(); ++r) {
      const check::Rule& rule = module_.rules[r];
      if (!rule.condition.valid()) continue;
      constant_[r] = IsConstant(rule) || rule.reads.empty();
      Candidate product;
      if (search_.Find({GoalFor(r, Allow({Truth::True}))}, product) !=
          Search::Outcome::Impossible) {
        continue;
      }
      dead_[r] = true;
      if (constant_[r] || Reported(r)) continue;
      sink_.Add(
          {diag::Kind::DeadRule,
           ast_.rules[r].head_range,
           fmt::format("rule `{}` can never apply: no product makes its condition true", Name(r)),
           "the condition contradicts itself (for example two different values of one "
           "fact, or `known(x)` with `not known(x)`); fix or remove the rule",
           {{ast_.expr(rule.condition).range,
             "this condition is false or unknown for "
             "every product"}}});
    }
  }

  // W0802: two rules that can fire for one product name different authorities for a scheme.
  void FindAuthorityConflicts(const std::vector<Use>& requirements) {
    for (size_t i = 0; i < requirements.size(); ++i) {
      for (size_t j = i + 1; j < requirements.size(); ++j) {
        const ast::Action& first = ast_.rules[requirements[i].rule].actions[requirements[i].action];
        const ast::Action& second =
            ast_.rules[requirements[j].rule].actions[requirements[j].action];
        if (!AuthoritiesDiffer(first, second) || requirements[i].rule == requirements[j].rule ||
            Reported(requirements[j].rule)) {
          continue;
        }
        size_t a = requirements[i].rule, b = requirements[j].rule;
        if (!PeriodsOverlap(module_.rules[a], module_.rules[b])) continue;
        Candidate product;
        if (search_.Find({GoalFor(a, Allow({Truth::True})), GoalFor(b, Allow({Truth::True}))},
                         product) != Search::Outcome::Found) {
          continue;
        }
        sink_.Add({diag::Kind::ConflictingAuthorities,
                   second.authority->range,
                   fmt::format("rules `{}` and `{}` both require `{}` for the same product, by "
                               "different authorities: `{}` and `{}`",
                               Name(a), Name(b), first.scheme.text, first.authority->text,
                               second.authority->text),
                   "name the same authority in both, or leave `by` out of one",
                   {{first.authority->range,
                     fmt::format("`{}` names `{}` here", Name(a), first.authority->text)},
                    WitnessNote("both rules apply to this product", product)}});
      }
    }
  }

  // W0806: two rules that can fire for one product require a scheme at different levels. The
  // report then says mandatory (vm.h), which may be intended (a voluntary scheme's mandatory
  // subset), but the voluntary rule's reason is shown under a mandatory heading: say so once.
  // A pair that W0802 reports (different authorities) is its alone: one finding per pair.
  // Levels are per obligation: a mandatory adapter and a voluntary product do not differ.
  void FindLevelDifferences(const std::vector<Use>& requirements) {
    for (size_t i = 0; i < requirements.size(); ++i) {
      for (size_t j = i + 1; j < requirements.size(); ++j) {
        size_t a = requirements[i].rule, b = requirements[j].rule;
        const ast::Action& first = ast_.rules[a].actions[requirements[i].action];
        const ast::Action& second = ast_.rules[b].actions[requirements[j].action];
        const check::Action& first_checked = module_.rules[a].actions[requirements[i].action];
        const check::Action& second_checked = module_.rules[b].actions[requirements[j].action];
        if (first_checked.level == second_checked.level || a == b ||
            first_checked.component != second_checked.component ||
            AuthoritiesDiffer(first, second) || Reported(b)) {
          continue;
        }
        if (!PeriodsOverlap(module_.rules[a], module_.rules[b])) continue;
        Candidate product;
        if (search_.Find({GoalFor(a, Allow({Truth::True})), GoalFor(b, Allow({Truth::True}))},
                         product) != Search::Outcome::Found) {
          continue;
        }
        auto level = [](const check::Action& action) {
          return action.level == ast::Level::Mandatory ? "mandatory" : "voluntary";
        };
        sink_.Add({diag::Kind::LevelsDiffer,
                   ast_.rules[b].head_range,
                   fmt::format("rules `{}` and `{}` both require `{}`{} for the same product, at "
                               "different levels: {} and {}; the report says mandatory",
                               Name(a), Name(b), first.scheme.text,
                               first.component && first.component->text != "product"
                                   ? " for `" + first.component->text + "`"
                                   : "",
                               level(first_checked), level(second_checked)),
                   "if the mandatory rule is the exception, exclude its products from the "
                   "voluntary rule's condition",
                   {{ast_.rules[a].head_range, fmt::format("`{}` is here", Name(a))},
                    WitnessNote("both rules apply to this product", product)}});
      }
    }
  }

  // W0803: an exemption that never meets a product its scheme would be required for.
  void FindUselessExemptions(const std::vector<Use>& exemptions,
                             const std::vector<Use>& requirements) {
    for (const Use& exempt : exemptions) {
      if (Reported(exempt.rule)) continue;
      bool applies = false, gave_up = false;
      // An exemption with `for` meets only the requirements of its obligation.
      const int32_t component = module_.rules[exempt.rule].actions[exempt.action].component;
      for (const Use& require : requirements) {
        if (component != check::kOverall &&
            module_.rules[require.rule].actions[require.action].component != component) {
          continue;
        }
        if (!PeriodsOverlap(module_.rules[exempt.rule], module_.rules[require.rule])) continue;
        Candidate product;
        auto outcome = search_.Find({GoalFor(exempt.rule, Allow({Truth::True})),
                                     GoalFor(require.rule, Allow({Truth::True, Truth::Unknown}))},
                                    product);
        applies = outcome == Search::Outcome::Found;
        gave_up = gave_up || outcome == Search::Outcome::GaveUp;
        if (applies) break;
      }
      if (applies || gave_up) continue;
      const ast::Action& action = ast_.rules[exempt.rule].actions[exempt.action];
      sink_.Add({diag::Kind::ExemptionNeverApplies,
                 action.range,
                 fmt::format("`exempt {}` in rule `{}` never applies: no product it holds for "
                             "would otherwise need `{}`",
                             action.scheme.text, Name(exempt.rule), action.scheme.text),
                 requirements.empty() ? fmt::format("no rule requires `{}`", action.scheme.text)
                                      : "its condition excludes every product that the rules "
                                        "requiring the scheme apply to; check both conditions",
                 {}});
    }
  }

  // W0804: a rule whose every action another rule already takes whenever it applies, so
  // removing it changes no report. Precisely: for every product, when `rule` is
  // true `cover` is true, and when `rule` is unknown `cover` is not false. A rule that names
  // another authority than its cover does not do the same: that pair is W0802's alone (one
  // finding per pair; removing either rule would settle the disagreement by accident, so the
  // authority is fixed first, and W0804 follows on the next run if it still holds).
  void FindRedundantRules() {
    for (size_t r = 0; r < module_.rules.size(); ++r) {
      if (dead_[r] || constant_[r] || Reported(r)) continue;
      for (size_t c = 0; c < module_.rules.size(); ++c) {
        if (c == r || dead_[c] || constant_[c] || !Covers(c, r)) continue;
        // Two equivalent rules cover each other: report only the later one.
        if (c > r && Covers(r, c) && Implies(c, r)) continue;
        if (!Implies(r, c)) continue;
        Candidate product;
        search_.Find({GoalFor(r, Allow({Truth::True}))}, product);
        sink_.Add({diag::Kind::RedundantRule,
                   ast_.rules[r].head_range,
                   fmt::format("rule `{}` is redundant: whenever it applies, rule `{}` applies "
                               "too and does the same",
                               Name(r), Name(c)),
                   "remove it, or merge its reason and citation into the other rule",
                   {{ast_.rules[c].head_range, fmt::format("`{}` is here", Name(c))},
                    WitnessNote("for example, both apply to this product", product)}});
        break;
      }
    }
  }

  // Whether rule `cover` takes every action of `rule`, whenever `rule` is in force, and `rule`
  // adds no legal basis of its own. Reports cite every rule that fires, so a rule with its own
  // `source` layers a further obligation on the same scheme (China RoHS marking, then the
  // compliance catalogue tier) and removing it would lose that citation.
  bool Covers(size_t cover, size_t rule) const {
    const check::Rule& a = module_.rules[rule];
    const check::Rule& b = module_.rules[cover];
    if (a.source && a.source != b.source) return false;
    if (!PeriodWithin(a, b)) return false;
    // After a clean check, a rule's checked actions are its written ones, in order.
    for (size_t i = 0; i < a.actions.size(); ++i) {
      bool found = false;
      for (size_t j = 0; j < b.actions.size(); ++j) {
        found = found ||
                (SameAction(a.actions[i], b.actions[j]) &&
                 !AuthoritiesDiffer(ast_.rules[rule].actions[i], ast_.rules[cover].actions[j]));
      }
      if (!found) return false;
    }
    return !a.actions.empty();
  }

  // Whether `rule` true forces `cover` true, and `rule` unknown forces `cover` not false.
  bool Implies(size_t rule, size_t cover) {
    Candidate product;
    if (search_.Find({GoalFor(rule, Allow({Truth::True})),
                      GoalFor(cover, Allow({Truth::False, Truth::Unknown}))},
                     product) != Search::Outcome::Impossible) {
      return false;
    }
    return search_.Find(
               {GoalFor(rule, Allow({Truth::Unknown})), GoalFor(cover, Allow({Truth::False}))},
               product) == Search::Outcome::Impossible;
  }

  const check::CheckedModule& module_;
  const ast::Module& ast_;
  diag::DiagnosticSink& sink_;
  const Options& options_;
  Search search_;
  std::vector<bool> dead_;      // no product makes the condition true
  std::vector<bool> constant_;  // the condition reads no fact, or W0702 reported it
};

}  // namespace

void Analyze(const check::CheckedModule& module, diag::DiagnosticSink& sink,
             const Options& options) {
  Analyzer(module, sink, options).Run();
}

}  // namespace ccr::analysis
