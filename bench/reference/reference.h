// The hand-written reference for the benchmarks: every rule of a rule set written as plain C++
// `if`s over the same JSON Lines, parsed with the same JSON parser (simdjson), writing exactly
// the bytes `ccr run --format json --as-of DATE` writes for each line (unit.bench_test checks
// this byte for byte). It is the physical limit the VM is compared with, not a second
// implementation: it trusts its input (no error messages, no warnings) and knows only the facts
// its rules read.
//
// Three rule sets have one (docs/performance.md): `core`, the default bundle (stdlib +
// rules/products, bench/reference/core.h); `china15`, 15 rules over 20 facts
// (bench/sets/china15.ccr, bench/reference/china15.h); and `wide200`, 200 generated rules over
// 76 facts (bench/sets/wide200.ccr and its generated reference, bench/reference/wide200.h).
// Each set lists its facts, schemes, catalogue sets, enum values and rules once, in X-macros,
// and includes bench/reference/set.h inside its own namespace
// (ccr::bench::reference::<set>): that declares the set's Reference, whose one definition,
// bench/reference/reference_impl.h, each set's .cpp compiles in that namespace.
//
// The decisions (conditions, effective dates, which schemes each rule requires or exempts)
// are hard-coded and checked against the module when a Reference is built, so the reference
// cannot drift silently from its .ccr files. The module supplies texts, locations, catalogue
// sets and enum value indices, and which facts each rule lists in a report.
//
// Run is three phases, each public so the benchmark can measure it alone (bind/reference/...,
// eval/reference/...): Bind (JSON line -> Product, like facts::Binder), Evaluate (Product ->
// Decision: every rule's condition and each scheme's status, level, rule lists and missing
// facts, the information vm::Result carries) and Render (-> the JSON report).
//
// This header holds what does not depend on a set: three-valued conditions and dates.
#pragma once

#include <array>
#include <bit>
#include <climits>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/module.h"

namespace ccr::bench::reference {

// A set of facts, one bit per fact::Id of a set: the core rules read more than 64 facts, and a
// 128-bit integer (GCC and Clang both provide it) keeps a mask as cheap to combine as one word.
using FactMask = unsigned __int128;

// A condition's value in three-valued logic, as the language defines it. An unknown one
// carries the facts that made it unknown (bits by fact::Id), as the VM's read masks do: `a and
// b` unknown lists the unknown operands' facts, `(a and b) or c` with `a and b` false lists
// only `c`'s.
struct Cond {
  enum Truth : uint8_t { kFalse, kTrue, kUnknown };
  Truth truth = kFalse;
  FactMask unknown = 0;  // zero unless truth == kUnknown
};

inline constexpr Cond kFalse{Cond::kFalse, 0};
inline constexpr Cond kTrue{Cond::kTrue, 0};

// The operators and tests below are always inlined: a rule file is one long function (wide200's
// sets 200 conditions), where GCC's inlining budget runs out and would leave a call per test,
// which no one tuning such a program by hand would accept.
#define CCR_REFERENCE_INLINE [[gnu::always_inline]] inline

CCR_REFERENCE_INLINE Cond And(Cond a, Cond b) {
  if (a.truth == Cond::kFalse || b.truth == Cond::kFalse) return kFalse;
  if (a.truth == Cond::kTrue && b.truth == Cond::kTrue) return kTrue;
  return {Cond::kUnknown, a.unknown | b.unknown};
}
template <typename... Rest>
CCR_REFERENCE_INLINE Cond And(Cond a, Cond b, Rest... rest) {
  return And(And(a, b), rest...);
}
CCR_REFERENCE_INLINE Cond Or(Cond a, Cond b) {
  if (a.truth == Cond::kTrue || b.truth == Cond::kTrue) return kTrue;
  if (a.truth == Cond::kFalse && b.truth == Cond::kFalse) return kFalse;
  return {Cond::kUnknown, a.unknown | b.unknown};
}

CCR_REFERENCE_INLINE Cond Not(Cond a) {
  if (a.truth == Cond::kUnknown) return a;
  return a.truth == Cond::kTrue ? kFalse : kTrue;
}

// One product's values of the facts above, as parsed from its JSON line.
struct Value {
  bool known = false;
  bool boolean = false;
  double number = 0;
  uint32_t index = 0;  // enum: value index in its enum
  uint64_t bits = 0;   // set of enum: members
};

// Days since 1970-01-01 of a proleptic Gregorian date (the representation of ccr::Date).
constexpr int32_t Day(int year, int month, int day) {
  year -= month <= 2;
  int era = (year >= 0 ? year : year - 399) / 400;
  int year_of_era = year - era * 400;
  int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}
static_assert(Day(1970, 1, 1) == 0 && Day(2000, 3, 1) == 11017);

inline constexpr int32_t kAlways = INT32_MIN;
inline constexpr int32_t kForever = INT32_MAX;

}  // namespace ccr::bench::reference
