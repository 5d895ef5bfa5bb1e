// The fixed phrases of the reports for people (text and HTML) and of the explanations, in
// each language `--lang` offers. One table per language, in one place, so a translation is
// complete or fails to compile: every field must be given. Rule texts (reasons, citations) are
// never translated: they are quoted as written in the rules. The JSON report is
// language-neutral.
#pragma once

#include <cstdint>
#include <string_view>

namespace ccr::explain {

// The language of the reports and explanations for people (`--lang`).
enum class Language : uint8_t { English, Chinese };

struct Phrases {
  std::string_view unnamed_product;
  // fmt patterns: {0} the product, {1} the date.
  std::string_view title;
  // fmt pattern after the product in a batch's title: {0} the input line.
  std::string_view line_suffix;
  // Table columns (text: upper case as written; HTML uses them as headers).
  std::string_view col_scheme, col_name, col_authority, col_level, col_status;
  std::string_view no_scheme_declared, nothing_listed;
  std::string_view why, warnings;
  // Statuses and levels. A voluntary scheme that applies is `recommended`, never "voluntary
  // required"; a mark the applicant chooses that no rule decides is `available`.
  std::string_view required, recommended, undetermined, exempt, not_required, available;
  std::string_view mandatory, voluntary;
  // fmt pattern: {0} status, {1} level: `required mandatory`, `recommended (voluntary)`.
  std::string_view required_with_level, recommended_with_level;
  // The facts the product did not state that took their declared default: the heading, and
  // one line per fact (fmt pattern: {0} the fact, {1} its value).
  std::string_view assumed_heading, assumed_line;
  // After a rule's fact that took its default: `rated_voltage_v = 220 V (assumed)`.
  std::string_view assumed_marker;
  // The section of available schemes: its heading and what it means.
  std::string_view available_heading, available_intro;
  // Rule headlines, then `rule NAME (file:line:col)`, then a suffix.
  std::string_view required_by, recommended_by, exempted_by, maybe_required_by,
      maybe_recommended_by, maybe_exempted_by, not_required_by, rule;
  std::string_view condition_unknown, condition_false;
  // Labels of a rule's lines, padded so the values line up in text.
  std::string_view because, source, facts, missing;
  std::string_view to_decide_json, to_decide_test, no_rule_in_force;
  // What an obligation of a scheme is about: the product itself, or a component (fmt pattern,
  // {} the component's declared name).
  std::string_view product_itself, the_component;
  // Fact hints: how to state a missing fact.
  std::string_view hint_bool, hint_one_of, hint_any_of;
  // What to do next for a required scheme: the heading, the labels of the three step kinds
  // (padded like `because`), the padding that lines a step's source up under its text, and
  // what a kind the rules record nothing for says.
  std::string_view next_steps, step_route, step_marking, step_bodies, step_pad, not_recorded;
  // Summary (fmt patterns, {} a count): `5 required, 1 recommended (voluntary), ...`.
  std::string_view sum_required, sum_recommended, sum_undetermined, sum_exempt, sum_available,
      sum_not_required;
  // HTML report only.
  std::string_view html_lang, html_subtitle, requirements, exemptions, open_questions,
      open_questions_intro, question_settles, question_open_in, question_answers, question_how,
      more_questions, no_questions, generated_by;
};

const Phrases& PhrasesFor(Language language);

}  // namespace ccr::explain
