// The binder's fast path (internal/on_demand.h) against its DOM path: on every line below,
// Binder::Bind must give the same Product, warnings and error as BindOptions::dom_only, and the
// fast path must bind the clean lines itself and give up on the others.
#include "runtime/facts/internal/on_demand.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "runtime/facts/facts.h"
#include "runtime/facts/testing/same_binding.h"
#include "runtime/vm/testing/module_builder.h"

namespace ccr::facts {
namespace {

using bytecode::kNone;
using bytecode::TypeKind;
using vm::testing::ModuleBuilder;

// One fact of every type, a default, and as layout 0 a PLM export's keys.
struct Fixture {
  bytecode::Module module;
  uint32_t emits_radio, volts, category, radios, model;

  Fixture() {
    ModuleBuilder b;
    uint32_t category_enum = b.Enum("Category", {"laptop", "desktop_pc", "smartphone"});
    uint32_t radio_enum = b.Enum("RadioTech", {"wifi", "bluetooth", "cellular"});
    emits_radio = b.Fact("emits_radio", TypeKind::Bool);
    volts = b.Fact("rated_voltage_v", TypeKind::Number, kNone, "V");
    category = b.Fact("category", TypeKind::Enum, category_enum);
    radios = b.Fact("radio_technologies", TypeKind::EnumSet, radio_enum);
    model = b.Fact("model_name", TypeKind::String);
    b.String("X1 Carbon");
    module = b.module();
    bytecode::Literal assume_no_radio;
    assume_no_radio.fact = emits_radio;
    assume_no_radio.kind = TypeKind::Bool;
    module.defaults.push_back(assume_no_radio);
    auto text = [&](std::string value) {
      module.strings.push_back(std::move(value));
      return static_cast<uint32_t>(module.strings.size() - 1);
    };
    bytecode::Layout layout;
    layout.name = text("plm");
    layout.columns.push_back({text("SKU"), kNone, 1, kNone, {}});
    layout.columns.push_back({text("Type"), category, 1, kNone, {{text("Notebook"), 0}}});
    layout.columns.push_back({text("Voltage (kV)"), volts, 1000, kNone, {}});
    layout.columns.push_back({text("Radios"), radios, 1, text("|"), {{text("WLAN"), 0}}});
    layout.ignored.push_back(text("Price"));
    module.layouts.push_back(std::move(layout));
  }

  // Whether the fast path alone binds `json`; then its product (defaults applied) must equal
  // the DOM path's.
  bool FastPathBinds(std::string_view json, const BindOptions& options) {
    auto tables = internal::BuildTables(module, options.layout);
    internal::BindScratch scratch;
    Product product;
    product.values.resize(module.facts.size());
    scratch.seen.assign(module.facts.size(), 0);
    if (!internal::BindOnDemand(*tables, options, json, "p.jsonl:1", scratch, product)) {
      return false;
    }
    ApplyDefaults(module, product);
    BindOptions dom = options;
    dom.dom_only = true;
    auto expected = Binder(module, dom).Bind(json, "p.jsonl:1");
    REQUIRE_MESSAGE(expected.ok(), expected.error().message);
    std::string difference = testing::ProductDifference(product, *expected);
    CHECK_MESSAGE(difference.empty(), difference);
    return true;
  }

  // Binder::Bind's result, checked equal to the DOM path's.
  Expected<Product> BindBoth(std::string_view json, const BindOptions& options) {
    BindOptions dom = options;
    dom.dom_only = true;
    auto fast = Binder(module, options).Bind(json, "p.jsonl:1");
    auto expected = Binder(module, dom).Bind(json, "p.jsonl:1");
    std::string difference = testing::BindingDifference(fast, expected);
    CHECK_MESSAGE(difference.empty(), difference);
    return fast;
  }
};

const std::vector<std::string> kCleanLines = {
    "{}",
    R"({"product": "Seed laptop", "emits_radio": true, "rated_voltage_v": 220,
        "category": "laptop", "radio_technologies": ["bluetooth", "wifi", "wifi"],
        "model_name": "X1 Carbon"})",
    R"({"emits_radio": null, "rated_voltage_v": null, "category": null, "product": null,
        "radio_technologies": null, "model_name": null})",
    R"({"radio_technologies": [], "model_name": ""})",
    // Numbers of every form, those simdjson reads as int64, uint64 and double included.
    R"({"rated_voltage_v": -0})",
    R"({"rated_voltage_v": -0.0})",
    R"({"rated_voltage_v": 0.1})",
    R"({"rated_voltage_v": 1e300})",
    R"({"rated_voltage_v": 1E-5})",
    R"({"rated_voltage_v": 9007199254740993})",
    R"({"rated_voltage_v": 18446744073709551615})",
    R"({"rated_voltage_v": -9223372036854775808})",
    R"({"rated_voltage_v": 2.2250738585072011e-308})",
    // Escapes in keys and values.
    R"({"model_name": "X1 \"Carbon\"\n\u00e9\ud83d\ude00", "emits\u005fradio": false})",
    R"({"product": "\u0000", "model_name": "\/"})",
    // Undeclared keys with scalar values (a catalogue's `id` column).
    R"({"id": 17, "colour": "red", "emit_radio": true, "spare": null, "n": -1.5e3})",
    "  {\n\t\"emits_radio\" : false ,\r\n \"id\":\"A-1\" }  \n",
    // Layout keys: the product's id, a synonym, kV scaled to V, a separator, ignored keys.
    R"json({"SKU": "P-2", "Type": "Notebook", "Voltage (kV)": 0.5, "Radios": "WLAN|bluetooth",
        "Price": 3})json",
    R"json({"SKU": null, "Voltage (kV)": "0.22", "Radios": ["cellular"], "Price": "n/a"})json",
    // Keys read by their bytes (no backslash) ending at every place in an eight-byte word, and
    // keys with escapes anywhere (unescaped first).
    R"({"": 0, "a": 1, "ab": 2, "abc": 3, "abcd": 4, "abcde": 5, "abcdef": 6, "abcdefg": 7,
        "abcdefgh": 8, "abcdefghi": 9, "category": "desktop_pc", "model_name": "m",
        "emits_radio": true, "colouré": "红", "radio_technologies": ["cellular"]})",
    R"({"rated_voltage\u005fv": 12, "\\": 1, "a\"b": 2, "x\\": 3, "\u0063ategory": "laptop",
        "abcdefgh\"": 4, "abcdefg\\": 5, "model\u005Fname": "n", "emits_radio ": 6})",
};

const std::vector<std::string> kOtherLines = {
    // Errors: each is the DOM path's to word.
    R"({"emits_radio": true, "emits_radio": false})",
    R"({"product": "a", "product": "b"})",
    R"({"product": 42})",
    R"({"rated_voltage_v": "220"})",
    R"({"emits_radio": 1})",
    R"({"model_name": 5.5})",
    R"({"category": ["laptop"]})",
    R"({"category": "laptopp"})",
    R"({"radio_technologies": "wifi"})",
    R"({"radio_technologies": ["wifi", false]})",
    R"({"radio_technologies": ["wifi", null]})",
    R"({"radio_technologies": ["wifi", "blutooth"]})",
    R"({"rated_voltage_v": {"value": 220}})",
    R"json({"Voltage (kV)": "high"})json",
    R"({"Type": "Notebok"})",
    R"({"Type": "laptop", "category": "laptop"})",
    // Malformed JSON and other top levels.
    "",
    "   ",
    "[1, 2]",
    "\"laptop\"",
    "null",
    "{",
    "}",
    R"({"emits_radio": tru})",
    R"({"emits_radio": truex})",
    R"({"emits_radio": nul})",
    R"({"id": nul})",
    R"({"id": tru, "emits_radio": true})",
    R"({"id": 01})",
    R"({"id": "\x"})",
    R"({"rated_voltage_v": 1e400})",
    R"({"rated_voltage_v": 123456789012345678901})",
    R"({"rated_voltage_v": -})",
    R"({"rated_voltage_v": 1.})",
    R"({"emits_radio": true} x)",
    R"({"emits_radio": true} {})",
    R"({"emits_radio": true}})",
    R"({"emits_radio": true,})",
    R"({"emits_radio" true})",
    R"({"emits_radio": true "category": "laptop"})",
    R"({emits_radio: true})",
    "{\"model_name\": \"\xff\"}",
    std::string("{\"model_name\": \"a\0b\"}", 22),
    // Valid, but the fast path leaves them to the DOM path.
    R"({"id": [1, 2], "emits_radio": true})",
    R"({"id": {"a": 1}})",
    R"({"Price": [1]})",
};

TEST_CASE("the fast path binds clean lines exactly as the DOM path does") {
  Fixture f;
  for (Undeclared undeclared : {Undeclared::WarnEach, Undeclared::Collect}) {
    for (uint32_t layout : {kNone, uint32_t{0}}) {
      BindOptions options{undeclared, layout};
      for (const std::string& line : kCleanLines) {
        bool layout_line = line.find("SKU") != std::string::npos;
        if (layout_line && layout == kNone) continue;  // its keys are undeclared: checked below
        INFO(line);
        CHECK(f.FastPathBinds(line, options));
        auto product = f.BindBoth(line, options);
        CHECK(product.ok());
      }
    }
  }
  // A few values, that the comparison above is not of two empty products.
  auto product = f.BindBoth(kCleanLines[1], {});
  REQUIRE(product.ok());
  CHECK(product->name == "Seed laptop");
  CHECK(product->values[f.volts].number == 220);
  CHECK(product->values[f.radios].bits == 0b011);
  CHECK(f.module.strings[product->values[f.model].index] == "X1 Carbon");
  auto assumed = f.BindBoth("{}", {});
  REQUIRE(assumed.ok());
  CHECK(assumed->assumed == std::vector<uint32_t>{f.emits_radio});
  auto warned = f.BindBoth(kCleanLines[15], {});
  REQUIRE(warned.ok());
  CHECK(warned->warnings.size() == 5);
  CHECK(warned->undeclared == std::vector<std::string>{"id", "colour", "emit_radio", "spare", "n"});
  CHECK(warned->warnings[2].find("did you mean `emits_radio`?") != std::string::npos);
  auto layout = f.BindBoth(kCleanLines[17], BindOptions{Undeclared::Collect, 0});
  REQUIRE(layout.ok());
  CHECK(layout->name == "P-2");
  CHECK(layout->values[f.volts].number == 500);
  CHECK(layout->values[f.radios].bits == 0b011);
  // Keys by their bytes and unescaped: the facts found, the other keys kept as given.
  auto plain = f.BindBoth(kCleanLines[19], {});
  REQUIRE(plain.ok());
  CHECK(plain->values[f.category].index == 1);
  CHECK(plain->values[f.radios].bits == 0b100);
  CHECK(plain->undeclared.size() == 11);
  CHECK(plain->undeclared[9] == "abcdefghi");
  CHECK(plain->undeclared[10] == "colouré");
  auto escaped = f.BindBoth(kCleanLines[20], {});
  REQUIRE(escaped.ok());
  CHECK(escaped->values[f.volts].number == 12);
  CHECK(escaped->values[f.category].index == 0);
  CHECK(escaped->values[f.model].text == "n");
  CHECK(escaped->undeclared ==
        std::vector<std::string>{"\\", "a\"b", "x\\", "abcdefgh\"", "abcdefg\\", "emits_radio "});
}

TEST_CASE("the fast path gives up on everything else, and Bind answers as the DOM path") {
  Fixture f;
  for (Undeclared undeclared : {Undeclared::WarnEach, Undeclared::Collect}) {
    for (uint32_t layout : {kNone, uint32_t{0}}) {
      BindOptions options{undeclared, layout};
      for (const std::string& line : kOtherLines) {
        INFO(line);
        // Without the layout its keys are undeclared keys with scalar values: clean.
        bool layout_line =
            line.find("(kV)") != std::string::npos || line.find("\"Type\"") != std::string::npos;
        if (!layout_line || layout == 0) CHECK_FALSE(f.FastPathBinds(line, options));
        (void)f.BindBoth(line, options);
      }
    }
  }
  // --strict: an undeclared key is an error, worded by the DOM path.
  BindOptions strict{Undeclared::Refuse};
  CHECK_FALSE(f.FastPathBinds(R"({"id": 1})", strict));
  auto refused = f.BindBoth(R"({"id": 1})", strict);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::UndeclaredKey);
  for (const std::string& line : kCleanLines) {
    if (line.find("SKU") == std::string::npos) (void)f.BindBoth(line, strict);
  }
}

TEST_CASE("a byte order mark, a reused Binder and a reused Product: the same as the DOM path") {
  Fixture f;
  Binder fast(f.module);
  Binder dom(f.module, BindOptions{.dom_only = true});
  std::vector<std::string> lines = kCleanLines;
  lines.insert(lines.end(), kOtherLines.begin(), kOtherLines.end());
  lines.push_back("\xEF\xBB\xBF{\"emits_radio\": true}");
  lines.push_back("\xEF\xBB\xBF{\"emits_radio\": tru}");
  // Long lines first, then short ones: the padded buffer is reused, never read past the line.
  lines.insert(lines.begin(), "{\"model_name\": \"" + std::string(5000, 'x') + "\"}");
  // Each binder also binds every line into one Product, as a batch does: whatever the line
  // before left in it (values, strings, warnings, a failed line's half), the same result.
  Product fast_reused, dom_reused;
  size_t errors = 0;
  for (const std::string& line : lines) {
    INFO(line);
    auto expected = dom.Bind(line, "c.jsonl:7");
    std::string difference = testing::BindingDifference(fast.Bind(line, "c.jsonl:7"), expected);
    CHECK_MESSAGE(difference.empty(), difference);
    for (auto [binder, reused] : {std::pair{&fast, &fast_reused}, std::pair{&dom, &dom_reused}}) {
      auto into = binder->Bind(line, "c.jsonl:7", *reused);
      REQUIRE(into.ok() == expected.ok());
      if (expected.ok()) {
        difference = testing::ProductDifference(*reused, *expected);
        CHECK_MESSAGE(difference.empty(), difference);
      } else {
        CHECK(into.error().message == expected.error().message);
        CHECK(into.error().kind == expected.error().kind);
      }
    }
    errors += !expected.ok();
  }
  CHECK(errors > 10);
}

}  // namespace
}  // namespace ccr::facts
