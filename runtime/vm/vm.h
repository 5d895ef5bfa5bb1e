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
//   - not_required  every rule requiring it is false (or none is in force);
//   - available     a scheme declared `on request` (the applicant chooses it) that would
//                   otherwise be undetermined: what is open is the applicant's choice, not a
//                   fact the law needs. `undetermined` lists the rules that would call for it.
// Unknown is never reported as not required.
//
// Obligations. A rule may attach a scheme to a component (`require CCC for supplied_adapter`):
// each (scheme, component) pair, and the product itself, is then an obligation decided on its
// own by the rules for it, as above (an `exempt` without `for` counts for every obligation of
// its scheme). The scheme's overall status is derived from its obligations:
//   - required      if any obligation is required (mandatory if any required one is);
//   - undetermined  else, if any is undetermined;
//   - available     else, if any is available;
//   - exempt        else, if any is exempt;
//   - not_required  else.
// Its rule lists are the unions of the obligations' lists, so `missing` may be non-empty on a
// required scheme: one obligation is still open (the laptop's own CCC while its adapter's is
// required). A scheme no rule attaches to a component has one obligation, the product's, and
// its result is that obligation's (no `obligations` list).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"

namespace ccr::vm {

enum class Status : uint8_t { Required, Undetermined, Exempt, NotRequired, Available };
inline constexpr size_t kStatusCount = 5;  // for arrays indexed by Status

// Rule lists are rule indices in rule-table order; rules not in force appear in none.
struct Decision {
  Status status = Status::NotRequired;
  // The reported level: when some `require` rule is true, mandatory if any of them says so,
  // else voluntary; when none is true, the scheme's declared level.
  bytecode::Level level = bytecode::Level::Mandatory;
  std::vector<uint32_t> fired;      // rules whose condition is true and require it
  std::vector<uint32_t> exempting;  // Exempt only: rules whose condition is true and exempt it
  // Undetermined and Available only: the unknown rules that would decide (require rules when
  // none is true, and exemptions), the ones whose facts make up `missing`. Empty otherwise.
  std::vector<uint32_t> undetermined;
  // Not required only: the `require` rules whose condition is false. Empty otherwise.
  std::vector<uint32_t> deciding;
  // Undetermined only (an available scheme misses nothing): fact indices, ascending, of the
  // unknown facts in `undetermined`
  // rules' conditions that made them unknown (a fact whose value could not change the
  // outcome, like `a` in `(a and b) or c` with `b` false, is not listed).
  std::vector<uint32_t> missing;
};

// What a scheme asks of one component, or of the product itself.
struct Obligation : Decision {
  uint32_t component = bytecode::kNone;  // component index, or kNone: the product itself
};

// A scheme's overall decision (derived from its obligations as above) and, when some rule
// attaches it to a component, each obligation: the product itself first (when some rule
// requires the scheme of it), then the components in declaration order.
struct SchemeResult : Decision {
  uint32_t scheme = bytecode::kNone;
  std::vector<Obligation> obligations;  // empty: the product itself is the only obligation
};

// Returns whether `result` leaves facts to state: it, or one of its obligations, is
// undetermined.
inline bool IsOpen(const SchemeResult& result) {
  if (result.status == Status::Undetermined) return true;
  for (const Obligation& obligation : result.obligations) {
    if (obligation.status == Status::Undetermined) return true;
  }
  return false;
}

struct Result {
  std::vector<SchemeResult> schemes;  // one per scheme, in scheme-table order
};

struct Options {
  Date as_of;  // rules not in force on this day are skipped
  // Whether a scheme that is not required lists its false `require` rules (`deciding`, its
  // own and its obligations'). Reports show them only with `--all`
  // (report::Options::include_not_required), and writing them is most of what deciding such a
  // scheme costs, so callers that will not show them set this false: such a scheme's
  // `deciding` and its obligations' are then empty, everything else is the same.
  bool not_required_rules = true;
};

// A rule's condition on one product.
enum class Truth : uint8_t { False, True, Unknown, NotInForce };

namespace internal {
struct ProgramTables;
struct EvalScratch;
}  // namespace internal

// The one interface of an evaluation backend: the VM (Evaluator below), the JIT
// (jit::Evaluator) and the VM-to-JIT handover (jit::HandoverEvaluator). The batch pipeline,
// the test runner, the execution tests (vm/testing/backend.h) and the benchmarks evaluate
// through it, so a backend is one class and every user takes any of them.
//
// A backend is not thread-safe; to evaluate in parallel give each thread its own Copy().
class Backend {
 public:
  virtual ~Backend() = default;

  // Evaluates `product` into `result`, reusing its storage. `product` must be bound to the
  // program's facts (values.size() == facts.size()).
  virtual void Evaluate(const facts::Product& product, const Options& options, Result& result) = 0;

  // Returns each rule's condition in the last Evaluate, by rule index (empty before any).
  virtual std::span<const Truth> conditions() const = 0;

  // Returns a copy for another thread: it shares the program's tables or code and evaluates
  // independently of this one.
  virtual std::unique_ptr<Backend> Copy() const = 0;
};

// Evaluates products against one program. Construction precomputes per-program tables
// (set bitsets, per-scheme action lists, stack size) once; Evaluate then allocates nothing
// once `result` has grown to its steady size.
//
// An Evaluator is not thread-safe (it owns the stack and per-rule scratch); to evaluate in
// parallel give each thread its own copy: copies share the immutable tables. `program` must
// outlive the Evaluator and its copies.
class Evaluator final : public Backend {
 public:
  explicit Evaluator(const bytecode::VerifiedProgram& program);
  Evaluator(const Evaluator& other);
  Evaluator& operator=(const Evaluator& other);
  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;
  ~Evaluator() override;

  void Evaluate(const facts::Product& product, const Options& options, Result& result) override;
  std::span<const Truth> conditions() const override { return conditions_; }
  std::unique_ptr<Backend> Copy() const override;

 private:
  std::shared_ptr<const internal::ProgramTables> tables_;
  std::unique_ptr<internal::EvalScratch> scratch_;
  std::vector<Truth> conditions_;
};

// Checks products against a program's constraints (`constraint` declarations): facts that
// must agree. A product breaks a constraint when the facts it states make the constraint's
// code (`not when or holds`) false; unknown facts never break one. Every backend's callers
// check with this one class, on the VM's interpreter, before evaluating: a product breaking
// a constraint gets an error instead of a report (explain::CheckConstraints words it), so the
// VM and the JIT give the same bytes by construction.
//
// Not thread-safe (it owns a stack); copies share the decoded code.
class ConstraintChecker {
 public:
  explicit ConstraintChecker(const bytecode::VerifiedProgram& program);
  ConstraintChecker(const ConstraintChecker& other);
  ConstraintChecker& operator=(const ConstraintChecker& other);
  ~ConstraintChecker();

  // Returns whether the program declares any constraint (else Broken always returns empty).
  bool any() const;

  // Returns the indices, ascending, of the constraints `product` breaks. The span stays valid
  // until the next call.
  std::span<const uint32_t> Broken(const facts::Product& product);

 private:
  std::shared_ptr<const internal::ProgramTables> tables_;
  std::unique_ptr<internal::EvalScratch> scratch_;
  std::vector<uint32_t> broken_;
};

// Evaluates `product` (bound to `program`'s facts). Never fails: the program is verified.
// Builds an Evaluator per call; callers evaluating many products should keep one.
Result Evaluate(const bytecode::VerifiedProgram& program, const facts::Product& product,
                const Options& options);

// Returns whether `rule` is in force on `day`.
bool InForce(const bytecode::Rule& rule, Date day);

}  // namespace ccr::vm
