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
#include "runtime/report/report.h"

namespace ccr::report {

using namespace std::string_view_literals;

using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;
using vm::Status;

namespace {

// Every constant text of a program's reports, escaped once: rendering a product then only
// copies these fragments and escapes the product's own values (name, strings, warnings).
// A report lists each rule's reason, citation and location, so without this most of the
// work per product was escaping the same texts again.
struct Fragments {
  uint64_t program_id = 0;
  // Per rule, per action (require, exempt), per condition (true, false, unknown): everything
  // of the rule object up to its facts, `{"rule":"name","action":"require","condition":"true",
  // "because":...,"source":...,"at":"file:line:col","facts":{`. A listed rule is then one copy
  // plus its facts.
  std::vector<std::array<std::string, 6>> rule_heads;
  // Per fact: `"name":`.
  std::vector<std::string> fact_keys;
  // Per enum, per value: `"value"`.
  std::vector<std::vector<std::string>> enum_values;
  // Per scheme: `{"scheme":"id","name":"...","authority":"id","level":"`.
  std::vector<std::string> scheme_heads;
  // Per scheme, per step kind: the step objects of the scheme's `next` array of that kind,
  // comma-separated (empty when the rules record none).
  std::vector<std::array<std::string, std::size(bytecode::kStepKinds)>> scheme_steps;
  // Per rule stating an assessment route: its route's step object (empty for other rules).
  std::vector<std::string> row_routes;
};

enum class Action : uint8_t { Require, Exempt };
enum class Condition : uint8_t { True, False, Unknown };

const std::string& RuleHead(const Fragments& f, uint32_t rule, Action action, Condition condition) {
  return f.rule_heads[rule][static_cast<size_t>(action) * 3 + static_cast<size_t>(condition)];
}

std::string Escaped(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

// Returns one step object of `next`: `{"text":...,"zh":...,"source":...}`, then `tail`.
std::string StepObject(std::string_view text, std::string_view zh, std::string_view source,
                       std::string_view tail = {}) {
  std::string out = "{\"text\":" + Escaped(text);
  if (!zh.empty()) out += ",\"zh\":" + Escaped(zh);
  return out + ",\"source\":" + Escaped(source) + std::string(tail) + "}";
}

void Build(Fragments& f, const bytecode::VerifiedProgram& program) {
  const Module& module = program.module();
  f = Fragments{};
  f.program_id = program.id();
  for (const bytecode::Rule& rule : module.rules) {
    std::string tail;
    if (rule.because != kNone) tail += ",\"because\":" + Escaped(module.strings[rule.because]);
    if (rule.source != kNone) tail += ",\"source\":" + Escaped(module.strings[rule.source]);
    const bytecode::SourceLocation& location = rule.location;
    tail += ",\"at\":" + Escaped(fmt::format("{}:{}:{}",
                                             location.file != kNone
                                                 ? std::string_view(module.strings[location.file])
                                                 : std::string_view("<unknown>"),
                                             location.line, location.column));
    tail += ",\"facts\":{";
    std::string name = "{\"rule\":" + Escaped(module.strings[rule.name]);
    auto& heads = f.rule_heads.emplace_back();
    size_t i = 0;
    for (std::string_view action : {"require", "exempt"}) {
      for (std::string_view condition : {"true", "false", "unknown"}) {
        heads[i++] = fmt::format("{},\"action\":\"{}\",\"condition\":\"{}\"{}", name, action,
                                 condition, tail);
      }
    }
  }
  for (const bytecode::Fact& fact : module.facts) {
    f.fact_keys.push_back(Escaped(module.strings[fact.name]) + ":");
  }
  for (const auto& enumeration : module.enums) {
    auto& values = f.enum_values.emplace_back();
    for (uint32_t value : enumeration.values) values.push_back(Escaped(module.strings[value]));
  }
  for (const bytecode::Scheme& scheme : module.schemes) {
    f.scheme_heads.push_back(
        "{\"scheme\":" + Escaped(module.strings[scheme.id]) +
        ",\"name\":" + Escaped(module.strings[scheme.name]) + ",\"authority\":" +
        Escaped(module.strings[module.authorities[scheme.authority].id]) + ",\"level\":\"");
  }
  f.scheme_steps.resize(module.schemes.size());
  for (const bytecode::SchemeStep& step : module.steps) {
    std::string& steps = f.scheme_steps[step.scheme][static_cast<size_t>(step.kind)];
    if (!steps.empty()) steps += ',';
    steps += StepObject(module.strings[step.text],
                        step.zh_text != kNone ? module.strings[step.zh_text] : std::string_view(),
                        module.strings[step.source]);
  }
  for (const bytecode::Rule& rule : module.rules) {
    std::string& route = f.row_routes.emplace_back();
    if (rule.assessment == bytecode::AssessmentRoute::None) continue;
    route = StepObject(bytecode::AssessmentDescription(rule.assessment),
                       bytecode::AssessmentZhDescription(rule.assessment),
                       rule.source != kNone ? module.strings[rule.source]
                                            : explain::LocationText(module, rule.location),
                       ",\"assessment\":" + Escaped(bytecode::AssessmentKeyword(rule.assessment)) +
                           ",\"rule\":" + Escaped(module.strings[rule.name]));
  }
}

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

// The fragments of `program`, built on the first report of each thread (so workers share
// nothing mutable) and rebuilt when a thread renders another program.
const Fragments& FragmentsFor(const bytecode::VerifiedProgram& program) {
  thread_local Fragments fragments;
  if (fragments.program_id != program.id()) Build(fragments, program);
  return fragments;
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

void AppendScheme(std::string& out, const Module& module, const Fragments& f,
                  const facts::Product& product, const vm::SchemeResult& result) {
  out += f.scheme_heads[result.scheme];
  out += explain::LevelText(result.level);
  out += "\",\"status\":\""sv;
  out += StatusKey(result.status);
  out += '"';
  if (result.status == Status::Undetermined) {
    out += ",\"missing\":["sv;
    for (size_t i = 0; i < result.missing.size(); ++i) {
      if (i > 0) out += ',';
      const std::string& key = f.fact_keys[result.missing[i]];
      out.append(key, 0, key.size() - 1);  // the name without its ':'
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
      for (uint32_t index : result.fired) rule(index, Action::Require, Condition::True);
      for (uint32_t index : result.undetermined) {
        rule(
            index,
            explain::Exempts(module.rules[index], result.scheme) ? Action::Exempt : Action::Require,
            Condition::Unknown);
      }
      break;
    case Status::NotRequired:
      for (uint32_t index : result.deciding) rule(index, Action::Require, Condition::False);
      break;
  }
  out += ']';
  if (result.status == Status::Required) AppendNext(out, f, module, result);
  out += '}';
}

// The as-of date is the same for a whole batch: format it once per thread.
const std::string& DateText(Date date) {
  thread_local int32_t cached_days = 0;
  thread_local std::string cached_text;
  if (cached_text.empty() || cached_days != date.days) {
    cached_days = date.days;
    cached_text = FormatDate(date);
  }
  return cached_text;
}

}  // namespace

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
  for (const auto& scheme : result.schemes) complete &= scheme.status != Status::Undetermined;
  out += ",\"as_of\":\""sv;
  out += DateText(options.as_of);
  out += complete ? "\",\"complete\":true,\"requirements\":["sv
                  : "\",\"complete\":false,\"requirements\":["sv;
  bool first = true;
  for (const auto& scheme : result.schemes) {
    if (scheme.status == Status::NotRequired && !options.include_not_required) continue;
    if (!first) out += ',';
    first = false;
    AppendScheme(out, module, f, product, scheme);
  }
  out += "],\"warnings\":["sv;
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
