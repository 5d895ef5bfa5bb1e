// The search for a product that gives rule conditions chosen truth values. Conditions are
// evaluated on a partly built candidate with the VM's three-valued logic plus a fourth value,
// open, for "depends on a fact not decided yet". The search decides the fact an open
// condition needs next, trying each value of its domain (domains.h), and backtracks when a
// condition's value is not one it wants. Conditions read few facts each, so this is quick.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/analysis/internal/candidate.h"
#include "compiler/check/check.h"
#include "runtime/bytecode/logic.h"

namespace ccr::analysis::internal {

enum class Truth : uint8_t { False = 1, True = 2, Unknown = 4 };

// A condition and the truth values it may take, as a mask of Truth bits.
struct Goal {
  ast::ExprId condition;
  uint8_t allowed = 0;
};

inline uint8_t Allow(std::initializer_list<Truth> truths) {
  uint8_t mask = 0;
  for (Truth truth : truths) mask |= static_cast<uint8_t>(truth);
  return mask;
}

class Search {
 public:
  // `budget` caps the candidates tried over the Search's lifetime; past it, Find answers
  // "gave up" and findings that need a proof are not reported.
  Search(const check::CheckedModule& module, int64_t budget);

  enum class Outcome : uint8_t { Found, Impossible, GaveUp };
  // Looks for a product meeting every goal; on Found, `product` is one (facts left open may
  // take any value, unknown included).
  Outcome Find(const std::vector<Goal>& goals, Candidate& product);

  bool exhausted() const { return budget_ <= 0; }

 private:
  struct Need {
    int32_t fact = -1;
    int32_t member = -1;  // a set-valued fact's member, or -1 for the fact itself
  };
  // The language's three values (bytecode::Tri, in its order) and Open.
  enum class Tri : uint8_t { False, True, Unknown, Open };
  static Tri FromLogic(bytecode::Tri value);
  static bytecode::Tri ToLogic(Tri value);  // requires value != Open
  struct Operand;

  Tri Condition(ast::ExprId id, const Candidate& product, Need& need) const;
  Operand Value(ast::ExprId id, const Candidate& product, Need& need) const;
  Tri Compare(const ast::Expr& expr, const Candidate& product, Need& need) const;
  Tri In(const ast::Expr& expr, const Candidate& product, Need& need) const;
  Outcome Descend(const std::vector<Goal>& goals, Candidate& product);

  const check::CheckedModule& module_;
  std::vector<std::vector<FactValue>> domains_;
  int64_t budget_;
};

}  // namespace ccr::analysis::internal
