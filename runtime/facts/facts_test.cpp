#include "runtime/facts/facts.h"

#include <doctest/doctest.h>

#include <string>

#include "runtime/vm/testing/module_builder.h"

namespace ccr::facts {
namespace {

using bytecode::kNone;
using bytecode::TypeKind;
using vm::testing::ModuleBuilder;

// The facts of a laptop catalogue: one of every type.
struct Fixture {
  ModuleBuilder b;
  uint32_t category_enum, radio_enum;
  uint32_t emits_radio, volts, category, radios, model;
  bytecode::Module module;

  Fixture() {
    category_enum = b.Enum("Category", {"laptop", "desktop_pc", "smartphone", "power_bank"});
    radio_enum = b.Enum("RadioTech", {"wifi", "bluetooth", "cellular"});
    emits_radio = b.Fact("emits_radio", TypeKind::Bool);
    volts = b.Fact("rated_voltage_v", TypeKind::Number, kNone, "V");
    category = b.Fact("category", TypeKind::Enum, category_enum);
    radios = b.Fact("radio_technologies", TypeKind::EnumSet, radio_enum);
    model = b.Fact("model_name", TypeKind::String);
    b.String("X1 Carbon");
    module = b.module();
  }

  std::string ErrorOf(std::string_view json, std::string_view where = "laptop.json") {
    auto product = Bind(module, json, where);
    REQUIRE_FALSE(product.ok());
    return product.error().message;
  }
};

TEST_CASE("binds every type") {
  Fixture f;
  auto product = Bind(f.module, R"({
    "product": "Seed laptop",
    "emits_radio": true,
    "rated_voltage_v": 220,
    "category": "laptop",
    "radio_technologies": ["bluetooth", "wifi", "wifi"],
    "model_name": "X1 Carbon"
  })",
                      "laptop.json");
  REQUIRE_MESSAGE(product.ok(), product.error().message);
  CHECK(product->name == "Seed laptop");
  REQUIRE(product->values.size() == f.module.facts.size());
  CHECK(product->values[f.emits_radio].known);
  CHECK(product->values[f.emits_radio].boolean);
  CHECK(product->values[f.volts].number == 220);
  CHECK(product->values[f.category].index == 0);
  CHECK(product->values[f.radios].bits == 0b011);  // duplicates are fine
  CHECK(product->values[f.model].text == "X1 Carbon");
  CHECK(product->values[f.model].index != kNone);
  CHECK(f.module.strings[product->values[f.model].index] == "X1 Carbon");
  CHECK(product->warnings.empty());
}

TEST_CASE("absent and null facts are unknown; numbers of every JSON form") {
  Fixture f;
  auto product = Bind(
      f.module, R"({"emits_radio": null, "rated_voltage_v": -1.5e1, "model_name": "Q"})", "p.json");
  REQUIRE(product.ok());
  CHECK(product->name.empty());
  CHECK_FALSE(product->values[f.emits_radio].known);
  CHECK_FALSE(product->values[f.category].known);
  CHECK(product->values[f.volts].number == -15);
  CHECK(product->values[f.model].index == kNone);  // no constant equals "Q"
  CHECK(product->values[f.model].text == "Q");

  auto big =
      Bind(f.module, R"({"rated_voltage_v": 18446744073709551615, "product": null})", "p.json");
  REQUIRE(big.ok());
  CHECK(big->values[f.volts].number == doctest::Approx(1.8446744073709552e19));
  CHECK(big->name.empty());
}

TEST_CASE("undeclared keys are warnings, with a suggestion when close") {
  Fixture f;
  auto product = Bind(f.module, R"({"colour": "red", "emit_radio": true})", "laptop.json");
  REQUIRE(product.ok());
  REQUIRE(product->warnings.size() == 2);
  CHECK(product->warnings[0] == "laptop.json: `colour` is not a declared fact; ignored");
  CHECK(product->warnings[1] ==
        "laptop.json: `emit_radio` is not a declared fact; ignored (did you mean "
        "`emits_radio`?)");
}

TEST_CASE("type mismatches name the fact, the declared type and what was given") {
  Fixture f;
  CHECK(f.ErrorOf(R"({"rated_voltage_v": "220"})") ==
        "laptop.json: fact `rated_voltage_v` must be a number (declared `number in V`), got "
        "string \"220\"");
  CHECK(f.ErrorOf(R"({"emits_radio": "yes"})") ==
        "laptop.json: fact `emits_radio` must be true or false (declared `bool`), got string "
        "\"yes\"");
  CHECK(f.ErrorOf(R"({"emits_radio": 1})") ==
        "laptop.json: fact `emits_radio` must be true or false (declared `bool`), got number 1");
  CHECK(f.ErrorOf(R"({"model_name": 5.5})") ==
        "laptop.json: fact `model_name` must be a string (declared `string`), got number 5.5");
  CHECK(f.ErrorOf(R"({"category": ["laptop"]})") ==
        "laptop.json: fact `category` must be a string naming one of its values (declared "
        "`Category`), got an array");
  CHECK(f.ErrorOf(R"({"radio_technologies": "wifi"})") ==
        "laptop.json: fact `radio_technologies` must be an array of value names (declared `set "
        "of RadioTech`), got string \"wifi\"");
  CHECK(f.ErrorOf(R"({"radio_technologies": ["wifi", false]})") ==
        "laptop.json: fact `radio_technologies` element 2 must be a string naming a value "
        "(declared `set of RadioTech`), got false");
  CHECK(f.ErrorOf(R"({"rated_voltage_v": {"value": 220}})") ==
        "laptop.json: fact `rated_voltage_v` must be a number (declared `number in V`), got an "
        "object");
}

TEST_CASE("unknown enum values: a suggestion, or the list of values") {
  Fixture f;
  CHECK(f.ErrorOf(R"({"category": "laptopp"})") ==
        "laptop.json: fact `category` has no value `laptopp`; did you mean `laptop`?");
  CHECK(f.ErrorOf(R"({"category": "toaster"})") ==
        "laptop.json: fact `category` has no value `toaster`; expected one of `laptop`, "
        "`desktop_pc`, `smartphone`, `power_bank`");
  CHECK(f.ErrorOf(R"({"radio_technologies": ["wifi", "blutooth"]})") ==
        "laptop.json: fact `radio_technologies` has no value `blutooth`; did you mean "
        "`bluetooth`?");
}

TEST_CASE("the product name must be a string") {
  Fixture f;
  CHECK(f.ErrorOf(R"({"product": 42})") ==
        "laptop.json: `product` must be a string naming the product, got number 42");
}

TEST_CASE("keys given twice") {
  Fixture f;
  CHECK(f.ErrorOf(R"({"emits_radio": true, "emits_radio": false})") ==
        "laptop.json: fact `emits_radio` is given twice; give each fact once");
  CHECK(f.ErrorOf(R"({"product": "a", "product": "b"})") ==
        "laptop.json: `product` is given twice; give the product's name once");
}

TEST_CASE("every problem of an object is reported, one per line") {
  Fixture f;
  CHECK(f.ErrorOf(R"({"emits_radio": 1, "category": "laptopp", "colour": 1, "model_name": 2})",
                  "catalog.jsonl:3") ==
        "catalog.jsonl:3: fact `emits_radio` must be true or false (declared `bool`), got number "
        "1\n"
        "catalog.jsonl:3: fact `category` has no value `laptopp`; did you mean `laptop`?\n"
        "catalog.jsonl:3: fact `model_name` must be a string (declared `string`), got number 2");
}

TEST_CASE("the top level must be an object") {
  Fixture f;
  CHECK(f.ErrorOf("[1, 2]") ==
        "laptop.json: expected a JSON object of product facts, got an "
        "array");
  CHECK(f.ErrorOf("\"laptop\"") ==
        "laptop.json: expected a JSON object of product facts, got a string");
  CHECK(f.ErrorOf("null") == "laptop.json: expected a JSON object of product facts, got null");
}

TEST_CASE("malformed JSON gives the position") {
  Fixture f;
  // Positions are where nlohmann::json detects the error: the last byte it read.
  SUBCASE("one line: the column") {
    std::string message = f.ErrorOf(R"({"emits_radio": tru, "x": 1})", "catalog.jsonl:12");
    INFO(message);
    CHECK(message.starts_with("catalog.jsonl:12: malformed JSON at column 20: "));
    CHECK(message.find("invalid literal") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
  }
  SUBCASE("several lines: line and column") {
    std::string message = f.ErrorOf("{\n  \"emits_radio\": true,\n  \"category\" \"laptop\"\n}");
    INFO(message);
    CHECK(message.starts_with("laptop.json: malformed JSON at line 3, column 21: "));
  }
  SUBCASE("trailing garbage") {
    std::string message = f.ErrorOf(R"({"emits_radio": true} x)");
    CHECK(message.starts_with("laptop.json: malformed JSON at column 23: "));
  }
  SUBCASE("empty input") {
    std::string message = f.ErrorOf("");
    CHECK(message.starts_with("laptop.json: malformed JSON at column 1: "));
  }
  SUBCASE("a control character in the input stays escaped in the message") {
    std::string message = f.ErrorOf("{\"a\x01\": 1}");
    CHECK(message.starts_with("laptop.json: malformed JSON at column 4: "));
    CHECK(message.find('\x01') == std::string::npos);
  }
}

TEST_CASE("hostile input is an error, not a crash") {
  Fixture f;
  std::string deep =
      "{\"emits_radio\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK(f.ErrorOf(deep).starts_with("laptop.json: malformed JSON: "));
  std::string nul("{\"model_name\": \"a\0b\"}", 22);
  CHECK(f.ErrorOf(nul).starts_with("laptop.json: malformed JSON at column 18: "));
  CHECK(f.ErrorOf("{\"model_name\": \"\xff\"}").starts_with("laptop.json: malformed JSON"));
}

TEST_CASE("a Binder is reusable and copies bind independently") {
  Fixture f;
  Binder binder(f.module);
  auto first = binder.Bind(R"({"category": "smartphone"})", "1.json");
  auto bad = binder.Bind(R"({"category": 1})", "2.json");
  auto second = binder.Bind(R"({"emits_radio": false})", "3.json");
  REQUIRE(first.ok());
  REQUIRE_FALSE(bad.ok());
  REQUIRE(second.ok());
  CHECK(first->values[f.category].index == 2);
  CHECK_FALSE(second->values[f.category].known);  // nothing leaks between products
  CHECK(second->values[f.emits_radio].known);

  Binder copy = binder;
  auto third = copy.Bind(R"({"emits_radio": true, "emits_radio": true})", "4.json");
  CHECK_FALSE(third.ok());
  auto fourth = binder.Bind(R"({"emits_radio": true})", "5.json");
  CHECK(fourth.ok());
}

TEST_CASE("FromLiterals builds a test's product") {
  Fixture f;
  std::vector<bytecode::Literal> given(4);
  given[0].fact = f.volts;
  given[0].kind = TypeKind::Number;
  given[0].number = 220;
  given[1].fact = f.radios;
  given[1].kind = TypeKind::EnumSet;
  given[1].members = {0, 2};
  given[2].fact = f.model;
  given[2].kind = TypeKind::String;
  given[2].index = f.b.String("X1 Carbon");
  given[3].fact = f.category;
  given[3].kind = TypeKind::Enum;
  given[3].index = 3;
  Product product = FromLiterals(f.module, given);
  REQUIRE(product.values.size() == f.module.facts.size());
  CHECK(product.values[f.volts].known);
  CHECK(product.values[f.volts].number == 220);
  CHECK(product.values[f.radios].bits == 0b101);
  CHECK(product.values[f.model].text == "X1 Carbon");
  CHECK(product.values[f.category].index == 3);
  CHECK_FALSE(product.values[f.emits_radio].known);
}

TEST_CASE("DeclaredType") {
  Fixture f;
  CHECK(DeclaredType(f.module, f.module.facts[f.emits_radio]) == "bool");
  CHECK(DeclaredType(f.module, f.module.facts[f.volts]) == "number in V");
  CHECK(DeclaredType(f.module, f.module.facts[f.category]) == "Category");
  CHECK(DeclaredType(f.module, f.module.facts[f.radios]) == "set of RadioTech");
  CHECK(DeclaredType(f.module, f.module.facts[f.model]) == "string");
}

}  // namespace
}  // namespace ccr::facts
