// Constraints in words: the error a product gets when its stated facts break a constraint of
// the vocabulary (`constraint` declarations, vm::ConstraintChecker). Every front end (ccr run,
// batches, ccr serve, libccr and the Python module, ccr ask, the test runner) reports it with
// this one message, as it reports a fact value that does not fit its type (R0303).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/base/expected.h"
#include "runtime/bytecode/module.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::explain {

// Returns why `product` breaks `constraint`: ``where: the facts contradict each other:
// `is_special_equipment` = false, `special_equipment_type` = field_motor_vehicle; a field
// motor vehicle is special equipment (constraint `...`); correct the facts that are wrong``.
// It names every fact the constraint reads that the product states, with its value.
std::string ViolationMessage(const bytecode::Module& module, const facts::Product& product,
                             uint32_t constraint, std::string_view where);

// Returns the error (R0309, one line per broken constraint) for a product that breaks some
// constraint, or nullopt when it breaks none.
std::optional<Error> CheckConstraints(const bytecode::Module& module,
                                      vm::ConstraintChecker& checker, const facts::Product& product,
                                      std::string_view where);

}  // namespace ccr::explain
