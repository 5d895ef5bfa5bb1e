// ccr run [BUNDLE] --facts FILE: evaluates one product (a JSON object) or a batch (JSONL, one
// product per line, streamed through runtime/batch on -j threads) and writes a report per
// product.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "runtime/ask/ask.h"
#include "runtime/base/files.h"
#include "runtime/base/inert_text.h"
#include "runtime/base/json_writer.h"
#include "runtime/base/output_file.h"
#include "runtime/base/suggest.h"
#include "runtime/batch/catalog.h"
#include "runtime/explain/constraints.h"
#include "runtime/facts/facts.h"
#include "runtime/jit/handover.h"
#include "runtime/jit/jit.h"
#include "runtime/report/overview.h"
#include "runtime/report/report.h"
#include "runtime/run/run.h"
#include "runtime/vm/vm.h"
#include "tools/ccr/batch_status.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

struct RunFlags {
  std::string bundle;
  std::string facts;
  std::string format = "text";
  std::string as_of;
  std::string output;
  std::string lang = "en";
  bool all = false;
  bool jsonl = false;
  bool jit = false;
  bool no_jit = false;
  // A batch file larger than this is handed over to the JIT once compiled (see handover.h).
  // Measured on 2 cores (docs/performance.md): at 84 MB the compile thread costs more than the
  // JIT saves, at 420 MB it gains 3 %, at 840 MB 6-15 %.
  uint64_t jit_above = uint64_t{512} << 20;
  int jobs = 0;  // 0: all cores
  bool quiet = false;
  bool strict = false;
  bool bom = false;
  uint64_t html_max_products = report::kDefaultOverviewMaxProducts;
  std::string facts_format;  // empty: from the file name
  std::string summary_json;
  std::string input;  // an input layout's name, or empty
  size_t max_line_bytes = batch::kDefaultMaxLineBytes;
};

// How the facts are written: `--facts-format`, else by the file name (.jsonl, .csv, .tsv),
// else one JSON object.
std::string FactsFormat(const RunFlags& flags) {
  if (!flags.facts_format.empty()) return flags.facts_format;
  if (flags.jsonl || EndsWith(flags.facts, ".jsonl")) return "jsonl";
  if (EndsWith(flags.facts, ".csv")) return "csv";
  if (EndsWith(flags.facts, ".tsv")) return "tsv";
  return "json";
}

// Whether `path` is a regular file larger than `bytes`.
bool LargerThan(const std::string& path, uint64_t bytes) {
  std::error_code error;
  if (path == "-" || !std::filesystem::is_regular_file(path, error)) return false;
  uint64_t size = std::filesystem::file_size(path, error);
  return !error && size > bytes;
}

// The backend each thread gets a copy of: the VM; with --jit, the compiled program; for a
// large batch, the VM until the program is compiled in the background, then the JIT. On
// failure, prints the error and sets `exit_code`.
std::unique_ptr<vm::Backend> MakeBackend(const RunFlags& flags,
                                         const bytecode::VerifiedProgram& program, bool lines,
                                         int& exit_code) {
  if (!flags.jit) {
    if (lines && !flags.no_jit && jit::Available() && LargerThan(flags.facts, flags.jit_above)) {
      return jit::VmUntilCompiled(program);
    }
    return std::make_unique<vm::Evaluator>(program);
  }
  auto compiled = jit::Evaluator::Compile(program);
  if (!compiled) {
    if (jit::Available()) {  // the message says `internal error: the JIT could not ...`
      std::fprintf(stderr, "%s\n", compiled.error().message.c_str());
      exit_code = kExitInternal;
    } else {
      std::fputs(FormatError(Error{"--jit: " + compiled.error().message, ErrorKind::JitUnavailable})
                     .c_str(),
                 stderr);
      exit_code = kExitUsage;
    }
    return nullptr;
  }
  return std::make_unique<jit::Evaluator>(std::move(*compiled));
}

// Evaluates a file holding one JSON object.
int RunOne(const RunFlags& flags, const bytecode::VerifiedProgram& program,
           const report::Options& report_options, vm::Backend& backend, uint32_t layout,
           OutputFile& out) {
  auto text = ReadWholeFile(flags.facts);
  if (!text) {
    std::fputs(FormatError(text.error()).c_str(), stderr);
    return kExitInput;
  }
  const std::string where = flags.facts == "-" ? "<stdin>" : flags.facts;
  facts::BindOptions bind_options;
  if (flags.strict) bind_options.undeclared = facts::Undeclared::Refuse;
  bind_options.layout = layout;
  auto product = facts::Binder(program.module(), bind_options).Bind(*text, where);
  if (!product) {
    std::fputs(FormatError(product.error()).c_str(), stderr);
    return kExitInput;
  }
  if (!flags.quiet) {
    for (const std::string& warning : product->warnings) {
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
  }
  vm::ConstraintChecker constraints(program);
  if (auto broken = explain::CheckConstraints(program.module(), constraints, *product, where)) {
    std::fputs(FormatError(*broken).c_str(), stderr);
    return kExitInput;
  }
  vm::Result result;
  backend.Evaluate(*product, report::EvaluationOptions(report_options), result);
  std::string report;
  if (flags.format == "csv" && flags.bom) report = "\xEF\xBB\xBF";  // for Excel
  report += run::RenderProduct(program, *product, result, *run::ParseFormat(flags.format),
                               report_options);
  auto written = out.Write(report);
  if (written) written = out.Commit();
  if (!written) {
    std::fputs(FormatError(written.error()).c_str(), stderr);
    return kExitInput;
  }
  for (const vm::SchemeResult& scheme : result.schemes) {
    if (vm::IsOpen(scheme)) return kExitFindings;
  }
  return kExitOk;
}

// Returns the batch's counts as one JSON object (`ccr.batch/1`, docs/cli.md).
std::string BatchSummaryJson(const batch::CatalogCounts& counts, std::string_view where) {
  std::string out = "{\"schema\":\"ccr.batch/1\",\"facts\":";
  AppendJsonString(out, where);
  out += fmt::format(
      ",\"lines\":{},\"products\":{},\"required\":{},\"undetermined\":{},"
      "\"errors\":{},\"undeclared\":[",
      counts.lines, counts.products, counts.required, counts.undetermined, counts.errors);
  for (size_t i = 0; i < counts.undeclared.size(); ++i) {
    const batch::UndeclaredKey& key = counts.undeclared[i];
    if (i > 0) out += ',';
    out += "{\"name\":";
    AppendJsonString(out, key.name);
    out += fmt::format(",\"count\":{},\"first_line\":{}}}", key.count, key.first_line);
  }
  out += fmt::format("],\"undeclared_other\":{}}}\n", counts.undeclared_other);
  return out;
}

// Streams a catalogue (JSONL, CSV, TSV) through the batch pipeline.
int RunBatch(const RunFlags& flags, const bytecode::VerifiedProgram& program,
             const report::Options& report_options, vm::Backend& backend, uint32_t layout,
             OutputFile& out) {
  auto source = batch::OpenByteSource(flags.facts);
  if (!source) {
    std::fputs(FormatError(source.error()).c_str(), stderr);
    return kExitInput;
  }
  const std::string where = flags.facts == "-" ? "<stdin>" : flags.facts;
  BatchStatus status(!flags.quiet && isatty(STDERR_FILENO));
  batch::CatalogOptions options;
  options.threads = flags.jobs > 0
                        ? flags.jobs
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // The library writes no overview page (R0005); `ccr run` does.
  options.format = flags.format == "html"
                       ? batch::Format::Html
                       : *run::BatchFormat(*run::ParseFormat(flags.format), where);
  const std::string facts_format = FactsFormat(flags);
  options.input = facts_format == "csv"   ? batch::InputFormat::Csv
                  : facts_format == "tsv" ? batch::InputFormat::Tsv
                                          : batch::InputFormat::Jsonl;
  options.undeclared = flags.strict ? facts::Undeclared::Refuse : facts::Undeclared::Collect;
  options.csv_bom = flags.bom;
  options.layout = layout;
  options.overview_max_products = flags.html_max_products;
  options.report = report_options;
  options.reader.max_line_bytes = flags.max_line_bytes;
  options.backend = &backend;
  options.write = [&out](std::string_view bytes) { return out.Write(bytes); };
  // --quiet keeps errors (a failed line must not pass unseen) and drops warnings.
  options.diagnostics = [&status, &flags](std::string_view text) {
    if (!flags.quiet) {
      status.Diagnostics(text);
      return;
    }
    std::string errors;
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      end = end == std::string_view::npos ? text.size() : end + 1;
      if (!text.substr(start).starts_with("warning: ")) errors += text.substr(start, end - start);
      start = end;
    }
    if (!errors.empty()) status.Diagnostics(errors);
  };
  options.progress = [&status](const batch::CatalogCounts& counts) { status.Update(counts); };
  auto counts = batch::EvaluateCatalog(program, **source, where, options);
  Expected<Ok> committed = counts ? out.Commit() : Expected<Ok>(counts.error());
  status.Finish();
  if (!committed) {
    std::fputs(FormatError(committed.error()).c_str(), stderr);
    return kExitInput;
  }
  if (!flags.quiet) {
    std::fputs(batch::UndeclaredWarnings(program.module(), *counts, where).c_str(), stderr);
    std::fprintf(stderr, "%s\n", status.Summary(*counts).c_str());
  }
  if (!flags.summary_json.empty()) {
    auto summary = OutputFile::Open(flags.summary_json);
    Expected<Ok> written =
        summary ? summary->Write(BatchSummaryJson(*counts, where)) : Expected<Ok>(summary.error());
    if (written) written = summary->Commit();
    if (!written) {
      std::fputs(FormatError(written.error()).c_str(), stderr);
      return kExitInput;
    }
  }
  if (counts->errors > 0) return kExitInput;
  return counts->undetermined > 0 ? kExitFindings : kExitOk;
}

int Run(const RunFlags& flags) {
  auto program = LoadBundle(flags.bundle);
  if (!program) {
    std::fputs(FormatError(program.error()).c_str(), stderr);
    return kExitInput;
  }
  report::Options report_options;
  report_options.as_of = flags.as_of.empty() ? Today() : *ParseDate(flags.as_of);
  report_options.include_not_required = flags.all;
  report_options.language = *run::ParseLanguage(flags.lang);
  const bool lines = FactsFormat(flags) != "json";
  uint32_t layout = bytecode::kNone;
  if (!flags.input.empty()) {
    const bytecode::Module& module = program->module();
    layout = facts::FindLayout(module, flags.input);
    if (layout == bytecode::kNone) {
      std::vector<std::string_view> names;
      for (const bytecode::Layout& l : module.layouts) names.push_back(module.strings[l.name]);
      std::string help;
      if (std::string_view close = ClosestName(flags.input, names); !close.empty()) {
        help = fmt::format("; did you mean `{}`?", close);
      } else if (names.empty()) {
        help = "; the bundle declares none (`layout NAME { ... }`, docs/report.md)";
      } else {
        help = "; it declares";
        for (std::string_view name : names) help += fmt::format(" `{}`", name);
      }
      std::fputs(FormatError(Error{fmt::format("--input: the bundle has no input layout `{}`{}",
                                               Inert(flags.input), help),
                                   ErrorKind::UnknownLayout})
                     .c_str(),
                 stderr);
      return kExitUsage;
    }
  }
  int exit_code = kExitOk;
  auto backend = MakeBackend(flags, *program, lines, exit_code);
  if (!backend) return exit_code;
  // Without -o, reports stream to stdout; with it, to a temporary renamed at the end, so a
  // failed run leaves the previous file intact.
  auto out = OutputFile::Open(flags.output.empty() ? "-" : flags.output);
  if (!out) {
    std::fputs(FormatError(out.error()).c_str(), stderr);
    return kExitInput;
  }
  return lines ? RunBatch(flags, *program, report_options, *backend, layout, *out)
               : RunOne(flags, *program, report_options, *backend, layout, *out);
}

}  // namespace

Command AddRunCommand(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* run = app.add_subcommand("run", "evaluate products against a rule bundle");
  run->add_option("bundle", flags->bundle,
                  "a .ccrb file from `ccrc compile` (default: the built-in bundle)");
  run->add_option("--facts", flags->facts,
                  "product facts: a JSON object, a .jsonl file with one per line, or a .csv/.tsv "
                  "table with a header; - for stdin")
      ->required();
  run->add_option("--facts-format", flags->facts_format,
                  "how --facts is written, when its name does not say (default: .jsonl, .csv "
                  "and .tsv by name, else one JSON object)")
      ->check(CLI::IsMember({"json", "jsonl", "csv", "tsv"}));
  run->add_option("--format", flags->format,
                  "report format: text, json, summary (compact JSONL), csv (a matrix, one row "
                  "per product), html (one product's page, or a batch's overview)")
      ->check(CLI::IsMember(
          std::vector<std::string>(std::begin(run::kFormatNames), std::end(run::kFormatNames))));
  run->add_option("--input", flags->input,
                  "read the facts through this input layout of the bundle (`layout NAME { ... }`: "
                  "column or key names, synonyms, units, separators)");
  run->add_flag("--strict", flags->strict,
                "keys and columns that are not declared facts are errors, not warnings");
  run->add_flag("--bom", flags->bom, "--format csv: start with a UTF-8 byte order mark (Excel)");
  run->add_option("--html-max-products", flags->html_max_products,
                  "--format html on a batch: the most product rows the page shows (default "
                  "2000; the counts cover every product)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  run->add_option("--summary-json", flags->summary_json,
                  "a batch: also write its counts and undeclared names as JSON to this file");
  run->add_option("--lang", flags->lang,
                  "language of the text and html reports: en or zh (JSON is language-neutral)")
      ->check(CLI::IsMember({"en", "zh"}));
  run->add_option("--as-of", flags->as_of,
                  "evaluate the rules in force on this date (default: today)")
      ->check(CheckDate);
  run->add_flag("--all", flags->all, "also list the schemes that are not required");
  run->add_flag("--jsonl", flags->jsonl, "read one product per line (implied by a .jsonl name)");
  CLI::Option* jit =
      run->add_flag("--jit", flags->jit, "evaluate with the LLVM JIT instead of the VM");
  run->add_flag("--no-jit", flags->no_jit, "evaluate with the VM only, even a large batch")
      ->excludes(jit);
  run->add_option("--jit-above", flags->jit_above,
                  "a batch file larger than this many bytes moves to the JIT once it is "
                  "compiled (default: 512 MiB)");
  run->add_option("-o,--output", flags->output, "write the reports to this file (atomically)");
  run->add_option("-j,--jobs", flags->jobs,
                  "evaluate a batch on N threads (default: all cores; 1: sequential)")
      ->check(CLI::Range(1, 1024));
  run->add_flag("-q,--quiet", flags->quiet,
                "no warnings, no progress line and no summary (errors are still printed)");
  run->add_option("--max-line-bytes", flags->max_line_bytes,
                  "the longest product line accepted in a batch; longer lines are errors")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));
  return {run, [flags] { return Run(*flags); }};
}

}  // namespace ccr::tools
