#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "runtime/facts/facts.h"
#include "runtime/vm/testing/module_builder.h"

namespace ccr::facts {
namespace {

using bytecode::kNone;
using bytecode::TypeKind;
using vm::testing::ModuleBuilder;

// A laptop catalogue's facts and, as layout 0, a PLM export's columns.
struct Tables {
  bytecode::Module module;
  uint32_t emits_radio, volts, category, radios, model;

  Tables() {
    ModuleBuilder b;
    uint32_t category_enum = b.Enum("Category", {"laptop", "desktop_pc"});
    uint32_t radio_enum = b.Enum("RadioTech", {"wifi", "bluetooth", "cellular"});
    emits_radio = b.Fact("emits_radio", TypeKind::Bool);
    volts = b.Fact("rated_voltage_v", TypeKind::Number, kNone, "V");
    category = b.Fact("category", TypeKind::Enum, category_enum);
    radios = b.Fact("radio_technologies", TypeKind::EnumSet, radio_enum);
    model = b.Fact("model_name", TypeKind::String);
    module = b.module();
    auto text = [&](std::string value) {
      module.strings.push_back(std::move(value));
      return static_cast<uint32_t>(module.strings.size() - 1);
    };
    bytecode::Layout layout;
    layout.name = text("plm");
    layout.columns.push_back({text("SKU"), kNone, 1, kNone, {}});
    layout.columns.push_back({text("Type"), category, 1, kNone, {{text("Notebook"), 0}}});
    layout.columns.push_back(
        {text("Radio"), emits_radio, 1, kNone, {{text("Y"), 1}, {text("是"), 1}, {text("否"), 0}}});
    layout.columns.push_back({text("Voltage (kV)"), volts, 1000, kNone, {}});
    layout.columns.push_back({text("Radios"), radios, 1, text("|"), {{text("WLAN"), 0}}});
    layout.ignored.push_back(text("Price"));
    module.layouts.push_back(std::move(layout));
  }

  Expected<Product> Row(const std::vector<std::string>& headers,
                        const std::vector<std::string>& cells, uint32_t layout = kNone) {
    Binder binder(module, BindOptions{Undeclared::Collect, layout});
    auto columns = binder.ColumnsFor(headers, "c.csv:1");
    REQUIRE_MESSAGE(columns.ok(), columns.error().message);
    std::vector<std::string_view> views(cells.begin(), cells.end());
    return binder.BindRow(views, *columns, "c.csv:2");
  }
};

TEST_CASE("cells by fact name: every type, and an empty cell is unknown") {
  Tables t;
  auto product = t.Row({"product", "emits_radio", "rated_voltage_v", "category",
                        "radio_technologies", "model_name", "SKU"},
                       {" A ", "TRUE", "+220", "laptop", "wifi; cellular ;", " X1 ", "1"});
  REQUIRE_MESSAGE(product.ok(), product.error().message);
  CHECK(product->name == "A");
  CHECK(product->values[t.emits_radio].boolean);
  CHECK(product->values[t.volts].number == 220);
  CHECK(product->values[t.category].index == 0);
  CHECK(product->values[t.radios].bits == 0b101);
  CHECK(product->values[t.model].text == " X1 ");  // a string is the cell as it is
  CHECK(product->undeclared == std::vector<std::string>{"SKU"});
  auto empty = t.Row({"emits_radio", "category", "SKU"}, {"", "  ", ""});
  REQUIRE(empty.ok());
  CHECK_FALSE(empty->values[t.emits_radio].known);
  CHECK_FALSE(empty->values[t.category].known);
  CHECK(empty->undeclared.empty());  // an empty undeclared cell is not counted
}

TEST_CASE("a bad cell names the line, the column, the fact and the value; all of the row's") {
  Tables t;
  auto product = t.Row({"emits_radio", "rated_voltage_v", "category", "radio_technologies"},
                       {"yes", "220 V", "laptp", "wifi;zigbee"});
  REQUIRE_FALSE(product.ok());
  CHECK(product.error().kind == ErrorKind::BadFactValue);
  CHECK(product.error().message ==
        "c.csv:2: column `emits_radio` (fact `emits_radio`): expected true or false, got \"yes\"\n"
        "c.csv:2: column `rated_voltage_v` (fact `rated_voltage_v`): expected a number (number "
        "in V), got \"220 V\"\n"
        "c.csv:2: column `category` (fact `category`): no value \"laptp\"; did you mean "
        "`laptop`?\n"
        "c.csv:2: column `radio_technologies` (fact `radio_technologies`): no value \"zigbee\"; "
        "expected one of `wifi`, `bluetooth`, `cellular`");
  auto short_row = Tables().Row({"emits_radio", "category"}, {"true"});
  REQUIRE_FALSE(short_row.ok());
  CHECK(short_row.error().kind == ErrorKind::BadTableRow);
}

TEST_CASE("a layout maps headers, synonyms, kV to V exactly, separators and ignored columns") {
  Tables t;
  auto product = t.Row({"SKU", "Type", "Radio", "Voltage (kV)", "Radios", "Price", "Colour"},
                       {"P-1", "notebook", "是", "0.22", "WLAN | bluetooth", "9.90", "red"}, 0);
  REQUIRE_MESSAGE(product.ok(), product.error().message);
  CHECK(product->name == "P-1");
  CHECK(product->values[t.category].index == 0);  // synonyms ignore ASCII case
  CHECK(product->values[t.emits_radio].boolean);
  CHECK(product->values[t.volts].number == 220);  // not 220.00000000000003
  CHECK(product->values[t.radios].bits == 0b011);
  CHECK(product->undeclared == std::vector<std::string>{"Colour"});  // Price is ignored
  auto names = t.Row({"Radio", "Type"}, {"true", "desktop_pc"}, 0);  // names still work
  REQUIRE(names.ok());
  CHECK(names->values[t.category].index == 1);
  auto bad = t.Row({"Radio"}, {"maybe"}, 0);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        "c.csv:2: column `Radio` (fact `emits_radio`): expected true or false (or \"Y\", \"是\", "
        "\"否\"), got \"maybe\"");
}

TEST_CASE("a layout maps JSONL keys the same way; JSON numbers are scaled") {
  Tables t;
  Binder binder(t.module, BindOptions{Undeclared::Collect, 0});
  auto product = binder.Bind(
      R"json({"SKU": "P-2", "Type": "Notebook", "Radio": "Y", "Voltage (kV)": 0.5,
          "Radios": ["wifi"], "Price": 3, "emits_radio": true})json",
      "c.jsonl:1");
  // `Radio` and `emits_radio` give the same fact.
  REQUIRE_FALSE(product.ok());
  CHECK(product.error().message.find("fact `emits_radio` is given twice") != std::string::npos);
  auto ok = binder.Bind(R"json({"SKU": "P-2", "Type": "Notebook", "Voltage (kV)": 0.5})json",
                        "c.jsonl:1");
  REQUIRE_MESSAGE(ok.ok(), ok.error().message);
  CHECK(ok->name == "P-2");
  CHECK(ok->values[t.volts].number == 500);
  CHECK(ok->values[t.category].index == 0);
  CHECK(FindLayout(t.module, "plm") == 0);
  CHECK(FindLayout(t.module, "erp") == kNone);
}

TEST_CASE("headers giving a fact or the product twice are an error naming both columns") {
  Tables t;
  Binder binder(t.module);
  auto columns = binder.ColumnsFor({"category", "product", " category ", "product"}, "c.csv:1");
  REQUIRE_FALSE(columns.ok());
  CHECK(columns.error().message ==
        "c.csv:1: columns 1 and 3 both give fact `category`; keep one\n"
        "c.csv:1: columns 2 and 4 both give the product's id; keep one");
}

TEST_CASE("messages show input text inert") {
  Tables t;
  auto product = t.Row({"category", "emits_radio"}, {"lap\x1b[31mtop\u202e", "x\0y"}, kNone);
  // (the NUL ends the C string literal: the second cell is "x")
  REQUIRE_FALSE(product.ok());
  CHECK(product.error().message.find("no value \"lap\\u001b[31mtop\\u202e\"") != std::string::npos);
  CHECK(product.error().message.find('\x1b') == std::string::npos);
}

}  // namespace
}  // namespace ccr::facts
