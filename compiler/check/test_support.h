// Test helper: compiles source text (no standard library) through parse and check.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/check/check.h"
#include "compiler/syntax/parse.h"

namespace ccr::testing {

struct Compiled {
  diag::SourceManager sources;
  diag::DiagnosticSink sink;
  ast::Module ast;
  check::CheckedModule checked;
  bool parsed = false;     // no syntax errors
  bool check_ran = false;  // checked: the statements that parsed, as the driver does

  // Error codes, in order (the prelude's facts draw unused-fact warnings in most tests).
  std::vector<std::string> Codes() const { return CodesOf(diag::Severity::Error); }
  std::vector<std::string> WarningCodes() const { return CodesOf(diag::Severity::Warning); }

  std::vector<std::string> CodesOf(diag::Severity severity) const {
    std::vector<std::string> codes;
    for (const auto& d : sink.diagnostics()) {
      if (d.severity() == severity) codes.push_back(diag::Info(d.kind).code);
    }
    return codes;
  }
};

inline std::unique_ptr<Compiled> CompileText(const std::string& text,
                                             const syntax::ParseOptions& options = {}) {
  auto c = std::make_unique<Compiled>();
  diag::FileId file = c->sources.Add("test.ccr", text);
  syntax::ParseResult parsed = syntax::Parse(c->sources, file, c->ast, c->sink, options);
  c->parsed = parsed.ok;
  c->check_ran = !parsed.refused;
  if (c->check_ran) c->checked = check::Check(c->ast, c->sources, c->sink);
  return c;
}

// Declarations most tests need.
inline const char* kPrelude = R"(
authority MIIT "Ministry of Industry and Information Technology"
authority SAMR "State Administration for Market Regulation"
authority CNCA "Certification and Accreditation Administration" under SAMR
scheme SRRC "Radio type approval" by MIIT mandatory
scheme CCC "China Compulsory Certification" by CNCA mandatory
scheme CQC_MARK "CQC mark" by CNCA voluntary
enum Category { laptop, smartphone, toy }
fact emits_radio: bool "radio"
fact category: Category "type"
fact rated_voltage_v: number in V "voltage"
fact model: string "model"
fact radio_technologies: set of enum { wifi, bluetooth } "radios"
set ccc_it: Category = { laptop, smartphone }
)";

}  // namespace ccr::testing
