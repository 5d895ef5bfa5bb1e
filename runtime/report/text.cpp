// The text report, for people: a table of the listed schemes, then why each came out as it
// did, the product's warnings and a one-line summary. Plain text, no colour, so it reads the
// same in a terminal, a log and a diff.
#include <fmt/format.h>

#include <array>

#include "runtime/report/internal/explain.h"
#include "runtime/report/report.h"

namespace ccr::report {

using bytecode::Module;
using vm::Status;

namespace {

// Columns are aligned by code points: scheme names are expected to be mostly ASCII, and a
// terminal's width for CJK text is not knowable here anyway.
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

bool Listed(const vm::SchemeResult& scheme, const Options& options) {
  return scheme.status != Status::NotRequired || options.include_not_required;
}

std::string Summary(const vm::Result& result, const Options& options) {
  int required = 0, mandatory = 0, undetermined = 0, exempt = 0, not_required = 0;
  for (const auto& scheme : result.schemes) {
    switch (scheme.status) {
      case Status::Required:
        ++required;
        mandatory += scheme.level == bytecode::Level::Mandatory;
        break;
      case Status::Undetermined:
        ++undetermined;
        break;
      case Status::Exempt:
        ++exempt;
        break;
      case Status::NotRequired:
        ++not_required;
        break;
    }
  }
  std::string out = fmt::format("{} required", required);
  if (required > 0) {
    int voluntary = required - mandatory;
    if (mandatory > 0 && voluntary > 0) {
      out += fmt::format(" ({} mandatory, {} voluntary)", mandatory, voluntary);
    } else {
      out += fmt::format(" ({} {})", required, mandatory > 0 ? "mandatory" : "voluntary");
    }
  }
  if (undetermined > 0) out += fmt::format(", {} undetermined", undetermined);
  if (exempt > 0) out += fmt::format(", {} exempt", exempt);
  if (options.include_not_required) out += fmt::format(", {} not required", not_required);
  return out;
}

}  // namespace

std::string RenderText(const bytecode::VerifiedProgram& program, const facts::Product& product,
                       const vm::Result& result, const Options& options) {
  const Module& module = program.module();
  std::string out = fmt::format("{}: certification requirements as of {}\n",
                                product.name.empty() ? "(unnamed product)" : product.name,
                                FormatDate(options.as_of));

  using Row = std::array<std::string, 5>;
  std::vector<Row> rows = {{"SCHEME", "NAME", "AUTHORITY", "LEVEL", "STATUS"}};
  for (const auto& scheme : result.schemes) {
    if (!Listed(scheme, options)) continue;
    const bytecode::Scheme& declared = module.schemes[scheme.scheme];
    rows.push_back({module.strings[declared.id], module.strings[declared.name],
                    module.strings[module.authorities[declared.authority].id],
                    std::string(internal::LevelText(scheme.level)),
                    std::string(internal::StatusText(scheme.status))});
  }
  out += '\n';
  if (rows.size() == 1) {
    out += options.include_not_required ? "The program declares no scheme.\n"
                                        : "No scheme is required, undetermined or exempt.\n";
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

    out += "\nWhy\n";
    for (const auto& scheme : result.schemes) {
      if (!Listed(scheme, options)) continue;
      out += fmt::format("\n{}: {}\n", module.strings[module.schemes[scheme.scheme].id],
                         internal::OutcomeText(scheme));
      internal::AppendWhy(out, module, product, scheme, internal::FactSyntax::Json, "  ");
    }
  }

  if (!product.warnings.empty()) {
    out += "\nWarnings\n";
    for (const auto& warning : product.warnings) out += fmt::format("  {}\n", warning);
  }
  out += '\n' + Summary(result, options) + '\n';
  return out;
}

}  // namespace ccr::report
