// The regulatory diff on small rule sets written in the language: rule edits, which products
// change and why, and a catalogue with blank and bad lines.
#include "runtime/diff/diff.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "compiler/check/test_support.h"
#include "compiler/lower/lower.h"

namespace ccr::diff {
namespace {

std::unique_ptr<bytecode::VerifiedProgram> Compile(const std::string& rules) {
  auto c = testing::CompileText(std::string(testing::kPrelude) + rules);
  REQUIRE_FALSE(c->sink.has_errors());
  auto verified = bytecode::Verify(lower::Lower(c->checked), "test");
  REQUIRE(verified.ok());
  return std::make_unique<bytecode::VerifiedProgram>(std::move(*verified));
}

Date Day(const char* text) { return *ParseDate(text); }

constexpr const char* kOld = R"(
rule srrc_radio {
  when emits_radio
  require SRRC by MIIT mandatory
}
rule ccc_laptop {
  when category == laptop
  require CCC by CNCA mandatory
}
rule cqc_toy {
  when category == toy
  require CQC_MARK by CNCA voluntary
}
)";

// srrc_radio unchanged; ccc_laptop now also smartphones; cqc_toy removed; a new rule comes
// into force on 2026-01-01.
constexpr const char* kNew = R"(
rule srrc_radio {
  when emits_radio
  require SRRC by MIIT mandatory
}
rule ccc_laptop {
  when category in ccc_it
  require CCC by CNCA mandatory
}
rule cqc_radio {
  when emits_radio
  require CQC_MARK by CNCA voluntary
  effective from 2026-01-01
}
)";

struct Fixture {
  std::unique_ptr<bytecode::VerifiedProgram> old_program = Compile(kOld);
  std::unique_ptr<bytecode::VerifiedProgram> new_program = Compile(kNew);
  State old_state{old_program.get(), Day("2025-06-01")};
  State new_state{new_program.get(), Day("2026-06-01")};

  const RuleEdit* Edit(const Report& report, const std::string& rule) const {
    for (const RuleEdit& edit : report.edits) {
      if (edit.rule == rule) return &edit;
    }
    return nullptr;
  }
};

TEST_CASE("rule edits: added, removed and changed rules; unchanged ones are not edits") {
  Fixture f;
  std::vector<RuleEdit> edits = RuleEdits(f.old_state, f.new_state);
  std::vector<std::string> names;
  for (const RuleEdit& edit : edits) names.push_back(edit.rule);
  CHECK(names == std::vector<std::string>{"ccc_laptop", "cqc_radio", "cqc_toy"});
  CHECK(edits[0].kind == EditKind::Changed);
  CHECK(edits[0].what == std::vector<std::string>{"condition"});
  CHECK(edits[1].kind == EditKind::Added);
  CHECK(edits[2].kind == EditKind::Removed);
  CHECK(edits[2].new_at.empty());

  // The same program on two dates: only the rule coming into force is an edit.
  State before{f.new_program.get(), Day("2025-06-01")};
  edits = RuleEdits(before, f.new_state);
  REQUIRE(edits.size() == 1);
  CHECK(edits[0].rule == "cqc_radio");
  CHECK(edits[0].kind == EditKind::IntoForce);
  CHECK(edits[0].effective == "from 2026-01-01");
}

TEST_CASE("a catalogue: the changed products with their causes, blank and bad lines") {
  Fixture f;
  const std::string catalogue =
      R"({"product": "phone", "category": "smartphone", "emits_radio": true})"
      "\n\n"
      R"({"product": "laptop", "category": "laptop", "emits_radio": false})"
      "\n"
      R"({"product": "toy", "category": "toy", "emits_radio": false})"
      "\n"
      R"({"product": "broken", "category": "plane"})"
      "\n";
  std::string said;
  Report report = CompareCatalogue(f.old_state, f.new_state, catalogue, "shop.jsonl",
                                   [&](std::string_view problems) { said += problems; });
  CHECK(report.catalogue == "shop.jsonl");
  CHECK(report.products == 3);
  REQUIRE(report.changed.size() == 2);

  // The phone: CCC now required (ccc_laptop's condition), CQC_MARK now required (cqc_radio).
  const ProductChange& phone = report.changed[0];
  CHECK(phone.line == 1);
  CHECK(phone.product == "phone");
  REQUIRE(phone.changes.size() == 2);
  CHECK(phone.changes[0].scheme == "CCC");
  CHECK(phone.changes[0].from.status == "not_required");
  CHECK(phone.changes[0].to.status == "required");
  REQUIRE(phone.changes[0].causes.size() == 1);
  CHECK(report.edits[phone.changes[0].causes[0]].rule == "ccc_laptop");
  CHECK(phone.changes[1].scheme == "CQC_MARK");
  REQUIRE(phone.changes[1].causes.size() == 1);
  CHECK(report.edits[phone.changes[1].causes[0]].rule == "cqc_radio");

  // The laptop does not change (its rules' edits do not change their effect on it); the toy
  // loses CQC_MARK because cqc_toy is gone, not because of cqc_radio (false for it).
  const ProductChange& toy = report.changed[1];
  CHECK(toy.line == 4);
  REQUIRE(toy.changes.size() == 1);
  CHECK(toy.changes[0].scheme == "CQC_MARK");
  CHECK(toy.changes[0].to.status == "not_required");
  REQUIRE(toy.changes[0].causes.size() == 1);
  CHECK(report.edits[toy.changes[0].causes[0]].rule == "cqc_toy");

  // The bad line: reported once (both programs see it the same way), with its place.
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].starts_with("shop.jsonl:5"));
  CHECK(said.find("shop.jsonl:5") != std::string::npos);
  CHECK(said.find("shop.jsonl:5", said.find("shop.jsonl:5") + 1) == std::string::npos);
}

TEST_CASE("a catalogue of one JSON object is one product, its line 1") {
  Fixture f;
  Report report =
      CompareCatalogue(f.old_state, f.new_state,
                       R"({"category": "smartphone", "emits_radio": true})", "phone.json", nullptr);
  CHECK(report.products == 1);
  REQUIRE(report.changed.size() == 1);
  CHECK(report.changed[0].line == 1);
}

TEST_CASE("state names: the date alone, or the bundle and the date") {
  CHECK(StateName("old.ccrb", Day("2025-01-01"), false) == "2025-01-01");
  CHECK(StateName("old.ccrb", Day("2025-01-01"), true) == "old.ccrb as of 2025-01-01");
  CHECK(StateName("", Day("2025-01-01"), true) == "<default bundle> as of 2025-01-01");
}

}  // namespace
}  // namespace ccr::diff
