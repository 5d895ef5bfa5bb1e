// The JSON report, for machines (schema: docs/report.md). Written by hand so the key order is
// fixed and the output is byte-for-byte deterministic. Optional members are omitted, never
// null.
#include <fmt/format.h>

#include "runtime/base/json_writer.h"
#include "runtime/report/internal/explain.h"
#include "runtime/report/report.h"

namespace ccr::report {

using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;
using vm::Status;

namespace {

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

void AppendValue(std::string& out, const Module& module, uint32_t fact_index,
                 const facts::Value& value) {
  const bytecode::Fact& fact = module.facts[fact_index];
  switch (fact.type.kind) {
    case TypeKind::Bool:
      out += value.boolean ? "true" : "false";
      break;
    case TypeKind::Number:
      AppendJsonNumber(out, value.number);
      break;
    case TypeKind::String:
      AppendJsonString(out, value.text);
      break;
    case TypeKind::Enum:
      AppendJsonString(out, module.strings[module.enums[fact.type.enum_index].values[value.index]]);
      break;
    case TypeKind::EnumSet: {
      const auto& values = module.enums[fact.type.enum_index].values;
      out += '[';
      bool first = true;
      for (size_t i = 0; i < values.size(); ++i) {
        if (!((value.bits >> i) & 1)) continue;
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, module.strings[values[i]]);
      }
      out += ']';
      break;
    }
  }
}

// Appends one rule object. `action` and `condition` say what the rule does to the scheme
// and how its condition came out, so every list reads the same way.
void AppendRule(std::string& out, const Module& module, const facts::Product& product,
                uint32_t rule_index, std::string_view action, std::string_view condition) {
  const bytecode::Rule& rule = module.rules[rule_index];
  out += "{\"rule\":";
  AppendJsonString(out, module.strings[rule.name]);
  out += ",\"action\":\"";
  out += action;
  out += "\",\"condition\":\"";
  out += condition;
  out += '"';
  if (rule.because != kNone) {
    out += ",\"because\":";
    AppendJsonString(out, module.strings[rule.because]);
  }
  if (rule.source != kNone) {
    out += ",\"source\":";
    AppendJsonString(out, module.strings[rule.source]);
  }
  out += ",\"at\":";
  // `file:line:col`, formatted on the stack: this runs for every rule of every report.
  fmt::memory_buffer at;
  const bytecode::SourceLocation& location = rule.location;
  fmt::format_to(std::back_inserter(at), "{}:{}:{}",
                 location.file != kNone ? std::string_view(module.strings[location.file])
                                        : std::string_view("<unknown>"),
                 location.line, location.column);
  AppendJsonString(out, std::string_view(at.data(), at.size()));
  out += ",\"facts\":{";
  bool first = true;
  for (uint32_t fact : rule.reads) {
    const facts::Value& value = product.values[fact];
    if (!value.known) continue;
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, module.strings[module.facts[fact].name]);
    out += ':';
    AppendValue(out, module, fact, value);
  }
  out += "}}";
}

void AppendScheme(std::string& out, const Module& module, const facts::Product& product,
                  const vm::SchemeResult& result) {
  const bytecode::Scheme& scheme = module.schemes[result.scheme];
  out += "{\"scheme\":";
  AppendJsonString(out, module.strings[scheme.id]);
  out += ",\"name\":";
  AppendJsonString(out, module.strings[scheme.name]);
  out += ",\"authority\":";
  AppendJsonString(out, module.strings[module.authorities[scheme.authority].id]);
  out += ",\"level\":\"";
  out += internal::LevelText(result.level);
  out += "\",\"status\":\"";
  out += StatusKey(result.status);
  out += '"';
  if (result.status == Status::Undetermined) {
    out += ",\"missing\":[";
    for (size_t i = 0; i < result.missing.size(); ++i) {
      if (i > 0) out += ',';
      AppendJsonString(out, module.strings[module.facts[result.missing[i]].name]);
    }
    out += ']';
  }
  if (result.status == Status::Exempt) {
    out += ",\"exempted_by\":[";
    for (size_t i = 0; i < result.exempting.size(); ++i) {
      if (i > 0) out += ',';
      AppendRule(out, module, product, result.exempting[i], "exempt", "true");
    }
    out += ']';
  }
  out += ",\"rules\":[";
  bool first = true;
  auto rule = [&](uint32_t index, std::string_view action, std::string_view condition) {
    if (!first) out += ',';
    first = false;
    AppendRule(out, module, product, index, action, condition);
  };
  switch (result.status) {
    case Status::Required:
    case Status::Exempt:
      for (uint32_t index : result.fired) rule(index, "require", "true");
      break;
    case Status::Undetermined:
      for (uint32_t index : result.fired) rule(index, "require", "true");
      for (uint32_t index : result.undetermined) {
        rule(index, internal::Exempts(module.rules[index], result.scheme) ? "exempt" : "require",
             "unknown");
      }
      break;
    case Status::NotRequired:
      for (uint32_t index : result.deciding) rule(index, "require", "false");
      break;
  }
  out += "]}";
}

}  // namespace

std::string RenderJson(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, const Options& options) {
  const Module& module = program.module();
  std::string out = fmt::format("{{\"schema\":\"ccr.report/{}\"", kJsonSchemaVersion);
  if (!product.name.empty()) {
    out += ",\"product\":";
    AppendJsonString(out, product.name);
  }
  bool complete = true;
  for (const auto& scheme : result.schemes) complete &= scheme.status != Status::Undetermined;
  out += fmt::format(",\"as_of\":\"{}\",\"complete\":{},\"requirements\":[",
                     FormatDate(options.as_of), complete);
  bool first = true;
  for (const auto& scheme : result.schemes) {
    if (scheme.status == Status::NotRequired && !options.include_not_required) continue;
    if (!first) out += ',';
    first = false;
    AppendScheme(out, module, product, scheme);
  }
  out += "],\"warnings\":[";
  for (size_t i = 0; i < product.warnings.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, product.warnings[i]);
  }
  out += "]}";
  return out;
}

}  // namespace ccr::report
