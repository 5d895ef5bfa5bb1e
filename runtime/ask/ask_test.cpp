// The next-question ranking on small rule sets written in the language.
#include "runtime/ask/ask.h"

#include <doctest/doctest.h>

#include "compiler/check/test_support.h"
#include "compiler/lower/lower.h"

namespace ccr::ask {
namespace {

struct Fixture {
  explicit Fixture(const std::string& rules) {
    auto c = testing::CompileText(std::string(testing::kPrelude) + rules);
    REQUIRE_FALSE(c->sink.has_errors());
    auto verified = bytecode::Verify(lower::Lower(c->checked), "test");
    REQUIRE(verified.ok());
    program = std::make_unique<bytecode::VerifiedProgram>(std::move(*verified));
  }

  std::vector<Question> Rank(const std::string& json, std::vector<uint32_t> skipped = {}) {
    auto product = facts::Bind(program->module(), json, "test.json");
    REQUIRE(product.ok());
    Options options{*ParseDate("2025-06-01"), skipped};
    return RankQuestions(*program, *product, options);
  }

  // The ranked facts' names.
  std::vector<std::string> Facts(const std::string& json, std::vector<uint32_t> skipped = {}) {
    std::vector<std::string> names;
    for (const Question& q : Rank(json, skipped)) names.push_back(Name(q.fact));
    return names;
  }

  std::string Name(uint32_t fact) const {
    const auto& module = program->module();
    return module.strings[module.facts[fact].name];
  }

  uint32_t Fact(const std::string& name) const {
    const auto& module = program->module();
    for (uint32_t i = 0; i < module.facts.size(); ++i) {
      if (Name(i) == name) return i;
    }
    FAIL("no fact " << name);
    return 0;
  }

  std::unique_ptr<bytecode::VerifiedProgram> program;
};

using Names = std::vector<std::string>;

TEST_CASE("a fact that cannot change any answer is never asked") {
  Fixture f(R"(
if emits_radio and category == laptop then require SRRC by MIIT mandatory
if category == toy then require CCC by CNCA mandatory
if model == "X" then require CQC_MARK by CNCA voluntary
)");
  // Everything decided (`emits_radio` is unknown but cannot matter): nothing to ask.
  CHECK(f.Facts(R"({"category": "smartphone", "model": "Y"})").empty());
  // `emits_radio` cannot matter once the category is not a laptop.
  CHECK(f.Facts(R"({"category": "smartphone"})") == Names{"model"});
  // `rated_voltage_v` is read by no rule: never a candidate.
  for (const std::string& name : f.Facts("{}")) CHECK(name != "rated_voltage_v");
  // Once SRRC is decided by `emits_radio`, only the category still matters for CCC.
  CHECK(f.Facts(R"({"emits_radio": false, "model": "Y"})") == Names{"category"});
}

TEST_CASE("the fact that settles the most schemes comes first") {
  Fixture f(R"(
if category == laptop then require CCC by CNCA mandatory
if category in ccc_it or emits_radio then require SRRC by MIIT mandatory
if emits_radio then require CQC_MARK by CNCA voluntary
)");
  auto questions = f.Rank("{}");
  REQUIRE(questions.size() == 2);
  // category: laptop settles CCC and SRRC (2), smartphone 2, toy 1 -> mean 5/3, min 1.
  // emits_radio: true settles SRRC and CQC_MARK (2), false settles CQC_MARK (1) -> mean 3/2.
  CHECK(f.Name(questions[0].fact) == "category");
  CHECK(questions[0].settles_total == 5);
  CHECK(questions[0].settles_always == 1);
  CHECK(questions[0].open_in.size() == 2);
  CHECK(f.Name(questions[1].fact) == "emits_radio");
  CHECK(questions[1].settles_total == 3);
  CHECK(questions[1].settles_mean() == doctest::Approx(1.5));
  REQUIRE(questions[1].trials.size() == 2);
  CHECK(questions[1].trials[0].label == "true");
  CHECK(questions[1].trials[0].settles == 2);
  CHECK(questions[1].trials[1].settles == 1);
}

TEST_CASE("ties go to settles_always, then to the number of schemes, then declaration order") {
  Fixture symmetric(R"(
if emits_radio or model == "X" then require SRRC by MIIT mandatory
if model == "X" or emits_radio then require CCC by CNCA mandatory
)");
  // Both facts: one value settles both schemes, the other none: equal on every key, so the
  // earlier declared fact (`emits_radio`) goes first, whatever the rules' order.
  CHECK(symmetric.Facts("{}") == Names{"emits_radio", "model"});

  Fixture by_minimum(R"(
if emits_radio then require SRRC by MIIT mandatory
if category == laptop then require CCC by CNCA mandatory
if category == laptop then require CQC_MARK by CNCA voluntary
)");
  // emits_radio settles 1 whatever the answer (mean 1, min 1); category settles 2, 2, 2: first.
  CHECK(by_minimum.Facts("{}") == Names{"category", "emits_radio"});
}

TEST_CASE("skipped facts are not asked again") {
  Fixture f(R"(
if emits_radio then require SRRC by MIIT mandatory
if category == laptop then require CCC by CNCA mandatory
)");
  CHECK(f.Facts("{}", {f.Fact("category")}) == Names{"emits_radio"});
  CHECK(f.Facts("{}", {f.Fact("category"), f.Fact("emits_radio")}).empty());
}

TEST_CASE("numbers are tried on each region the rules' constants make") {
  Fixture f(R"(
if rated_voltage_v > 36 V and rated_voltage_v <= 1000 V then require CCC by CNCA mandatory
)");
  auto questions = f.Rank("{}");
  REQUIRE(questions.size() == 1);
  const Question& q = questions[0];
  CHECK(q.thresholds == std::vector<double>{36, 1000});
  std::vector<std::string> labels;
  for (const Trial& t : q.trials) labels.push_back(t.label);
  CHECK(labels == Names{"below 36 V", "36 V", "between 36 V and 1000 V", "1000 V", "above 1000 V"});
  CHECK(q.trials[0].value.number < 36);
  CHECK(q.trials[2].value.number > 36);
  CHECK(q.trials[2].value.number < 1000);
  CHECK(q.trials[4].value.number > 1000);
  // Each region decides CCC one way or the other.
  CHECK(q.settles_always == 1);
}

TEST_CASE("a number splits only the domain of the fact it is compared with") {
  Fixture f(R"(
fact power_w: number in W "power"
if rated_voltage_v > 36 V and power_w >= 500 W then require CCC by CNCA mandatory
if 2000 W < power_w then require CQC_MARK by CNCA voluntary
)");
  auto questions = f.Rank("{}");
  REQUIRE(questions.size() == 2);
  for (const Question& q : questions) {
    if (f.Name(q.fact) == "rated_voltage_v") {
      CHECK(q.thresholds == std::vector<double>{36});
    } else {
      CHECK(f.Name(q.fact) == "power_w");
      CHECK(q.thresholds == std::vector<double>{500, 2000});
    }
  }
}

TEST_CASE("a number settles a scheme only in some regions") {
  Fixture f(R"(
if emits_radio and rated_voltage_v > 36 V then require CCC by CNCA mandatory
)");
  auto questions = f.Rank("{}");
  REQUIRE(questions.size() == 2);
  // emits_radio: false settles CCC (1), true does not (0) -> 1/2;
  // voltage: below 36 and 36 settle (false), above does not -> 2/3: asked first.
  CHECK(f.Name(questions[0].fact) == "rated_voltage_v");
  CHECK(questions[0].settles_total == 2);
  CHECK(questions[0].trials.size() == 3);
  CHECK(questions[0].settles_always == 0);
}

TEST_CASE("sets are tried on the subsets of the members the rules test") {
  Fixture f(R"(
if wifi in radio_technologies then require SRRC by MIIT mandatory
)");
  auto questions = f.Rank("{}");
  REQUIRE(questions.size() == 1);
  REQUIRE(questions[0].trials.size() == 2);
  CHECK(questions[0].trials[0].label == "{}");
  CHECK(questions[0].trials[1].label == "{wifi}");
  CHECK(questions[0].settles_always == 1);
}

TEST_CASE("nothing undetermined: nothing to ask") {
  Fixture f("if emits_radio then require SRRC by MIIT mandatory\n");
  CHECK(f.Rank(R"({"emits_radio": true})").empty());
}

TEST_CASE("answers as people type them") {
  Fixture f("if emits_radio then require SRRC by MIIT mandatory\n");
  const auto& module = f.program->module();
  auto yes = ParseAnswer(module, f.Fact("emits_radio"), " Yes ");
  REQUIRE(yes.ok());
  CHECK(yes->known);
  CHECK(yes->boolean);
  CHECK_FALSE(ParseAnswer(module, f.Fact("emits_radio"), "maybe").ok());
  for (const char* skip : {"?", "skip", "unknown", "", "  "}) {
    auto answer = ParseAnswer(module, f.Fact("emits_radio"), skip);
    REQUIRE(answer.ok());
    CHECK_FALSE(answer->known);
  }
  auto volts = ParseAnswer(module, f.Fact("rated_voltage_v"), "220 V");
  REQUIRE(volts.ok());
  CHECK(volts->number == 220);
  CHECK(ParseAnswer(module, f.Fact("rated_voltage_v"), "0.5").ok());
  auto bad_number = ParseAnswer(module, f.Fact("rated_voltage_v"), "220 W");
  REQUIRE_FALSE(bad_number.ok());
  CHECK(bad_number.error().message == "`220 W` is not a number; answer a number such as 220 V");
  auto laptop = ParseAnswer(module, f.Fact("category"), "laptopp");
  REQUIRE_FALSE(laptop.ok());
  CHECK(laptop.error().message == "no value `laptopp`; did you mean `laptop`?");
  auto by_number = ParseAnswer(module, f.Fact("category"), "2");
  REQUIRE(by_number.ok());
  CHECK(by_number->index == 1);
  CHECK_FALSE(ParseAnswer(module, f.Fact("category"), "9").ok());
  auto radios = ParseAnswer(module, f.Fact("radio_technologies"), "bluetooth, wifi");
  REQUIRE(radios.ok());
  CHECK(radios->bits == 3);
  auto none = ParseAnswer(module, f.Fact("radio_technologies"), "none");
  REQUIRE(none.ok());
  CHECK(none->known);
  CHECK(none->bits == 0);
}

TEST_CASE("a saved facts file binds back to the same values") {
  Fixture f("if emits_radio then require SRRC by MIIT mandatory\n");
  const auto& module = f.program->module();
  auto product = facts::Bind(module,
                             R"({"product": "P \"1\"", "radio_technologies": ["wifi"],
                                 "rated_voltage_v": 0.5, "category": "toy", "model": "M"})",
                             "p.json");
  REQUIRE(product.ok());
  std::string saved = FactsJson(module, *product);
  CHECK(saved ==
        "{\n  \"product\": \"P \\\"1\\\"\",\n  \"category\": \"toy\",\n  \"rated_voltage_v\": "
        "0.5,\n  \"model\": \"M\",\n  \"radio_technologies\": [\"wifi\"]\n}\n");
  auto again = facts::Bind(module, saved, "saved.json");
  REQUIRE(again.ok());
  CHECK(FactsJson(module, *again) == saved);
  CHECK(FactsJson(module, facts::Bind(module, "{}", "e.json").value()) == "{}\n");
}

}  // namespace
}  // namespace ccr::ask
