// `ccrc compile --dump=checked`: the checker's output as text, for golden tests and for
// people asking "what did the compiler understand?". Conditions print as typed s-expressions.
#include <fmt/format.h>

#include "compiler/check/check.h"
#include "runtime/base/date.h"

namespace ccr::check {

namespace {

std::string DumpExpr(const CheckedModule& m, ast::ExprId id) {
  const ast::Expr& e = m.ast->expr(id);
  const ExprInfo& info = m.exprs[id.index];
  auto binary = [&](const char* op) {
    return fmt::format("({} {} {})", op, DumpExpr(m, e.lhs), DumpExpr(m, e.rhs));
  };
  switch (e.kind) {
    case ast::ExprKind::Name:
      switch (info.reference.kind) {
        case Reference::Kind::Fact:
          return fmt::format("{}:{}", e.name.text, TypeName(m, info.type));
        case Reference::Kind::EnumValue:
          return fmt::format("{}.{}", m.enums[info.reference.index].name, e.name.text);
        case Reference::Kind::Set:
          return fmt::format("set:{}", e.name.text);
        case Reference::Kind::None:
          return "<unresolved>";
      }
      return "?";
    case ast::ExprKind::Number:
      return e.unit ? fmt::format("{} {}", e.number, e.unit->text) : fmt::format("{}", e.number);
    case ast::ExprKind::String:
      return fmt::format("\"{}\"", e.text);
    case ast::ExprKind::Bool:
      return e.boolean ? "true" : "false";
    case ast::ExprKind::SetLiteral: {
      std::string out = "{";
      for (size_t i = 0; i < e.elements.size(); ++i) {
        out += (i ? ", " : "") + DumpExpr(m, e.elements[i]);
      }
      return out + "}";
    }
    case ast::ExprKind::Known:
      return fmt::format("(known {})", e.name.text);
    case ast::ExprKind::Not:
      return fmt::format("(not {})", DumpExpr(m, e.lhs));
    case ast::ExprKind::And:
      return binary("and");
    case ast::ExprKind::Or:
      return binary("or");
    case ast::ExprKind::Compare:
      return binary(ast::OperatorText(e.op));
    case ast::ExprKind::In:
      return binary("in");
  }
  return "?";
}

}  // namespace

std::string Dump(const CheckedModule& m) {
  std::string out;
  for (const Authority& a : m.authorities) {
    out += fmt::format("authority {} \"{}\"{}{}\n", a.id, a.name,
                       a.zh_name.empty() ? "" : " zh \"" + a.zh_name + "\"",
                       a.parent == kNoIndex ? "" : " under " + m.authorities[a.parent].id);
  }
  for (const Scheme& s : m.schemes) {
    std::string partners;
    for (int32_t p : s.partners)
      partners += (partners.empty() ? " with " : ", ") + m.authorities[p].id;
    out += fmt::format("scheme {} by {}{} {}{}{}{}\n", s.id,
                       s.authority == kNoIndex ? "?" : m.authorities[s.authority].id, partners,
                       s.level == ast::Level::Mandatory ? "mandatory" : "voluntary",
                       s.on_request ? " on request" : "",
                       s.impact.empty() ? "" : " impact " + s.impact,
                       s.mode.empty() ? "" : " mode " + s.mode);
    for (const SchemeStep& step : s.steps) {
      out += fmt::format("  {} \"{}\"{} source \"{}\"\n", bytecode::StepKindKeyword(step.kind),
                         step.text, step.zh_text.empty() ? "" : " zh \"" + step.zh_text + "\"",
                         step.source);
    }
  }
  for (const Component& c : m.components) {
    out += fmt::format("component {} \"{}\"{}\n", c.id, c.name,
                       c.zh_name.empty() ? "" : " zh \"" + c.zh_name + "\"");
  }
  for (const Enum& e : m.enums) {
    out += fmt::format("enum {} ({} values)\n", e.name, e.values.size());
  }
  for (const Fact& f : m.facts) out += fmt::format("fact {}: {}\n", f.name, TypeName(m, f.type));
  for (const Given& d : m.defaults) {
    out += fmt::format("default {} = {}\n", m.facts[d.fact].name, DumpExpr(m, d.value));
  }
  for (const ValueSet& s : m.sets) {
    size_t size =
        s.element.kind == Type::Kind::String ? s.string_members.size() : s.enum_members.size();
    out += fmt::format("set {}: {} ({} members)\n", s.name.empty() ? "<literal>" : s.name,
                       TypeName(m, s.element), size);
  }
  for (const Rule& r : m.rules) {
    out +=
        fmt::format("rule {} at {}:{}:{}\n  when {}\n", r.name, r.location.file, r.location.line,
                    r.location.column, r.condition.valid() ? DumpExpr(m, r.condition) : "<none>");
    for (const Action& a : r.actions) {
      out += fmt::format("  {} {}", a.kind == ast::Action::Kind::Require ? "require" : "exempt",
                         m.schemes[a.scheme].id);
      if (a.component >= 0) out += " for " + m.components[a.component].id;
      if (a.component == kNoIndex && a.kind == ast::Action::Kind::Exempt) out += " for product";
      out += "\n";
    }
    if (r.from) out += fmt::format("  from {}\n", FormatDate(*r.from));
    if (r.until) out += fmt::format("  until {}\n", FormatDate(*r.until));
    for (const CatalogueCode& row : r.rows) {
      out += fmt::format("  row {} \"{}\"\n", m.schemes[row.scheme].id, row.code);
    }
    if (r.assessment != bytecode::AssessmentRoute::None) {
      out += fmt::format("  assessment {}\n", bytecode::AssessmentKeyword(r.assessment));
    }
  }
  for (const Constraint& c : m.constraints) {
    out += fmt::format("constraint {} at {}:{}:{}\n", c.name, c.location.file, c.location.line,
                       c.location.column);
    if (c.when.valid()) out += fmt::format("  when {}\n", DumpExpr(m, c.when));
    out += fmt::format("  holds {}\n", c.holds.valid() ? DumpExpr(m, c.holds) : "<none>");
  }
  for (const Entry& e : m.entries) {
    out += fmt::format("entry {}: {}", m.enums[e.enum_index].values[e.value],
                       m.enums[e.enum_index].name);
    if (!e.name.empty()) out += fmt::format(" \"{}\"", e.name);
    if (!e.zh_name.empty()) out += fmt::format(" zh \"{}\"", e.zh_name);
    out += fmt::format(" ({} akas)", e.akas.size());
    for (const CatalogueCode& code : e.codes) {
      out += fmt::format(" code {} \"{}\"", m.schemes[code.scheme].id, code.code);
    }
    out += "\n";
  }
  for (const Test& t : m.tests) {
    out += fmt::format("test \"{}\" ({} facts, {} expectations)\n", t.name, t.given.size(),
                       t.expectations.size());
  }
  return out;
}

}  // namespace ccr::check
