// Lower: a checked module (without errors) -> a bytecode module. Conditions become stack code
// with short-circuit jumps; names become table indices; texts are interned once. Deterministic:
// the same checked module always gives the same bytecode.
#pragma once

#include "compiler/check/check.h"
#include "runtime/bytecode/module.h"

namespace ccr::lower {

// `module` must have been checked without errors.
bytecode::Module Lower(const check::CheckedModule& module);

}  // namespace ccr::lower
