#include "bench/generate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
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

// What AppendProduct states: a realistic mix, edge cases, or every fact some rule reads.
enum class Mode { kRealistic, kEdges, kComplete };

// `read[f]`: some rule reads fact f (kComplete states exactly those).
void AppendProduct(std::string& out, const Module& module, const std::vector<bool>& read,
                   size_t number, Random& random, Mode mode) {
  bool edges = mode == Mode::kEdges;
  bool complete = mode == Mode::kComplete;
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
  for (size_t f = 0; f < module.facts.size(); ++f) {
    const bytecode::Fact& fact = module.facts[f];
    std::string_view name = module.strings[fact.name];
    if (complete && !read[f]) continue;
    bool always = complete || (!edges && (name == "category" || name == "sold_in_mainland"));
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
        uint32_t value = values[random.Below(values.size())];
        // Where every fact is stated, most products are of no vehicle class, telecom class
        // or exemption ground: an enum with a `none` takes it half the time.
        if (complete && random.Chance(0.5)) {
          for (uint32_t candidate : values) {
            if (module.strings[candidate] == "none") value = candidate;
          }
        }
        AppendJsonString(out, module.strings[value]);
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
                               uint64_t seed, Mode mode) {
  // Far above what the shipped constraints need (a few percent of draws break one).
  constexpr int kMaxDraws = 1000;
  const Module& module = program.module();
  Random random(seed);
  facts::Binder binder(module, facts::BindOptions{facts::Undeclared::Collect});
  vm::ConstraintChecker constraints(program);
  std::vector<bool> read(module.facts.size());
  for (const bytecode::Rule& rule : module.rules) {
    for (uint32_t fact : rule.reads) read[fact] = true;
  }
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    size_t start = out.size();
    for (int draw = 0;; ++draw) {
      out.resize(start);
      AppendProduct(out, module, read, i + 1, random, mode);
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
  return GenerateConsistent(program, count, seed, Mode::kRealistic);
}

std::string GenerateEdgeCatalogue(const bytecode::VerifiedProgram& program, size_t count,
                                  uint64_t seed) {
  return GenerateConsistent(program, count, seed, Mode::kEdges);
}

std::string GenerateCompleteCatalogue(const bytecode::VerifiedProgram& program, size_t count,
                                      uint64_t seed) {
  return GenerateConsistent(program, count, seed, Mode::kComplete);
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

namespace {

// The facts of bench/sets/china15.ccr, in the standard library's declaration order.
constexpr std::array<std::string_view, 20> kChina15Facts = {
    "sold_in_mainland",
    "category",
    "intended_use",
    "ccc_exemption_basis",
    "is_electrical_electronic",
    "rated_voltage_v",
    "power_source",
    "is_dc_rated",
    "contains_li_ion_battery",
    "li_ion_capacity_mah",
    "mass_kg",
    "is_power_generation_transmission_distribution",
    "rated_power_w",
    "emits_radio",
    "radio_micro_power_exempt",
    "connects_public_telecom",
    "telecom_equipment_class",
    "vehicle_class",
    "volume_l",
    "requested_voluntary_marks"};
constexpr size_t kWideFlags = 48, kWideMetrics = 8, kWideRules = 200;

// The standard library's schemes, in declaration order (the reference checks them).
constexpr std::array<std::string_view, 20> kStdlibSchemes = {"CCC",
                                                             "SRRC",
                                                             "NAL",
                                                             "CHINA_ROHS",
                                                             "CEL",
                                                             "AUTO_ANNOUNCEMENT",
                                                             "CAC_NETWORK",
                                                             "MLPS",
                                                             "AGRI_APPRAISAL",
                                                             "RAILWAY_CERT",
                                                             "COMMERCIAL_CRYPTO",
                                                             "NMPA_DEVICE",
                                                             "SPECIAL_EQUIPMENT",
                                                             "GREEN_PRODUCT",
                                                             "CARBON_FOOTPRINT",
                                                             "CHINA_ROBOT",
                                                             "CQC_MARK",
                                                             "CQM_MARK",
                                                             "CCAP",
                                                             "PI_PROTECTION"};
constexpr std::array<std::string_view, 9> kWideSets = {
    "ccc_it_equipment", "ccc_av_equipment",   "ccc_household_appliances",
    "ccc_lighting",     "ccc_electric_tools", "ccc_toys",
    "ccc_power_banks",  "cel_catalogue",      "mains_power_sources"};
constexpr std::array<std::string_view, 7> kWideValues = {"category, refrigerator",
                                                         "category, rice_cooker",
                                                         "intended_use, military",
                                                         "ccc_exemption_basis, rd_or_test_sample",
                                                         "telecom_equipment_class, none",
                                                         "vehicle_class, none",
                                                         "requested_voluntary_marks, cqc_mark"};
// What the market and military exemptions take out: every scheme the set requires.
constexpr std::string_view kWideRequired[] = {"CCC",        "SRRC", "NAL",
                                              "CHINA_ROHS", "CEL",  "CQC_MARK"};

// One test of a generated condition, in the rule language and as the reference writes it.
struct Test {
  std::string ccr, cpp;
};

// One generated rule: its tests (all of which must hold), what it does in both languages, and
// its shape (for its `because`).
struct WideRule {
  std::vector<Test> tests;
  std::vector<std::string> actions;  // `require CCC by CNCA mandatory`, `exempt SRRC`
  std::string levels;                // the RuleSpec's level and exemption fields
  std::string shape;
};

void Require(WideRule& rule, std::string_view scheme, std::string_view authority, bool mandatory) {
  rule.actions.push_back(
      fmt::format("require {} by {} {}", scheme, authority, mandatory ? "mandatory" : "voluntary"));
  rule.levels = fmt::format(".{} = Bit(scheme::{})", mandatory ? "mandatory" : "voluntary", scheme);
}

void Exempt(WideRule& rule, std::span<const std::string_view> schemes) {
  std::vector<std::string> bits;
  for (std::string_view scheme : schemes) {
    rule.actions.push_back(fmt::format("exempt {}", scheme));
    bits.push_back(fmt::format("Bit(scheme::{})", scheme));
  }
  rule.levels = fmt::format(".exempts = {}", fmt::join(bits, " | "));
}

// Draws rule `index`: one of china15's shapes (weighted towards catalogue rows, as real rule
// sets are), then `flag_<index % 48>` or its negation, and for half the rules (and the first
// eight, so every metric is read) a test of `metric_<index % 8>`.
WideRule DrawWideRule(size_t index, Random& random) {
  WideRule rule;
  auto& t = rule.tests;
  constexpr std::array<int, 9> kWeights = {4, 1, 2, 1, 2, 2, 2, 1, 1};
  uint64_t pick = random.Below(16);
  size_t shape = 0;
  while (pick >= static_cast<uint64_t>(kWeights[shape])) pick -= kWeights[shape++];
  switch (shape) {
    case 0: {  // a CCC electrical row: catalogue set and supply window
      std::string_view set = kWideSets[random.Below(6)];
      int max_volts = random.Chance(0.5) ? 1000 : 480;
      t.push_back(
          {fmt::format("category in {}", set), fmt::format("f.In(category, set::{})", set)});
      t.push_back(
          {"power_source in mains_power_sources", "f.In(power_source, set::mains_power_sources)"});
      t.push_back({"rated_voltage_v > 36 V", "f.Gt(rated_voltage_v, 36)"});
      t.push_back({fmt::format("rated_voltage_v <= {} V", max_volts),
                   fmt::format("f.Le(rated_voltage_v, {})", max_volts)});
      Require(rule, "CCC", "CNCA", true);
      rule.shape = "CCC catalogue row";
      break;
    }
    case 1: {  // the CCC power bank row
      int capacity = std::array<int, 3>{600, 1000, 3000}[random.Below(3)];
      t.push_back({"category in ccc_power_banks", "f.In(category, set::ccc_power_banks)"});
      t.push_back({"contains_li_ion_battery", "f.Is(contains_li_ion_battery)"});
      t.push_back({fmt::format("li_ion_capacity_mah > {} mAh", capacity),
                   fmt::format("f.Gt(li_ion_capacity_mah, {})", capacity)});
      t.push_back({"mass_kg <= 18 kg", "f.Le(mass_kg, 18)"});
      Require(rule, "CCC", "CNCA", true);
      rule.shape = "CCC power bank";
      break;
    }
    case 2:
      t.push_back({"emits_radio", "f.Is(emits_radio)"});
      Require(rule, "SRRC", "MIIT", true);
      rule.shape = "SRRC transmitter";
      break;
    case 3:
      t.push_back({"radio_micro_power_exempt", "f.Is(radio_micro_power_exempt)"});
      Exempt(rule, std::array<std::string_view, 1>{"SRRC"});
      rule.shape = "SRRC micro-power exemption";
      break;
    case 4:
      t.push_back({"connects_public_telecom", "f.Is(connects_public_telecom)"});
      t.push_back({"telecom_equipment_class != none",
                   "f.Ne(telecom_equipment_class, value::telecom_equipment_class_none)"});
      Require(rule, "NAL", "MIIT", true);
      rule.shape = "NAL network access";
      break;
    case 5:  // China RoHS scope, sometimes a catalogue tier
      if (random.Chance(0.4)) {
        t.push_back({"category == refrigerator", "f.Eq(category, value::category_refrigerator)"});
        t.push_back({"volume_l <= 800 L", "f.Le(volume_l, 800)"});
      }
      t.push_back({"is_electrical_electronic", "f.Is(is_electrical_electronic)"});
      t.push_back({"is_power_generation_transmission_distribution == false",
                   "f.IsFalse(is_power_generation_transmission_distribution)"});
      t.push_back({"vehicle_class == none", "f.Eq(vehicle_class, value::vehicle_class_none)"});
      t.push_back({"(rated_voltage_v <= 1000 V or (is_dc_rated and rated_voltage_v <= 1500 V))",
                   "Or(f.Le(rated_voltage_v, 1000), And(f.Is(is_dc_rated), "
                   "f.Le(rated_voltage_v, 1500)))"});
      Require(rule, "CHINA_ROHS", "MIIT", true);
      rule.shape = "China RoHS scope";
      break;
    case 6:  // the energy label by catalogue, or by category and power
      if (random.Chance(0.5)) {
        t.push_back({"category in cel_catalogue", "f.In(category, set::cel_catalogue)"});
      } else {
        int watts = random.Chance(0.5) ? 1000 : 2000;
        t.push_back({"category == rice_cooker", "f.Eq(category, value::category_rice_cooker)"});
        t.push_back({fmt::format("rated_power_w <= {} W", watts),
                     fmt::format("f.Le(rated_power_w, {})", watts)});
      }
      Require(rule, "CEL", "NDRC", true);
      rule.shape = "energy label";
      break;
    case 7:  // an exemption
      switch (random.Below(3)) {
        case 0:
          t.push_back({"ccc_exemption_basis == rd_or_test_sample",
                       "f.Eq(ccc_exemption_basis, value::ccc_exemption_basis_rd_or_test_sample)"});
          Exempt(rule, std::array<std::string_view, 1>{"CCC"});
          break;
        case 1:
          t.push_back({"sold_in_mainland == false", "f.IsFalse(sold_in_mainland)"});
          Exempt(rule, kWideRequired);
          break;
        default:
          t.push_back(
              {"military in intended_use", "f.Has(intended_use, value::intended_use_military)"});
          Exempt(rule, kWideRequired);
          break;
      }
      rule.shape = "exemption";
      break;
    default:
      t.push_back({"cqc_mark in requested_voluntary_marks",
                   "f.Has(requested_voluntary_marks, value::requested_voluntary_marks_cqc_mark)"});
      Require(rule, "CQC_MARK", "CQC", false);
      rule.shape = "voluntary mark";
      break;
  }
  std::string flag = fmt::format("flag_{:02}", index % kWideFlags);
  if (random.Chance(0.5)) {
    t.push_back({flag, fmt::format("f.Is({})", flag)});
  } else {
    t.push_back({flag + " == false", fmt::format("f.IsFalse({})", flag)});
  }
  if (index < kWideMetrics || random.Chance(0.5)) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kOps = {
        {{">", "Gt"}, {">=", "Ge"}, {"<", "Lt"}, {"<=", "Le"}}};
    static constexpr std::array<int, 8> kThresholds = {1, 2, 5, 10, 50, 100, 500, 1000};
    auto [op, method] = kOps[random.Below(kOps.size())];
    int threshold = kThresholds[random.Below(kThresholds.size())];
    std::string metric = fmt::format("metric_{}", index % kWideMetrics);
    t.push_back({fmt::format("{} {} {}", metric, op, threshold),
                 fmt::format("f.{}({}, {})", method, metric, threshold)});
  }
  return rule;
}

// An X-macro list, one `X(item)` a line, backslashes aligned as clang-format aligns them.
std::string XList(std::string_view name, const std::vector<std::string>& items) {
  std::vector<std::string> lines = {fmt::format("#define {}(X)", name)};
  for (const std::string& item : items) lines.push_back(fmt::format("  X({})", item));
  size_t width = 0;
  for (const std::string& line : lines) width = std::max(width, line.size());
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size()) out += std::string(width + 1 - lines[i].size(), ' ') + "\\";
    out += '\n';
  }
  return out;
}

}  // namespace

GeneratedSet GenerateWide200(uint64_t seed) {
  Random random(seed);
  const std::string regenerate = fmt::format(
      "ccr-bench-gen wide200 --seed {} -o .\n//   (from the repository's root; unit.bench_test "
      "checks that the committed files are its output)",
      seed);
  GeneratedSet set;
  set.rules = fmt::format(
      "// wide200: a benchmark rule set, not shipped domain data (docs/performance.md, \"The "
      "15-rule and\n// 200-rule sets\"). Generated by bench/generate.cpp GenerateWide200, "
      "seed {}; regenerate with\n//   {}\n// 200 rules over 76 facts: the 20 facts of "
      "bench/sets/china15.ccr and the 56 below, whose\n// names differ only in their last "
      "characters. Each rule is one of china15's shapes with a flag\n// test and often a metric "
      "test added. Compiled with the standard library in front.\n",
      seed, regenerate);
  for (size_t i = 0; i < kWideFlags; ++i) {
    set.rules += fmt::format("\nfact flag_{:02}: bool \"Benchmark flag {} (no meaning)\"", i, i);
  }
  for (size_t i = 0; i < kWideMetrics; ++i) {
    set.rules += fmt::format("\nfact metric_{}: number \"Benchmark metric {} (no meaning)\"", i, i);
  }
  set.rules += '\n';

  std::vector<std::string> rule_names, conditions, specs;
  for (size_t i = 0; i < kWideRules; ++i) {
    WideRule rule = DrawWideRule(i, random);
    std::string name = fmt::format("wide_{:03}", i);
    std::string from, until, from_spec, until_spec;
    if (random.Chance(0.3)) {
      int year = 2015 + static_cast<int>(random.Below(14)), month = 1 + random.Below(12);
      from = fmt::format("  effective from {}-{:02}-01\n", year, month);
      from_spec = fmt::format(", .from = Day({}, {}, 1)", year, month);
    } else if (random.Chance(0.07)) {
      int year = 2018 + static_cast<int>(random.Below(10)), month = 1 + random.Below(12);
      until = fmt::format("  effective until {}-{:02}-01\n", year, month);
      until_spec = fmt::format(", .until = Day({}, {}, 1)", year, month);
    }
    std::vector<std::string> ccr, cpp;
    for (const Test& test : rule.tests) {
      ccr.push_back(test.ccr);
      cpp.push_back(test.cpp);
    }
    set.rules += fmt::format(
        "\nrule {} {{\n  when {}\n  {}\n  because \"Generated rule {} of {} ({})\"\n  source "
        "\"bench/generate.cpp GenerateWide200, seed {}\"\n{}{}}}\n",
        name, fmt::join(ccr, "\n    and "), fmt::join(rule.actions, "\n  "), i + 1, kWideRules,
        rule.shape, seed, from, until);
    rule_names.push_back(name);
    conditions.push_back(
        cpp.size() == 1 ? fmt::format("  r[rule::{}] = {};\n", name, cpp[0])
                        : fmt::format("  r[rule::{}] = And({});\n", name, fmt::join(cpp, ", ")));
    specs.push_back(fmt::format("      {{.rule = rule::{}{}{}, {}}},\n", name, from_spec,
                                until_spec, rule.levels));
  }

  std::vector<std::string> facts(kChina15Facts.begin(), kChina15Facts.end());
  for (size_t i = 0; i < kWideFlags; ++i) facts.push_back(fmt::format("flag_{:02}", i));
  for (size_t i = 0; i < kWideMetrics; ++i) facts.push_back(fmt::format("metric_{}", i));
  std::string header_comment = fmt::format(
      "// Generated by bench/generate.cpp GenerateWide200, seed {}: do not edit; regenerate "
      "with\n//   {}\n",
      seed, regenerate);
  set.header =
      header_comment +
      R"(// The reference's view of wide200 (bench/sets/wide200.ccr): its facts, the schemes, catalogue
// sets, enum values and rules, each listed once in the program's order (checked against the
// module when a Reference is built). The conditions are in wide200.cpp.
#pragma once

#include "bench/reference/reference.h"

// clang-format off
)";
  set.header += XList("CCR_REFERENCE_FACTS", facts);
  set.header += XList("CCR_REFERENCE_SCHEMES",
                      std::vector<std::string>(kStdlibSchemes.begin(), kStdlibSchemes.end()));
  set.header +=
      XList("CCR_REFERENCE_SETS", std::vector<std::string>(kWideSets.begin(), kWideSets.end()));
  set.header += XList("CCR_REFERENCE_VALUES",
                      std::vector<std::string>(kWideValues.begin(), kWideValues.end()));
  set.header += XList("CCR_REFERENCE_RULES", rule_names);
  set.header += R"(// clang-format on

namespace ccr::bench::reference::wide200 {

#include "bench/reference/set.h"  // IWYU pragma: export

}  // namespace ccr::bench::reference::wide200
)";

  set.source =
      header_comment +
      R"(// The reference for wide200: its 200 conditions and specs, written out as one would by hand,
// and the shared definition compiled for this set.
#include "bench/reference/wide200.h"

namespace ccr::bench::reference::wide200 {

// clang-format off
void EvaluateRules(const Facts& f, Conditions& r) {
  using namespace fact;
)";
  for (const std::string& condition : conditions) set.source += condition;
  set.source += "}\n\nstd::vector<RuleSpec> RuleSpecs() {\n  return {\n";
  for (const std::string& spec : specs) set.source += spec;
  set.source += R"(  };
}
// clang-format on

}  // namespace ccr::bench::reference::wide200

#define CCR_REFERENCE_SET wide200
#include "bench/reference/reference_impl.h"
)";
  return set;
}

}  // namespace ccr::bench
