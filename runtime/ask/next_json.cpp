// The `ccr ask --next` document (schema `ccr.next/1`, docs/ask.md). Written by hand so the
// key order is fixed and the output deterministic; optional members are omitted, never null.
#include <fmt/format.h>

#include "runtime/ask/ask.h"
#include "runtime/base/json_writer.h"

namespace ccr::ask {

using bytecode::kNone;
using bytecode::TypeKind;

namespace {

void AppendNames(std::string& out, const bytecode::Module& module,
                 const std::vector<uint32_t>& schemes) {
  out += '[';
  for (size_t i = 0; i < schemes.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, module.strings[module.schemes[schemes[i]].id]);
  }
  out += ']';
}

void AppendQuestion(std::string& out, const bytecode::Module& module, const Question& question) {
  const bytecode::Fact& fact = module.facts[question.fact];
  out += "{\"fact\":";
  AppendJsonString(out, module.strings[fact.name]);
  out += ",\"type\":";
  AppendJsonString(out, facts::DeclaredType(module, fact));
  if (fact.unit != kNone) {
    out += ",\"unit\":";
    AppendJsonString(out, module.strings[fact.unit]);
  }
  if (fact.doc != kNone) {
    out += ",\"doc\":";
    AppendJsonString(out, module.strings[fact.doc]);
  }
  if (fact.type.kind == TypeKind::Enum || fact.type.kind == TypeKind::EnumSet) {
    out += ",\"values\":[";
    const auto& values = module.enums[fact.type.enum_index].values;
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      AppendJsonString(out, module.strings[values[i]]);
    }
    out += ']';
  }
  if (fact.type.kind == TypeKind::Number) {
    out += ",\"thresholds\":[";
    for (size_t i = 0; i < question.thresholds.size(); ++i) {
      if (i > 0) out += ',';
      AppendJsonNumber(out, question.thresholds[i]);
    }
    out += ']';
  }
  out += ",\"open_in\":";
  AppendNames(out, module, question.open_in);
  out += ",\"settles_mean\":";
  AppendJsonNumber(out, question.settles_mean());
  out += fmt::format(",\"settles_always\":{},\"answers\":[", question.settles_always);
  for (size_t i = 0; i < question.trials.size(); ++i) {
    const Trial& trial = question.trials[i];
    if (i > 0) out += ',';
    out += "{\"value\":";
    AppendValueJson(out, module, question.fact, trial.value);
    out += ",\"label\":";
    AppendJsonString(out, trial.label);
    out += fmt::format(",\"settles\":{}}}", trial.settles);
  }
  out += "]}";
}

}  // namespace

std::string RenderNextJson(const bytecode::VerifiedProgram& program, const facts::Product& product,
                           const vm::Result& result, const std::vector<Question>& questions,
                           Date as_of, const std::vector<Implied>& implied) {
  const bytecode::Module& module = program.module();
  std::string out = "{\"schema\":\"ccr.next/1\"";
  if (!product.name.empty()) {
    out += ",\"product\":";
    AppendJsonString(out, product.name);
  }
  out += fmt::format(",\"as_of\":\"{}\",\"open\":", FormatDate(as_of));
  AppendNames(out, module, OpenSchemes(result));
  if (!implied.empty()) {
    out += ",\"implied\":[";
    for (size_t i = 0; i < implied.size(); ++i) {
      const Implied& fact = implied[i];
      out += i > 0 ? ",{\"fact\":" : "{\"fact\":";
      AppendJsonString(out, module.strings[module.facts[fact.fact].name]);
      out += ",\"value\":";
      AppendValueJson(out, module, fact.fact, product.values[fact.fact]);
      out += ",\"constraint\":";
      AppendJsonString(out, module.strings[module.constraints[fact.constraint].name]);
      out += '}';
    }
    out += ']';
  }
  out += ",\"questions\":[";
  for (size_t i = 0; i < questions.size(); ++i) {
    if (i > 0) out += ',';
    AppendQuestion(out, module, questions[i]);
  }
  out += "]}";
  return out;
}

}  // namespace ccr::ask
