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
#include "runtime/base/output_file.h"
#include "runtime/batch/catalog.h"
#include "runtime/facts/facts.h"
#include "runtime/jit/handover.h"
#include "runtime/jit/jit.h"
#include "runtime/report/report.h"
#include "runtime/run/run.h"
#include "runtime/vm/vm.h"
#include "tools/ccr/batch_status.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

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
  size_t max_line_bytes = batch::kDefaultMaxLineBytes;
};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
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
           const report::Options& report_options, vm::Backend& backend, OutputFile& out) {
  auto text = ReadWholeFile(flags.facts);
  if (!text) {
    std::fputs(FormatError(text.error()).c_str(), stderr);
    return kExitInput;
  }
  const std::string where = flags.facts == "-" ? "<stdin>" : flags.facts;
  auto product = facts::Bind(program.module(), *text, where);
  if (!product) {
    std::fputs(FormatError(product.error()).c_str(), stderr);
    return kExitInput;
  }
  for (const std::string& warning : product->warnings) {
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  }
  vm::Result result;
  backend.Evaluate(*product, vm::Options{report_options.as_of}, result);
  const std::string report = run::RenderProduct(program, *product, result,
                                                *run::ParseFormat(flags.format), report_options);
  auto written = out.Write(report);
  if (written) written = out.Commit();
  if (!written) {
    std::fputs(FormatError(written.error()).c_str(), stderr);
    return kExitInput;
  }
  for (const vm::SchemeResult& scheme : result.schemes) {
    if (scheme.status == vm::Status::Undetermined) return kExitFindings;
  }
  return kExitOk;
}

// Streams a JSONL catalogue through the batch pipeline.
int RunBatch(const RunFlags& flags, const bytecode::VerifiedProgram& program,
             const report::Options& report_options, vm::Backend& backend, OutputFile& out) {
  auto source = batch::OpenByteSource(flags.facts);
  if (!source) {
    std::fputs(FormatError(source.error()).c_str(), stderr);
    return kExitInput;
  }
  BatchStatus status(!flags.quiet && isatty(STDERR_FILENO));
  batch::CatalogOptions options;
  options.threads = flags.jobs > 0
                        ? flags.jobs
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.format = *run::BatchFormat(*run::ParseFormat(flags.format), "");
  options.report = report_options;
  options.reader.max_line_bytes = flags.max_line_bytes;
  options.backend = &backend;
  options.write = [&out](std::string_view bytes) { return out.Write(bytes); };
  options.diagnostics = [&status](std::string_view text) { status.Diagnostics(text); };
  options.progress = [&status](const batch::CatalogCounts& counts) { status.Update(counts); };
  const std::string where = flags.facts == "-" ? "<stdin>" : flags.facts;
  auto counts = batch::EvaluateCatalog(program, **source, where, options);
  Expected<Ok> committed = counts ? out.Commit() : Expected<Ok>(counts.error());
  status.Finish();
  if (!committed) {
    std::fputs(FormatError(committed.error()).c_str(), stderr);
    return kExitInput;
  }
  if (!flags.quiet) std::fprintf(stderr, "%s\n", status.Summary(*counts).c_str());
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
  const bool lines = flags.jsonl || EndsWith(flags.facts, ".jsonl");
  if (lines) {
    auto format = run::BatchFormat(*run::ParseFormat(flags.format),
                                   flags.facts == "-" ? "<stdin>" : flags.facts);
    if (!format) {
      std::fputs(FormatError(format.error()).c_str(), stderr);
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
  return lines ? RunBatch(flags, *program, report_options, *backend, *out)
               : RunOne(flags, *program, report_options, *backend, *out);
}

}  // namespace

Command AddRunCommand(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* run = app.add_subcommand("run", "evaluate products against a rule bundle");
  run->add_option("bundle", flags->bundle,
                  "a .ccrb file from `ccrc compile` (default: the built-in bundle)");
  run->add_option("--facts", flags->facts,
                  "product facts: a JSON object, or a .jsonl file with one per line; - for stdin")
      ->required();
  run->add_option("--format", flags->format, "report format")
      ->check(CLI::IsMember(
          std::vector<std::string>(std::begin(run::kFormatNames), std::end(run::kFormatNames))));
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
  run->add_flag("-q,--quiet", flags->quiet, "no progress line and no summary for a batch");
  run->add_option("--max-line-bytes", flags->max_line_bytes,
                  "the longest product line accepted in a batch; longer lines are errors")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));
  return {run, [flags] { return Run(*flags); }};
}

}  // namespace ccr::tools
