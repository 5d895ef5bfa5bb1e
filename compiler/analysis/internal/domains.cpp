#include "compiler/analysis/internal/domains.h"

#include <algorithm>
#include <set>
#include <string>

namespace ccr::analysis::internal {
namespace {

using check::Type;

// The constants each number and string fact is compared with, anywhere in the rules.
struct Constants {
  std::vector<std::set<double>> numbers;
  std::vector<std::set<std::string>> strings;
  std::vector<std::pair<int32_t, int32_t>> fact_pairs;  // facts compared with each other
};

int32_t FactOf(const check::CheckedModule& module, ast::ExprId id) {
  const check::Reference& reference = module.exprs[id.index].reference;
  return reference.kind == check::Reference::Kind::Fact ? reference.index : check::kNoIndex;
}

void Collect(const check::CheckedModule& module, ast::ExprId id, Constants& out) {
  const ast::Expr& expr = module.ast->expr(id);
  switch (expr.kind) {
    case ast::ExprKind::Not:
      Collect(module, expr.lhs, out);
      return;
    case ast::ExprKind::And:
    case ast::ExprKind::Or:
      Collect(module, expr.lhs, out);
      Collect(module, expr.rhs, out);
      return;
    case ast::ExprKind::Compare: {
      int32_t left = FactOf(module, expr.lhs), right = FactOf(module, expr.rhs);
      if (left != check::kNoIndex && right != check::kNoIndex) {
        out.fact_pairs.emplace_back(left, right);
        return;
      }
      int32_t fact = left != check::kNoIndex ? left : right;
      const ast::Expr& other = module.ast->expr(left != check::kNoIndex ? expr.rhs : expr.lhs);
      if (fact == check::kNoIndex) return;
      if (other.kind == ast::ExprKind::Number) out.numbers[fact].insert(other.number);
      if (other.kind == ast::ExprKind::String) out.strings[fact].insert(other.text);
      return;
    }
    case ast::ExprKind::In: {
      int32_t fact = FactOf(module, expr.lhs);
      if (fact == check::kNoIndex || module.facts[fact].type.kind != Type::Kind::String) return;
      const check::ExprInfo& set_info = module.exprs[expr.rhs.index];
      int32_t set = set_info.literal_set != check::kNoIndex ? set_info.literal_set
                    : set_info.reference.kind == check::Reference::Kind::Set
                        ? set_info.reference.index
                        : check::kNoIndex;
      if (set == check::kNoIndex) return;
      for (const std::string& member : module.sets[set].string_members) {
        out.strings[fact].insert(member);
      }
      return;
    }
    default:
      return;
  }
}

FactValue Known() {
  FactValue value;
  value.state = FactValue::State::Known;
  return value;
}

// One point per class: each constant, and one point inside every interval around them.
std::vector<double> NumberPoints(const std::set<double>& constants) {
  if (constants.empty()) return {0};
  std::vector<double> sorted(constants.begin(), constants.end());
  std::vector<double> points = {sorted.front() - 1};
  for (size_t i = 0; i < sorted.size(); ++i) {
    points.push_back(sorted[i]);
    points.push_back(i + 1 < sorted.size() ? (sorted[i] + sorted[i + 1]) / 2 : sorted[i] + 1);
  }
  return points;
}

// A text equal to none of the constants.
std::string OtherText(const std::set<std::string>& constants) {
  std::string text = "other";
  for (int i = 2; constants.count(text) != 0; ++i) text = "other" + std::to_string(i);
  return text;
}

}  // namespace

std::vector<std::vector<FactValue>> FactDomains(const check::CheckedModule& module) {
  Constants constants;
  constants.numbers.resize(module.facts.size());
  constants.strings.resize(module.facts.size());
  for (const check::Rule& rule : module.rules) {
    if (rule.condition.valid()) Collect(module, rule.condition, constants);
  }
  // Two facts compared with each other must be able to meet each other's constants.
  for (int pass = 0; pass < 2; ++pass) {
    for (auto [a, b] : constants.fact_pairs) {
      constants.numbers[a].insert(constants.numbers[b].begin(), constants.numbers[b].end());
      constants.numbers[b].insert(constants.numbers[a].begin(), constants.numbers[a].end());
      constants.strings[a].insert(constants.strings[b].begin(), constants.strings[b].end());
      constants.strings[b].insert(constants.strings[a].begin(), constants.strings[a].end());
    }
  }

  std::vector<std::vector<FactValue>> domains(module.facts.size());
  for (size_t fact = 0; fact < module.facts.size(); ++fact) {
    const Type& type = module.facts[fact].type;
    std::vector<FactValue>& values = domains[fact];
    switch (type.kind) {
      case Type::Kind::Bool:
        for (bool b : {true, false}) {
          values.push_back(Known());
          values.back().boolean = b;
        }
        break;
      case Type::Kind::Enum:
        for (size_t v = 0; v < module.enums[type.enum_index].values.size(); ++v) {
          values.push_back(Known());
          values.back().enum_value = static_cast<int32_t>(v);
        }
        break;
      case Type::Kind::Number:
        for (double point : NumberPoints(constants.numbers[fact])) {
          values.push_back(Known());
          values.back().number = point;
        }
        break;
      case Type::Kind::String:
        for (const std::string& text : constants.strings[fact]) {
          values.push_back(Known());
          values.back().text = text;
        }
        values.push_back(Known());
        values.back().text = OtherText(constants.strings[fact]);
        break;
      case Type::Kind::EnumSet:
        values.push_back(Known());
        break;
      default:
        break;
    }
    FactValue unknown;
    unknown.state = FactValue::State::Unknown;
    values.push_back(unknown);
  }
  return domains;
}

}  // namespace ccr::analysis::internal
