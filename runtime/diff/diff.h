// Regulatory diff (`ccr diff`): which products' requirements change between two rule states
// (two dates, two bundles, or both) and which rule edits cause each change.
//
// A rule state is a verified program plus an as-of date. Rules are matched by name across the
// two programs, schemes by id. A rule edit is a rule added or removed, a matched rule whose
// condition (compared as code with every operand resolved to names and values), actions
// (schemes, require/exempt, level), effective dates or texts (because, source) differ, or one
// that comes into or goes out of force between the two dates.
//
// A product's scheme changes when its status, reported level or authority differs. The edits
// that cause it are the edited rules whose effect on that scheme for that product differs: the
// effect is the rule's action on the scheme (require at a level, or exempt) and whether its
// condition was true or unknown, or nothing when the condition was false, the rule not in
// force or absent. So removing a rule that was false for the product is not a cause.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::diff {

struct State {
  const bytecode::VerifiedProgram* program = nullptr;
  Date as_of;
};

enum class EditKind : uint8_t { Added, Removed, Changed, IntoForce, OutOfForce };

struct RuleEdit {
  std::string rule;
  EditKind kind = EditKind::Changed;
  // Changed: what differs, from {condition, actions, effective, text}, in that order. Into /
  // out of force (also for a changed rule whose dates moved): the effective clause.
  std::vector<std::string> what;
  std::string old_at, new_at;  // `file:line:column`; empty where the rule is absent
  bool into_force = false, out_of_force = false;  // Changed: its in-force status also flipped
  std::string effective;  // the effective clause that decides it (`from 2025-07-01`), if any
  uint32_t old_rule = bytecode::kNone, new_rule = bytecode::kNone;  // rule indices
};

// Returns every rule edit between the two states, in the new program's rule order, then the
// removed rules in the old program's order.
std::vector<RuleEdit> RuleEdits(const State& old_state, const State& new_state);

struct Outcome {
  std::string status;     // `required`, `undetermined`, `exempt`, `not_required`, `absent`
  std::string level;      // `mandatory` / `voluntary`
  std::string authority;  // authority id
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

struct SchemeChange {
  std::string scheme;
  Outcome from, to;
  std::vector<size_t> causes;  // indices into the edits
};

struct ProductChange {
  size_t line = 0;  // 1-based line in the catalogue
  std::string product;
  std::vector<SchemeChange> changes;  // in the new program's scheme order, then removed schemes
};

// Evaluates one product in both states. `old_product`/`new_product` are the same facts bound
// to each program. Returns the scheme changes (empty if none) with their causes.
std::vector<SchemeChange> CompareProduct(const State& old_state, const State& new_state,
                                         const facts::Product& old_product,
                                         const facts::Product& new_product,
                                         const std::vector<RuleEdit>& edits);

struct Report {
  std::string old_name, new_name;  // `2025-01-01`, or `old.ccrb as of 2025-01-01`
  std::string catalogue;
  size_t products = 0;  // products compared (lines bound in both states)
  std::vector<RuleEdit> edits;
  std::vector<ProductChange> changed;
  std::vector<std::string> errors;  // lines that could not be bound, with their messages
};

// For people: the changed products with their causes, then every rule edit. Ends with \n.
std::string RenderText(const Report& report);
// One JSON object on one line (schema `ccr.diff/1`, docs/diff.md), no trailing newline.
std::string RenderJson(const Report& report);

std::string_view EditKindText(EditKind kind);

// Returns a state's name in the report: its date when both states use one bundle, else
// `BUNDLE as of DATE` (`<default bundle>` for an empty path, the built-in bundle).
std::string StateName(std::string_view bundle, Date date, bool two_bundles);

// Compares every product of a catalogue in both states: `text` holds one JSON object, or one
// per line when `where` (the catalogue's name in messages) ends in `.jsonl`, blank lines
// skipped. A product that cannot be bound in a state does not stop the comparison: its
// problem goes to `diagnostics` (each problem once, `error[CODE]: ...` lines) and into
// `errors`. Returns the report with `catalogue`, `products`, `edits`, `changed` and `errors`
// set; the caller names the states.
Report CompareCatalogue(const State& old_state, const State& new_state, std::string_view text,
                        std::string_view where,
                        const std::function<void(std::string_view)>& diagnostics);

}  // namespace ccr::diff
