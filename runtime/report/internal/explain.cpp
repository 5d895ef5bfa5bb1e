#include "runtime/report/internal/explain.h"

#include <fmt/format.h>

#include "runtime/base/json_writer.h"

namespace ccr::report::internal {

using bytecode::ActionKind;
using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;

namespace {

// How many enum values a hint lists before `...`: enough to show the shape, short enough
// to keep the line readable for large catalogues.
constexpr size_t kMaxHintValues = 6;

std::string EnumValueList(const Module& module, uint32_t enum_index, bool quoted) {
  const auto& values = module.enums[enum_index].values;
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i == kMaxHintValues) {
      out += fmt::format(", ... ({} values)", values.size());
      break;
    }
    if (i > 0) out += ", ";
    if (quoted) {
      AppendJsonString(out, module.strings[values[i]]);
    } else {
      out += module.strings[values[i]];
    }
  }
  return out;
}

// Returns how to state `fact`, e.g. `"rated_voltage_v": <number in V>` or
// `category = one of laptop, desktop_pc`.
std::string FactHint(const Module& module, uint32_t fact_index, FactSyntax syntax) {
  const bytecode::Fact& fact = module.facts[fact_index];
  const std::string& name = module.strings[fact.name];
  bool json = syntax == FactSyntax::Json;
  std::string out;
  if (json) {
    AppendJsonString(out, name);
    out += ": ";
  } else {
    out = name + " = ";
  }
  switch (fact.type.kind) {
    case TypeKind::Bool:
      out += "true or false";
      break;
    case TypeKind::Number:
      if (json) {
        out += fact.unit == kNone ? "<number>" : "<number in " + module.strings[fact.unit] + ">";
      } else {
        out += fact.unit == kNone ? "<number>" : "<number> " + module.strings[fact.unit];
      }
      break;
    case TypeKind::String:
      out += "\"<text>\"";
      break;
    case TypeKind::Enum:
      out += "one of " + EnumValueList(module, fact.type.enum_index, json);
      break;
    case TypeKind::EnumSet:
      out += json ? "[...] with any of " : "{ ... } with any of ";
      out += EnumValueList(module, fact.type.enum_index, json);
      break;
  }
  return out;
}

// Appends one rule: a headline, then its reason, citation and the known facts it read.
void AppendRule(std::string& out, const Module& module, const facts::Product& product,
                uint32_t rule_index, std::string_view headline, std::string_view indent,
                std::string_view suffix = "") {
  const bytecode::Rule& rule = module.rules[rule_index];
  out += fmt::format("{}{} rule {} ({}){}\n", indent, headline, module.strings[rule.name],
                     LocationText(module, rule.location), suffix);
  if (rule.because != kNone) {
    out += fmt::format("{}  because  {}\n", indent, module.strings[rule.because]);
  }
  if (rule.source != kNone) {
    out += fmt::format("{}  source   {}\n", indent, module.strings[rule.source]);
  }
  std::string facts;
  for (uint32_t fact : rule.reads) {
    const facts::Value& value = product.values[fact];
    if (!value.known) continue;
    if (!facts.empty()) facts += ", ";
    facts += module.strings[module.facts[fact].name] + " = " + FactValueText(module, fact, value);
  }
  if (!facts.empty()) out += fmt::format("{}  facts    {}\n", indent, facts);
}

}  // namespace

bool Exempts(const bytecode::Rule& rule, uint32_t scheme) {
  for (const auto& action : rule.actions) {
    if (action.scheme == scheme) return action.kind == ActionKind::Exempt;
  }
  return false;
}

std::string LocationText(const Module& module, const bytecode::SourceLocation& at) {
  constexpr std::string_view kUnknownFile = "<unknown>";
  std::string_view file =
      at.file != kNone ? std::string_view(module.strings[at.file]) : kUnknownFile;
  return fmt::format("{}:{}:{}", file, at.line, at.column);
}

std::string_view StatusText(vm::Status status) {
  switch (status) {
    case vm::Status::Required:
      return "required";
    case vm::Status::Undetermined:
      return "undetermined";
    case vm::Status::Exempt:
      return "exempt";
    case vm::Status::NotRequired:
      return "not required";
  }
  return "?";
}

std::string_view LevelText(bytecode::Level level) {
  switch (level) {
    case bytecode::Level::Mandatory:
      return "mandatory";
    case bytecode::Level::Voluntary:
      return "voluntary";
  }
  return "?";
}

std::string OutcomeText(const vm::SchemeResult& scheme) {
  if (scheme.status != vm::Status::Required) return std::string(StatusText(scheme.status));
  return fmt::format("required {}", LevelText(scheme.level));
}

std::string FactValueText(const Module& module, uint32_t fact_index, const facts::Value& value) {
  const bytecode::Fact& fact = module.facts[fact_index];
  std::string out;
  switch (fact.type.kind) {
    case TypeKind::Bool:
      out = value.boolean ? "true" : "false";
      break;
    case TypeKind::Number:
      AppendJsonNumber(out, value.number);
      if (fact.unit != kNone) out += " " + module.strings[fact.unit];
      break;
    case TypeKind::String:
      AppendJsonString(out, value.text);
      break;
    case TypeKind::Enum:
      out = module.strings[module.enums[fact.type.enum_index].values[value.index]];
      break;
    case TypeKind::EnumSet: {
      const auto& values = module.enums[fact.type.enum_index].values;
      out = "{";
      for (size_t i = 0; i < values.size(); ++i) {
        if (!((value.bits >> i) & 1)) continue;
        out += out.size() == 1 ? "" : ", ";
        out += module.strings[values[i]];
      }
      out += "}";
      break;
    }
  }
  return out;
}

void AppendWhy(std::string& out, const Module& module, const facts::Product& product,
               const vm::SchemeResult& scheme, FactSyntax syntax, std::string_view indent) {
  switch (scheme.status) {
    case vm::Status::Required:
      for (uint32_t rule : scheme.fired)
        AppendRule(out, module, product, rule, "required by", indent);
      break;
    case vm::Status::Exempt:
      for (uint32_t rule : scheme.fired)
        AppendRule(out, module, product, rule, "required by", indent);
      for (uint32_t rule : scheme.exempting) {
        AppendRule(out, module, product, rule, "exempted by", indent);
      }
      break;
    case vm::Status::Undetermined: {
      std::string missing;
      for (uint32_t fact : scheme.missing) {
        if (!missing.empty()) missing += ", ";
        missing += module.strings[module.facts[fact].name];
      }
      out += fmt::format("{}missing  {}\n", indent, missing);
      for (uint32_t rule : scheme.fired)
        AppendRule(out, module, product, rule, "required by", indent);
      for (uint32_t rule : scheme.undetermined) {
        std::string_view headline =
            Exempts(module.rules[rule], scheme.scheme) ? "maybe exempted by" : "maybe required by";
        AppendRule(out, module, product, rule, headline, indent, ": condition unknown");
      }
      out += fmt::format("{}to decide, state {}:\n", indent,
                         syntax == FactSyntax::Json ? "in the product's JSON" : "in `given`");
      for (uint32_t fact : scheme.missing) {
        out += fmt::format("{}  {}", indent, FactHint(module, fact, syntax));
        if (uint32_t doc = module.facts[fact].doc; doc != kNone) {
          out += fmt::format("  ({})", module.strings[doc]);
        }
        out += '\n';
      }
      break;
    }
    case vm::Status::NotRequired:
      if (scheme.deciding.empty()) {
        out += fmt::format("{}no rule in force requires it\n", indent);
      }
      for (uint32_t rule : scheme.deciding) {
        AppendRule(out, module, product, rule, "not required by", indent, ": condition false");
      }
      break;
  }
}

}  // namespace ccr::report::internal
