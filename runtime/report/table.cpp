// The batch formats for spreadsheets and scripts: the CSV matrix (one row per product, one
// column per scheme) and the compact summary JSONL (statuses without explanations). Both are
// written straight from vm::Result with fixed orders, so they are deterministic and cheap:
// no rule text is rendered or escaped per product.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "runtime/base/inert_text.h"
#include "runtime/base/json_writer.h"
#include "runtime/explain/explain.h"
#include "runtime/report/internal/fragments.h"
#include "runtime/report/report.h"
#include "runtime/vm/decide.h"

namespace ccr::report {

using namespace std::string_view_literals;

using bytecode::Level;
using bytecode::Module;
using vm::Status;

std::string_view CellStatus(const vm::SchemeResult& scheme) {
  switch (scheme.status) {
    case Status::Required:
      return scheme.level == Level::Mandatory ? "required mandatory"sv
                                              : "recommended (voluntary)"sv;
    case Status::Undetermined:
      return "undetermined"sv;
    case Status::Exempt:
      return "exempt"sv;
    case Status::NotRequired:
      return "not required"sv;
    case Status::Available:
      return "available"sv;
  }
  return "?"sv;
}

void AppendCsvCell(std::string& out, std::string_view text) {
  // Inert first, straight into `out`: a control character or bidi override has no business in
  // a cell, and the result has no CR or LF, so a cell never spans lines.
  size_t start = out.size();
  AppendInert(out, text);
  std::string_view cell(out.data() + start, out.size() - start);
  // A spreadsheet runs a cell that starts like a formula (`=HYPERLINK(...)`, `+1+cmd|...`,
  // `-2+3`, `@SUM(...)`). A leading apostrophe makes it text (OWASP, "CSV Injection"). A tab
  // or CR in front of one, the other trick, cannot occur: inert text shows them as `\\t`, `\\r`.
  bool formula =
      !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@');
  // Two memchr scans: string::find_first_of calls memchr once per byte of the cell.
  bool quote = formula || cell.find(',') != std::string_view::npos ||
               cell.find('"') != std::string_view::npos ||
               (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) return;
  std::string quoted = formula ? "\"'" : "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  out.replace(start, std::string::npos, quoted);
}

namespace {

// The missing facts of every undetermined scheme, once each, in declaration order.
std::vector<uint32_t> MissingFacts(const vm::Result& result) {
  std::vector<uint32_t> missing;
  for (const vm::SchemeResult& scheme : result.schemes) {
    missing.insert(missing.end(), scheme.missing.begin(), scheme.missing.end());
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  return missing;
}

// Bundles that declare defaults get an `assumed` column: which facts a row's product did not
// state and took their default.
bool HasAssumedColumn(const Module& module) { return !module.defaults.empty(); }
// Appends `,"missing":[...]`: a decision's missing facts.
void AppendMissing(std::string& out, const internal::Fragments& f, const vm::Decision& decision) {
  out += ",\"missing\":["sv;
  for (size_t i = 0; i < decision.missing.size(); ++i) {
    if (i > 0) out += ',';
    out += f.fact_names[decision.missing[i]];
  }
  out += ']';
}

}  // namespace

void AppendCsvHeader(std::string& out, const bytecode::VerifiedProgram& program) {
  const Module& module = program.module();
  const std::vector<std::vector<uint32_t>> obligations = vm::ObligationComponents(module);
  out += "line,product";
  for (uint32_t s = 0; s < module.schemes.size(); ++s) {
    const std::string& id = module.strings[module.schemes[s].id];
    out += ',';
    AppendCsvCell(out, id);
    // A scheme attached to components: a column per obligation after its own, `CCC for
    // product`, `CCC for supplied_adapter`.
    for (uint32_t component : obligations[s]) {
      out += ',';
      AppendCsvCell(out, id + " for " +
                             (component == bytecode::kNone
                                  ? std::string("product")
                                  : module.strings[module.components[component].id]));
    }
  }
  out += HasAssumedColumn(module) ? ",missing,assumed,error\r\n"sv : ",missing,error\r\n"sv;
}

void AppendCsvRow(std::string& out, const bytecode::VerifiedProgram& program,
                  const facts::Product& product, const vm::Result& result, uint64_t line) {
  const Module& module = program.module();
  fmt::format_to(std::back_inserter(out), "{},", line);
  AppendCsvCell(out, product.name);
  for (const vm::SchemeResult& scheme : result.schemes) {
    out += ',';
    out += CellStatus(scheme);
    for (const vm::Obligation& obligation : scheme.obligations) {
      out += ',';
      out += CellStatus(explain::ObligationOf(scheme, obligation.component));
    }
  }
  out += ',';
  std::string missing;
  for (uint32_t fact : MissingFacts(result)) {
    if (!missing.empty()) missing += ' ';
    missing += module.strings[module.facts[fact].name];
  }
  AppendCsvCell(out, missing);
  if (HasAssumedColumn(module)) {
    out += ',';
    std::string assumed;
    for (uint32_t fact : product.assumed) {
      if (!assumed.empty()) assumed += ' ';
      assumed += module.strings[module.facts[fact].name];
      assumed += '=';
      assumed += explain::FactValueText(module, fact, product.values[fact]);
    }
    AppendCsvCell(out, assumed);
  }
  out += ",\r\n";
}

void AppendCsvError(std::string& out, const bytecode::VerifiedProgram& program, uint64_t line,
                    std::string_view product, std::string_view message) {
  fmt::format_to(std::back_inserter(out), "{},", line);
  AppendCsvCell(out, product);
  const Module& module = program.module();
  size_t columns = module.schemes.size();
  for (const auto& components : vm::ObligationComponents(module)) columns += components.size();
  out.append(columns + (HasAssumedColumn(module) ? 3 : 2), ',');
  AppendCsvCell(out, message);
  out += "\r\n";
}

void AppendSummary(std::string& out, const bytecode::VerifiedProgram& program,
                   const facts::Product& product, const vm::Result& result,
                   const Options& options) {
  const Module& module = program.module();
  const internal::Fragments& f = internal::FragmentsFor(program);
  fmt::format_to(std::back_inserter(out), "{{\"schema\":\"ccr.summary/{}\"", kSummarySchemaVersion);
  if (options.line > 0) fmt::format_to(std::back_inserter(out), ",\"line\":{}", options.line);
  if (!product.name.empty()) {
    out += ",\"product\":"sv;
    AppendJsonString(out, product.name);
  }
  bool complete = true;
  for (const auto& scheme : result.schemes) complete &= !vm::IsOpen(scheme);
  out += ",\"as_of\":\""sv;
  out += internal::DateText(options.as_of);
  out +=
      complete ? "\",\"complete\":true,\"schemes\":["sv : "\",\"complete\":false,\"schemes\":["sv;
  bool first = true;
  for (const vm::SchemeResult& scheme : result.schemes) {
    if (scheme.status == Status::NotRequired && !options.include_not_required) continue;
    if (!first) out += ',';
    first = false;
    out += f.summary_heads[scheme.scheme];
    out += StatusKey(scheme.status);
    out += "\",\"level\":\""sv;
    out += explain::LevelText(scheme.level);
    out += '"';
    if (scheme.status == Status::Undetermined) AppendMissing(out, f, scheme);
    if (!scheme.obligations.empty()) {
      out += ",\"obligations\":["sv;
      for (size_t i = 0; i < scheme.obligations.size(); ++i) {
        const vm::Obligation& obligation = scheme.obligations[i];
        if (i > 0) out += ',';
        out += "{\"component\":"sv;
        if (obligation.component == bytecode::kNone) {
          out += "\"product\""sv;
        } else {
          AppendJsonString(out, module.strings[module.components[obligation.component].id]);
        }
        out += ",\"status\":\""sv;
        out += StatusKey(obligation.status);
        out += "\",\"level\":\""sv;
        out += explain::LevelText(obligation.level);
        out += '"';
        if (obligation.status == Status::Undetermined) AppendMissing(out, f, obligation);
        out += '}';
      }
      out += ']';
    }
    out += '}';
  }
  out += ']';
  if (!product.assumed.empty()) {
    out += ",\"assumed\":["sv;
    for (size_t i = 0; i < product.assumed.size(); ++i) {
      if (i > 0) out += ',';
      out += f.fact_names[product.assumed[i]];
    }
    out += ']';
  }
  out += '}';
}

}  // namespace ccr::report
