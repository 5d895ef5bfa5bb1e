#include "compiler/analysis/internal/search.h"

#include "compiler/analysis/internal/domains.h"
#include "runtime/bytecode/logic.h"

namespace ccr::analysis::internal {

using check::Reference;
using check::Type;
using State = FactValue::State;
namespace logic = bytecode::logic;

// Search::Tri is bytecode::Tri with a fourth value, Open, after the three it shares.
Search::Tri Search::FromLogic(bytecode::Tri value) {
  static_assert(static_cast<int>(Tri::False) == static_cast<int>(bytecode::Tri::False) &&
                static_cast<int>(Tri::True) == static_cast<int>(bytecode::Tri::True) &&
                static_cast<int>(Tri::Unknown) == static_cast<int>(bytecode::Tri::Unknown));
  return static_cast<Tri>(value);
}
bytecode::Tri Search::ToLogic(Tri value) { return static_cast<bytecode::Tri>(value); }

// A comparison operand: a fact's value in the candidate, or a constant.
struct Search::Operand {
  State state = State::Known;
  const FactValue* fact_value = nullptr;  // when it comes from a fact
  FactValue constant;                     // when it is a literal or an enum value
  const FactValue& value() const { return fact_value ? *fact_value : constant; }
};

Search::Search(const check::CheckedModule& module, int64_t budget)
    : module_(module), domains_(FactDomains(module)), budget_(budget) {}

Search::Operand Search::Value(ast::ExprId id, const Candidate& product, Need& need) const {
  const ast::Expr& expr = module_.ast->expr(id);
  const check::ExprInfo& info = module_.exprs[id.index];
  Operand operand;
  switch (expr.kind) {
    case ast::ExprKind::Number:
      operand.constant.number = expr.number;
      break;
    case ast::ExprKind::String:
      operand.constant.text = expr.text;
      break;
    case ast::ExprKind::Bool:
      operand.constant.boolean = expr.boolean;
      break;
    case ast::ExprKind::Name:
      if (info.reference.kind == Reference::Kind::EnumValue) {
        operand.constant.enum_value = info.reference.value;
      } else if (info.reference.kind == Reference::Kind::Fact) {
        operand.fact_value = &product[info.reference.index];
        operand.state = operand.fact_value->state;
        if (operand.state == State::Open) need = {info.reference.index, -1};
      }
      break;
    default:
      break;
  }
  return operand;
}

Search::Tri Search::Compare(const ast::Expr& expr, const Candidate& product, Need& need) const {
  Need left_need, right_need;
  Operand left = Value(expr.lhs, product, left_need);
  Operand right = Value(expr.rhs, product, right_need);
  if (left.state == State::Open || right.state == State::Open) {
    need = left.state == State::Open ? left_need : right_need;
    return Tri::Open;
  }
  if (left.state == State::Unknown || right.state == State::Unknown) return Tri::Unknown;
  const FactValue& a = left.value();
  const FactValue& b = right.value();
  bool result = false;
  switch (module_.exprs[expr.lhs.index].type.kind) {
    case Type::Kind::Number:
      switch (expr.op) {
        case ast::CompareOp::Less:
          result = a.number < b.number;
          break;
        case ast::CompareOp::LessEqual:
          result = a.number <= b.number;
          break;
        case ast::CompareOp::Greater:
          result = a.number > b.number;
          break;
        case ast::CompareOp::GreaterEqual:
          result = a.number >= b.number;
          break;
        case ast::CompareOp::Equal:
          result = a.number == b.number;
          break;
        case ast::CompareOp::NotEqual:
          result = a.number != b.number;
          break;
      }
      return result ? Tri::True : Tri::False;
    case Type::Kind::Bool:
      result = a.boolean == b.boolean;
      break;
    case Type::Kind::Enum:
      result = a.enum_value == b.enum_value;
      break;
    case Type::Kind::String:
      result = a.text == b.text;
      break;
    default:
      return Tri::Unknown;
  }
  if (expr.op == ast::CompareOp::NotEqual) result = !result;
  return result ? Tri::True : Tri::False;
}

Search::Tri Search::In(const ast::Expr& expr, const Candidate& product, Need& need) const {
  Operand element = Value(expr.lhs, product, need);
  const check::ExprInfo& set_info = module_.exprs[expr.rhs.index];

  // `wifi in radio_technologies`: a set-valued fact, decided member by member.
  if (set_info.reference.kind == Reference::Kind::Fact) {
    int32_t fact = set_info.reference.index;
    const FactValue& set = product[fact];
    if (set.state == State::Open) {
      need = {fact, -1};
      return Tri::Open;
    }
    if (element.state == State::Open) return Tri::Open;
    if (set.state == State::Unknown || element.state == State::Unknown) return Tri::Unknown;
    int32_t member = element.value().enum_value;
    uint64_t bit = uint64_t{1} << member;
    if ((set.members_decided & bit) == 0) {
      need = {fact, member};
      return Tri::Open;
    }
    return (set.members & bit) ? Tri::True : Tri::False;
  }

  // `category in ccc_it`, `model in { "A", "B" }`: a constant set.
  int32_t index =
      set_info.literal_set != check::kNoIndex ? set_info.literal_set : set_info.reference.index;
  if (element.state == State::Open) return Tri::Open;
  if (element.state == State::Unknown) return Tri::Unknown;
  const check::ValueSet& set = module_.sets[index];
  bool member = false;
  if (set.element.kind == Type::Kind::String) {
    for (const std::string& text : set.string_members)
      member = member || text == element.value().text;
  } else {
    for (int32_t value : set.enum_members) member = member || value == element.value().enum_value;
  }
  return member ? Tri::True : Tri::False;
}

Search::Tri Search::Condition(ast::ExprId id, const Candidate& product, Need& need) const {
  const ast::Expr& expr = module_.ast->expr(id);
  switch (expr.kind) {
    case ast::ExprKind::Bool:
      return expr.boolean ? Tri::True : Tri::False;
    case ast::ExprKind::Name: {
      Operand operand = Value(id, product, need);
      if (operand.state == State::Open) return Tri::Open;
      if (operand.state == State::Unknown) return Tri::Unknown;
      return operand.value().boolean ? Tri::True : Tri::False;
    }
    case ast::ExprKind::Known: {
      const Reference& reference = module_.exprs[id.index].reference;
      if (reference.kind != Reference::Kind::Fact) return Tri::True;
      State state = product[reference.index].state;
      if (state == State::Open) need = {reference.index, -1};
      return state == State::Open ? Tri::Open : state == State::Known ? Tri::True : Tri::False;
    }
    case ast::ExprKind::Not: {
      Tri inner = Condition(expr.lhs, product, need);
      return inner == Tri::Open ? Tri::Open : FromLogic(logic::Not(ToLogic(inner)));
    }
    case ast::ExprKind::And:
    case ast::ExprKind::Or: {
      // The language's operators (logic.h); an open operand leaves the result open unless
      // the other one decides it (the table's absorbing value).
      const auto& table = expr.kind == ast::ExprKind::And ? logic::kAnd : logic::kOr;
      const Tri decisive = FromLogic(logic::Absorbing(table));
      Need left_need, right_need;
      Tri left = Condition(expr.lhs, product, left_need);
      if (left == decisive) return decisive;
      Tri right = Condition(expr.rhs, product, right_need);
      if (right == decisive) return decisive;
      if (left == Tri::Open || right == Tri::Open) {
        need = left == Tri::Open ? left_need : right_need;
        return Tri::Open;
      }
      return FromLogic(table[static_cast<int>(ToLogic(left))][static_cast<int>(ToLogic(right))]);
    }
    case ast::ExprKind::Compare:
      return Compare(expr, product, need);
    case ast::ExprKind::In:
      return In(expr, product, need);
    default:
      return Tri::Unknown;
  }
}

Search::Outcome Search::Find(const std::vector<Goal>& goals, Candidate& product) {
  product.assign(module_.facts.size(), FactValue{});
  return Descend(goals, product);
}

Search::Outcome Search::Descend(const std::vector<Goal>& goals, Candidate& product) {
  if (--budget_ < 0) return Outcome::GaveUp;
  std::optional<Need> next;
  for (const Goal& goal : goals) {
    Need need;
    Tri truth = Condition(goal.condition, product, need);
    if (truth == Tri::Open) {
      if (!next) next = need;
      continue;
    }
    uint8_t bit = truth == Tri::False  ? static_cast<uint8_t>(Truth::False)
                  : truth == Tri::True ? static_cast<uint8_t>(Truth::True)
                                       : static_cast<uint8_t>(Truth::Unknown);
    if ((goal.allowed & bit) == 0) return Outcome::Impossible;
  }
  if (!next) return Outcome::Found;

  bool gave_up = false;
  auto attempt = [&](const FactValue& value) {
    FactValue saved = product[next->fact];
    product[next->fact] = value;
    Outcome outcome = Descend(goals, product);
    if (outcome == Outcome::Found) return true;
    gave_up = gave_up || outcome == Outcome::GaveUp;
    product[next->fact] = saved;
    return false;
  };
  if (next->member >= 0) {
    // A set's member: in, then out.
    for (bool in : {true, false}) {
      FactValue value = product[next->fact];
      uint64_t bit = uint64_t{1} << next->member;
      value.members_decided |= bit;
      value.members = in ? value.members | bit : value.members & ~bit;
      if (attempt(value)) return Outcome::Found;
    }
  } else {
    for (const FactValue& value : domains_[next->fact]) {
      if (attempt(value)) return Outcome::Found;
    }
  }
  return gave_up ? Outcome::GaveUp : Outcome::Impossible;
}

}  // namespace ccr::analysis::internal
