// The JSON report, for machines (schema: docs/report.md). Written by hand so the key order is
// fixed and the output is byte-for-byte deterministic. Optional members are omitted, never
// null.
#include <fmt/format.h>

#include <array>
#include <string>
#include <vector>

#include "runtime/base/json_writer.h"
#include "runtime/explain/explain.h"
#include "runtime/explain/next_steps.h"
#include "runtime/report/internal/fragments.h"
#include "runtime/report/report.h"

namespace ccr::report {

using namespace std::string_view_literals;

using bytecode::Module;
using bytecode::TypeKind;
using internal::Action;
using internal::Condition;
using internal::DateText;
using internal::Fragments;
using internal::FragmentsFor;
using internal::RuleHead;
using vm::Status;

namespace {

// Appends a required scheme's `"next"` member: one array per step kind (step_kinds.def), a
// catalogue row's route in place of the scheme's general ones (explain/next_steps.h).
void AppendNext(std::string& out, const Fragments& f, const Module& module,
                const vm::SchemeResult& result) {
  out += ",\"next\":{"sv;
  for (bytecode::StepKind kind : bytecode::kStepKinds) {
    if (kind != bytecode::kStepKinds[0]) out += ',';
    out += '"';
    out += bytecode::StepKindJsonKey(kind);
    out += "\":["sv;
    std::vector<uint32_t> row_routes;
    if (kind == bytecode::StepKind::Route) row_routes = explain::RowRouteRules(module, result);
    if (row_routes.empty()) {
      out += f.scheme_steps[result.scheme][static_cast<size_t>(kind)];
    } else {
      for (size_t i = 0; i < row_routes.size(); ++i) {
        if (i > 0) out += ',';
        out += f.row_routes[row_routes[i]];
      }
    }
    out += ']';
  }
  out += '}';
}

void AppendValue(std::string& out, const Module& module, const Fragments& f, uint32_t fact_index,
                 const facts::Value& value) {
  const bytecode::Fact& fact = module.facts[fact_index];
  switch (fact.type.kind) {
    case TypeKind::Bool:
      out += value.boolean ? "true"sv : "false"sv;
      break;
    case TypeKind::Number:
      AppendJsonNumber(out, value.number);
      break;
    case TypeKind::String:
      AppendJsonString(out, value.text);
      break;
    case TypeKind::Enum:
      out += f.enum_values[fact.type.enum_index][value.index];
      break;
    case TypeKind::EnumSet: {
      const auto& values = f.enum_values[fact.type.enum_index];
      out += '[';
      bool first = true;
      for (size_t i = 0; i < values.size(); ++i) {
        if (!((value.bits >> i) & 1)) continue;
        if (!first) out += ',';
        first = false;
        out += values[i];
      }
      out += ']';
      break;
    }
  }
}

// Appends one rule object: what it does to the scheme and how its condition came out (so
// every list reads the same way), then the stated facts it reads.
void AppendRule(std::string& out, const Module& module, const Fragments& f,
                const facts::Product& product, uint32_t rule_index, Action action,
                Condition condition) {
  out += RuleHead(f, rule_index, action, condition);
  bool first = true;
  for (uint32_t fact : module.rules[rule_index].reads) {
    const facts::Value& value = product.values[fact];
    if (!value.known) continue;
    if (!first) out += ',';
    first = false;
    out += f.fact_keys[fact];
    AppendValue(out, module, f, fact, value);
  }
  out += "}}"sv;
}

// Appends a decision's members from `level` to `rules` (the head up to `"level":"` is the
// caller's): scheme `scheme`'s overall decision, or one of its obligations'.
void AppendDecision(std::string& out, const Module& module, const Fragments& f,
                    const facts::Product& product, const vm::Decision& result, uint32_t scheme) {
  out += explain::LevelText(result.level);
  out += "\",\"status\":\""sv;
  out += StatusKey(result.status);
  out += '"';
  if (result.status == Status::Undetermined) {
    out += ",\"missing\":["sv;
    for (size_t i = 0; i < result.missing.size(); ++i) {
      if (i > 0) out += ',';
      out += f.fact_names[result.missing[i]];
    }
    out += ']';
  }
  if (result.status == Status::Exempt) {
    out += ",\"exempted_by\":["sv;
    for (size_t i = 0; i < result.exempting.size(); ++i) {
      if (i > 0) out += ',';
      AppendRule(out, module, f, product, result.exempting[i], Action::Exempt, Condition::True);
    }
    out += ']';
  }
  out += ",\"rules\":["sv;
  bool first = true;
  auto rule = [&](uint32_t index, Action action, Condition condition) {
    if (!first) out += ',';
    first = false;
    AppendRule(out, module, f, product, index, action, condition);
  };
  switch (result.status) {
    case Status::Required:
    case Status::Exempt:
      for (uint32_t index : result.fired) rule(index, Action::Require, Condition::True);
      break;
    case Status::Undetermined:
    case Status::Available:
      for (uint32_t index : result.fired) rule(index, Action::Require, Condition::True);
      for (uint32_t index : result.undetermined) {
        rule(index,
             explain::Exempts(module.rules[index], scheme) ? Action::Exempt : Action::Require,
             Condition::Unknown);
      }
      break;
    case Status::NotRequired:
      for (uint32_t index : result.deciding) rule(index, Action::Require, Condition::False);
      break;
  }
  out += ']';
}

// Inlined: AppendJson calls it per scheme (JsonNotRequiredScheme, once per program, is its
// other caller).
[[gnu::always_inline]] inline void AppendScheme(std::string& out, const Module& module,
                                                const Fragments& f, const facts::Product& product,
                                                const vm::SchemeResult& result) {
  out += f.scheme_heads[result.scheme];
  AppendDecision(out, module, f, product, result, result.scheme);
  // A scheme attached to components: each obligation, the product's first.
  if (!result.obligations.empty()) {
    out += ",\"obligations\":["sv;
    for (size_t i = 0; i < result.obligations.size(); ++i) {
      const vm::Obligation& obligation = result.obligations[i];
      if (i > 0) out += ',';
      out += f.obligation_heads[obligation.component == bytecode::kNone ? module.components.size()
                                                                        : obligation.component];
      AppendDecision(out, module, f, product, obligation, result.scheme);
      out += '}';
    }
    out += ']';
  }
  // How to get it: for a scheme that applies, and for a mark the applicant may choose.
  if (result.status == Status::Required || result.status == Status::Available) {
    AppendNext(out, f, module, result);
  }
  out += '}';
}

}  // namespace

namespace internal {

std::string JsonNotRequiredScheme(const Module& module, const Fragments& f, uint32_t scheme,
                                  const std::vector<uint32_t>& components) {
  // What the Decider gives such a scheme (vm.h): not required at its declared level, each
  // obligation likewise, no rule listed.
  vm::SchemeResult result;
  result.scheme = scheme;
  result.status = Status::NotRequired;
  result.level = module.schemes[scheme].level;
  for (uint32_t component : components) {
    vm::Obligation& obligation = result.obligations.emplace_back();
    obligation.component = component;
    obligation.status = Status::NotRequired;
    obligation.level = result.level;
  }
  std::string out;
  AppendScheme(out, module, f, facts::Product{}, result);
  return out;
}

}  // namespace internal

std::string_view StatusKey(Status status) {
  switch (status) {
    case Status::Required:
      return "required";
    case Status::Undetermined:
      return "undetermined";
    case Status::Exempt:
      return "exempt";
    case Status::NotRequired:
      return "not_required";
    case Status::Available:
      return "available";
  }
  return "?";
}

void AppendJson(std::string& out, const bytecode::VerifiedProgram& program,
                const facts::Product& product, const vm::Result& result, const Options& options) {
  const Module& module = program.module();
  const Fragments& f = FragmentsFor(program);
  out += "{\"schema\":\"ccr.report/"sv;
  fmt::format_to(std::back_inserter(out), "{}\"", kJsonSchemaVersion);
  if (options.line > 0) fmt::format_to(std::back_inserter(out), ",\"line\":{}", options.line);
  if (!product.name.empty()) {
    out += ",\"product\":"sv;
    AppendJsonString(out, product.name);
  }
  bool complete = true;
  for (const auto& scheme : result.schemes) complete &= !vm::IsOpen(scheme);
  out += ",\"as_of\":\""sv;
  out += DateText(options.as_of);
  out += complete ? "\",\"complete\":true,\"requirements\":["sv
                  : "\",\"complete\":false,\"requirements\":["sv;
  bool first = true;
  for (const auto& scheme : result.schemes) {
    const bool not_required = scheme.status == Status::NotRequired;
    if (not_required && !options.include_not_required) continue;
    if (!first) out += ',';
    first = false;
    // Not required with no rule to list (none requiring it is in force, so none is false:
    // `deciding` is the union of the obligations'): the same bytes for every product.
    if (not_required && scheme.deciding.empty() &&
        scheme.level == module.schemes[scheme.scheme].level) {
      out += f.not_required_schemes[scheme.scheme];
      continue;
    }
    AppendScheme(out, module, f, product, scheme);
  }
  out += ']';
  if (!product.assumed.empty()) {
    out += ",\"assumed\":{"sv;
    for (size_t i = 0; i < product.assumed.size(); ++i) {
      if (i > 0) out += ',';
      out += f.fact_keys[product.assumed[i]];
      AppendValue(out, module, f, product.assumed[i], product.values[product.assumed[i]]);
    }
    out += '}';
  }
  out += ",\"warnings\":["sv;
  for (size_t i = 0; i < product.warnings.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, product.warnings[i]);
  }
  out += "]}"sv;
}

std::string RenderJson(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, const Options& options) {
  // Reports on real catalogues run to kilobytes; one allocation up front instead of a dozen
  // doublings.
  std::string out;
  out.reserve(16384);
  AppendJson(out, program, product, result, options);
  return out;
}

}  // namespace ccr::report
