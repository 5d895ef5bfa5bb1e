// The evaluator: runs every rule in force on a date against one product, with three-valued
// logic, and decides each scheme's status.
//
// A fact the product does not state is unknown. `false and unknown` is false, `true or
// unknown` is true; comparisons with an unknown operand are unknown. For each scheme:
//   - required      some `require` rule is true (level: mandatory if any such rule says so),
//                   and no exemption is true or unknown;
//   - exempt        it would be required (or undetermined) but an `exempt` rule is true;
//   - undetermined  no rule is true but some rule is unknown, or it is required and an
//                   exemption is unknown; `missing` lists the unknown facts that would decide;
//   - not_required  every rule requiring it is false (or none is in force).
// Unknown is never reported as not required.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"

namespace ccr::vm {

enum class Status : uint8_t { Required, Undetermined, Exempt, NotRequired };

struct SchemeResult {
  uint32_t scheme = bytecode::kNone;
  Status status = Status::NotRequired;
  bytecode::Level level = bytecode::Level::Mandatory;  // meaningful when Required
  std::vector<uint32_t> fired;         // rules whose condition is true and require it
  std::vector<uint32_t> exempting;     // rules whose condition is true and exempt it
  std::vector<uint32_t> undetermined;  // rules whose condition is unknown (require or exempt)
  std::vector<uint32_t> deciding;      // rules whose condition is false (for not_required)
  std::vector<uint32_t> missing;       // fact indices, ascending: the unknown facts
};

struct Result {
  std::vector<SchemeResult> schemes;  // one per scheme, in scheme-table order
};

struct Options {
  Date as_of;  // rules not in force on this day are skipped
};

// Evaluates `product` (bound to `program`'s facts). Never fails: the program is verified.
Result Evaluate(const bytecode::VerifiedProgram& program, const facts::Product& product,
                const Options& options);

// Returns whether `rule` is in force on `day`.
bool InForce(const bytecode::Rule& rule, Date day);

}  // namespace ccr::vm
