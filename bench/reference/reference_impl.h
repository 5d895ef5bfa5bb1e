// The one definition of the hand-written reference (bench/reference/reference.h), compiled once
// per rule set: the set's .cpp includes its header, defines CCR_REFERENCE_SET as its namespace
// name and includes this file.
#ifndef CCR_REFERENCE_SET
#error "define CCR_REFERENCE_SET (the set's namespace) and include the set's header first"
#endif

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "runtime/base/check.h"
#include "runtime/base/json_writer.h"

namespace ccr::bench::reference::CCR_REFERENCE_SET {

using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;

namespace {

// Sets bit `rule` of `truth` where the rule is true and of `unknown` where it is unknown,
// eight rules per multiply (bit 0 of each truth byte moved to one bit of the top byte).
void GatherTruths(const Conditions& r, RuleMask& truth, RuleMask& unknown) {
  static_assert(Cond::kTrue == 1 && Cond::kUnknown == 2);  // bit 0: true, bit 1: unknown
  static_assert(std::endian::native == std::endian::little);
  constexpr uint64_t kLowBits = 0x0101010101010101;
  constexpr uint64_t kGather = 0x0102040810204080;
  RuleMask t, u;  // locals: stores through `truth` might alias `r`
#pragma GCC unroll 16
  for (size_t group = 0; group < Conditions::kPadded / 8; ++group) {
    uint64_t bytes;
    std::memcpy(&bytes, r.truths().data() + group * 8, 8);
    size_t shift = group % 8 * 8;
    t.words[group / 8] |= (((bytes & kLowBits) * kGather) >> 56) << shift;
    u.words[group / 8] |= ((((bytes >> 1) & kLowBits) * kGather) >> 56) << shift;
  }
  truth = t;
  unknown = u;
}

std::string Escaped(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

}  // namespace

// Everything taken from the module once: lookups for parsing, catalogues, escaped texts, and
// per scheme the hard-coded rules that require or exempt it.
struct Tables {
  struct FactInfo {
    uint32_t index = kNone;  // in the module
    TypeKind kind = TypeKind::Bool;
    std::unordered_map<std::string_view, uint32_t> enum_values;  // enum and set facts
    std::vector<std::string> enum_texts;                         // escaped, by value index
    std::string key;                                             // `"name":`
  };
  struct RuleInfo {
    bool in_force = true;
    std::vector<fact::Id> reads;  // in the module's order: the `facts` of a rule object
    std::string head;             // `{"rule":"...","action":"`
    std::string tail;             // `,"because":...,"at":"...","facts":{`
    // A catalogue row stating an assessment route: the route and its `next.route` step object.
    bytecode::AssessmentRoute route = bytecode::AssessmentRoute::None;
    std::string route_step;
  };
  struct SchemeInfo {
    std::string head;  // `{"scheme":...,"name":...,"authority":...,"level":"`
    // A required scheme's `next`: its declared route step objects (a fired row's route
    // replaces them), then the rest, `],"marking":[...],"bodies":[...]}`.
    std::string declared_routes, next_rest;
    bool mandatory = true;
    bool on_request = false;   // chosen by the applicant: available instead of undetermined
    RuleMask requiring;        // rules that require it, at either level
    RuleMask mandatory_rules;  // rules that require it as mandatory
    RuleMask exempts;          // rules that exempt it
    // A scheme some rule attaches to a component: each obligation (the product's first, then
    // the components in declaration order, as vm::Decider lists them), with its rules; the
    // exemptions (no `for`) hold for every one. Empty: the product's is the only obligation.
    struct Obligation {
      std::string head;  // `{"component":...,"name":...,"level":"`
      RuleMask requiring, mandatory_rules;
    };
    std::vector<Obligation> obligations;
  };

  std::unordered_map<std::string_view, fact::Id> fact_by_name;
  std::array<FactInfo, fact::kCount> facts;
  Catalogues catalogues;
  std::array<RuleInfo, rule::kCount> rules;
  RuleMask in_force;
  std::array<SchemeInfo, scheme::kCount> schemes;
  std::string as_of;  // `","as_of":"YYYY-MM-DD`
};

Reference::Reference(const Module& module, Date as_of)
    : tables_(std::make_unique<Tables>()), as_of_(as_of) {
  Tables& t = *tables_;
  const auto& s = module.strings;
  t.as_of = FormatDate(as_of);

  // Facts: each named one exists, in declaration order.
  for (size_t f = 0; f < fact::kCount; ++f) {
    auto& info = t.facts[f];
    for (uint32_t i = 0; i < module.facts.size(); ++i) {
      if (s[module.facts[i].name] == fact::kNames[f]) info.index = i;
    }
    CCR_CHECK(info.index != kNone);
    CCR_CHECK(f == 0 || t.facts[f - 1].index < info.index);
    t.fact_by_name.emplace(fact::kNames[f], static_cast<fact::Id>(f));
    const bytecode::Fact& declared = module.facts[info.index];
    info.kind = declared.type.kind;
    CCR_CHECK(info.kind != TypeKind::String);  // no rule reads a string fact
    info.key = Escaped(fact::kNames[f]) + ":";
    if (info.kind == TypeKind::Enum || info.kind == TypeKind::EnumSet) {
      const auto& values = module.enums[declared.type.enum_index].values;
      CCR_CHECK(info.kind == TypeKind::Enum || values.size() <= 64);  // set bits
      for (uint32_t v = 0; v < values.size(); ++v) {
        info.enum_values.emplace(s[values[v]], v);
        info.enum_texts.push_back(Escaped(s[values[v]]));
      }
    }
  }
  for (size_t v = 0; v < value::kCount; ++v) {
    const auto& values = t.facts[value::kNames[v].fact].enum_values;
    auto found = values.find(value::kNames[v].value);
    CCR_CHECK(found != values.end());
    t.catalogues.values[v] = found->second;
  }
  for (size_t k = 0; k < set::kCount; ++k) {
    bool found = false;
    for (const auto& set : module.sets) {
      if (set.name == kNone || s[set.name] != set::kNames[k]) continue;
      CCR_CHECK(set.element.kind == TypeKind::Enum);
      for (uint32_t member : set.members) {
        CCR_CHECK(member < 256);
        t.catalogues.sets[k][member / 64] |= uint64_t{1} << (member % 64);
      }
      found = true;
    }
    CCR_CHECK(found);
  }

  // Schemes: the same, in the same order.
  CCR_CHECK(module.schemes.size() == scheme::kCount);
  for (size_t c = 0; c < scheme::kCount; ++c) {
    const bytecode::Scheme& declared = module.schemes[c];
    CCR_CHECK(s[declared.id] == scheme::kNames[c]);
    t.schemes[c].head =
        "{\"scheme\":" + Escaped(s[declared.id]) + ",\"name\":" + Escaped(s[declared.name]) +
        ",\"authority\":" + Escaped(s[module.authorities[declared.authority].id]) + ",\"level\":\"";
    t.schemes[c].mandatory = declared.level == bytecode::Level::Mandatory;
    t.schemes[c].on_request = declared.on_request;
    std::string* next = &t.schemes[c].declared_routes;
    const std::pair<bytecode::StepKind, const char*> kinds[] = {
        {bytecode::StepKind::Route, nullptr},
        {bytecode::StepKind::Marking, "],\"marking\":["},
        {bytecode::StepKind::Body, "],\"bodies\":["}};
    for (const auto& [kind, key] : kinds) {
      if (key != nullptr) {
        next = &t.schemes[c].next_rest;
        *next += key;
      }
      bool first = true;
      for (const bytecode::SchemeStep& step : module.steps) {
        if (step.scheme != c || step.kind != kind) continue;
        if (!first) *next += ',';
        first = false;
        *next += "{\"text\":" + Escaped(s[step.text]);
        if (step.zh_text != kNone) *next += ",\"zh\":" + Escaped(s[step.zh_text]);
        *next += ",\"source\":" + Escaped(s[step.source]) + "}";
      }
    }
    t.schemes[c].next_rest += "]}";
  }

  // Rules: the same, in the same order, each doing what its hard-coded spec says.
  CCR_CHECK(module.rules.size() == rule::kCount);
  std::vector<RuleSpec> specs = RuleSpecs();
  CCR_CHECK(specs.size() == rule::kCount);
  for (size_t r = 0; r < rule::kCount; ++r) {
    const RuleSpec& spec = specs[r];
    const bytecode::Rule& declared = module.rules[r];
    CCR_CHECK(spec.rule == r && s[declared.name] == rule::kNames[r]);
    CCR_CHECK(declared.has_from == (spec.from != kAlways));
    CCR_CHECK(!declared.has_from || declared.from.days == spec.from);
    CCR_CHECK(declared.has_until == (spec.until != kForever));
    CCR_CHECK(!declared.has_until || declared.until.days == spec.until);
    SchemeMask mandatory = 0, voluntary = 0, exempts = 0;
    for (const auto& action : declared.actions) {
      SchemeMask bit = Bit(static_cast<scheme::Id>(action.scheme));
      if (action.kind == bytecode::ActionKind::Exempt) {
        CCR_CHECK(action.component == kNone);  // every obligation
      } else {
        CCR_CHECK((action.component == kNone
                       ? std::string_view()
                       : s[module.components[action.component].id]) == spec.component);
      }
      if (action.kind == bytecode::ActionKind::Exempt) {
        exempts |= bit;
      } else if (action.level == bytecode::Level::Mandatory) {
        mandatory |= bit;
      } else {
        voluntary |= bit;
      }
    }
    CCR_CHECK(mandatory == spec.mandatory && voluntary == spec.voluntary &&
              exempts == spec.exempts);
    CCR_CHECK((mandatory & voluntary) == 0 && ((mandatory | voluntary) & exempts) == 0);

    auto& info = t.rules[r];
    info.in_force = (spec.from == kAlways || spec.from <= as_of.days) && as_of.days < spec.until;
    if (info.in_force) t.in_force.Set(r);
    for (uint32_t read : declared.reads) {
      auto f = std::find_if(t.facts.begin(), t.facts.end(),
                            [&](const Tables::FactInfo& fact) { return fact.index == read; });
      CCR_CHECK(f != t.facts.end());
      info.reads.push_back(static_cast<fact::Id>(f - t.facts.begin()));
    }
    info.head = "{\"rule\":" + Escaped(s[declared.name]) + ",\"action\":\"";
    if (declared.because != kNone) info.tail += ",\"because\":" + Escaped(s[declared.because]);
    if (declared.source != kNone) info.tail += ",\"source\":" + Escaped(s[declared.source]);
    const bytecode::SourceLocation& at = declared.location;
    info.tail += ",\"at\":" +
                 Escaped(fmt::format("{}:{}:{}",
                                     at.file != kNone ? std::string_view(s[at.file]) : "<unknown>",
                                     at.line, at.column));
    info.tail += ",\"facts\":{";
    info.route = declared.assessment;
    if (info.route != bytecode::AssessmentRoute::None) {
      info.route_step =
          "{\"text\":" + Escaped(bytecode::AssessmentDescription(info.route)) +
          ",\"zh\":" + Escaped(bytecode::AssessmentZhDescription(info.route)) + ",\"source\":" +
          Escaped(declared.source != kNone
                      ? s[declared.source]
                      : fmt::format("{}:{}:{}",
                                    at.file != kNone ? std::string_view(s[at.file]) : "<unknown>",
                                    at.line, at.column)) +
          ",\"assessment\":" + Escaped(bytecode::AssessmentKeyword(info.route)) +
          ",\"rule\":" + Escaped(s[declared.name]) + "}";
    }
    for (size_t c = 0; c < scheme::kCount; ++c) {
      SchemeMask bit = Bit(static_cast<scheme::Id>(c));
      Tables::SchemeInfo& scheme = t.schemes[c];
      if (spec.mandatory & bit) scheme.mandatory_rules.Set(r);
      if ((spec.mandatory | spec.voluntary) & bit) scheme.requiring.Set(r);
      if (spec.exempts & bit) scheme.exempts.Set(r);
    }
  }

  // Obligations: the components each scheme's `require` rules name (the product's, kNone,
  // first), each with its rules.
  for (size_t c = 0; c < scheme::kCount; ++c) {
    std::vector<uint32_t> components;
    for (size_t r = 0; r < rule::kCount; ++r) {
      for (const auto& action : module.rules[r].actions) {
        if (action.scheme == c && action.kind == bytecode::ActionKind::Require) {
          components.push_back(action.component);
        }
      }
    }
    auto product_first = [](uint32_t x) { return x == kNone ? uint64_t{0} : x + uint64_t{1}; };
    std::sort(components.begin(), components.end(),
              [&](uint32_t a, uint32_t b) { return product_first(a) < product_first(b); });
    components.erase(std::unique(components.begin(), components.end()), components.end());
    if (components.empty() || (components.size() == 1 && components[0] == kNone)) continue;
    CCR_CHECK(components.size() <= SchemeDecision::kMaxObligations);
    Tables::SchemeInfo& scheme = t.schemes[c];
    for (uint32_t component : components) {
      Tables::SchemeInfo::Obligation& obligation = scheme.obligations.emplace_back();
      obligation.head = component == kNone
                            ? std::string("{\"component\":\"product\"")
                            : "{\"component\":" + Escaped(s[module.components[component].id]) +
                                  ",\"name\":" + Escaped(s[module.components[component].name]);
      obligation.head += ",\"level\":\"";
      for (size_t r = 0; r < rule::kCount; ++r) {
        for (const auto& action : module.rules[r].actions) {
          if (action.scheme != c || action.kind != bytecode::ActionKind::Require ||
              action.component != component) {
            continue;
          }
          obligation.requiring.Set(r);
          if (action.level == bytecode::Level::Mandatory) obligation.mandatory_rules.Set(r);
        }
      }
    }
  }
}

Reference::~Reference() = default;

namespace {

void AppendValue(std::string& out, const Tables::FactInfo& fact, const Value& value) {
  switch (fact.kind) {
    case TypeKind::Bool:
      out += value.boolean ? "true" : "false";
      break;
    case TypeKind::Number:
      AppendJsonNumber(out, value.number);
      break;
    case TypeKind::String:
      break;  // no rule reads one (checked at construction)
    case TypeKind::Enum:
      out += fact.enum_texts[value.index];
      break;
    case TypeKind::EnumSet: {
      out += '[';
      bool first = true;
      for (size_t i = 0; i < fact.enum_texts.size(); ++i) {
        if (!((value.bits >> i) & 1)) continue;
        if (!first) out += ',';
        first = false;
        out += fact.enum_texts[i];
      }
      out += ']';
      break;
    }
  }
}

}  // namespace

bool Reference::Run(std::string_view line, std::string& out) {
  if (!Bind(line, product_)) return false;
  Evaluate(product_, decision_);
  Render(product_, decision_, out);
  return true;
}

bool Reference::Bind(std::string_view line, Product& product) const {
  const Tables& t = *tables_;
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(line.data(), line.size()).get_object().get(object) != simdjson::SUCCESS) {
    return false;
  }

  // The facts the rules read; other keys are not this program's business.
  product.values = {};
  product.name.clear();
  for (auto [key, json] : object) {
    if (key == "product") {
      std::string_view name;
      if (json.get_string().get(name) == simdjson::SUCCESS) product.name = name;
      continue;
    }
    auto found = t.fact_by_name.find(key);
    if (found == t.fact_by_name.end() || json.is_null()) continue;
    const Tables::FactInfo& fact = t.facts[found->second];
    Value& value = product.values[found->second];
    switch (fact.kind) {
      case TypeKind::Bool:
        value.known = json.get_bool().get(value.boolean) == simdjson::SUCCESS;
        break;
      case TypeKind::Number:
        value.known = json.get_double().get(value.number) == simdjson::SUCCESS;
        break;
      case TypeKind::String:
        break;
      case TypeKind::Enum: {
        std::string_view text;
        if (json.get_string().get(text) != simdjson::SUCCESS) break;
        auto v = fact.enum_values.find(text);
        if (v == fact.enum_values.end()) break;
        value.index = v->second;
        value.known = true;
        break;
      }
      case TypeKind::EnumSet: {
        simdjson::dom::array array;
        if (json.get_array().get(array) != simdjson::SUCCESS) break;
        for (simdjson::dom::element member : array) {
          std::string_view text;
          if (member.get_string().get(text) != simdjson::SUCCESS) continue;
          auto v = fact.enum_values.find(text);
          if (v != fact.enum_values.end()) value.bits |= uint64_t{1} << v->second;
        }
        value.known = true;
        break;
      }
    }
  }
  return true;
}

void Reference::Evaluate(const Product& product, Decision& decision) const {
  const Tables& t = *tables_;
  Conditions r;
  EvaluateRules(Facts(product.values, t.catalogues), r);
  RuleMask truth, unknown;
  GatherTruths(r, truth, unknown);
  truth = truth & t.in_force;
  unknown = unknown & t.in_force;
  RuleMask falses = t.in_force & ~(truth | unknown);

  // One obligation's status, as vm.h defines it.
  auto decide = [&](const RuleMask& requiring, const RuleMask& mandatory_rules,
                    const RuleMask& exempts, const Tables::SchemeInfo& scheme, Outcome& out) {
    out.fired = truth & requiring;
    out.exempting = {};
    out.undetermined = {};
    out.deciding = {};
    out.missing = 0;
    bool required = out.fired.Any();
    bool exempt = (truth & exempts).Any();
    bool require_unknown = (unknown & requiring).Any();
    bool exempt_unknown = (unknown & exempts).Any();
    out.required = required;
    out.mandatory = required ? (out.fired & mandatory_rules).Any() : scheme.mandatory;
    if (exempt && (required || require_unknown)) {
      out.status = Outcome::kExempt;
      out.exempting = truth & exempts;
    } else if (required ? exempt_unknown : require_unknown) {
      // An unknown rule decides unless it is a `require` of a scheme some true rule already
      // requires.
      out.undetermined = unknown & (required ? exempts : exempts | requiring);
      if (scheme.on_request) {
        // The applicant's choice: nothing is missing, the level is the declared one.
        out.status = Outcome::kAvailable;
        out.mandatory = scheme.mandatory;
        return;
      }
      out.status = Outcome::kUndetermined;
      decision.complete = false;
      FactMask missing = 0;
      out.undetermined.ForEach([&](rule::Id rule) { missing |= r.unknown(rule); });
      out.missing = missing;
    } else if (required) {
      out.status = Outcome::kRequired;
    } else {
      out.status = Outcome::kNotRequired;
      out.deciding = falses & requiring;
    }
  };

  decision.complete = true;
  for (size_t c = 0; c < scheme::kCount; ++c) {
    const Tables::SchemeInfo& scheme = t.schemes[c];
    SchemeDecision& out = decision.schemes[c];
    out.obligation_count = scheme.obligations.size();
    if (scheme.obligations.empty()) {
      decide(scheme.requiring, scheme.mandatory_rules, scheme.exempts, scheme, out);
      continue;
    }
    // The overall outcome from the obligations' (vm.h): required, else undetermined, else
    // available, else exempt, else not required; the rule lists and missing facts are unions.
    bool any[5] = {};
    bool mandatory = false;
    out.fired = out.exempting = out.undetermined = out.deciding = {};
    out.missing = 0;
    for (size_t o = 0; o < scheme.obligations.size(); ++o) {
      Outcome& obligation = out.obligations[o];
      decide(scheme.obligations[o].requiring, scheme.obligations[o].mandatory_rules, scheme.exempts,
             scheme, obligation);
      any[obligation.status] = true;
      mandatory = mandatory || (obligation.status == Outcome::kRequired && obligation.mandatory);
      out.fired = out.fired | obligation.fired;
      out.exempting = out.exempting | obligation.exempting;
      out.undetermined = out.undetermined | obligation.undetermined;
      out.deciding = out.deciding | obligation.deciding;
      out.missing |= obligation.missing;
    }
    out.status = any[Outcome::kRequired]       ? Outcome::kRequired
                 : any[Outcome::kUndetermined] ? Outcome::kUndetermined
                 : any[Outcome::kAvailable]    ? Outcome::kAvailable
                 : any[Outcome::kExempt]       ? Outcome::kExempt
                                               : Outcome::kNotRequired;
    out.required = out.status == Outcome::kRequired;
    out.mandatory = out.required ? mandatory : scheme.mandatory;
  }
}

void Reference::Render(const Product& product, const Decision& decision, std::string& out) const {
  const Tables& t = *tables_;
  const auto& values = product.values;
  auto rule_object = [&](rule::Id rule, std::string_view action, std::string_view condition) {
    const Tables::RuleInfo& info = t.rules[rule];
    out += info.head;
    out += action;
    out += "\",\"condition\":\"";
    out += condition;
    out += '"';
    out += info.tail;
    bool first = true;
    for (fact::Id f : info.reads) {
      if (!values[f].known) continue;
      if (!first) out += ',';
      first = false;
      out += t.facts[f].key;
      AppendValue(out, t.facts[f], values[f]);
    }
    out += "}}";
  };

  // Appends an outcome's members from the level to `rules` (the head is the caller's).
  auto render_outcome = [&](const Outcome& outcome, const Tables::SchemeInfo& scheme) {
    out += outcome.mandatory ? "mandatory\",\"status\":\"" : "voluntary\",\"status\":\"";
    switch (outcome.status) {
      case Outcome::kRequired:
        out += "required\"";
        break;
      case Outcome::kUndetermined: {
        out += "undetermined\",\"missing\":[";
        bool first = true;
        for (size_t f = 0; f < fact::kCount; ++f) {
          if (!((outcome.missing >> f) & 1)) continue;
          if (!first) out += ',';
          first = false;
          out.append(t.facts[f].key, 0, t.facts[f].key.size() - 1);  // without the ':'
        }
        out += ']';
        break;
      }
      case Outcome::kExempt: {
        out += "exempt\",\"exempted_by\":[";
        bool first = true;
        outcome.exempting.ForEach([&](rule::Id rule) {
          if (!first) out += ',';
          first = false;
          rule_object(rule, "exempt", "true");
        });
        out += ']';
        break;
      }
      case Outcome::kAvailable:
        out += "available\"";
        break;
      case Outcome::kNotRequired:  // an obligation's (a scheme's is not listed)
        out += "not_required\"";
        break;
    }
    // The rules behind the status, as the JSON report lists them (docs/report.md).
    out += ",\"rules\":[";
    bool first = true;
    auto list = [&](const RuleMask& rules, std::string_view condition) {
      RuleMask exempts = rules & scheme.exempts;
      rules.ForEach([&](rule::Id rule) {
        if (!first) out += ',';
        first = false;
        bool exempting = (exempts.words[rule / 64] >> (rule % 64)) & 1;
        rule_object(rule, exempting ? "exempt" : "require", condition);
      });
    };
    if (outcome.status == Outcome::kNotRequired) {
      list(outcome.deciding, "false");
    } else {
      list(outcome.fired, "true");
      if (outcome.status == Outcome::kUndetermined || outcome.status == Outcome::kAvailable) {
        list(outcome.undetermined, "unknown");
      }
    }
    out += ']';
  };

  out += "{\"schema\":\"ccr.report/3\"";
  if (!product.name.empty()) {
    out += ",\"product\":";
    AppendJsonString(out, product.name);
  }
  out += ",\"as_of\":\"";
  out += t.as_of;
  out += decision.complete ? "\",\"complete\":true,\"requirements\":["
                           : "\",\"complete\":false,\"requirements\":[";
  bool first_scheme = true;
  for (size_t c = 0; c < scheme::kCount; ++c) {
    const SchemeDecision& outcome = decision.schemes[c];
    if (outcome.status == Outcome::kNotRequired) continue;
    const Tables::SchemeInfo& scheme = t.schemes[c];
    if (!first_scheme) out += ',';
    first_scheme = false;
    out += scheme.head;
    render_outcome(outcome, scheme);
    if (outcome.obligation_count > 0) {
      out += ",\"obligations\":[";
      for (size_t o = 0; o < outcome.obligation_count; ++o) {
        if (o > 0) out += ',';
        out += scheme.obligations[o].head;
        render_outcome(outcome.obligations[o], scheme);
        out += '}';
      }
      out += ']';
    }
    if (outcome.status == Outcome::kRequired || outcome.status == Outcome::kAvailable) {
      // The fired rows' routes (the first rule of each route) replace the declared routes.
      out += ",\"next\":{\"route\":[";
      std::vector<bytecode::AssessmentRoute> seen;
      outcome.fired.ForEach([&](rule::Id rule) {
        const Tables::RuleInfo& info = t.rules[rule];
        if (info.route == bytecode::AssessmentRoute::None ||
            std::find(seen.begin(), seen.end(), info.route) != seen.end()) {
          return;
        }
        if (!seen.empty()) out += ',';
        seen.push_back(info.route);
        out += info.route_step;
      });
      if (seen.empty()) out += scheme.declared_routes;
      out += scheme.next_rest;
    }
    out += '}';
  }
  out += "],\"warnings\":[]}";
}

}  // namespace ccr::bench::reference::CCR_REFERENCE_SET
