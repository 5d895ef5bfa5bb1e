// The HTML report: one self-contained page a person can send to a colleague. Inline CSS only,
// no scripts, no links to anything outside the file, so it opens the same from a mail
// attachment, a ticket or a shared drive. Every text from the rules, the bundle or the product
// is escaped; the structure comes from the same explainer as the text report.
#include <fmt/format.h>

#include "runtime/ask/ask.h"
#include "runtime/base/html_escape.h"
#include "runtime/explain/explain.h"
#include "runtime/explain/next_steps.h"
#include "runtime/explain/phrases.h"
#include "runtime/report/report.h"

namespace ccr::report {

using bytecode::kNone;
using bytecode::Module;
using vm::Status;

namespace {

// How many ranked questions the page lists: the first few settle the most; the rest are
// counted, not shown, so a sparse product does not bury the table under questions.
constexpr size_t kMaxQuestions = 10;
// How many of a question's answers are listed with what each settles.
constexpr size_t kMaxAnswers = 8;

constexpr std::string_view kStyle =
    R"(body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.5em;margin-bottom:.2em}
h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.05em;margin-bottom:.3em}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}
tr.required td.status{color:#a40000;font-weight:bold}
tr.undetermined td.status{color:#8a5a00;font-weight:bold}
tr.exempt td.status{color:#1a6b1a;font-weight:bold}
tr.not-required td.status{color:#666}
tr.available td.status{color:#1a4f8a}
tr.obligation td{font-size:.9em;padding-left:1.5em}
.rule{margin:.4em 0 .8em 1em}
.rule p{margin:.2em 0}
dd p{margin:0 0 .3em 0}
.at{color:#666;font-size:.9em}
dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.2em 0 0 1em}
dt{color:#555}
dd{margin:0}
code{background:#f5f5f5;padding:0 .2em}
.muted,footer{color:#666;font-size:.9em}
)";

// Returns a phrase without the padding the text report aligns with.
std::string_view Label(std::string_view padded) {
  size_t end = padded.find_last_not_of(' ');
  return end == std::string_view::npos ? padded : padded.substr(0, end + 1);
}

std::string_view StatusClass(Status status) {
  switch (status) {
    case Status::Required:
      return "required";
    case Status::Undetermined:
      return "undetermined";
    case Status::Exempt:
      return "exempt";
    case Status::NotRequired:
      return "not-required";
    case Status::Available:
      return "available";
  }
  return "";
}

class Page {
 public:
  Page(const bytecode::VerifiedProgram& program, const facts::Product& product,
       const vm::Result& result, const Options& options)
      : module_(program.module()),
        product_(product),
        result_(result),
        options_(options),
        say_(explain::PhrasesFor(options.language)) {}

  std::string Render(std::span<const ask::Question> questions) {
    const std::string name =
        product_.name.empty() ? std::string(say_.unnamed_product) : product_.name;
    const std::string date = FormatDate(options_.as_of);
    out_ += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                        say_.html_lang);
    out_ +=
        "<title>" + HtmlEscaped(fmt::format(fmt::runtime(say_.title), name, date)) + "</title>\n";
    out_ += "<style>\n" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    out_ += "<h1>" + HtmlEscaped(name) + "</h1>\n";
    out_ += "<p>" + HtmlEscaped(fmt::format(fmt::runtime(say_.html_subtitle), date)) + "</p>\n";
    out_ += "<p><strong>" +
            HtmlEscaped(explain::SummaryText(result_, options_.include_not_required, language())) +
            "</strong></p>\n";

    Table();
    Section(say_.why, [](Status s) { return s == Status::Required || s == Status::NotRequired; });
    Section(say_.exemptions, [](Status s) { return s == Status::Exempt; });
    NextSteps();
    Available();
    Undetermined(questions);
    if (!product_.assumed.empty()) {
      out_ += fmt::format("<h2>{}</h2>\n<ul>\n", HtmlEscaped(say_.assumed_heading));
      for (uint32_t fact : product_.assumed) {
        out_ += "<li>" +
                HtmlEscaped(fmt::format(
                    fmt::runtime(say_.assumed_line), module_.strings[module_.facts[fact].name],
                    explain::FactValueText(module_, fact, product_.values[fact]))) +
                "</li>\n";
      }
      out_ += "</ul>\n";
    }
    if (!product_.warnings.empty()) {
      out_ += fmt::format("<h2>{}</h2>\n<ul>\n", HtmlEscaped(say_.warnings));
      for (const auto& warning : product_.warnings)
        out_ += "<li>" + HtmlEscaped(warning) + "</li>\n";
      out_ += "</ul>\n";
    }
    out_ += "<footer><p>" + HtmlEscaped(fmt::format(fmt::runtime(say_.generated_by), date)) +
            "</p></footer>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  Language language() const { return options_.language; }

  // In the table and the sections by status; available schemes have a section of their own.
  bool Listed(const vm::SchemeResult& scheme) const {
    if (scheme.status == Status::Available) return false;
    return scheme.status != Status::NotRequired || options_.include_not_required;
  }

  void Table() {
    out_ += fmt::format("<h2>{}</h2>\n", HtmlEscaped(say_.requirements));
    bool any = false;
    for (const auto& scheme : result_.schemes) any = any || Listed(scheme);
    if (!any) {
      out_ += "<p>" +
              HtmlEscaped(options_.include_not_required ? say_.no_scheme_declared
                                                        : say_.nothing_listed) +
              "</p>\n";
      return;
    }
    out_ += fmt::format(
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "\n<tbody>\n",
        HtmlEscaped(say_.col_scheme), HtmlEscaped(say_.col_name), HtmlEscaped(say_.col_authority),
        HtmlEscaped(say_.col_level), HtmlEscaped(say_.col_status));
    for (const auto& scheme : result_.schemes) {
      if (!Listed(scheme)) continue;
      const bytecode::Scheme& declared = module_.schemes[scheme.scheme];
      const std::string& id = module_.strings[declared.id];
      out_ += fmt::format(
          "<tr class=\"{}\"><td><a href=\"#scheme-{}\">{}</a></td><td>{}</td><td>{} <span "
          "class=\"muted\">{}</span></td><td>{}</td><td class=\"status\">{}</td></tr>\n",
          StatusClass(scheme.status), HtmlEscaped(id), HtmlEscaped(id),
          HtmlEscaped(explain::SchemeName(module_, scheme.scheme, language())),
          HtmlEscaped(module_.strings[module_.authorities[declared.authority].id]),
          HtmlEscaped(explain::AuthorityName(module_, declared.authority, language())),
          HtmlEscaped(explain::LevelText(scheme.level, language())),
          HtmlEscaped(explain::StatusText(scheme, language())));
      // Each obligation of a scheme attached to components, on a row under it.
      for (const vm::Obligation& obligation : scheme.obligations) {
        const vm::SchemeResult view = explain::ObligationOf(scheme, obligation.component);
        out_ += fmt::format(
            "<tr class=\"{} obligation\"><td></td><td>{}</td><td></td><td>{}</td>"
            "<td class=\"status\">{}</td></tr>\n",
            StatusClass(view.status),
            HtmlEscaped(explain::ComponentText(module_, obligation.component, language())),
            HtmlEscaped(explain::LevelText(view.level, language())),
            HtmlEscaped(explain::StatusText(view, language())));
      }
    }
    out_ += "</tbody>\n</table>\n";
  }

  void SchemeHeading(const vm::SchemeResult& scheme) {
    const std::string& id = module_.strings[module_.schemes[scheme.scheme].id];
    out_ += fmt::format(
        "<section id=\"scheme-{}\">\n<h3>{}: {} <span class=\"muted\">{}</span></h3>\n",
        HtmlEscaped(id), HtmlEscaped(id), HtmlEscaped(explain::OutcomeText(scheme, language())),
        HtmlEscaped(explain::SchemeName(module_, scheme.scheme, language())));
  }

  // The rules behind a scheme's outcome; for a scheme attached to components, behind each
  // obligation's, under its name (a not-required one only named, unless `--all`).
  void Rules(const vm::SchemeResult& scheme) {
    if (scheme.obligations.empty()) return DecisionRules(scheme);
    for (const vm::Obligation& obligation : scheme.obligations) {
      const vm::SchemeResult view = explain::ObligationOf(scheme, obligation.component);
      out_ += fmt::format(
          "<h4>{}: {}</h4>\n",
          HtmlEscaped(explain::ComponentText(module_, obligation.component, language())),
          HtmlEscaped(explain::OutcomeText(view, language())));
      if (view.status != Status::NotRequired || options_.include_not_required) {
        DecisionRules(view);
      }
    }
  }

  void DecisionRules(const vm::SchemeResult& scheme) {
    if (scheme.status == Status::NotRequired && scheme.deciding.empty()) {
      out_ += "<p class=\"rule\">" + HtmlEscaped(say_.no_rule_in_force) + "</p>\n";
    }
    for (const explain::WhyRule& why : explain::WhyRules(module_, scheme, language())) {
      const bytecode::Rule& rule = module_.rules[why.rule];
      out_ += fmt::format(
          "<div class=\"rule\">\n<p>{} {} <code>{}</code> <span class=\"at\">({})</span>{}</p>\n"
          "<dl>\n",
          HtmlEscaped(why.headline), HtmlEscaped(say_.rule),
          HtmlEscaped(module_.strings[rule.name]),
          HtmlEscaped(explain::LocationText(module_, rule.location)), HtmlEscaped(why.suffix));
      if (rule.because != kNone) Entry(say_.because, HtmlEscaped(module_.strings[rule.because]));
      if (rule.source != kNone) Entry(say_.source, HtmlEscaped(module_.strings[rule.source]));
      std::string facts = explain::RuleFactsText(module_, product_, why.rule, language());
      if (!facts.empty()) Entry(say_.facts, "<code>" + HtmlEscaped(facts) + "</code>");
      out_ += "</dl>\n</div>\n";
    }
  }

  void Entry(std::string_view label, const std::string& html) {
    out_ += "<dt>" + HtmlEscaped(Label(label)) + "</dt><dd>" + html + "</dd>\n";
  }

  template <typename Pick>
  void Section(std::string_view heading, Pick pick) {
    bool started = false;
    for (const auto& scheme : result_.schemes) {
      if (!Listed(scheme) || !pick(scheme.status)) continue;
      if (!started) out_ += fmt::format("<h2>{}</h2>\n", HtmlEscaped(heading));
      started = true;
      SchemeHeading(scheme);
      Rules(scheme);
      out_ += "</section>\n";
    }
  }

  // What to do next for each required scheme: route, marking and bodies, each step with its
  // source, or that the rules record none.
  void NextSteps() {
    bool started = false;
    for (const auto& scheme : result_.schemes) {
      if (scheme.status != Status::Required) continue;
      if (!started) out_ += fmt::format("<h2>{}</h2>\n", HtmlEscaped(say_.next_steps));
      started = true;
      const bytecode::Scheme& declared = module_.schemes[scheme.scheme];
      const std::string& id = module_.strings[declared.id];
      out_ += fmt::format("<section id=\"next-{}\">\n<h3>{} <span class=\"muted\">{}</span></h3>\n",
                          HtmlEscaped(id), HtmlEscaped(id),
                          HtmlEscaped(explain::SchemeName(module_, scheme.scheme, language())));
      Steps(scheme);
      out_ += "</section>\n";
    }
  }

  // Marks the applicant chooses that no rule decides: why each might be called for, and how
  // to get it if wanted.
  void Available() {
    bool started = false;
    for (const auto& scheme : result_.schemes) {
      if (scheme.status != Status::Available) continue;
      if (!started) {
        out_ += fmt::format("<h2>{}</h2>\n<p>{}</p>\n", HtmlEscaped(say_.available_heading),
                            HtmlEscaped(say_.available_intro));
      }
      started = true;
      SchemeHeading(scheme);
      Rules(scheme);
      Steps(scheme);
      out_ += "</section>\n";
    }
  }

  // A scheme's route, marking and bodies, each step with its source.
  void Steps(const vm::SchemeResult& scheme) {
    out_ += "<dl>\n";
    std::vector<explain::NextStep> steps = explain::NextSteps(module_, scheme, language());
    for (bytecode::StepKind kind : bytecode::kStepKinds) {
      std::string html;
      for (const explain::NextStep& step : steps) {
        if (step.kind != kind) continue;
        std::string rule;
        if (step.rule != bytecode::kNone) {
          rule = fmt::format(" ({} {})", say_.rule, module_.strings[module_.rules[step.rule].name]);
        }
        html += fmt::format("<p>{}<br><span class=\"at\">{}: {}</span></p>", HtmlEscaped(step.text),
                            HtmlEscaped(Label(say_.source)), HtmlEscaped(step.source + rule));
      }
      if (html.empty())
        html = "<span class=\"muted\">" + HtmlEscaped(say_.not_recorded) + "</span>";
      Entry(explain::StepLabel(kind, language()), html);
    }
    out_ += "</dl>\n";
  }

  void Undetermined(std::span<const ask::Question> questions) {
    std::string open;
    for (const auto& scheme : result_.schemes) {
      if (!vm::IsOpen(scheme)) continue;
      if (!open.empty()) open += ", ";
      open += module_.strings[module_.schemes[scheme.scheme].id];
    }
    if (open.empty()) return;
    out_ += fmt::format("<h2>{}</h2>\n<p>{}</p>\n", HtmlEscaped(say_.open_questions),
                        HtmlEscaped(fmt::format(fmt::runtime(say_.open_questions_intro), open)));
    if (questions.empty()) out_ += "<p>" + HtmlEscaped(say_.no_questions) + "</p>\n";
    Questions(questions);
    for (const auto& scheme : result_.schemes) {
      if (!vm::IsOpen(scheme)) continue;
      SchemeHeading(scheme);
      std::string missing;
      for (uint32_t fact : scheme.missing) {
        if (!missing.empty()) missing += ", ";
        missing += "<code>" + HtmlEscaped(module_.strings[module_.facts[fact].name]) + "</code>";
      }
      out_ += "<dl>\n";
      Entry(say_.missing, missing);
      out_ += "</dl>\n";
      Rules(scheme);
      out_ += "</section>\n";
    }
  }

  void Questions(std::span<const ask::Question> questions) {
    if (questions.empty()) return;
    size_t open = 0;
    for (const auto& scheme : result_.schemes) open += vm::IsOpen(scheme);
    out_ += "<ol>\n";
    for (size_t i = 0; i < questions.size() && i < kMaxQuestions; ++i) {
      const ask::Question& question = questions[i];
      const bytecode::Fact& fact = module_.facts[question.fact];
      out_ += "<li><p><code>" + HtmlEscaped(module_.strings[fact.name]) + "</code>";
      if (fact.doc != kNone) out_ += " — " + HtmlEscaped(module_.strings[fact.doc]);
      out_ += "</p>\n";
      std::string settles = fmt::format(fmt::runtime(say_.question_settles),
                                        question.settles_mean(), open, question.settles_always);
      out_ += "<p class=\"muted\">" + HtmlEscaped(settles) + "</p>\n<dl>\n";
      std::string open_in;
      for (uint32_t scheme : question.open_in) {
        if (!open_in.empty()) open_in += ", ";
        open_in += module_.strings[module_.schemes[scheme].id];
      }
      if (!open_in.empty()) Entry(say_.question_open_in, HtmlEscaped(open_in));
      std::string answers;
      for (size_t t = 0; t < question.trials.size() && t < kMaxAnswers; ++t) {
        if (!answers.empty()) answers += ", ";
        answers += fmt::format("<code>{}</code> → {}", HtmlEscaped(question.trials[t].label),
                               question.trials[t].settles);
      }
      if (question.trials.size() > kMaxAnswers) answers += ", …";
      Entry(say_.question_answers, answers);
      Entry(say_.question_how,
            "<code>" +
                HtmlEscaped(explain::FactHint(module_, question.fact, explain::FactSyntax::Json,
                                              language())) +
                "</code>");
      out_ += "</dl></li>\n";
    }
    out_ += "</ol>\n";
    if (questions.size() > kMaxQuestions) {
      out_ += "<p class=\"muted\">" +
              HtmlEscaped(fmt::format(fmt::runtime(say_.more_questions),
                                      questions.size() - kMaxQuestions)) +
              "</p>\n";
    }
  }

  const Module& module_;
  const facts::Product& product_;
  const vm::Result& result_;
  const Options& options_;
  const explain::Phrases& say_;
  std::string out_;
};

}  // namespace

std::string RenderHtml(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, std::span<const ask::Question> questions,
                       const Options& options) {
  return Page(program, product, result, options).Render(questions);
}

}  // namespace ccr::report
