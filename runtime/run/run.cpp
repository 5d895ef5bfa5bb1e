#include "runtime/run/run.h"

#include <fmt/format.h>

#include "runtime/ask/ask.h"

namespace ccr::run {

Expected<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::Text;
  if (name == "json") return Format::Json;
  if (name == "summary") return Format::Summary;
  if (name == "csv") return Format::Csv;
  if (name == "html") return Format::Html;
  return Error{fmt::format("unknown report format `{}`; use one of: {}", name,
                           fmt::join(kFormatNames, ", ")),
               ErrorKind::Usage};
}

Expected<report::Language> ParseLanguage(std::string_view name) {
  if (name == "en") return report::Language::English;
  if (name == "zh") return report::Language::Chinese;
  return Error{fmt::format("unknown report language `{}`; use en or zh", name), ErrorKind::Usage};
}

std::string RenderProduct(const bytecode::VerifiedProgram& program, const facts::Product& product,
                          const vm::Result& result, Format format, const report::Options& options) {
  switch (format) {
    case Format::Text:
      return report::RenderText(program, product, result, options);
    case Format::Json:
      return report::RenderJson(program, product, result, options) + "\n";
    case Format::Summary: {
      std::string report;
      report::AppendSummary(report, program, product, result, options);
      return report + "\n";
    }
    case Format::Csv: {
      std::string report;
      report::AppendCsvHeader(report, program);
      report::AppendCsvRow(report, program, product, result, 1);
      return report;
    }
    case Format::Html: {
      auto questions = ask::RankQuestions(program, product, ask::Options{options.as_of, {}});
      return report::RenderHtml(program, product, result, questions, options);
    }
  }
  CCR_CHECK(false && "a Format without a case");
  return {};
}

Expected<batch::Format> BatchFormat(Format format, std::string_view where) {
  switch (format) {
    case Format::Text:
      return batch::Format::Text;
    case Format::Json:
      return batch::Format::Json;
    case Format::Summary:
      return batch::Format::Summary;
    case Format::Csv:
      return batch::Format::Csv;
    case Format::Html:
      return Error{fmt::format("format html writes one product's report here; for the batch `{}` "
                               "use text, json, summary or csv (`ccr run --format html` writes "
                               "a batch's overview page)",
                               where),
                   ErrorKind::HtmlBatch};
  }
  CCR_CHECK(false && "a Format without a case");
  return batch::Format::Text;
}

}  // namespace ccr::run
