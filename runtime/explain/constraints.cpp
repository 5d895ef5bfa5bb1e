#include "runtime/explain/constraints.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/explain/explain.h"

namespace ccr::explain {

std::string ViolationMessage(const bytecode::Module& module, const facts::Product& product,
                             uint32_t constraint_index, std::string_view where) {
  const bytecode::Constraint& constraint = module.constraints[constraint_index];
  std::string stated;
  bool any_assumed = false;
  for (uint32_t fact : constraint.reads) {
    const facts::Value& value = product.values[fact];
    if (!value.known) continue;  // an unknown fact never breaks a constraint
    // A declared default takes part like a stated value, but the message says it was assumed:
    // leaving the fact out does not help then, stating it does.
    bool assumed = std::binary_search(product.assumed.begin(), product.assumed.end(), fact);
    any_assumed = any_assumed || assumed;
    if (!stated.empty()) stated += ", ";
    stated += fmt::format("`{}` = {}{}", module.strings[module.facts[fact].name],
                          FactValueText(module, fact, value),
                          assumed ? " (assumed: its declared default)" : "");
  }
  return fmt::format(
      "{}: the facts contradict each other: {}; {} (constraint `{}`); correct the fact that is "
      "wrong, or leave it out if it is not known{}",
      where, stated, module.strings[constraint.because], module.strings[constraint.name],
      any_assumed ? "; state the assumed fact" : "");
}

std::optional<Error> CheckConstraints(const bytecode::Module& module,
                                      vm::ConstraintChecker& checker, const facts::Product& product,
                                      std::string_view where) {
  std::span<const uint32_t> broken = checker.Broken(product);
  if (broken.empty()) return std::nullopt;
  std::string message;
  for (uint32_t constraint : broken) {
    if (!message.empty()) message += '\n';
    message += ViolationMessage(module, product, constraint, where);
  }
  return Error{std::move(message), ErrorKind::ContradictoryFacts};
}

}  // namespace ccr::explain
