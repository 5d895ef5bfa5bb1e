#include "bench/generate.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "runtime/base/json_writer.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::bench {

using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;

uint64_t Random::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

namespace {

template <typename T, size_t N>
T Pick(Random& random, const std::array<T, N>& choices) {
  return choices[random.Below(N)];
}

// Facts almost every catalogue record carries; the rest are sector facts, stated less often.
bool IsCommonFact(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kCommon = {
      "sold_in_mainland",
      "manufactured_in_mainland",
      "intended_use",
      "ccc_exemption_basis",
      "is_electrical_electronic",
      "rated_voltage_v",
      "power_source",
      "is_dc_rated",
      "emits_radio",
      "connects_public_telecom",
      "telecom_equipment_class",
      "vehicle_class",
      "ships_with_external_power_supply",
      "is_power_generation_transmission_distribution"};
  for (std::string_view common : kCommon) {
    if (name == common) return true;
  }
  return false;
}

// A plausible number for a fact: common real values for the facts rules test most, else a
// log-uniform value rounded to two significant digits.
double NumberFor(std::string_view name, Random& random) {
  if (name == "rated_voltage_v") {
    return Pick(random,
                std::array<double, 12>{5, 12, 24, 36, 48, 110, 220, 230, 380, 400, 1000, 1500});
  }
  if (name == "li_ion_capacity_mah") {
    return Pick(random, std::array<double, 8>{300, 600, 1000, 3000, 5000, 10000, 20000, 50000});
  }
  if (name == "mass_kg") return Pick(random, std::array<double, 7>{0.05, 0.3, 1.2, 5, 18, 25, 80});
  if (name == "rated_power_w")
    return Pick(random, std::array<double, 6>{3, 20, 150, 500, 800, 2000});
  if (name == "volume_l") return Pick(random, std::array<double, 6>{20, 30, 150, 500, 620, 2000});
  double exponent = static_cast<double>(random.Below(5001)) / 1000.0 - 1.0;  // 10^-1 .. 10^4
  double value = std::pow(10.0, exponent);
  // Two significant digits; dividing by an exact power of ten keeps 0.41 from printing as
  // 0.41000000000000003.
  int digits = static_cast<int>(std::floor(std::log10(value))) - 1;
  if (digits >= 0) return std::round(value / std::pow(10.0, digits)) * std::pow(10.0, digits);
  return std::round(value * std::pow(10.0, -digits)) / std::pow(10.0, -digits);
}

// The numbers edge catalogues draw from half the time: every threshold rules/products tests
// (so `>=` and `>` differ), values just beside some, zero, negative, tiny, huge and values
// whose shortest form is long.
constexpr std::array<double, 30> kEdgeNumbers = {
    0,   -1,  0.08, 0.1,  0.2,    0.5,  1,     2,    3,         8,
    10,  12,  14,   18,   30,     36,   50,    150,  256,       480,
    500, 600, 1000, 1500, 550000, 1e-9, 1e300, -0.0, 0.1 + 0.2, 36.000000000000007};

// Names that need escaping in reports.
constexpr std::array<std::string_view, 4> kEdgeNames = {"Product \\\"quoted\\\" {:07}",
                                                        "Produkt \\u00e9\\u4e2d {:07}",
                                                        "tab\\tand\\\\ {:07}", "ctl\\u0001 {:07}"};

void AppendProduct(std::string& out, const Module& module, size_t number, Random& random,
                   bool edges) {
  if (edges && random.Chance(0.05)) {
    out += "{";  // unnamed: the report has no `product`
  } else if (edges && random.Chance(0.2)) {
    out +=
        fmt::format(fmt::runtime("{{\"product\":\"" +
                                 std::string(kEdgeNames[random.Below(kEdgeNames.size())]) + "\""),
                    number);
  } else {
    out += fmt::format("{{\"product\":\"Product {:07}\"", number);
  }
  bool first_fact = out.back() == '{';
  for (const bytecode::Fact& fact : module.facts) {
    std::string_view name = module.strings[fact.name];
    bool always = !edges && (name == "category" || name == "sold_in_mainland");
    double presence = edges ? 0.75 : always ? 1.0 : IsCommonFact(name) ? 0.85 : 0.25;
    if (!random.Chance(presence)) continue;
    out += first_fact ? "\"" : ",\"";
    first_fact = false;
    out += name;
    out += "\":";
    if (!always && random.Chance(edges ? 0.06 : 0.02)) {
      out += "null";
      continue;
    }
    switch (fact.type.kind) {
      case TypeKind::Bool:
        out += random.Chance(name == "sold_in_mainland" ? 0.9 : 0.35) ? "true" : "false";
        break;
      case TypeKind::Number:
        AppendJsonNumber(out, edges && random.Chance(0.5)
                                  ? kEdgeNumbers[random.Below(kEdgeNumbers.size())]
                                  : NumberFor(name, random));
        break;
      case TypeKind::String:
        out += fmt::format("\"text {}\"", random.Below(1000));
        break;
      case TypeKind::Enum: {
        const auto& values = module.enums[fact.type.enum_index].values;
        AppendJsonString(out, module.strings[values[random.Below(values.size())]]);
        break;
      }
      case TypeKind::EnumSet: {
        const auto& values = module.enums[fact.type.enum_index].values;
        out += '[';
        bool first = true;
        for (uint32_t value : values) {
          // Military use is rare; other members about one in six.
          double p = module.strings[value] == "military" ? 0.01 : 0.16;
          if (!random.Chance(p)) continue;
          if (!first) out += ',';
          first = false;
          AppendJsonString(out, module.strings[value]);
        }
        out += ']';
        break;
      }
    }
  }
  out += "}\n";
}

// Appends `count` products drawn by AppendProduct, each drawn again (up to kMaxDraws times)
// while its facts break a constraint of `program`.
std::string GenerateConsistent(const bytecode::VerifiedProgram& program, size_t count,
                               uint64_t seed, bool edges) {
  // Far above what the shipped constraints need (a few percent of draws break one).
  constexpr int kMaxDraws = 1000;
  const Module& module = program.module();
  Random random(seed);
  facts::Binder binder(module, facts::BindOptions{facts::Undeclared::Collect});
  vm::ConstraintChecker constraints(program);
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    size_t start = out.size();
    for (int draw = 0;; ++draw) {
      out.resize(start);
      AppendProduct(out, module, i + 1, random, edges);
      if (!constraints.any() || draw + 1 == kMaxDraws) break;
      // A product the binder refuses stays as drawn: only contradictions are redrawn.
      auto product = binder.Bind(std::string_view(out).substr(start), "generated");
      if (!product || constraints.Broken(*product).empty()) break;
    }
  }
  return out;
}

}  // namespace

std::string GenerateCatalogue(const bytecode::VerifiedProgram& program, size_t count,
                              uint64_t seed) {
  return GenerateConsistent(program, count, seed, false);
}

std::string GenerateEdgeCatalogue(const bytecode::VerifiedProgram& program, size_t count,
                                  uint64_t seed) {
  return GenerateConsistent(program, count, seed, true);
}

namespace {

// What rules may name, collected from the module by kind.
struct Vocabulary {
  std::vector<uint32_t> category_sets;  // set indices over the Category enum
  std::vector<uint32_t> bool_facts;
  std::vector<uint32_t> number_facts;
  std::vector<uint32_t> enum_facts;  // other than category
  std::vector<uint32_t> set_facts;
  uint32_t category = kNone;
};

Vocabulary Collect(const Module& module) {
  Vocabulary vocabulary;
  for (uint32_t f = 0; f < module.facts.size(); ++f) {
    const bytecode::Fact& fact = module.facts[f];
    if (module.strings[fact.name] == "category") {
      vocabulary.category = f;
      continue;
    }
    switch (fact.type.kind) {
      case TypeKind::Bool:
        vocabulary.bool_facts.push_back(f);
        break;
      case TypeKind::Number:
        vocabulary.number_facts.push_back(f);
        break;
      case TypeKind::Enum:
        vocabulary.enum_facts.push_back(f);
        break;
      case TypeKind::EnumSet:
        vocabulary.set_facts.push_back(f);
        break;
      case TypeKind::String:
        break;
    }
  }
  uint32_t category_enum = module.facts[vocabulary.category].type.enum_index;
  for (uint32_t s = 0; s < module.sets.size(); ++s) {
    const bytecode::ValueSet& set = module.sets[s];
    if (set.name != kNone && set.element.kind == TypeKind::Enum &&
        set.element.enum_index == category_enum) {
      vocabulary.category_sets.push_back(s);
    }
  }
  return vocabulary;
}

template <typename T>
T PickFrom(Random& random, const std::vector<T>& choices) {
  return choices[random.Below(choices.size())];
}

// One extra conjunct after the catalogue test.
std::string Conjunct(const Module& module, const Vocabulary& vocabulary, Random& random) {
  auto fact_name = [&](uint32_t fact) { return module.strings[module.facts[fact].name]; };
  switch (random.Below(6)) {
    case 0: {
      uint32_t fact = PickFrom(random, vocabulary.bool_facts);
      return random.Chance(0.5) ? fact_name(fact) : fact_name(fact) + " == false";
    }
    case 1:  // the voltage window of the electrical catalogue rows
      return "power_source in mains_power_sources and rated_voltage_v > 36 V and "
             "rated_voltage_v <= 1000 V";
    case 2: {
      uint32_t fact = PickFrom(random, vocabulary.number_facts);
      const bytecode::Fact& declared = module.facts[fact];
      std::string unit = declared.unit == kNone ? "" : " " + module.strings[declared.unit];
      static constexpr std::array<std::string_view, 4> kOps = {">", ">=", "<", "<="};
      return fmt::format("{} {} {}{}", fact_name(fact), Pick(random, kOps),
                         NumberFor(fact_name(fact), random), unit);
    }
    case 3: {
      uint32_t fact = PickFrom(random, vocabulary.enum_facts);
      const auto& values = module.enums[module.facts[fact].type.enum_index].values;
      return fmt::format("{} {} {}", fact_name(fact), random.Chance(0.5) ? "==" : "!=",
                         module.strings[values[random.Below(values.size())]]);
    }
    case 4: {
      uint32_t fact = PickFrom(random, vocabulary.set_facts);
      const auto& values = module.enums[module.facts[fact].type.enum_index].values;
      return fmt::format("{} in {}", module.strings[values[random.Below(values.size())]],
                         fact_name(fact));
    }
    default:  // the China RoHS voltage scope
      return "(rated_voltage_v <= 1000 V or (is_dc_rated and rated_voltage_v <= 1500 V))";
  }
}

}  // namespace

std::string GenerateRules(const Module& module, size_t count, uint64_t seed) {
  Random random(seed);
  Vocabulary vocabulary = Collect(module);
  std::string out = fmt::format(
      "// Generated by ccr-bench-gen (seed {}): {} rules in the shapes of rules/products.\n", seed,
      count);
  for (size_t i = 0; i < count; ++i) {
    const bytecode::Scheme& scheme = module.schemes[random.Below(module.schemes.size())];
    std::string condition;
    if (random.Chance(0.8)) {
      const bytecode::ValueSet& set = module.sets[PickFrom(random, vocabulary.category_sets)];
      condition = "category in " + module.strings[set.name];
    } else {
      condition = Conjunct(module, vocabulary, random);
    }
    for (uint64_t extra = random.Below(4); extra > 0; --extra) {
      condition += "\n    and ";
      condition += Conjunct(module, vocabulary, random);
    }
    std::string action;
    if (random.Chance(0.15)) {
      action = "exempt " + module.strings[scheme.id];
    } else {
      action = fmt::format("require {} by {} {}", module.strings[scheme.id],
                           module.strings[module.authorities[scheme.authority].id],
                           scheme.level == bytecode::Level::Mandatory ? "mandatory" : "voluntary");
    }
    out += fmt::format(
        "\nrule generated_{:05} {{\n  when {}\n  {}\n  because \"Generated rule {} of {}\"\n"
        "  source \"bench/generate.cpp, seed {}\"\n",
        i + 1, condition, action, i + 1, count, seed);
    if (random.Chance(0.3)) {
      out += fmt::format("  effective from {}-{:02}-01\n", 2015 + random.Below(14),
                         1 + random.Below(12));
    }
    out += "}\n";
  }
  return out;
}

}  // namespace ccr::bench
