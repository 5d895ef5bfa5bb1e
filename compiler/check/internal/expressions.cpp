// Expressions: resolves names (facts, sets, enum values) and gives every expression a type.
// An expression whose type is Error has already been reported; callers stay quiet about it so
// one mistake yields one diagnostic.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/internal/checker.h"
#include "runtime/bytecode/logic.h"

namespace ccr::check::internal {

namespace logic = bytecode::logic;

namespace {

Type Make(Type::Kind kind, int32_t enum_index = kNoIndex) {
  Type type;
  type.kind = kind;
  type.enum_index = enum_index;
  return type;
}

bool IsSet(const Type& type) {
  return type.kind == Type::Kind::EnumSet || type.kind == Type::Kind::ValueSet;
}

}  // namespace

Type Checker::CheckExpr(ast::ExprId id, const std::optional<Type>& hint) {
  const ast::Expr& expr = ast_.expr(id);
  Type type;
  switch (expr.kind) {
    case ast::ExprKind::Name:
      type = CheckName(id, hint);
      break;
    case ast::ExprKind::Number:
      type = Make(Type::Kind::Number);
      if (expr.unit) type.unit = expr.unit->text;
      break;
    case ast::ExprKind::String:
      type = Make(Type::Kind::String);
      break;
    case ast::ExprKind::Bool:
      type = Make(Type::Kind::Bool);
      break;
    case ast::ExprKind::SetLiteral:
      sink_.Add(diag::Kind::MisplacedSet, expr.range,
                "a set literal can only stand on the right of `in`",
                "write `x in { a, b }`, or compare with one value");
      break;
    case ast::ExprKind::Known: {
      auto it = values_.find(expr.name.text);
      if (it == values_.end() || value_is_set_[expr.name.text]) {
        if (InDroppedStatement(expr.name.text)) break;
        std::vector<std::string> facts;
        for (const Fact& f : out_.facts) facts.push_back(f.name);
        std::string suggestion = diag::ClosestName(expr.name.text, facts);
        sink_.Add(diag::Kind::UnknownFact, expr.name.range,
                  fmt::format("unknown fact `{}`", expr.name.text),
                  suggestion.empty() ? "`known(...)` takes a declared fact"
                                     : fmt::format("did you mean `{}`?", suggestion));
        break;
      }
      fact_read_[it->second] = true;
      out_.exprs[id.index].reference = {Reference::Kind::Fact, it->second, kNoIndex};
      type = Make(Type::Kind::Bool);
      break;
    }
    case ast::ExprKind::Not:
      RequireBool(expr.lhs, CheckExpr(expr.lhs), "`not`");
      type = Make(Type::Kind::Bool);
      break;
    case ast::ExprKind::And:
    case ast::ExprKind::Or: {
      const char* what = expr.kind == ast::ExprKind::And ? "`and`" : "`or`";
      RequireBool(expr.lhs, CheckExpr(expr.lhs), what);
      RequireBool(expr.rhs, CheckExpr(expr.rhs), what);
      type = Make(Type::Kind::Bool);
      break;
    }
    case ast::ExprKind::Compare:
      type = CheckCompare(id);
      break;
    case ast::ExprKind::In:
      type = CheckIn(id);
      break;
  }
  out_.exprs[id.index].type = type;
  return type;
}

Type Checker::CheckName(ast::ExprId id, const std::optional<Type>& hint) {
  const ast::Expr& expr = ast_.expr(id);
  const std::string& name = expr.name.text;
  ExprInfo& info = out_.exprs[id.index];

  // In a context that expects a value of an enum, the enum's own values come first: this is
  // what lets `category == laptop` work even if some fact were named `laptop`.
  int32_t hinted_enum = kNoIndex;
  if (hint && (hint->kind == Type::Kind::Enum || hint->kind == Type::Kind::EnumSet ||
               (hint->kind == Type::Kind::ValueSet && !hint->string_elements))) {
    hinted_enum = hint->enum_index;
  }
  if (hinted_enum != kNoIndex) {
    const auto& values = out_.enums[hinted_enum].values;
    auto it = std::find(values.begin(), values.end(), name);
    if (it != values.end()) {
      info.reference = {Reference::Kind::EnumValue, hinted_enum,
                        static_cast<int32_t>(it - values.begin())};
      return Make(Type::Kind::Enum, hinted_enum);
    }
  }
  if (auto it = values_.find(name); it != values_.end()) {
    if (value_is_set_[name]) {
      info.reference = {Reference::Kind::Set, it->second, kNoIndex};
      const ValueSet& set = out_.sets[it->second];
      Type type = Make(Type::Kind::ValueSet, set.element.enum_index);
      type.string_elements = set.element.kind == Type::Kind::String;
      if (set.element.kind == Type::Kind::Error) return Type{};
      return type;
    }
    fact_read_[it->second] = true;
    info.reference = {Reference::Kind::Fact, it->second, kNoIndex};
    return out_.facts[it->second].type;
  }
  if (hinted_enum == kNoIndex) {
    // Without a hint, a name that is a value of exactly one enum is that value.
    int32_t found_enum = kNoIndex, found_value = kNoIndex, matches = 0;
    for (size_t e = 0; e < out_.enums.size(); ++e) {
      const auto& values = out_.enums[e].values;
      auto it = std::find(values.begin(), values.end(), name);
      if (it != values.end()) {
        ++matches;
        found_enum = static_cast<int32_t>(e);
        found_value = static_cast<int32_t>(it - values.begin());
      }
    }
    if (matches == 1) {
      info.reference = {Reference::Kind::EnumValue, found_enum, found_value};
      return Make(Type::Kind::Enum, found_enum);
    }
  }
  if (InDroppedStatement(name)) return Type{};
  if (hinted_enum != kNoIndex) {
    const Enum& e = out_.enums[hinted_enum];
    // A name or catalogue code an `entry` gives (`kettle`, `0717`) points at its value first.
    std::string suggestion;
    for (const Entry& entry : out_.entries) {
      if (entry.enum_index != hinted_enum) continue;
      bool named = entry.name == name || entry.zh_name == name ||
                   std::find(entry.akas.begin(), entry.akas.end(), name) != entry.akas.end();
      for (const CatalogueCode& code : entry.codes) named = named || code.code == name;
      if (named) suggestion = e.values[entry.value];
    }
    if (suggestion.empty()) suggestion = diag::ClosestName(name, e.values);
    sink_.Add(diag::Kind::UnknownEnumValue, expr.range,
              fmt::format("`{}` is not a value of `{}`", name, e.name),
              suggestion.empty()
                  ? fmt::format("`{}` has {} values; see its declaration", e.name, e.values.size())
                  : fmt::format("did you mean `{}`?", suggestion));
    return Type{};
  }
  std::vector<std::string> facts;
  for (const Fact& f : out_.facts) facts.push_back(f.name);
  std::string suggestion = diag::ClosestName(name, facts);
  // Propose a declaration of the type the context implies (`x > 500 W`: a number in W).
  std::string declared_type = "bool";
  if (hint && (hint->kind == Type::Kind::Number || hint->kind == Type::Kind::String)) {
    declared_type = Name(*hint);
  }
  sink_.Add(diag::Kind::UnknownFact, expr.range, fmt::format("unknown fact `{}`", name),
            suggestion.empty() ? fmt::format("declare it with `fact {}: {} \"what it means\"`",
                                             name, declared_type)
                               : fmt::format("did you mean `{}`?", suggestion));
  return Type{};
}

bool Checker::IsUnresolvedName(ast::ExprId id) const {
  const ast::Expr& expr = ast_.expr(id);
  return expr.kind == ast::ExprKind::Name && !values_.count(expr.name.text);
}

void Checker::RequireBool(ast::ExprId id, const Type& type, const char* where) {
  if (type.kind == Type::Kind::Bool || type.kind == Type::Kind::Error) return;
  sink_.Add(diag::Kind::ConditionNotBool, ast_.expr(id).range,
            fmt::format("{} needs a bool, but this is `{}`", where, Name(type)),
            type.kind == Type::Kind::Number ? "compare it, e.g. `x > 0`"
            : type.kind == Type::Kind::Enum ? "compare it, e.g. `x == some_value`"
                                            : "test membership with `in`");
}

Type Checker::CheckCompare(ast::ExprId id) {
  const ast::Expr& expr = ast_.expr(id);
  Type lhs, rhs;
  if (IsUnresolvedName(expr.lhs) && !IsUnresolvedName(expr.rhs)) {
    rhs = CheckExpr(expr.rhs);
    lhs = CheckExpr(expr.lhs, rhs);
  } else {
    lhs = CheckExpr(expr.lhs);
    rhs = CheckExpr(expr.rhs, lhs);
  }
  Type result = Make(Type::Kind::Bool);
  if (lhs.kind == Type::Kind::Error || rhs.kind == Type::Kind::Error) return result;
  const char* op = ast::OperatorText(expr.op);
  if (IsSet(lhs) || IsSet(rhs)) {
    sink_.Add(diag::Kind::MisplacedSet, expr.range, fmt::format("`{}` cannot compare sets", op),
              "test membership with `value in set`");
    return result;
  }
  bool ordering = expr.op != ast::CompareOp::Equal && expr.op != ast::CompareOp::NotEqual;
  if (ordering && (lhs.kind != Type::Kind::Number || rhs.kind != Type::Kind::Number)) {
    sink_.Add(diag::Kind::OrderingNotNumber, expr.range,
              fmt::format("`{}` compares numbers, not `{}` and `{}`", op, Name(lhs), Name(rhs)),
              "use `==` or `!=` for bools, enums and strings");
    return result;
  }
  if (lhs.kind != rhs.kind || lhs.enum_index != rhs.enum_index) {
    sink_.Add(diag::Kind::TypeMismatch, expr.range,
              fmt::format("cannot compare `{}` with `{}`", Name(lhs), Name(rhs)),
              "both sides of a comparison must have the same type");
    return result;
  }
  if (lhs.kind == Type::Kind::Number && lhs.unit != rhs.unit) {
    bool lhs_literal = ast_.expr(expr.lhs).kind == ast::ExprKind::Number;
    bool rhs_literal = ast_.expr(expr.rhs).kind == ast::ExprKind::Number;
    // A bare literal takes the unit of what it is compared with.
    bool bare = (lhs_literal && lhs.unit.empty()) || (rhs_literal && rhs.unit.empty());
    if (!bare) {
      auto describe = [](const Type& t) {
        return t.unit.empty() ? std::string("has no unit") : "is in `" + t.unit + "`";
      };
      sink_.Add(diag::Kind::UnitMismatch, expr.range,
                fmt::format("unit mismatch: the left side {}, the right side {}", describe(lhs),
                            describe(rhs)),
                "write the number in the fact's declared unit");
    }
  }
  return result;
}

Type Checker::CheckIn(ast::ExprId id) {
  const ast::Expr& expr = ast_.expr(id);
  const ast::Expr& right = ast_.expr(expr.rhs);
  Type result = Make(Type::Kind::Bool);

  if (right.kind == ast::ExprKind::SetLiteral) {
    Type lhs = CheckExpr(expr.lhs);
    if (lhs.kind == Type::Kind::Error) return result;
    if (lhs.kind != Type::Kind::Enum && lhs.kind != Type::Kind::String) {
      sink_.Add(
          diag::Kind::BadMembership, ast_.expr(expr.lhs).range,
          fmt::format("`in {{ ... }}` needs an enum or string on the left, not `{}`", Name(lhs)),
          IsSet(lhs) ? "to test one value of a set fact, write `value in fact`"
                     : "compare numbers and bools with `==`, `<`, ...");
      return result;
    }
    Type element = lhs;
    element.unit.clear();
    int32_t set = MakeSet("", element, right.elements);
    out_.exprs[expr.rhs.index].literal_set = set;
    Type set_type = Make(Type::Kind::ValueSet, element.enum_index);
    set_type.string_elements = element.kind == Type::Kind::String;
    out_.exprs[expr.rhs.index].type = set_type;
    return result;
  }

  if (right.kind == ast::ExprKind::Name && !values_.count(right.name.text) &&
      InDroppedStatement(right.name.text)) {
    CheckExpr(expr.lhs);
    return result;
  }
  if (right.kind == ast::ExprKind::Name && !values_.count(right.name.text)) {
    std::vector<std::string> candidates;
    for (const auto& [name, is_set] : value_is_set_) {
      if (is_set || out_.facts[values_[name]].type.kind == Type::Kind::EnumSet) {
        candidates.push_back(name);
      }
    }
    std::string suggestion = diag::ClosestName(right.name.text, candidates);
    sink_.Add(diag::Kind::UnknownSet, right.range, fmt::format("unknown set `{}`", right.name.text),
              suggestion.empty() ? "declare it with `set NAME: SomeEnum = { ... }`"
                                 : fmt::format("did you mean `{}`?", suggestion));
    CheckExpr(expr.lhs);
    return result;
  }

  Type rhs = CheckExpr(expr.rhs);
  if (rhs.kind == Type::Kind::Error) {
    CheckExpr(expr.lhs);
    return result;
  }
  if (!IsSet(rhs)) {
    sink_.Add(diag::Kind::BadMembership, right.range,
              fmt::format("the right side of `in` must be a set, but this is `{}`", Name(rhs)),
              "use a named set, a set-valued fact, or `{ a, b }`");
    CheckExpr(expr.lhs);
    return result;
  }
  Type element =
      rhs.string_elements ? Make(Type::Kind::String) : Make(Type::Kind::Enum, rhs.enum_index);
  Type lhs = CheckExpr(expr.lhs, element);
  if (lhs.kind == Type::Kind::Error) return result;
  if (lhs.kind != element.kind || lhs.enum_index != element.enum_index) {
    sink_.Add(diag::Kind::BadMembership, expr.range,
              fmt::format("`{}` holds `{}` values, but the left side is `{}`", Name(rhs),
                          Name(element), Name(lhs)),
              IsSet(lhs) ? "the left side of `in` is one value, not a set"
                         : "test a value of the set's element type");
  }
  return result;
}

namespace {

std::optional<bool> Constant(bytecode::Tri value) {
  if (value == bytecode::Tri::Unknown) return std::nullopt;
  return value == bytecode::Tri::True;
}

}  // namespace

bytecode::Tri Checker::FoldTri(ast::ExprId id) const {
  std::optional<bool> value = Fold(id);
  return value ? logic::Of(*value) : bytecode::Tri::Unknown;
}

std::optional<bool> Checker::Fold(ast::ExprId id) const {
  const ast::Expr& expr = ast_.expr(id);
  switch (expr.kind) {
    case ast::ExprKind::Bool:
      return expr.boolean;
    // The language's operators (runtime/bytecode/logic.h), with a value that is not constant
    // as unknown: the tables are monotone, so a known result holds whatever it turns out to be.
    case ast::ExprKind::Not:
      return Constant(logic::Not(FoldTri(expr.lhs)));
    case ast::ExprKind::And:
    case ast::ExprKind::Or: {
      const auto& table = expr.kind == ast::ExprKind::And ? logic::kAnd : logic::kOr;
      bytecode::Tri result =
          table[static_cast<int>(FoldTri(expr.lhs))][static_cast<int>(FoldTri(expr.rhs))];
      if (result != bytecode::Tri::Unknown) return result == bytecode::Tri::True;
      bool absorbing = logic::Absorbing(table) == bytecode::Tri::True;  // true for `or`
      // `known(x) or not known(x)` is always true, `known(x) and not known(x)` always false:
      // known() is never unknown, so it and its negation always disagree.
      auto known_fact = [&](ast::ExprId side, bool negated) -> int32_t {
        if (negated) {
          if (ast_.expr(side).kind != ast::ExprKind::Not) return kNoIndex;
          side = ast_.expr(side).lhs;
        }
        const ExprInfo& info = out_.exprs[side.index];
        bool known = ast_.expr(side).kind == ast::ExprKind::Known &&
                     info.reference.kind == Reference::Kind::Fact;
        return known ? info.reference.index : kNoIndex;
      };
      for (auto [a, b] : {std::pair{expr.lhs, expr.rhs}, std::pair{expr.rhs, expr.lhs}}) {
        int32_t fact = known_fact(a, false);
        if (fact != kNoIndex && fact == known_fact(b, true)) return absorbing;
      }
      return std::nullopt;
    }
    case ast::ExprKind::Compare: {
      const ast::Expr& l = ast_.expr(expr.lhs);
      const ast::Expr& r = ast_.expr(expr.rhs);
      const ExprInfo& li = out_.exprs[expr.lhs.index];
      const ExprInfo& ri = out_.exprs[expr.rhs.index];
      int order;
      if (l.kind == ast::ExprKind::Number && r.kind == ast::ExprKind::Number) {
        order = l.number < r.number ? -1 : l.number > r.number ? 1 : 0;
      } else if (li.reference.kind == Reference::Kind::EnumValue &&
                 ri.reference.kind == Reference::Kind::EnumValue) {
        order = li.reference.value == ri.reference.value ? 0 : 1;
      } else if (l.kind == ast::ExprKind::String && r.kind == ast::ExprKind::String) {
        order = l.text == r.text ? 0 : 1;
      } else if (l.kind == ast::ExprKind::Bool && r.kind == ast::ExprKind::Bool) {
        order = l.boolean == r.boolean ? 0 : 1;
      } else {
        return std::nullopt;
      }
      switch (expr.op) {
        case ast::CompareOp::Less:
          return order < 0;
        case ast::CompareOp::LessEqual:
          return order <= 0;
        case ast::CompareOp::Greater:
          return order > 0;
        case ast::CompareOp::GreaterEqual:
          return order >= 0;
        case ast::CompareOp::Equal:
          return order == 0;
        case ast::CompareOp::NotEqual:
          return order != 0;
      }
      return std::nullopt;
    }
    case ast::ExprKind::In: {
      const ExprInfo& li = out_.exprs[expr.lhs.index];
      const ast::Expr& l = ast_.expr(expr.lhs);
      int32_t set = out_.exprs[expr.rhs.index].literal_set;
      const ExprInfo& ri = out_.exprs[expr.rhs.index];
      if (set == kNoIndex && ri.reference.kind == Reference::Kind::Set) set = ri.reference.index;
      if (set == kNoIndex) return std::nullopt;
      const ValueSet& values = out_.sets[set];
      if (li.reference.kind == Reference::Kind::EnumValue) {
        return std::binary_search(values.enum_members.begin(), values.enum_members.end(),
                                  li.reference.value);
      }
      if (l.kind == ast::ExprKind::String) {
        return std::binary_search(values.string_members.begin(), values.string_members.end(),
                                  l.text);
      }
      return std::nullopt;
    }
    case ast::ExprKind::Name:
    case ast::ExprKind::Number:
    case ast::ExprKind::String:
    case ast::ExprKind::SetLiteral:
    case ast::ExprKind::Known:
      return std::nullopt;
  }
  return std::nullopt;
}

void Checker::CollectReads(ast::ExprId id, std::set<int32_t>& reads) const {
  const ast::Expr& expr = ast_.expr(id);
  const ExprInfo& info = out_.exprs[id.index];
  if ((expr.kind == ast::ExprKind::Name || expr.kind == ast::ExprKind::Known) &&
      info.reference.kind == Reference::Kind::Fact) {
    reads.insert(info.reference.index);
  }
  if (expr.lhs.valid()) CollectReads(expr.lhs, reads);
  if (expr.rhs.valid()) CollectReads(expr.rhs, reads);
}

}  // namespace ccr::check::internal
