// The ranking of next questions (the order is documented in ask.h).
#include "runtime/ask/ask.h"

#include <algorithm>
#include <optional>
#include <span>

#include "runtime/ask/internal/domain.h"

namespace ccr::ask {

namespace {

bool Differs(const vm::SchemeResult& a, const vm::SchemeResult& b) {
  return a.status != b.status || a.missing != b.missing;
}

// Returns whether `a` ranks before `b`. Means are compared exactly, as fractions.
bool Better(const Question& a, const Question& b) {
  uint64_t left = uint64_t{a.settles_total} * b.trials.size();
  uint64_t right = uint64_t{b.settles_total} * a.trials.size();
  if (left != right) return left > right;
  if (a.settles_always != b.settles_always) return a.settles_always > b.settles_always;
  if (a.open_in.size() != b.open_in.size()) return a.open_in.size() > b.open_in.size();
  return a.fact < b.fact;
}

// The values FillImplied tries for `fact`: both bools, every enum value; none for the other
// types (numbers, strings and sets have too many values to decide by elimination).
std::vector<facts::Value> FiniteValues(const bytecode::Module& module, uint32_t fact) {
  const bytecode::Type& type = module.facts[fact].type;
  std::vector<facts::Value> values;
  if (type.kind == bytecode::TypeKind::Bool) {
    for (bool b : {false, true}) {
      facts::Value value;
      value.known = true;
      value.boolean = b;
      values.push_back(std::move(value));
    }
  } else if (type.kind == bytecode::TypeKind::Enum) {
    uint32_t count = static_cast<uint32_t>(module.enums[type.enum_index].values.size());
    for (uint32_t v = 0; v < count; ++v) {
      facts::Value value;
      value.known = true;
      value.index = v;
      values.push_back(std::move(value));
    }
  }
  return values;
}

}  // namespace

std::vector<Implied> FillImplied(const bytecode::Module& module, vm::ConstraintChecker& checker,
                                 facts::Product& product) {
  std::vector<Implied> implied;
  if (!checker.any() || !checker.Broken(product).empty()) return implied;
  std::vector<uint32_t> candidates;
  for (const bytecode::Constraint& constraint : module.constraints) {
    candidates.insert(candidates.end(), constraint.reads.begin(), constraint.reads.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (bool filled = true; filled;) {
    filled = false;
    for (uint32_t fact : candidates) {
      if (product.values[fact].known) continue;
      std::optional<facts::Value> only;
      size_t possible = 0;
      uint32_t breaking = bytecode::kNone;
      for (facts::Value& value : FiniteValues(module, fact)) {
        product.values[fact] = value;
        std::span<const uint32_t> broken = checker.Broken(product);
        if (broken.empty()) {
          ++possible;
          only = std::move(value);
        } else if (breaking == bytecode::kNone) {
          breaking = broken.front();
        }
      }
      product.values[fact] = facts::Value{};
      if (possible != 1 || breaking == bytecode::kNone) continue;
      product.values[fact] = std::move(*only);
      implied.push_back({fact, breaking});
      filled = true;
    }
  }
  return implied;
}

std::vector<uint32_t> OpenSchemes(const vm::Result& result) {
  std::vector<uint32_t> open;
  for (uint32_t i = 0; i < result.schemes.size(); ++i) {
    if (vm::IsOpen(result.schemes[i])) open.push_back(i);
  }
  return open;
}

std::vector<Question> RankQuestions(const bytecode::VerifiedProgram& program,
                                    const facts::Product& product, const Options& options) {
  const bytecode::Module& module = program.module();
  vm::Evaluator evaluator(program);
  vm::ConstraintChecker checker(program);
  vm::Options vm_options{options.as_of};
  // What the constraints decide is known, not asked (callers usually filled it already).
  facts::Product base = product;
  FillImplied(module, checker, base);
  vm::Result now;
  evaluator.Evaluate(base, vm_options, now);
  std::vector<uint32_t> open = OpenSchemes(now);

  // Candidates: facts some undetermined scheme is missing, in declaration order.
  std::vector<std::vector<uint32_t>> open_in(module.facts.size());
  for (uint32_t scheme : open) {
    for (uint32_t fact : now.schemes[scheme].missing) open_in[fact].push_back(scheme);
  }
  std::vector<Question> questions;
  if (open.empty()) return questions;
  std::vector<internal::FactConstants> constants = internal::CollectConstants(module);
  facts::Product trial_product = base;
  vm::Result trial_result;
  for (uint32_t fact = 0; fact < module.facts.size(); ++fact) {
    if (open_in[fact].empty() || base.values[fact].known) continue;
    if (std::find(options.skipped.begin(), options.skipped.end(), fact) != options.skipped.end()) {
      continue;
    }
    Question question;
    question.fact = fact;
    question.open_in = open_in[fact];
    if (module.facts[fact].type.kind == bytecode::TypeKind::Number) {
      question.thresholds = constants[fact].numbers;
    }
    bool changes_any = false;
    for (internal::DomainValue& candidate : internal::Domain(module, fact, constants[fact])) {
      trial_product.values[fact] = candidate.value;
      // A value that breaks a constraint is no possible answer; the facts a value implies
      // count with it (`special_equipment_type = none` decides `is_special_equipment`).
      std::vector<Implied> follows;
      if (checker.any()) {
        if (!checker.Broken(trial_product).empty()) continue;
        follows = FillImplied(module, checker, trial_product);
      }
      evaluator.Evaluate(trial_product, vm_options, trial_result);
      for (const Implied& implied : follows) trial_product.values[implied.fact] = facts::Value{};
      Trial trial{std::move(candidate.value), std::move(candidate.label)};
      for (uint32_t scheme : open) {
        if (!vm::IsOpen(trial_result.schemes[scheme])) ++trial.settles;
      }
      for (size_t i = 0; i < now.schemes.size(); ++i) {
        trial.changes = trial.changes || Differs(now.schemes[i], trial_result.schemes[i]);
      }
      changes_any = changes_any || trial.changes;
      question.settles_total += trial.settles;
      question.trials.push_back(std::move(trial));
    }
    trial_product.values[fact] = base.values[fact];
    if (!changes_any || question.trials.empty()) continue;
    question.settles_always = question.trials.front().settles;
    for (const Trial& trial : question.trials) {
      question.settles_always = std::min(question.settles_always, trial.settles);
    }
    questions.push_back(std::move(question));
  }
  std::sort(questions.begin(), questions.end(), Better);
  return questions;
}

}  // namespace ccr::ask
