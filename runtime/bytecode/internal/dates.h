// The range of dates a module may carry, shared by the verifier (which enforces it) and the
// disassembler (which must print unverified modules without feeding FormatDate nonsense).
#pragma once

#include <cstdint>

#include "runtime/base/date.h"

namespace ccr::bytecode::internal {

// Years 0000 to 9999, the ones `YYYY-MM-DD` can spell: 0000-01-01 and 9999-12-31 as days
// since 1970-01-01. Reports print every date a rule or test carries.
inline constexpr int32_t kMinDay = -719528;
inline constexpr int32_t kMaxDay = 2932896;

inline bool InDateRange(Date date) { return date.days >= kMinDay && date.days <= kMaxDay; }

}  // namespace ccr::bytecode::internal
