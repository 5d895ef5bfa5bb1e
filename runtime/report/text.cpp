// The text report, for people: a table of the listed schemes, then why each came out as it
// did, the product's warnings and a one-line summary. Plain text, no colour, so it reads the
// same in a terminal, a log and a diff. The fixed phrases come from runtime/explain/phrases.h in
// the chosen language.
#include <fmt/format.h>

#include <array>

#include "runtime/base/inert_text.h"
#include "runtime/explain/explain.h"
#include "runtime/explain/next_steps.h"
#include "runtime/explain/phrases.h"
#include "runtime/report/report.h"

namespace ccr::report {

using bytecode::Module;
using vm::Status;

namespace {

// Columns are aligned by terminal cells: a code point takes one, except the wide East Asian
// ranges (CJK, Hangul, full-width forms), which take two, so Chinese names line up too.
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if ((c & 0xC0) == 0x80) continue;
    uint32_t code = c;
    if ((c & 0xF0) == 0xE0 && i + 2 < text.size()) {
      code = (c & 0x0Fu) << 12 | (text[i + 1] & 0x3Fu) << 6 | (text[i + 2] & 0x3Fu);
    }
    bool wide = (code >= 0x2E80 && code <= 0xA4CF) || (code >= 0xAC00 && code <= 0xD7A3) ||
                (code >= 0xF900 && code <= 0xFAFF) || (code >= 0xFF00 && code <= 0xFF60);
    width += wide ? 2 : 1;
  }
  return width;
}

// In the table and `Why`; available schemes have a section of their own.
bool Listed(const vm::SchemeResult& scheme, const Options& options) {
  if (scheme.status == Status::Available) return false;
  return scheme.status != Status::NotRequired || options.include_not_required;
}

// An obligation that is not required is only named, unless `--all` asks for its rules.
bool ObligationExplained(const vm::Obligation& obligation, const Options& options) {
  return obligation.status != Status::NotRequired || options.include_not_required;
}

}  // namespace

std::string RenderText(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, const Options& options) {
  const Module& module = program.module();
  const Language language = options.language;
  const explain::Phrases& say = explain::PhrasesFor(language);
  std::string name = product.name.empty() ? std::string(say.unnamed_product) : Inert(product.name);
  if (options.line > 0) name += fmt::format(fmt::runtime(say.line_suffix), options.line);
  std::string out = fmt::format(fmt::runtime(say.title), name, FormatDate(options.as_of));
  out += '\n';

  using Row = std::array<std::string, 5>;
  std::vector<Row> rows = {{std::string(say.col_scheme), std::string(say.col_name),
                            std::string(say.col_authority), std::string(say.col_level),
                            std::string(say.col_status)}};
  for (const auto& scheme : result.schemes) {
    if (!Listed(scheme, options)) continue;
    const bytecode::Scheme& declared = module.schemes[scheme.scheme];
    rows.push_back({module.strings[declared.id],
                    explain::SchemeName(module, scheme.scheme, language),
                    module.strings[module.authorities[declared.authority].id],
                    std::string(explain::LevelText(scheme.level, language)),
                    std::string(explain::StatusText(scheme, language))});
    // Each obligation of the scheme on a row of its own, under it.
    for (const vm::Obligation& obligation : scheme.obligations) {
      const vm::SchemeResult view = explain::ObligationOf(scheme, obligation.component);
      rows.push_back({"", "  " + explain::ComponentText(module, obligation.component, language), "",
                      std::string(explain::LevelText(view.level, language)),
                      std::string(explain::StatusText(view, language))});
    }
  }
  out += '\n';
  if (rows.size() == 1) {
    out += options.include_not_required ? say.no_scheme_declared : say.nothing_listed;
    out += '\n';
  } else {
    std::array<size_t, 5> widths{};
    for (const auto& row : rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        widths[c] = std::max(widths[c], DisplayWidth(row[c]));
      }
    }
    for (const auto& row : rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        out += row[c];
        if (c + 1 < row.size()) out.append(widths[c] - DisplayWidth(row[c]) + 2, ' ');
      }
      out += '\n';
    }

    out += fmt::format("\n{}\n", say.why);
    for (const auto& scheme : result.schemes) {
      if (!Listed(scheme, options)) continue;
      out += fmt::format("\n{}: {}\n", module.strings[module.schemes[scheme.scheme].id],
                         explain::OutcomeText(scheme, language));
      if (scheme.obligations.empty()) {
        explain::AppendWhy(out, module, product, scheme, explain::FactSyntax::Json, "  ", language);
        continue;
      }
      // A scheme attached to components: why each obligation came out as it did.
      for (const vm::Obligation& obligation : scheme.obligations) {
        const vm::SchemeResult view = explain::ObligationOf(scheme, obligation.component);
        out += fmt::format("  {}: {}\n",
                           explain::ComponentText(module, obligation.component, language),
                           explain::OutcomeText(view, language));
        // What no rule asks of is said in one line; `--all` lists the rules that are false.
        if (!ObligationExplained(obligation, options)) continue;
        explain::AppendWhy(out, module, product, view, explain::FactSyntax::Json, "    ", language);
      }
    }

    bool started = false;
    for (const auto& scheme : result.schemes) {
      if (scheme.status != Status::Required) continue;
      if (!started) out += fmt::format("\n{}\n", say.next_steps);
      started = true;
      out += fmt::format("\n{}: {}\n", module.strings[module.schemes[scheme.scheme].id],
                         explain::SchemeName(module, scheme.scheme, language));
      explain::AppendNextSteps(out, module, scheme, "  ", language);
    }
  }

  bool started = false;
  for (const auto& scheme : result.schemes) {
    if (scheme.status != Status::Available) continue;
    if (!started) out += fmt::format("\n{}\n  {}\n", say.available_heading, say.available_intro);
    started = true;
    out += fmt::format("\n{}: {}\n", module.strings[module.schemes[scheme.scheme].id],
                       explain::SchemeName(module, scheme.scheme, language));
    explain::AppendWhy(out, module, product, scheme, explain::FactSyntax::Json, "  ", language);
    explain::AppendNextSteps(out, module, scheme, "  ", language);
  }

  if (!product.assumed.empty()) {
    out += fmt::format("\n{}\n", say.assumed_heading);
    for (uint32_t fact : product.assumed) {
      out += "  ";
      out += fmt::format(fmt::runtime(say.assumed_line), module.strings[module.facts[fact].name],
                         explain::FactValueText(module, fact, product.values[fact]));
      out += '\n';
    }
  }
  if (!product.warnings.empty()) {
    out += fmt::format("\n{}\n", say.warnings);
    for (const auto& warning : product.warnings) out += fmt::format("  {}\n", Inert(warning));
  }
  out += '\n' + explain::SummaryText(result, options.include_not_required, language) + '\n';
  return out;
}

}  // namespace ccr::report
