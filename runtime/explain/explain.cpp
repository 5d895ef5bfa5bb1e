#include "runtime/explain/explain.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/base/json_writer.h"
#include "runtime/explain/phrases.h"

namespace ccr::explain {

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

// Appends one rule: a headline, then its reason, citation and the known facts it read.
void AppendRule(std::string& out, const Module& module, const facts::Product& product,
                const WhyRule& why, std::string_view indent, Language language) {
  const Phrases& say = PhrasesFor(language);
  const bytecode::Rule& rule = module.rules[why.rule];
  out += fmt::format("{}{} {} {} ({}){}\n", indent, why.headline, say.rule,
                     module.strings[rule.name], LocationText(module, rule.location), why.suffix);
  if (rule.because != kNone) {
    out += fmt::format("{}  {}{}\n", indent, say.because, module.strings[rule.because]);
  }
  if (rule.source != kNone) {
    out += fmt::format("{}  {}{}\n", indent, say.source, module.strings[rule.source]);
  }
  std::string facts = RuleFactsText(module, product, why.rule, language);
  if (!facts.empty()) out += fmt::format("{}  {}{}\n", indent, say.facts, facts);
}

}  // namespace

std::string FactHint(const Module& module, uint32_t fact_index, FactSyntax syntax,
                     Language language) {
  const Phrases& say = PhrasesFor(language);
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
      out += say.hint_bool;
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
      out += say.hint_one_of;
      out += EnumValueList(module, fact.type.enum_index, json);
      break;
    case TypeKind::EnumSet:
      out += json ? "[...]" : "{ ... }";
      out += say.hint_any_of;
      out += EnumValueList(module, fact.type.enum_index, json);
      break;
  }
  return out;
}

bool Exempts(const bytecode::Rule& rule, uint32_t scheme) {
  for (const auto& action : rule.actions) {
    if (action.scheme == scheme) return action.kind == ActionKind::Exempt;
  }
  return false;
}

vm::SchemeResult ObligationOf(const vm::SchemeResult& scheme, uint32_t component) {
  vm::SchemeResult out;
  out.scheme = scheme.scheme;
  if (scheme.obligations.empty()) {
    if (component == kNone) static_cast<vm::Decision&>(out) = scheme;
    return out;
  }
  for (const vm::Obligation& obligation : scheme.obligations) {
    if (obligation.component == component) static_cast<vm::Decision&>(out) = obligation;
  }
  return out;
}

std::string ComponentText(const Module& module, uint32_t component, Language language) {
  const Phrases& say = PhrasesFor(language);
  if (component == kNone) return std::string(say.product_itself);
  const bytecode::Component& declared = module.components[component];
  bool zh = language == Language::Chinese && declared.zh_name != kNone;
  return fmt::format(fmt::runtime(say.the_component),
                     module.strings[zh ? declared.zh_name : declared.name]);
}

std::string LocationText(const Module& module, const bytecode::SourceLocation& at) {
  constexpr std::string_view kUnknownFile = "<unknown>";
  std::string_view file =
      at.file != kNone ? std::string_view(module.strings[at.file]) : kUnknownFile;
  return fmt::format("{}:{}:{}", file, at.line, at.column);
}

std::string_view StatusText(const vm::SchemeResult& scheme, Language language) {
  const Phrases& say = PhrasesFor(language);
  switch (scheme.status) {
    case vm::Status::Required:
      return scheme.level == bytecode::Level::Mandatory ? say.required : say.recommended;
    case vm::Status::Undetermined:
      return say.undetermined;
    case vm::Status::Exempt:
      return say.exempt;
    case vm::Status::NotRequired:
      return say.not_required;
    case vm::Status::Available:
      return say.available;
  }
  return "?";
}

std::string_view LevelText(bytecode::Level level, Language language) {
  const Phrases& say = PhrasesFor(language);
  switch (level) {
    case bytecode::Level::Mandatory:
      return say.mandatory;
    case bytecode::Level::Voluntary:
      return say.voluntary;
  }
  return "?";
}

std::string OutcomeText(const vm::SchemeResult& scheme, Language language) {
  if (scheme.status != vm::Status::Required) return std::string(StatusText(scheme, language));
  const Phrases& say = PhrasesFor(language);
  bool mandatory = scheme.level == bytecode::Level::Mandatory;
  return fmt::format(fmt::runtime(mandatory ? say.required_with_level : say.recommended_with_level),
                     StatusText(scheme, language), LevelText(scheme.level, language));
}

const std::string& SchemeName(const Module& module, uint32_t scheme, Language language) {
  const bytecode::Scheme& declared = module.schemes[scheme];
  bool zh = language == Language::Chinese && declared.zh_name != kNone;
  return module.strings[zh ? declared.zh_name : declared.name];
}

const std::string& AuthorityName(const Module& module, uint32_t authority, Language language) {
  const bytecode::Authority& declared = module.authorities[authority];
  bool zh = language == Language::Chinese && declared.zh_name != kNone;
  return module.strings[zh ? declared.zh_name : declared.name];
}

std::string SummaryText(const vm::Result& result, bool include_not_required, Language language) {
  const Phrases& say = PhrasesFor(language);
  int required = 0, recommended = 0, undetermined = 0, exempt = 0, available = 0, not_required = 0;
  for (const auto& scheme : result.schemes) {
    switch (scheme.status) {
      case vm::Status::Required:
        ++(scheme.level == bytecode::Level::Mandatory ? required : recommended);
        break;
      case vm::Status::Available:
        ++available;
        break;
      case vm::Status::Undetermined:
        ++undetermined;
        break;
      case vm::Status::Exempt:
        ++exempt;
        break;
      case vm::Status::NotRequired:
        ++not_required;
        break;
    }
  }
  std::string out = fmt::format(fmt::runtime(say.sum_required), required);
  if (recommended > 0) out += fmt::format(fmt::runtime(say.sum_recommended), recommended);
  if (undetermined > 0) out += fmt::format(fmt::runtime(say.sum_undetermined), undetermined);
  if (exempt > 0) out += fmt::format(fmt::runtime(say.sum_exempt), exempt);
  if (available > 0) out += fmt::format(fmt::runtime(say.sum_available), available);
  if (include_not_required) {
    out += fmt::format(fmt::runtime(say.sum_not_required), not_required);
  }
  return out;
}

std::vector<WhyRule> WhyRules(const Module& module, const vm::SchemeResult& scheme,
                              Language language) {
  const Phrases& say = PhrasesFor(language);
  std::vector<WhyRule> rules;
  // A rule calling for a voluntary scheme recommends it; only a mandatory one requires.
  auto mandatory = [&](uint32_t rule) {
    for (const bytecode::Action& action : module.rules[rule].actions) {
      if (action.scheme == scheme.scheme && action.kind == bytecode::ActionKind::Require &&
          action.level == bytecode::Level::Mandatory) {
        return true;
      }
    }
    return false;
  };
  auto called_by = [&](uint32_t rule) {
    return mandatory(rule) ? say.required_by : say.recommended_by;
  };
  auto maybe_by = [&](uint32_t rule) {
    if (Exempts(module.rules[rule], scheme.scheme)) return say.maybe_exempted_by;
    return mandatory(rule) ? say.maybe_required_by : say.maybe_recommended_by;
  };
  switch (scheme.status) {
    case vm::Status::Required:
      for (uint32_t rule : scheme.fired) rules.push_back({rule, called_by(rule), ""});
      break;
    case vm::Status::Exempt:
      for (uint32_t rule : scheme.fired) rules.push_back({rule, called_by(rule), ""});
      for (uint32_t rule : scheme.exempting) rules.push_back({rule, say.exempted_by, ""});
      break;
    case vm::Status::Undetermined:
    case vm::Status::Available:
      for (uint32_t rule : scheme.fired) rules.push_back({rule, called_by(rule), ""});
      for (uint32_t rule : scheme.undetermined) {
        rules.push_back({rule, maybe_by(rule), say.condition_unknown});
      }
      break;
    case vm::Status::NotRequired:
      for (uint32_t rule : scheme.deciding) {
        rules.push_back({rule, say.not_required_by, say.condition_false});
      }
      break;
  }
  return rules;
}

std::string RuleFactsText(const Module& module, const facts::Product& product, uint32_t rule,
                          Language language) {
  std::string facts;
  for (uint32_t fact : module.rules[rule].reads) {
    const facts::Value& value = product.values[fact];
    if (!value.known) continue;
    if (!facts.empty()) facts += ", ";
    facts += module.strings[module.facts[fact].name] + " = " + FactValueText(module, fact, value);
    if (std::binary_search(product.assumed.begin(), product.assumed.end(), fact)) {
      facts += PhrasesFor(language).assumed_marker;
    }
  }
  return facts;
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
               const vm::SchemeResult& scheme, FactSyntax syntax, std::string_view indent,
               Language language) {
  const Phrases& say = PhrasesFor(language);
  const bool undetermined = scheme.status == vm::Status::Undetermined;
  if (undetermined) {
    std::string missing;
    for (uint32_t fact : scheme.missing) {
      if (!missing.empty()) missing += ", ";
      missing += module.strings[module.facts[fact].name];
    }
    out += fmt::format("{}{}{}\n", indent, say.missing, missing);
  }
  if (scheme.status == vm::Status::NotRequired && scheme.deciding.empty()) {
    out += fmt::format("{}{}\n", indent, say.no_rule_in_force);
  }
  for (const WhyRule& why : WhyRules(module, scheme, language)) {
    AppendRule(out, module, product, why, indent, language);
  }
  if (undetermined) {
    out += fmt::format("{}{}\n", indent,
                       syntax == FactSyntax::Json ? say.to_decide_json : say.to_decide_test);
    for (uint32_t fact : scheme.missing) {
      out += fmt::format("{}  {}", indent, FactHint(module, fact, syntax, language));
      if (uint32_t doc = module.facts[fact].doc; doc != kNone) {
        out += fmt::format("  ({})", module.strings[doc]);
      }
      out += '\n';
    }
  }
}

}  // namespace ccr::explain
