// Tests for the catalogue listing and its lookups, on a hand-built module: a code, a name, a
// Chinese name or an aka finds its value; a generic shared word (`electric`) never makes one
// value a suggestion for another; rows list the rules that state them, with their dates.
#include "runtime/catalog/catalog.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

namespace ccr::catalog {
namespace {

using bytecode::kNone;

struct Builder {
  bytecode::Module m;
  uint32_t S(const std::string& text) {
    m.strings.push_back(text);
    return static_cast<uint32_t>(m.strings.size() - 1);
  }
};

// Category { electric_kettle, electric_drill, electric_fan, electric_iron, electric_oven,
// television }, scheme CCC; kettle 0717 with akas, drill 0501; one rule for 0717 in force
// 2003-08-01 until 2030-01-01.
bytecode::Module Sample() {
  Builder b;
  b.m.schemes.push_back({b.S("CCC"),
                         b.S("China Compulsory Certification"),
                         kNone,
                         0,
                         {},
                         bytecode::Level::Mandatory,
                         kNone,
                         kNone});
  bytecode::Enum category{b.S("Category"), {}};
  for (const char* v : {"electric_kettle", "electric_drill", "electric_fan", "electric_iron",
                        "electric_oven", "television"}) {
    category.values.push_back(b.S(v));
  }
  b.m.enums.push_back(category);
  b.m.facts.push_back({b.S("category"), {bytecode::TypeKind::Enum, 0}, kNone, kNone});
  uint32_t c0717 = b.S("0717");
  b.m.entries.push_back({0,
                         0,
                         b.S("Electric kettle"),
                         b.S("电水壶"),
                         {b.S("kettle"), b.S("电热水壶")},
                         {{0, c0717}}});
  b.m.entries.push_back(
      {0, 1, b.S("Electric drill"), b.S("电钻"), {b.S("drill")}, {{0, b.S("0501")}}});
  b.m.entries.push_back({0, 5, b.S("Colour television receiver"), kNone, {b.S("tv")}, {}});
  bytecode::Rule rule;
  rule.name = b.S("ccc_liquid_heaters");
  rule.because = b.S("Liquid heaters");
  rule.has_from = true;
  rule.from = *ParseDate("2003-08-01");
  rule.has_until = true;
  rule.until = *ParseDate("2030-01-01");
  rule.reads = {0};
  rule.actions = {{bytecode::ActionKind::Require, 0, bytecode::Level::Mandatory}};
  rule.rows = {{0, c0717}};
  rule.assessment = bytecode::AssessmentRoute::Certification;
  b.m.rules.push_back(rule);
  return b.m;
}

TEST_CASE("a code, a name, a Chinese name or an aka finds the value") {
  bytecode::Module m = Sample();
  for (const char* word : {"0717", "kettle", "Electric kettle", "ELECTRIC-KETTLE", "电水壶",
                           "电热水壶", "electric_kettle"}) {
    CAPTURE(word);
    CHECK(FindValue(m, 0, word) == 0u);
  }
  CHECK(FindValue(m, 0, "0501") == 1u);
  CHECK_FALSE(FindValue(m, 0, "0999").has_value());
  CHECK_FALSE(FindValue(m, 0, "kettl").has_value());  // a typo is a suggestion, not a match
}

TEST_CASE("suggestions rank synonyms and specific words before spelling") {
  bytecode::Module m = Sample();
  CHECK(RankValues(m, 0, "water kettle", 1) == std::vector<uint32_t>{0});
  CHECK(RankValues(m, 0, "electric kettel", 1) == std::vector<uint32_t>{0});
  // `electric` is in five values' names: generic, so it suggests nothing by itself.
  std::vector<uint32_t> kettle = RankValues(m, 0, "electric_kettle_pro", 3);
  CHECK(std::find(kettle.begin(), kettle.end(), 1u) == kettle.end());
  CHECK(RankValues(m, 0, "tv set", 1) == std::vector<uint32_t>{5});
  CHECK(RankValues(m, 0, "zzzz", 3).empty());
}

TEST_CASE("the listing joins entries, rows and rules, with dates") {
  bytecode::Module m = Sample();
  Listing before = List(m, *ParseDate("1999-01-01"));
  Listing now = List(m, *ParseDate("2025-01-01"));
  REQUIRE(now.items.size() == 3);
  const Item& kettle = now.items[0];
  CHECK(kettle.value == "electric_kettle");
  CHECK(kettle.zh_name == "电水壶");
  REQUIRE(kettle.rows.size() == 1);
  CHECK(kettle.rows[0].code == "0717");
  REQUIRE(kettle.rows[0].rules.size() == 1);
  CHECK(kettle.rows[0].rules[0].assessment == "certification");
  CHECK(kettle.rows[0].rules[0].reads == std::vector<std::string>{"category"});
  CHECK(kettle.rows[0].in_force);
  CHECK_FALSE(before.items[0].rows[0].in_force);
  CHECK(now.items[1].rows[0].rules.empty());  // 0501 has no rule in this module

  CHECK(Lookup(now, "0717") == std::vector<size_t>{0});
  CHECK(Lookup(now, "CCC 0717") == std::vector<size_t>{0});
  CHECK(Lookup(now, "电钻") == std::vector<size_t>{1});
  std::string json = RenderJson(now, Lookup(now, "kettle"));
  CHECK(json.find("\"value\":\"electric_kettle\"") != std::string::npos);
  CHECK(json.find("\"code\":\"0717\"") != std::string::npos);
  CHECK(json.find("\"from\":\"2003-08-01\"") != std::string::npos);
  std::string text = RenderText(now, {0});
  CHECK(text.find("CCC 0717: in force on 2025-01-01") != std::string::npos);
}

TEST_CASE("a code written with its scheme's name (CEL 001) is shown and found once") {
  bytecode::Module m = Sample();
  m.strings.push_back("CEL");
  uint32_t cel_id = static_cast<uint32_t>(m.strings.size() - 1);
  m.schemes.push_back(m.schemes[0]);
  m.schemes[1].id = cel_id;
  m.strings.push_back("CEL 017");
  m.entries[2].codes.push_back({1, static_cast<uint32_t>(m.strings.size() - 1)});
  Listing now = List(m, *ParseDate("2025-01-01"));
  std::string text = RenderText(now, {2});
  CHECK(text.find("  CEL 017: no rule states this row's scope") != std::string::npos);
  CHECK(text.find("CEL CEL") == std::string::npos);
  CHECK(Lookup(now, "CEL 017") == std::vector<size_t>{2});
  CHECK(Lookup(now, "cel017") == std::vector<size_t>{2});
  CHECK(DescribeValue(m, 0, 5) == "`television` (Colour television receiver, CEL 017)");
}

TEST_CASE("control characters from a bundle do not reach the terminal") {
  bytecode::Module m = Sample();
  m.strings[m.entries[0].name] = "Kettle\x1b[31m";
  std::string text = RenderText(List(m, *ParseDate("2025-01-01")), {0});
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("Kettle\\u001b[31m") != std::string::npos);  // inert text (inert_text.h)
  // A bidi override cannot make one name read as another.
  m.strings[m.entries[0].name] = "Kettle\u202e";
  text = RenderText(List(m, *ParseDate("2025-01-01")), {0});
  CHECK(text.find("\u202e") == std::string::npos);
  CHECK(text.find("Kettle\\u202e") != std::string::npos);
}

}  // namespace
}  // namespace ccr::catalog
