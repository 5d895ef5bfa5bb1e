// The three-valued operators of the language, defined once: `not`, `and` and `or` on true,
// false and unknown (Kleene's strong logic), and how an unknown result names the facts that
// made it unknown. Every evaluator uses these tables or is checked against them: the VM
// (runtime/vm/vm.cpp), the checker's constant folding (W0702), the analysis search
// (W0801-W0804); the JIT's branch-free selects are checked against them on every operand pair
// by the execution suite that runs on both backends (runtime/vm/vm_test.cpp).
#pragma once

#include <cstdint>

namespace ccr::bytecode {

// A condition's value. The order is the VM's: False and True are the values of a known bool.
enum class Tri : uint8_t { False = 0, True = 1, Unknown = 2 };

inline constexpr int kTriCount = 3;

namespace logic {

inline constexpr Tri kNot[kTriCount] = {Tri::True, Tri::False, Tri::Unknown};

// kAnd[a][b] is `a and b`: false if either is false, else unknown if either is, else true.
inline constexpr Tri kAnd[kTriCount][kTriCount] = {
    // Rows a, columns b, each in the order False, True, Unknown.
    /* False   */ {Tri::False, Tri::False, Tri::False},
    /* True    */ {Tri::False, Tri::True, Tri::Unknown},
    /* Unknown */ {Tri::False, Tri::Unknown, Tri::Unknown},
};

// kOr[a][b] is `a or b`: true if either is true, else unknown if either is, else false.
inline constexpr Tri kOr[kTriCount][kTriCount] = {
    // Rows a, columns b, each in the order False, True, Unknown.
    /* False   */ {Tri::False, Tri::True, Tri::Unknown},
    /* True    */ {Tri::True, Tri::True, Tri::True},
    /* Unknown */ {Tri::Unknown, Tri::True, Tri::Unknown},
};

constexpr Tri Not(Tri a) { return kNot[static_cast<int>(a)]; }
constexpr Tri And(Tri a, Tri b) { return kAnd[static_cast<int>(a)][static_cast<int>(b)]; }
constexpr Tri Or(Tri a, Tri b) { return kOr[static_cast<int>(a)][static_cast<int>(b)]; }

constexpr Tri Of(bool value) { return value ? Tri::True : Tri::False; }

// The value that decides `and` (false) or `or` (true) whatever the other operand is: the
// one value v with table[v][x] == v for every x. Short-circuit code skips the other operand
// when the first is this value.
constexpr Tri Absorbing(const Tri (&table)[kTriCount][kTriCount]) {
  for (int v = 0; v < kTriCount; ++v) {
    bool absorbs = true;
    for (int x = 0; x < kTriCount; ++x) {
      absorbs = absorbs && table[v][x] == static_cast<Tri>(v) && table[x][v] == static_cast<Tri>(v);
    }
    if (absorbs) return static_cast<Tri>(v);
  }
  return Tri::Unknown;  // never: both tables have one
}

// Read masks. An unknown value carries the set of a rule's reads (one bit each) that made it
// unknown, so a report can name exactly the missing facts that could still change the answer.
// The result of an operator is unknown with the union of its operands' masks (a known
// operand's mask is 0); a known result carries no mask, so `false and x` drops x's facts.
// `not` keeps its operand's mask.
constexpr uint64_t ResultMask(Tri result, uint64_t a_mask, uint64_t b_mask) {
  return result == Tri::Unknown ? a_mask | b_mask : 0;
}

// The tables agree with what they claim: De Morgan, the absorbing values, and the short
// circuit the lowering relies on (skipping b when a is absorbing never changes the result).
static_assert(Absorbing(kAnd) == Tri::False && Absorbing(kOr) == Tri::True);
constexpr bool DeMorgan() {
  for (int a = 0; a < kTriCount; ++a) {
    for (int b = 0; b < kTriCount; ++b) {
      Tri x = static_cast<Tri>(a), y = static_cast<Tri>(b);
      if (Not(And(x, y)) != Or(Not(x), Not(y))) return false;
      if (And(x, y) != And(y, x) || Or(x, y) != Or(y, x)) return false;
    }
  }
  return true;
}
static_assert(DeMorgan());

}  // namespace logic
}  // namespace ccr::bytecode
