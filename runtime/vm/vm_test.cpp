#include "runtime/vm/vm.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "runtime/bytecode/logic.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/testing/backend.h"
#include "runtime/vm/testing/module_builder.h"

namespace ccr::vm {
namespace {

using bytecode::kProductItself;
using bytecode::Level;
using bytecode::Opcode;
using bytecode::TypeKind;
using testing::Assembler;
using testing::EvaluateOnce;
using testing::Exempt;
using testing::ExemptFor;
using testing::MakeEvaluator;
using testing::ModuleBuilder;
using testing::Require;
using testing::RequireFor;

Date Day(const char* text) { return *ParseDate(text); }

// A program with one fact of every type and two schemes; tests add rules to a copy.
struct Fixture {
  ModuleBuilder b;
  uint32_t x, y;
  uint32_t category_enum, radio_enum;
  uint32_t a, bb, c, volts, category, radios, model, model2, primary_radio, volts2;

  Fixture() {
    uint32_t authority = b.Authority("MIIT", "Ministry of Industry and Information Technology");
    x = b.Scheme("X", "Scheme X", authority);
    y = b.Scheme("Y", "Scheme Y", authority, Level::Voluntary);
    category_enum = b.Enum("Category", {"laptop", "desktop_pc", "smartphone"});
    radio_enum = b.Enum("Radio", {"wifi", "bluetooth", "cellular"});
    a = b.Fact("a", TypeKind::Bool);
    bb = b.Fact("b", TypeKind::Bool);
    c = b.Fact("c", TypeKind::Bool);
    volts = b.Fact("volts", TypeKind::Number, bytecode::kNone, "V");
    category = b.Fact("category", TypeKind::Enum, category_enum);
    radios = b.Fact("radios", TypeKind::EnumSet, radio_enum);
    model = b.Fact("model", TypeKind::String);
    model2 = b.Fact("model2", TypeKind::String);
    primary_radio = b.Fact("primary_radio", TypeKind::Enum, radio_enum);
    volts2 = b.Fact("volts2", TypeKind::Number, bytecode::kNone, "V");
  }
};

struct Outcome {
  Truth truth;
  SchemeResult scheme;               // scheme X
  std::vector<std::string> missing;  // names of scheme X's missing facts
};

// Evaluates one rule (requiring X) with `code` over `reads` against the product `json`.
Outcome RunRule(const Fixture& fixture, std::vector<uint32_t> reads, const Assembler& code,
                std::string_view json, Date as_of = Day("2025-06-01")) {
  ModuleBuilder builder = fixture.b;
  builder.Rule("r", std::move(reads), code, {Require(fixture.x)});
  auto program = builder.Verify();
  auto product = facts::Bind(program.module(), json, "product.json");
  REQUIRE_MESSAGE(product.ok(), product.error().message);
  auto evaluator = MakeEvaluator(program);
  Result result;
  evaluator->Evaluate(*product, Options{as_of}, result);
  Outcome outcome{evaluator->conditions()[0], result.schemes[fixture.x], {}};
  for (uint32_t fact : outcome.scheme.missing) {
    outcome.missing.push_back(program.module().strings[program.module().facts[fact].name]);
  }
  return outcome;
}

using Names = std::vector<std::string>;

// ---- Three-valued logic ----

enum class V { T, F, U };

// Pushes a constant for T/F; for U loads bool fact `read` (stated nowhere, so unknown).
void Push(Assembler& code, V value, uint32_t read) {
  switch (value) {
    case V::T:
      code.Op(Opcode::PushTrue);
      break;
    case V::F:
      code.Op(Opcode::PushFalse);
      break;
    case V::U:
      code.Op(Opcode::LoadFact, {read});
      break;
  }
}

// The expected values come from the one definition of the operators (runtime/bytecode/logic.h),
// so this suite checks each backend (the VM's table lookups, the JIT's selects) against it on
// every operand combination.
bytecode::Tri TriOf(V value) {
  return value == V::T   ? bytecode::Tri::True
         : value == V::F ? bytecode::Tri::False
                         : bytecode::Tri::Unknown;
}
Truth ToTruth(bytecode::Tri value) {
  return value == bytecode::Tri::True    ? Truth::True
         : value == bytecode::Tri::False ? Truth::False
                                         : Truth::Unknown;
}

TEST_CASE("and, or: Kleene truth tables with the masks of the unknown operands") {
  Fixture f;
  const V values[] = {V::T, V::F, V::U};
  for (V left : values) {
    for (V right : values) {
      for (Opcode op : {Opcode::And, Opcode::Or}) {
        Assembler code;
        Push(code, left, 0);
        Push(code, right, 1);
        code.Op(op).Op(Opcode::Return);
        Outcome out = RunRule(f, {f.a, f.bb}, code, "{}");

        bool is_and = op == Opcode::And;
        bytecode::Tri expected = is_and ? bytecode::logic::And(TriOf(left), TriOf(right))
                                        : bytecode::logic::Or(TriOf(left), TriOf(right));
        CAPTURE(static_cast<int>(left));
        CAPTURE(static_cast<int>(right));
        CAPTURE(is_and);
        CHECK(out.truth == ToTruth(expected));
        // The mask of an unknown result is the union of the unknown operands' (logic.h).
        Names missing;
        if (expected == bytecode::Tri::Unknown) {
          if (left == V::U) missing.push_back("a");
          if (right == V::U) missing.push_back("b");
          CHECK(out.scheme.status == Status::Undetermined);
        }
        CHECK(out.missing == missing);
      }
    }
  }
}

TEST_CASE("not: flips known values and keeps an unknown's mask") {
  Fixture f;
  for (V value : {V::T, V::F, V::U}) {
    Assembler code;
    Push(code, value, 0);
    code.Op(Opcode::Not).Op(Opcode::Return);
    Outcome out = RunRule(f, {f.a}, code, "{}");
    CHECK(out.truth == ToTruth(bytecode::logic::Not(TriOf(value))));
    CHECK(out.missing == (value == V::U ? Names{"a"} : Names{}));
  }
}

TEST_CASE("missing facts are only the ones that could change the outcome") {
  Fixture f;
  // (a and b) or c, with the short-circuit jumps the compiler emits.
  Assembler code;
  code.Op(Opcode::LoadFact, {0});
  size_t skip_b = code.Jump(Opcode::JumpIfFalse);
  code.Op(Opcode::LoadFact, {1}).Op(Opcode::And);
  code.Bind(skip_b);
  size_t skip_c = code.Jump(Opcode::JumpIfTrue);
  code.Op(Opcode::LoadFact, {2}).Op(Opcode::Or);
  code.Bind(skip_c);
  code.Op(Opcode::Return);
  std::vector<uint32_t> reads = {f.a, f.bb, f.c};

  SUBCASE("b false: a cannot matter") {
    Outcome out = RunRule(f, reads, code, R"({"b": false})");
    CHECK(out.truth == Truth::Unknown);
    CHECK(out.missing == Names{"c"});
  }
  SUBCASE("b true: a and c both matter") {
    Outcome out = RunRule(f, reads, code, R"({"b": true})");
    CHECK(out.missing == Names{"a", "c"});
  }
  SUBCASE("c true decides alone") {
    Outcome out = RunRule(f, reads, code, R"({"c": true})");
    CHECK(out.truth == Truth::True);
    CHECK(out.scheme.status == Status::Required);
    CHECK(out.missing.empty());
  }
  SUBCASE("a false, c false") {
    Outcome out = RunRule(f, reads, code, R"({"a": false, "c": false})");
    CHECK(out.truth == Truth::False);
    CHECK(out.scheme.status == Status::NotRequired);
  }
  SUBCASE("nothing known") {
    Outcome out = RunRule(f, reads, code, "{}");
    CHECK(out.missing == Names{"a", "b", "c"});
  }
}

TEST_CASE("missing facts are fact indices in ascending order, whatever the read order") {
  Fixture f;
  Assembler code;
  code.Op(Opcode::LoadFact, {0}).Op(Opcode::LoadFact, {1}).Op(Opcode::And).Op(Opcode::Return);
  Outcome out = RunRule(f, {f.c, f.a}, code, "{}");
  REQUIRE(out.scheme.missing.size() == 2);
  CHECK(out.scheme.missing[0] == f.a);
  CHECK(out.scheme.missing[1] == f.c);
}

// The conjunction chain the compiler emits for `a and b and c`: a false operand jumps to the
// next `jump_if_false`, which jumps on to `return`.
TEST_CASE("chains of jumps give Kleene results for every combination") {
  Fixture f;
  Assembler and3, or3;
  and3.Op(Opcode::LoadFact, {0});
  size_t first = and3.Jump(Opcode::JumpIfFalse);
  and3.Op(Opcode::LoadFact, {1}).Op(Opcode::And);
  and3.Bind(first);
  size_t second = and3.Jump(Opcode::JumpIfFalse);
  and3.Op(Opcode::LoadFact, {2}).Op(Opcode::And);
  and3.Bind(second);
  and3.Op(Opcode::Return);

  or3.Op(Opcode::LoadFact, {0});
  first = or3.Jump(Opcode::JumpIfTrue);
  or3.Op(Opcode::LoadFact, {1}).Op(Opcode::Or);
  or3.Bind(first);
  second = or3.Jump(Opcode::JumpIfTrue);
  or3.Op(Opcode::LoadFact, {2}).Op(Opcode::Or);
  or3.Bind(second);
  or3.Op(Opcode::Return);

  const V values[] = {V::T, V::F, V::U};
  const char* names[] = {"a", "b", "c"};
  for (V x : values) {
    for (V y : values) {
      for (V z : values) {
        std::string json = "{";
        V operands[] = {x, y, z};
        for (int i = 0; i < 3; ++i) {
          if (operands[i] == V::U) continue;
          if (json.size() > 1) json += ",";
          json += fmt::format("\"{}\": {}", names[i], operands[i] == V::T ? "true" : "false");
        }
        json += "}";
        CAPTURE(json);
        Names unknown;
        for (int i = 0; i < 3; ++i) {
          if (operands[i] == V::U) unknown.push_back(names[i]);
        }
        using bytecode::logic::And;
        using bytecode::logic::Or;
        bytecode::Tri all = And(And(TriOf(x), TriOf(y)), TriOf(z));
        bytecode::Tri any = Or(Or(TriOf(x), TriOf(y)), TriOf(z));

        Outcome conjunction = RunRule(f, {f.a, f.bb, f.c}, and3, json);
        CHECK(conjunction.truth == ToTruth(all));
        CHECK(conjunction.missing == (all == bytecode::Tri::Unknown ? unknown : Names{}));

        Outcome disjunction = RunRule(f, {f.a, f.bb, f.c}, or3, json);
        CHECK(disjunction.truth == ToTruth(any));
        CHECK(disjunction.missing == (any == bytecode::Tri::Unknown ? unknown : Names{}));
      }
    }
  }
}

// ---- Jumps ----

TEST_CASE("jump_if_false and jump_if_true jump only on a definite value, keeping the top") {
  Fixture f;
  // `V; jump L; not; L: return`: the jump leaves V as the result, falling through negates it.
  auto run = [&](V value, Opcode jump) {
    Assembler code;
    Push(code, value, 0);
    size_t handle = code.Jump(jump);
    code.Op(Opcode::Not);
    code.Bind(handle);
    code.Op(Opcode::Return);
    return RunRule(f, {f.a}, code, "{}").truth;
  };
  CHECK(run(V::F, Opcode::JumpIfFalse) == Truth::False);    // jumped
  CHECK(run(V::T, Opcode::JumpIfFalse) == Truth::False);    // fell through: not true
  CHECK(run(V::U, Opcode::JumpIfFalse) == Truth::Unknown);  // fell through
  CHECK(run(V::T, Opcode::JumpIfTrue) == Truth::True);      // jumped
  CHECK(run(V::F, Opcode::JumpIfTrue) == Truth::True);      // fell through: not false
  CHECK(run(V::U, Opcode::JumpIfTrue) == Truth::Unknown);
}

TEST_CASE("code after a return: depth comes from the jumps, not from the code before") {
  // `known a; jump_if_false L; return; L: return` verifies (every path returns one bool), but
  // a linear pass over it would see the stack drop below zero after the first return.
  Fixture f;
  auto run = [&](std::string_view json) {
    Assembler code;
    code.Op(Opcode::Known, {0});
    size_t handle = code.Jump(Opcode::JumpIfFalse);
    code.Op(Opcode::Return);
    code.Bind(handle);
    code.Op(Opcode::Return);
    return RunRule(f, {f.a}, code, json).truth;
  };
  CHECK(run(R"({"a": true})") == Truth::True);
  CHECK(run("{}") == Truth::False);
}

// ---- Values ----

Assembler Compare(uint32_t read, Opcode op, uint32_t number) {
  Assembler code;
  code.Op(Opcode::LoadFact, {read}).Op(Opcode::PushNumber, {number}).Op(op).Op(Opcode::Return);
  return code;
}

TEST_CASE("number comparisons") {
  Fixture f;
  uint32_t n36 = f.b.Number(36);
  struct Case {
    Opcode op;
    const char* json;
    Truth expected;
  };
  const Case cases[] = {
      {Opcode::Less, R"({"volts": 20})", Truth::True},
      {Opcode::Less, R"({"volts": 36})", Truth::False},
      {Opcode::LessEqual, R"({"volts": 36})", Truth::True},
      {Opcode::LessEqual, R"({"volts": 36.5})", Truth::False},
      {Opcode::Greater, R"({"volts": 220})", Truth::True},
      {Opcode::Greater, R"({"volts": 36})", Truth::False},
      {Opcode::GreaterEqual, R"({"volts": 36})", Truth::True},
      {Opcode::GreaterEqual, R"({"volts": -1e3})", Truth::False},
      {Opcode::Equal, R"({"volts": 36})", Truth::True},
      {Opcode::Equal, R"({"volts": 36.000001})", Truth::False},
      {Opcode::NotEqual, R"({"volts": 36})", Truth::False},
      {Opcode::NotEqual, R"({"volts": 0})", Truth::True},
  };
  for (const Case& test : cases) {
    CAPTURE(test.json);
    CAPTURE(bytecode::Info(test.op).mnemonic);
    CHECK(RunRule(f, {f.volts}, Compare(0, test.op, n36), test.json).truth == test.expected);
  }
  for (Opcode op : {Opcode::Less, Opcode::LessEqual, Opcode::Greater, Opcode::GreaterEqual,
                    Opcode::Equal, Opcode::NotEqual}) {
    Outcome out = RunRule(f, {f.volts}, Compare(0, op, n36), R"({"volts": null})");
    CHECK(out.truth == Truth::Unknown);
    CHECK(out.missing == Names{"volts"});
  }
  SUBCASE("unknown on the right") {
    Assembler code;
    code.Op(Opcode::PushNumber, {n36}).Op(Opcode::LoadFact, {0}).Op(Opcode::Less);
    code.Op(Opcode::Return);
    CHECK(RunRule(f, {f.volts}, code, "{}").missing == Names{"volts"});
  }
}

// The VM fuses `load_fact; push_number; <compare>` and similar shapes; these orders are not
// fused, so they exercise the plain loads.
TEST_CASE("comparisons in operand orders the VM does not fuse") {
  Fixture f;
  uint32_t n36 = f.b.Number(36);
  Assembler constant_first;  // 36 < volts
  constant_first.Op(Opcode::PushNumber, {n36}).Op(Opcode::LoadFact, {0}).Op(Opcode::Less);
  constant_first.Op(Opcode::Return);
  CHECK(RunRule(f, {f.volts}, constant_first, R"({"volts": 220})").truth == Truth::True);
  CHECK(RunRule(f, {f.volts}, constant_first, R"({"volts": 36})").truth == Truth::False);

  Assembler two_facts;  // volts >= volts2
  two_facts.Op(Opcode::LoadFact, {0}).Op(Opcode::LoadFact, {1}).Op(Opcode::GreaterEqual);
  two_facts.Op(Opcode::Return);
  std::vector<uint32_t> reads = {f.volts, f.volts2};
  CHECK(RunRule(f, reads, two_facts, R"({"volts": 5, "volts2": 5})").truth == Truth::True);
  CHECK(RunRule(f, reads, two_facts, R"({"volts": 4, "volts2": 5})").truth == Truth::False);
  CHECK(RunRule(f, reads, two_facts, R"({"volts": 4})").missing == Names{"volts2"});
  CHECK(RunRule(f, reads, two_facts, "{}").missing == Names{"volts", "volts2"});

  Assembler enum_first;  // laptop != category
  enum_first.Op(Opcode::PushEnum, {f.category_enum, 0}).Op(Opcode::LoadFact, {0});
  enum_first.Op(Opcode::NotEqual).Op(Opcode::Return);
  CHECK(RunRule(f, {f.category}, enum_first, R"({"category": "laptop"})").truth == Truth::False);
  CHECK(RunRule(f, {f.category}, enum_first, R"({"category": "smartphone"})").truth == Truth::True);

  Assembler has_fact;  // radios has primary_radio
  has_fact.Op(Opcode::LoadFact, {0}).Op(Opcode::LoadFact, {1}).Op(Opcode::Has);
  has_fact.Op(Opcode::Return);
  std::vector<uint32_t> radio_reads = {f.radios, f.primary_radio};
  CHECK(RunRule(f, radio_reads, has_fact,
                R"({"radios": ["wifi", "cellular"], "primary_radio": "cellular"})")
            .truth == Truth::True);
  CHECK(RunRule(f, radio_reads, has_fact, R"({"radios": ["wifi"], "primary_radio": "cellular"})")
            .truth == Truth::False);
  CHECK(RunRule(f, radio_reads, has_fact, R"({"radios": ["wifi"]})").missing ==
        Names{"primary_radio"});

  Assembler in_set_after_jump;  // a or category in {laptop}: a set test after a jump
  uint32_t laptops = f.b.Set({TypeKind::Enum, f.category_enum}, {0});
  in_set_after_jump.Op(Opcode::LoadFact, {0});
  size_t skip = in_set_after_jump.Jump(Opcode::JumpIfTrue);
  in_set_after_jump.Op(Opcode::LoadFact, {1}).Op(Opcode::InSet, {laptops}).Op(Opcode::Or);
  in_set_after_jump.Bind(skip);
  in_set_after_jump.Op(Opcode::Return);
  std::vector<uint32_t> set_reads = {f.a, f.category};
  CHECK(RunRule(f, set_reads, in_set_after_jump, R"({"a": false, "category": "laptop"})").truth ==
        Truth::True);
  CHECK(RunRule(f, set_reads, in_set_after_jump, R"({"a": true})").truth == Truth::True);
  CHECK(RunRule(f, set_reads, in_set_after_jump, R"({"category": "smartphone"})").missing ==
        Names{"a"});
}

TEST_CASE("enum equality with push_enum") {
  Fixture f;
  Assembler code;
  code.Op(Opcode::LoadFact, {0}).Op(Opcode::PushEnum, {f.category_enum, 1});  // desktop_pc
  code.Op(Opcode::Equal).Op(Opcode::Return);
  CHECK(RunRule(f, {f.category}, code, R"({"category": "desktop_pc"})").truth == Truth::True);
  CHECK(RunRule(f, {f.category}, code, R"({"category": "laptop"})").truth == Truth::False);
  CHECK(RunRule(f, {f.category}, code, "{}").truth == Truth::Unknown);
}

TEST_CASE("bool equality") {
  Fixture f;
  Assembler code;
  code.Op(Opcode::LoadFact, {0}).Op(Opcode::LoadFact, {1}).Op(Opcode::NotEqual);
  code.Op(Opcode::Return);
  std::vector<uint32_t> reads = {f.a, f.bb};
  CHECK(RunRule(f, reads, code, R"({"a": true, "b": true})").truth == Truth::False);
  CHECK(RunRule(f, reads, code, R"({"a": true, "b": false})").truth == Truth::True);
  CHECK(RunRule(f, reads, code, R"({"a": true})").missing == Names{"b"});
}

TEST_CASE("string equality: constants, texts no constant equals, duplicate table entries") {
  Fixture f;
  f.b.String("X1");
  // The product binds "X2" to its first table entry; the constant names a later duplicate.
  f.b.String("X2");
  uint32_t duplicate_x2 = f.b.DuplicateString("X2");
  uint32_t x1 = f.b.String("X1");

  Assembler equals_x1;
  equals_x1.Op(Opcode::LoadFact, {0}).Op(Opcode::PushString, {x1}).Op(Opcode::Equal);
  equals_x1.Op(Opcode::Return);
  CHECK(RunRule(f, {f.model}, equals_x1, R"({"model": "X1"})").truth == Truth::True);
  CHECK(RunRule(f, {f.model}, equals_x1, R"({"model": "Z9"})").truth == Truth::False);
  CHECK(RunRule(f, {f.model}, equals_x1, "{}").truth == Truth::Unknown);

  Assembler equals_x2;
  equals_x2.Op(Opcode::LoadFact, {0}).Op(Opcode::PushString, {duplicate_x2});
  equals_x2.Op(Opcode::Equal).Op(Opcode::Return);
  CHECK(RunRule(f, {f.model}, equals_x2, R"({"model": "X2"})").truth == Truth::True);

  Assembler facts_equal;
  facts_equal.Op(Opcode::LoadFact, {0}).Op(Opcode::LoadFact, {1}).Op(Opcode::Equal);
  facts_equal.Op(Opcode::Return);
  std::vector<uint32_t> reads = {f.model, f.model2};
  CHECK(RunRule(f, reads, facts_equal, R"({"model": "Q 7", "model2": "Q 7"})").truth ==
        Truth::True);
  CHECK(RunRule(f, reads, facts_equal, R"({"model": "Q 7", "model2": "Q 8"})").truth ==
        Truth::False);
  CHECK(RunRule(f, reads, facts_equal, R"({"model": "X1", "model2": "X1"})").truth == Truth::True);
  CHECK(RunRule(f, reads, facts_equal, R"({"model": "X1", "model2": "Q 7"})").truth ==
        Truth::False);
}

TEST_CASE("in_set over enum and string sets") {
  Fixture f;
  uint32_t laptop_or_phone = f.b.Set({TypeKind::Enum, f.category_enum}, {0, 2});
  uint32_t x1 = f.b.String("X1"), x2 = f.b.String("X2");
  uint32_t models =
      f.b.Set({TypeKind::String, bytecode::kNone}, {std::min(x1, x2), std::max(x1, x2)});

  Assembler in_enum;
  in_enum.Op(Opcode::LoadFact, {0}).Op(Opcode::InSet, {laptop_or_phone}).Op(Opcode::Return);
  CHECK(RunRule(f, {f.category}, in_enum, R"({"category": "smartphone"})").truth == Truth::True);
  CHECK(RunRule(f, {f.category}, in_enum, R"({"category": "desktop_pc"})").truth == Truth::False);
  Outcome unknown = RunRule(f, {f.category}, in_enum, "{}");
  CHECK(unknown.truth == Truth::Unknown);
  CHECK(unknown.missing == Names{"category"});

  Assembler in_strings;
  in_strings.Op(Opcode::LoadFact, {0}).Op(Opcode::InSet, {models}).Op(Opcode::Return);
  CHECK(RunRule(f, {f.model}, in_strings, R"({"model": "X2"})").truth == Truth::True);
  CHECK(RunRule(f, {f.model}, in_strings, R"({"model": "not a constant"})").truth == Truth::False);
  CHECK(RunRule(f, {f.model}, in_strings, R"({"model": "Category"})").truth == Truth::False);
}

TEST_CASE("has: a set-valued fact contains a value") {
  Fixture f;
  Assembler code;
  code.Op(Opcode::LoadFact, {0}).Op(Opcode::PushEnum, {f.radio_enum, 2});  // cellular
  code.Op(Opcode::Has).Op(Opcode::Return);
  CHECK(RunRule(f, {f.radios}, code, R"({"radios": ["wifi", "cellular"]})").truth == Truth::True);
  CHECK(RunRule(f, {f.radios}, code, R"({"radios": ["wifi"]})").truth == Truth::False);
  CHECK(RunRule(f, {f.radios}, code, R"({"radios": []})").truth == Truth::False);
  Outcome out = RunRule(f, {f.radios}, code, "{}");
  CHECK(out.truth == Truth::Unknown);
  CHECK(out.missing == Names{"radios"});
}

TEST_CASE("known is never unknown") {
  Fixture f;
  Assembler code;
  code.Op(Opcode::Known, {0}).Op(Opcode::Return);
  CHECK(RunRule(f, {f.volts}, code, R"({"volts": 220})").truth == Truth::True);
  CHECK(RunRule(f, {f.volts}, code, R"({"volts": null})").truth == Truth::False);
  Outcome out = RunRule(f, {f.volts}, code, "{}");
  CHECK(out.truth == Truth::False);
  CHECK(out.scheme.status == Status::NotRequired);
}

TEST_CASE("push_true, push_false, return") {
  Fixture f;
  Assembler yes, no;
  yes.Op(Opcode::PushTrue).Op(Opcode::Return);
  no.Op(Opcode::PushFalse).Op(Opcode::Return);
  CHECK(RunRule(f, {}, yes, "{}").truth == Truth::True);
  CHECK(RunRule(f, {}, no, "{}").truth == Truth::False);
}

// ---- Effective dates ----

TEST_CASE("InForce: from is inclusive, until is exclusive") {
  bytecode::Rule rule;
  CHECK(InForce(rule, Day("1999-01-01")));
  rule.has_from = true;
  rule.from = Day("2024-08-01");
  CHECK_FALSE(InForce(rule, Day("2024-07-31")));
  CHECK(InForce(rule, Day("2024-08-01")));
  rule.has_until = true;
  rule.until = Day("2025-01-01");
  CHECK(InForce(rule, Day("2024-12-31")));
  CHECK_FALSE(InForce(rule, Day("2025-01-01")));
  rule.has_from = false;
  CHECK(InForce(rule, Day("1970-01-01")));
}

TEST_CASE("rules not in force are skipped") {
  Fixture f;
  Assembler yes;
  yes.Op(Opcode::PushTrue).Op(Opcode::Return);
  uint32_t rule = f.b.Rule("from_2024", {}, yes, {Require(f.x)});
  f.b.rule(rule).has_from = true;
  f.b.rule(rule).from = Day("2024-08-01");
  auto program = f.b.Verify();
  facts::Product product = facts::FromLiterals(program.module(), {});
  auto evaluator = MakeEvaluator(program);
  Result result;
  evaluator->Evaluate(product, {Day("2024-07-31")}, result);
  CHECK(evaluator->conditions()[rule] == Truth::NotInForce);
  CHECK(result.schemes[f.x].status == Status::NotRequired);
  CHECK(result.schemes[f.x].deciding.empty());
  evaluator->Evaluate(product, {Day("2024-08-01")}, result);
  CHECK(evaluator->conditions()[rule] == Truth::True);
  CHECK(result.schemes[f.x].status == Status::Required);

  uint32_t until = f.b.Rule("until_2025", {}, yes, {Require(f.y)});
  f.b.rule(until).has_until = true;
  f.b.rule(until).until = Day("2025-01-01");
  auto later = f.b.Verify();
  auto with_until = MakeEvaluator(later);
  with_until->Evaluate(product, {Day("2024-12-31")}, result);
  CHECK(with_until->conditions()[until] == Truth::True);
  with_until->Evaluate(product, {Day("2025-01-01")}, result);
  CHECK(with_until->conditions()[until] == Truth::NotInForce);
  CHECK(with_until->conditions()[rule] == Truth::True);
}

// ---- Scheme decisions ----

// Rules on X: `req_a` (if a, mandatory), `req_b` (if b, voluntary), `ex_c` (if c, exempt).
struct DecisionFixture : Fixture {
  uint32_t req_a, req_b, ex_c;
  bytecode::VerifiedProgram program;

  static Assembler Load() {
    Assembler code;
    code.Op(Opcode::LoadFact, {0}).Op(Opcode::Return);
    return code;
  }
  DecisionFixture()
      : req_a(b.Rule("req_a", {a}, Load(), {Require(x, Level::Mandatory)})),
        req_b(b.Rule("req_b", {bb}, Load(), {Require(x, Level::Voluntary)})),
        ex_c(b.Rule("ex_c", {c}, Load(), {Exempt(x)})),
        program(b.Verify()) {}

  SchemeResult Decide(std::string_view json) {
    auto product = facts::Bind(program.module(), json, "p.json");
    REQUIRE(product.ok());
    return EvaluateOnce(program, *product, {Day("2025-06-01")}).schemes[x];
  }
};

using Rules = std::vector<uint32_t>;

TEST_CASE("decisions: required, levels, not required") {
  DecisionFixture f;
  SchemeResult both = f.Decide(R"({"a": true, "b": true, "c": false})");
  CHECK(both.status == Status::Required);
  CHECK(both.level == Level::Mandatory);
  CHECK(both.fired == Rules{f.req_a, f.req_b});

  SchemeResult voluntary = f.Decide(R"({"a": false, "b": true, "c": false})");
  CHECK(voluntary.status == Status::Required);
  CHECK(voluntary.level == Level::Voluntary);
  CHECK(voluntary.fired == Rules{f.req_b});

  SchemeResult none = f.Decide(R"({"a": false, "b": false, "c": true})");
  CHECK(none.status == Status::NotRequired);  // an exemption of nothing changes nothing
  CHECK(none.deciding == Rules{f.req_a, f.req_b});
  CHECK(none.level == Level::Mandatory);  // the declared level
  CHECK(none.undetermined.empty());
  CHECK(none.missing.empty());
}

TEST_CASE("decisions: exempt beats required and undetermined") {
  DecisionFixture f;
  SchemeResult required = f.Decide(R"({"a": true, "c": true})");
  CHECK(required.status == Status::Exempt);
  CHECK(required.fired == Rules{f.req_a});
  CHECK(required.exempting == Rules{f.ex_c});

  SchemeResult unknown = f.Decide(R"({"c": true})");
  CHECK(unknown.status == Status::Exempt);
  CHECK(unknown.exempting == Rules{f.ex_c});
  CHECK(unknown.missing.empty());
}

TEST_CASE("decisions: an unknown exemption leaves a required scheme undetermined") {
  DecisionFixture f;
  SchemeResult result = f.Decide(R"({"a": true, "b": false})");
  CHECK(result.status == Status::Undetermined);
  CHECK(result.fired == Rules{f.req_a});
  CHECK(result.undetermined == Rules{f.ex_c});
  CHECK(result.missing == Rules{f.c});

  // Unknown requirements do not matter once one requirement is true.
  SchemeResult other = f.Decide(R"({"a": true})");
  CHECK(other.undetermined == Rules{f.ex_c});
  CHECK(other.missing == Rules{f.c});
}

TEST_CASE("decisions: unknown requirements and exemptions together") {
  DecisionFixture f;
  SchemeResult result = f.Decide(R"({"b": false})");
  CHECK(result.status == Status::Undetermined);
  CHECK(result.undetermined == Rules{f.req_a, f.ex_c});
  CHECK(result.missing == Rules{f.a, f.c});
  CHECK(result.fired.empty());
  CHECK(result.level == Level::Mandatory);

  SchemeResult no_exemption_doubt = f.Decide(R"({"b": false, "c": false})");
  CHECK(no_exemption_doubt.undetermined == Rules{f.req_a});
  CHECK(no_exemption_doubt.missing == Rules{f.a});
}

// A mark the applicant chooses (`on request`): where it would be undetermined it is
// available, with the rules that would decide it but nothing missing; otherwise as any scheme.
TEST_CASE("decisions: an on-request scheme is available instead of undetermined") {
  Fixture f;
  f.b.module().schemes[f.y].on_request = true;
  Assembler code;
  code.Op(Opcode::LoadFact, {0}).Op(Opcode::Return);
  uint32_t asked = f.b.Rule("asked", {f.a}, code, {Require(f.y, Level::Voluntary)});
  uint32_t abroad = f.b.Rule("abroad", {f.c}, code, {Exempt(f.y)});
  auto program = f.b.Verify();
  auto decide = [&](std::string_view json) {
    auto product = facts::Bind(program.module(), json, "p.json");
    REQUIRE(product.ok());
    return EvaluateOnce(program, *product, {Day("2025-06-01")}).schemes[f.y];
  };
  SchemeResult open = decide(R"({"c": false})");
  CHECK(open.status == Status::Available);
  CHECK(open.level == Level::Voluntary);
  CHECK(open.undetermined == Rules{asked});
  CHECK(open.missing.empty());

  SchemeResult exemption_open = decide(R"({"a": true})");
  CHECK(exemption_open.status == Status::Available);
  CHECK(exemption_open.fired == Rules{asked});
  CHECK(exemption_open.undetermined == Rules{abroad});
  CHECK(exemption_open.missing.empty());

  CHECK(decide(R"({"a": true, "c": false})").status == Status::Required);
  CHECK(decide(R"({"a": false, "c": false})").status == Status::NotRequired);
  CHECK(decide(R"({"c": true})").status == Status::Exempt);
}

// Obligations per component (vm.h): each (scheme, component) is decided by its own rules, an
// exemption without `for` holds for all of them, and the scheme's status is derived: required
// if any is, else undetermined if any is, ...; its lists are the unions.
TEST_CASE("decisions: obligations attach to components and the scheme is derived from them") {
  Fixture f;
  uint32_t adapter = f.b.Component("supplied_adapter", "Supplied power adapter");
  uint32_t cells = f.b.Component("cells", "Built-in cells");
  Assembler code;
  code.Op(Opcode::LoadFact, {0}).Op(Opcode::Return);
  uint32_t own = f.b.Rule("own", {f.a}, code, {Require(f.x)});
  uint32_t box = f.b.Rule("box", {f.bb}, code, {RequireFor(f.x, adapter)});
  uint32_t sample = f.b.Rule("sample", {f.c}, code, {Exempt(f.x)});
  auto threshold = static_cast<uint32_t>(f.b.module().numbers.size());
  f.b.module().numbers.push_back(36);
  Assembler above;
  above.Op(Opcode::LoadFact, {0}).Op(Opcode::PushNumber, {threshold}).Op(Opcode::Greater);
  above.Op(Opcode::Return);
  uint32_t cells_rule =
      f.b.Rule("cells", {f.volts2}, above, {RequireFor(f.x, cells, Level::Voluntary)});
  uint32_t product_only = f.b.Rule("product_only", {f.a}, code, {ExemptFor(f.x, kProductItself)});
  auto program = f.b.Verify();
  auto decide = [&](std::string_view json) {
    auto product = facts::Bind(program.module(), json, "p.json");
    REQUIRE(product.ok());
    return EvaluateOnce(program, *product, {Day("2025-06-01")}).schemes[f.x];
  };
  // The laptop of unknown own status: required for the adapter, the product's own open.
  SchemeResult open = decide(R"({"b": true, "c": false, "volts2": 10})");
  REQUIRE(open.obligations.size() == 3);
  CHECK(open.obligations[0].component == bytecode::kNone);
  CHECK(open.obligations[1].component == adapter);
  CHECK(open.obligations[2].component == cells);
  CHECK(open.obligations[0].status == Status::Undetermined);
  CHECK(open.obligations[0].missing == Rules{f.a});
  CHECK(open.obligations[1].status == Status::Required);
  CHECK(open.obligations[1].fired == Rules{box});
  CHECK(open.obligations[2].status == Status::NotRequired);
  CHECK(open.obligations[2].deciding == Rules{cells_rule});
  CHECK(open.status == Status::Required);
  CHECK(open.level == Level::Mandatory);
  CHECK(open.fired == Rules{box});
  CHECK(open.missing == Rules{f.a});  // one obligation is still open
  CHECK(IsOpen(open));

  // Only the voluntary cells obligation applies: the scheme is required voluntary.
  SchemeResult cells_only = decide(R"({"a": false, "b": false, "c": false, "volts2": 48})");
  CHECK(cells_only.status == Status::Required);
  CHECK(cells_only.level == Level::Voluntary);
  CHECK(!IsOpen(cells_only));

  // Nothing required, one obligation undetermined: the scheme is undetermined.
  CHECK(decide(R"({"a": false, "c": false, "volts2": 10})").status == Status::Undetermined);
  // Nothing applies: not required, with the false rules of every obligation.
  SchemeResult none = decide(R"({"a": false, "b": false, "c": false, "volts2": 10})");
  CHECK(none.status == Status::NotRequired);
  CHECK(none.deciding == Rules{own, box, cells_rule});

  // An exemption without `for` exempts every obligation; `for product` only the product's.
  SchemeResult exempt = decide(R"({"a": false, "b": true, "c": true, "volts2": 48})");
  CHECK(exempt.status == Status::Exempt);
  CHECK(exempt.obligations[1].status == Status::Exempt);
  CHECK(exempt.obligations[2].status == Status::Exempt);
  CHECK(exempt.exempting == Rules{sample});
  SchemeResult own_exempt = decide(R"({"a": true, "b": true, "c": false, "volts2": 10})");
  CHECK(own_exempt.obligations[0].status == Status::Exempt);
  CHECK(own_exempt.obligations[0].exempting == Rules{product_only});
  CHECK(own_exempt.obligations[1].status == Status::Required);
  CHECK(own_exempt.status == Status::Required);

  // A scheme no rule attaches to a component has no obligations list.
  CHECK(EvaluateOnce(program, *facts::Bind(program.module(), "{}", "p.json"), {Day("2025-06-01")})
            .schemes[f.y]
            .obligations.empty());
}

TEST_CASE("a rule with several actions is evaluated once and counts for each scheme") {
  Fixture f;
  Assembler code;
  code.Op(Opcode::LoadFact, {0}).Op(Opcode::Return);
  f.b.Rule("both", {f.a}, code, {Require(f.x), Require(f.y, Level::Voluntary)});
  auto program = f.b.Verify();
  auto product = facts::Bind(program.module(), R"({"a": true})", "p.json");
  Result result = EvaluateOnce(program, *product, {Day("2025-06-01")});
  CHECK(result.schemes[f.x].status == Status::Required);
  CHECK(result.schemes[f.x].level == Level::Mandatory);
  CHECK(result.schemes[f.y].status == Status::Required);
  CHECK(result.schemes[f.y].level == Level::Voluntary);
}

TEST_CASE("an Evaluator and a Result can be reused; copies evaluate independently") {
  DecisionFixture f;
  auto evaluator = MakeEvaluator(f.program);
  Result result;
  auto undetermined = facts::Bind(f.program.module(), "{}", "p.json");
  auto required = facts::Bind(f.program.module(), R"({"a": true, "c": false})", "p.json");
  evaluator->Evaluate(*undetermined, {Day("2025-06-01")}, result);
  CHECK(result.schemes[f.x].status == Status::Undetermined);
  evaluator->Evaluate(*required, {Day("2025-06-01")}, result);
  CHECK(result.schemes[f.x].status == Status::Required);
  CHECK(result.schemes[f.x].missing.empty());
  CHECK(result.schemes[f.x].undetermined.empty());
  CHECK(result.schemes[f.x].fired == Rules{f.req_a});

  auto copy = evaluator->Copy();
  Result other;
  copy->Evaluate(*undetermined, {Day("2025-06-01")}, other);
  CHECK(other.schemes[f.x].status == Status::Undetermined);
  CHECK(result.schemes[f.x].status == Status::Required);
}

}  // namespace
}  // namespace ccr::vm
