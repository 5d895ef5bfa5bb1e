#include "compiler/lower/lower.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "runtime/base/check.h"

namespace ccr::lower {

namespace {

using bytecode::kNone;
using bytecode::Opcode;

bytecode::Level LevelOf(ast::Level level) {
  return level == ast::Level::Mandatory ? bytecode::Level::Mandatory : bytecode::Level::Voluntary;
}

bytecode::Outcome OutcomeOf(ast::Outcome outcome) {
  switch (outcome) {
    case ast::Outcome::RequiredAny:
      return bytecode::Outcome::RequiredAny;
    case ast::Outcome::RequiredMandatory:
      return bytecode::Outcome::RequiredMandatory;
    case ast::Outcome::RequiredVoluntary:
      return bytecode::Outcome::RequiredVoluntary;
    case ast::Outcome::NotRequired:
      return bytecode::Outcome::NotRequired;
    case ast::Outcome::Undetermined:
      return bytecode::Outcome::Undetermined;
    case ast::Outcome::Exempt:
      return bytecode::Outcome::Exempt;
    case ast::Outcome::Available:
      return bytecode::Outcome::Available;
  }
  CCR_CHECK(false && "an ast::Outcome outside its enum");
  return bytecode::Outcome::RequiredAny;
}

bytecode::Type TypeOf(const check::Type& type) {
  bytecode::Type out;
  switch (type.kind) {
    case check::Type::Kind::Bool:
      out.kind = bytecode::TypeKind::Bool;
      break;
    case check::Type::Kind::Number:
      out.kind = bytecode::TypeKind::Number;
      break;
    case check::Type::Kind::String:
      out.kind = bytecode::TypeKind::String;
      break;
    case check::Type::Kind::Enum:
      out.kind = bytecode::TypeKind::Enum;
      out.enum_index = static_cast<uint32_t>(type.enum_index);
      break;
    case check::Type::Kind::EnumSet:
      out.kind = bytecode::TypeKind::EnumSet;
      out.enum_index = static_cast<uint32_t>(type.enum_index);
      break;
    case check::Type::Kind::Error:
    case check::Type::Kind::ValueSet:
      CCR_CHECK(false && "facts and set elements never have these types after checking");
  }
  return out;
}

class Lowerer {
 public:
  explicit Lowerer(const check::CheckedModule& in) : in_(in) {}

  bytecode::Module Run() {
    for (const auto& a : in_.authorities) {
      out_.authorities.push_back({Intern(a.id), Intern(a.name), Optional(a.zh_name),
                                  a.parent == check::kNoIndex ? kNone : Index(a.parent)});
    }
    for (const auto& s : in_.schemes) {
      bytecode::Scheme scheme;
      scheme.id = Intern(s.id);
      scheme.name = Intern(s.name);
      scheme.zh_name = Optional(s.zh_name);
      scheme.authority = Index(s.authority);
      for (int32_t p : s.partners) scheme.partners.push_back(Index(p));
      scheme.level = LevelOf(s.level);
      scheme.on_request = s.on_request;
      scheme.impact = Optional(s.impact);
      scheme.mode = Optional(s.mode);
      // Schemes are lowered in order, so the steps come out grouped by scheme.
      for (const auto& step : s.steps) {
        out_.steps.push_back({static_cast<uint32_t>(out_.schemes.size()), step.kind,
                              Intern(step.text), Optional(step.zh_text), Intern(step.source)});
      }
      out_.schemes.push_back(std::move(scheme));
    }
    for (const auto& c : in_.components) {
      out_.components.push_back({Intern(c.id), Intern(c.name), Optional(c.zh_name)});
    }
    for (const auto& e : in_.enums) {
      bytecode::Enum out{Intern(e.name), {}};
      for (const auto& value : e.values) out.values.push_back(Intern(value));
      out_.enums.push_back(std::move(out));
    }
    for (const auto& f : in_.facts) {
      out_.facts.push_back(
          {Intern(f.name), TypeOf(f.type),
           f.type.kind == check::Type::Kind::Number ? Optional(f.type.unit) : kNone,
           Optional(f.doc)});
    }
    for (const auto& s : in_.sets) {
      bytecode::ValueSet set;
      set.name = Optional(s.name);
      set.element = TypeOf(s.element);
      if (s.element.kind == check::Type::Kind::String) {
        for (const auto& text : s.string_members) set.members.push_back(Intern(text));
        // Sorted by string index, which is what the verifier and VM expect.
        std::sort(set.members.begin(), set.members.end());
      } else {
        for (int32_t v : s.enum_members) set.members.push_back(Index(v));
      }
      out_.sets.push_back(std::move(set));
    }
    for (const auto& r : in_.rules) LowerRule(r);
    for (const auto& c : in_.constraints) LowerConstraint(c);
    for (const auto& t : in_.tests) LowerTest(t);
    for (const auto& e : in_.entries) {
      bytecode::Entry entry{
          Index(e.enum_index), Index(e.value), Optional(e.name), Optional(e.zh_name), {}, {}};
      for (const auto& aka : e.akas) entry.akas.push_back(Intern(aka));
      for (const auto& code : e.codes) entry.codes.push_back(Code(code));
      out_.entries.push_back(std::move(entry));
    }
    for (const auto& l : in_.layouts) LowerLayout(l);
    for (const check::Given& d : in_.defaults) out_.defaults.push_back(LowerLiteral(d));
    return std::move(out_);
  }

 private:
  static uint32_t Index(int32_t index) {
    CCR_CHECK(index >= 0);
    return static_cast<uint32_t>(index);
  }

  uint32_t Intern(const std::string& text) {
    auto [it, inserted] = strings_.try_emplace(text, static_cast<uint32_t>(out_.strings.size()));
    if (inserted) out_.strings.push_back(text);
    return it->second;
  }
  uint32_t Optional(const std::string& text) { return text.empty() ? kNone : Intern(text); }
  bytecode::CatalogueCode Code(const check::CatalogueCode& code) {
    return {Index(code.scheme), Intern(code.code)};
  }

  uint32_t Number(double value) {
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    auto [it, inserted] = numbers_.try_emplace(bits, static_cast<uint32_t>(out_.numbers.size()));
    if (inserted) out_.numbers.push_back(value);
    return it->second;
  }

  // Emits code leaving the expression's value on the stack.
  void EmitExpr(ast::ExprId id) {
    const ast::Expr& e = in_.ast->expr(id);
    const check::ExprInfo& info = in_.exprs[id.index];
    switch (e.kind) {
      case ast::ExprKind::Name:
        if (info.reference.kind == check::Reference::Kind::Fact) {
          code_.Emit(Opcode::LoadFact, read_index_.at(info.reference.index));
        } else {
          CCR_CHECK(info.reference.kind == check::Reference::Kind::EnumValue);
          code_.Emit(Opcode::PushEnum, Index(info.reference.index), Index(info.reference.value));
        }
        return;
      case ast::ExprKind::Number:
        code_.Emit(Opcode::PushNumber, Number(e.number));
        return;
      case ast::ExprKind::String:
        code_.Emit(Opcode::PushString, Intern(e.text));
        return;
      case ast::ExprKind::Bool:
        code_.Emit(e.boolean ? Opcode::PushTrue : Opcode::PushFalse);
        return;
      case ast::ExprKind::Known:
        code_.Emit(Opcode::Known, read_index_.at(info.reference.index));
        return;
      case ast::ExprKind::Not:
        EmitExpr(e.lhs);
        code_.Emit(Opcode::Not);
        return;
      case ast::ExprKind::And:
      case ast::ExprKind::Or: {
        // `a and b`: if a is false the answer is false whatever b is, so skip b. The jump
        // leaves a on the stack as the result.
        bool is_and = e.kind == ast::ExprKind::And;
        EmitExpr(e.lhs);
        bytecode::CodeWriter::Label skip =
            code_.EmitJump(is_and ? Opcode::JumpIfFalse : Opcode::JumpIfTrue);
        EmitExpr(e.rhs);
        code_.Emit(is_and ? Opcode::And : Opcode::Or);
        code_.Bind(skip);
        return;
      }
      case ast::ExprKind::Compare: {
        EmitExpr(e.lhs);
        EmitExpr(e.rhs);
        switch (e.op) {
          case ast::CompareOp::Less:
            code_.Emit(Opcode::Less);
            break;
          case ast::CompareOp::LessEqual:
            code_.Emit(Opcode::LessEqual);
            break;
          case ast::CompareOp::Greater:
            code_.Emit(Opcode::Greater);
            break;
          case ast::CompareOp::GreaterEqual:
            code_.Emit(Opcode::GreaterEqual);
            break;
          case ast::CompareOp::Equal:
            code_.Emit(Opcode::Equal);
            break;
          case ast::CompareOp::NotEqual:
            code_.Emit(Opcode::NotEqual);
            break;
        }
        return;
      }
      case ast::ExprKind::In: {
        const check::ExprInfo& right = in_.exprs[e.rhs.index];
        int32_t set = right.literal_set;
        if (set == check::kNoIndex && right.reference.kind == check::Reference::Kind::Set) {
          set = right.reference.index;
        }
        if (set != check::kNoIndex) {
          EmitExpr(e.lhs);
          code_.Emit(Opcode::InSet, Index(set));
        } else {
          EmitExpr(e.rhs);  // the set-valued fact
          EmitExpr(e.lhs);  // the value sought
          code_.Emit(Opcode::Has);
        }
        return;
      }
      case ast::ExprKind::SetLiteral:
        CCR_CHECK(false && "set literals are lowered by their `in`");
    }
  }

  void LowerRule(const check::Rule& r) {
    bytecode::Rule rule;
    rule.name = Intern(r.name);
    rule.because = r.because ? Intern(*r.because) : kNone;
    rule.source = r.source ? Intern(*r.source) : kNone;
    rule.location = {Intern(r.location.file), r.location.line, r.location.column};
    if (r.from) {
      rule.has_from = true;
      rule.from = *r.from;
    }
    if (r.until) {
      rule.has_until = true;
      rule.until = *r.until;
    }
    read_index_.clear();
    for (int32_t fact : r.reads) {
      read_index_[fact] = static_cast<uint32_t>(rule.reads.size());
      rule.reads.push_back(Index(fact));
    }
    EmitExpr(r.condition);
    code_.Emit(Opcode::Return);
    std::vector<uint8_t> code = code_.Take();
    rule.code_offset = static_cast<uint32_t>(out_.code.size());
    rule.code_size = static_cast<uint32_t>(code.size());
    out_.code.insert(out_.code.end(), code.begin(), code.end());
    for (const auto& a : r.actions) {
      rule.actions.push_back({a.kind == ast::Action::Kind::Require ? bytecode::ActionKind::Require
                                                                   : bytecode::ActionKind::Exempt,
                              Index(a.scheme), LevelOf(a.level), ComponentOf(a)});
    }
    for (const auto& row : r.rows) rule.rows.push_back(Code(row));
    rule.assessment = r.assessment;
    out_.rules.push_back(std::move(rule));
  }

  // A test's given fact, or a fact's default.
  bytecode::Literal LowerLiteral(const check::Given& g) {
    const check::Fact& fact = in_.facts[g.fact];
    const ast::Expr& value = in_.ast->expr(g.value);
    bytecode::Literal literal;
    literal.fact = Index(g.fact);
    literal.kind = TypeOf(fact.type).kind;
    switch (literal.kind) {
      case bytecode::TypeKind::Bool:
        literal.boolean = value.boolean;
        break;
      case bytecode::TypeKind::Number:
        literal.number = value.number;
        break;
      case bytecode::TypeKind::String:
        literal.index = Intern(value.text);
        break;
      case bytecode::TypeKind::Enum:
        literal.index = Index(in_.exprs[g.value.index].reference.value);
        break;
      case bytecode::TypeKind::EnumSet:
        for (ast::ExprId e : value.elements) {
          literal.members.push_back(Index(in_.exprs[e.index].reference.value));
        }
        std::sort(literal.members.begin(), literal.members.end());
        literal.members.erase(std::unique(literal.members.begin(), literal.members.end()),
                              literal.members.end());
        break;
    }
    return literal;
  }

  // Returns an action's component in the bytecode's terms (module.h).
  uint32_t ComponentOf(const check::Action& a) const {
    if (a.component >= 0) return Index(a.component);
    if (a.component == check::kOverall) return bytecode::kNone;  // `exempt X`: every obligation
    // The product itself: a `require` says so with kNone, an `exempt` with kProductItself.
    return a.kind == ast::Action::Kind::Require ? bytecode::kNone : bytecode::kProductItself;
  }

  // The code computes `not when or holds`, false exactly when the stated facts make `when`
  // true and `holds` false; `holds` is skipped when `when` is false.
  void LowerConstraint(const check::Constraint& c) {
    bytecode::Constraint constraint;
    constraint.name = Intern(c.name);
    constraint.because = Intern(c.because);
    constraint.source = c.source ? Intern(*c.source) : kNone;
    constraint.location = {Intern(c.location.file), c.location.line, c.location.column};
    read_index_.clear();
    for (int32_t fact : c.reads) {
      read_index_[fact] = static_cast<uint32_t>(constraint.reads.size());
      constraint.reads.push_back(Index(fact));
    }
    if (c.when.valid()) {
      EmitExpr(c.when);
      code_.Emit(Opcode::Not);
      bytecode::CodeWriter::Label skip = code_.EmitJump(Opcode::JumpIfTrue);
      EmitExpr(c.holds);
      code_.Emit(Opcode::Or);
      code_.Bind(skip);
    } else {
      EmitExpr(c.holds);
    }
    code_.Emit(Opcode::Return);
    std::vector<uint8_t> code = code_.Take();
    constraint.code_offset = static_cast<uint32_t>(out_.code.size());
    constraint.code_size = static_cast<uint32_t>(code.size());
    out_.code.insert(out_.code.end(), code.begin(), code.end());
    out_.constraints.push_back(std::move(constraint));
  }

  void LowerTest(const check::Test& t) {
    bytecode::Test test;
    test.name = Intern(t.name);
    test.location = {Intern(t.location.file), t.location.line, t.location.column};
    if (t.as_of) {
      test.has_as_of = true;
      test.as_of = *t.as_of;
    }
    for (const check::Given& g : t.given) test.given.push_back(LowerLiteral(g));
    for (const auto& e : t.expectations) {
      bytecode::Expectation expectation;
      expectation.scheme = Index(e.scheme);
      expectation.component = e.component == check::kOverall   ? bytecode::kNone
                              : e.component == check::kNoIndex ? bytecode::kProductItself
                                                               : Index(e.component);
      expectation.outcome = OutcomeOf(e.outcome);
      expectation.location = {Intern(e.location.file), e.location.line, e.location.column};
      test.expectations.push_back(expectation);
    }
    for (int32_t v : t.violations) test.violations.push_back(Index(v));
    std::sort(test.violations.begin(), test.violations.end());
    test.violations.erase(std::unique(test.violations.begin(), test.violations.end()),
                          test.violations.end());
    out_.tests.push_back(std::move(test));
  }

  void LowerLayout(const check::Layout& l) {
    bytecode::Layout layout;
    layout.name = Intern(l.name);
    for (const check::LayoutColumn& c : l.columns) {
      bytecode::LayoutColumn column;
      column.header = Intern(c.header);
      column.fact = c.fact == check::kNoIndex ? bytecode::kNone : Index(c.fact);
      column.scale = c.scale;
      if (c.separator) column.separator = Intern(*c.separator);
      for (const check::LayoutSynonym& synonym : c.synonyms) {
        column.synonyms.push_back({Intern(synonym.text), Index(synonym.value)});
      }
      layout.columns.push_back(std::move(column));
    }
    for (const std::string& ignored : l.ignored) layout.ignored.push_back(Intern(ignored));
    out_.layouts.push_back(std::move(layout));
  }

  const check::CheckedModule& in_;
  bytecode::Module out_;
  std::map<std::string, uint32_t> strings_;
  std::map<uint64_t, uint32_t> numbers_;
  std::map<int32_t, uint32_t> read_index_;  // fact index -> position in the rule's reads
  bytecode::CodeWriter code_;               // the current rule's code
};

}  // namespace

bytecode::Module Lower(const check::CheckedModule& module) { return Lowerer(module).Run(); }

}  // namespace ccr::lower
