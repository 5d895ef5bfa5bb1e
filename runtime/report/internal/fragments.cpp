#include "runtime/report/internal/fragments.h"

#include <fmt/format.h>

#include "runtime/base/json_writer.h"
#include "runtime/explain/explain.h"
#include "runtime/vm/decide.h"

namespace ccr::report::internal {

using bytecode::kNone;
using bytecode::Module;

namespace {

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
    f.fact_names.push_back(Escaped(module.strings[fact.name]));
    f.fact_keys.push_back(f.fact_names.back() + ":");
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
    f.summary_heads.push_back("{\"scheme\":" + Escaped(module.strings[scheme.id]) +
                              ",\"status\":\"");
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
  for (const bytecode::Component& component : module.components) {
    f.obligation_heads.push_back("{\"component\":" + Escaped(module.strings[component.id]) +
                                 ",\"name\":" + Escaped(module.strings[component.name]) +
                                 ",\"level\":\"");
  }
  f.obligation_heads.push_back("{\"component\":\"product\",\"level\":\"");
  const std::vector<std::vector<uint32_t>> components = vm::ObligationComponents(module);
  for (uint32_t s = 0; s < module.schemes.size(); ++s) {
    f.not_required_schemes.push_back(JsonNotRequiredScheme(module, f, s, components[s]));
  }
}

}  // namespace

const Fragments& FragmentsFor(const bytecode::VerifiedProgram& program) {
  thread_local Fragments fragments;
  if (fragments.program_id != program.id()) Build(fragments, program);
  return fragments;
}

const std::string& DateText(Date date) {
  thread_local int32_t cached_days = 0;
  thread_local std::string cached_text;
  if (cached_text.empty() || cached_days != date.days) {
    cached_days = date.days;
    cached_text = FormatDate(date);
  }
  return cached_text;
}

}  // namespace ccr::report::internal
