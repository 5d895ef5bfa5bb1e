// libccr: the C API (ccr.h) over the entry headers of the driver, bytecode, facts, vm, batch,
// ask and run libraries. Glue only: every report is rendered by runtime/run and runtime/batch,
// the code `ccr run` calls, so the bytes are the same. Each entry point catches every C++
// exception at this boundary and turns it into a ccr_error (R0007): none reaches a C caller.
#include "runtime/capi/ccr.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "compiler/diagnostics/render.h"
#include "compiler/driver/driver.h"
#include "runtime/ask/ask.h"
#include "runtime/base/date.h"
#include "runtime/base/expected.h"
#include "runtime/base/output_file.h"
#include "runtime/batch/catalog.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/capi/internal/report_bytes.h"
#include "runtime/capi/internal/sha256.h"
#include "runtime/explain/constraints.h"
#include "runtime/facts/facts.h"
#include "runtime/run/run.h"
#include "runtime/vm/vm.h"
#include "tools/common/default_bundle.h"

struct ccr_error {
  std::string code;
  std::string message;
  std::string text;
  uint64_t line = 0;
};

struct ccr_compilation {
  struct Diagnostic {
    std::string code, severity, path, message, help, text;
    uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
  };
  std::vector<uint8_t> bundle;
  std::vector<Diagnostic> diagnostics;
  std::string json;
};

struct ccr_program {
  // One thread's evaluation state, reused between single-product calls: a Binder's parser
  // and an Evaluator's scratch are worth keeping (building them costs more than a product).
  struct Worker {
    ccr::facts::Binder binder;
    ccr::vm::ConstraintChecker constraints;
    ccr::vm::Evaluator evaluator;
    ccr::vm::Result result;
  };

  ccr_program(std::vector<uint8_t> bytes_in, ccr::bytecode::VerifiedProgram program_in)
      : bytes(std::move(bytes_in)),
        program(std::move(program_in)),
        hash(ccr::capi::internal::Sha256Hex(bytes)),
        prototype{ccr::facts::Binder(program.module()),
                  ccr::vm::ConstraintChecker(program),
                  ccr::vm::Evaluator(program),
                  {}} {}

  std::unique_ptr<Worker> Acquire() const {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        std::unique_ptr<Worker> worker = std::move(idle.back());
        idle.pop_back();
        return worker;
      }
    }
    return std::make_unique<Worker>(
        Worker{prototype.binder, prototype.constraints, prototype.evaluator, {}});
  }

  void Release(std::unique_ptr<Worker> worker) const {
    std::lock_guard lock(mutex);
    // More idle workers than this many threads at once is memory nobody will reuse.
    if (idle.size() < kMaxIdleWorkers) idle.push_back(std::move(worker));
  }

  static constexpr size_t kMaxIdleWorkers = 64;

  const std::vector<uint8_t> bytes;
  const ccr::bytecode::VerifiedProgram program;
  const std::string hash;
  const Worker prototype;
  // The only mutable state: a cache of idle workers, behind a lock. The program itself is
  // immutable, so evaluations on many threads need no other synchronisation.
  mutable std::mutex mutex;
  mutable std::vector<std::unique_ptr<Worker>> idle;
};

struct ccr_report {
  ccr::capi::internal::ReportBytes data;
  std::string diagnostics;
  ccr_counts counts = {};
  int exit_code = 0;
};

namespace ccr::capi {
namespace {

ccr_error* MakeError(std::string code, std::string message, uint64_t line = 0) {
  auto* error = new ccr_error{std::move(code), std::move(message), {}, line};
  std::string_view rest = error->message;
  // The form of FormatError (runtime/base/expected.h), also for compiler codes.
  while (true) {
    size_t end = rest.find('\n');
    error->text += "error[" + error->code + "]: ";
    error->text += rest.substr(0, end);
    error->text += '\n';
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return error;
}

ccr_error* MakeError(const Error& error, uint64_t line = 0) {
  return MakeError(Info(error.kind).code, error.message, line);
}

ccr_error* NullArgument(const char* function, const char* argument) {
  return MakeError(Error{std::string(function) + ": `" + argument + "` is NULL", ErrorKind::Usage});
}

// Runs `body`, turning any exception into R0007: nothing thrown may cross into C.
template <typename Body>
ccr_error* Guard(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    try {
      return MakeError(Error{std::string(function) + ": out of memory", ErrorKind::Internal});
    } catch (...) {
      return nullptr;  // cannot even allocate the error: nothing better is possible
    }
  } catch (const std::exception& exception) {
    try {
      return MakeError(Error{std::string(function) + ": internal error: " + exception.what(),
                             ErrorKind::Internal});
    } catch (...) {
      return nullptr;
    }
  } catch (...) {
    try {
      return MakeError(Error{std::string(function) + ": internal error", ErrorKind::Internal});
    } catch (...) {
      return nullptr;
    }
  }
}

// ccr_options, checked and converted: what `ccr run` makes of its flags.
struct RunOptions {
  report::Options report;
  run::Format format = run::Format::Text;
  int threads = 1;
  std::string where = "<stdin>";
  uint64_t first_line = 1;
  size_t max_line_bytes = batch::kDefaultMaxLineBytes;
};

Expected<RunOptions> ReadOptions(const ccr_options* options) {
  RunOptions out;
  out.report.as_of = Today();
  out.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (options == nullptr) return out;
  if (options->as_of != nullptr) {
    auto date = ParseDate(options->as_of);
    if (!date) {
      return Error{std::string("--as-of: expected a date YYYY-MM-DD, got `") + options->as_of + "`",
                   ErrorKind::Usage};
    }
    out.report.as_of = *date;
  }
  if (options->format != nullptr) {
    auto format = run::ParseFormat(options->format);
    if (!format) return format.error();
    out.format = *format;
  }
  if (options->lang != nullptr) {
    auto language = run::ParseLanguage(options->lang);
    if (!language) return language.error();
    out.report.language = *language;
  }
  out.report.include_not_required = options->all != 0;
  if (options->threads < 0 || options->threads > 1024) {
    return Error{"threads: expected 0 (all cores) to 1024, got " + std::to_string(options->threads),
                 ErrorKind::Usage};
  }
  if (options->threads > 0) out.threads = options->threads;
  if (options->where != nullptr) out.where = options->where;
  if (options->first_line > 0) out.first_line = options->first_line;
  if (options->max_line_bytes > 0) out.max_line_bytes = options->max_line_bytes;
  return out;
}

// Counts one evaluated product.
void CountProduct(const vm::Result& result, ccr_counts& counts) {
  bool required = false, undetermined = false;
  for (const vm::SchemeResult& scheme : result.schemes) {
    required |= scheme.status == vm::Status::Required;
    undetermined |= vm::IsOpen(scheme);
  }
  counts.lines = counts.products = counts.reports = 1;
  counts.required = required;
  counts.undetermined = undetermined;
}

void AppendWarnings(const facts::Product& product, std::string& diagnostics) {
  for (const std::string& warning : product.warnings) diagnostics += "warning: " + warning + "\n";
}

// Serves a caller's buffer to the line reader without copying it.
class SpanSource final : public batch::ByteSource {
 public:
  explicit SpanSource(std::string_view bytes) : rest_(bytes) {}
  Expected<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, rest_.size());
    std::memcpy(buffer, rest_.data(), n);
    rest_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view rest_;
};

ccr_error* Load(std::vector<uint8_t> bytes, std::string_view name, ccr_program** out) {
  auto program = bytecode::Load(bytes, name);
  if (!program) return MakeError(program.error());
  *out = new ccr_program(std::move(bytes), std::move(*program));
  return nullptr;
}

std::string RenderedDiagnostics(const driver::Compilation& c) {
  std::string text;
  for (const diag::Diagnostic& d : c.sink.diagnostics()) text += diag::RenderText(d, c.sources);
  std::string summary = diag::RenderSummary(c.sink.error_count(), c.sink.warning_count());
  if (c.sink.stopped()) summary += " (stopped at the limit of errors)";
  text += summary;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

void CollectDiagnostics(const driver::Compilation& c, ccr_compilation& out) {
  for (const diag::Diagnostic& d : c.sink.diagnostics()) {
    ccr_compilation::Diagnostic& data = out.diagnostics.emplace_back();
    const diag::KindInfo& info = diag::Info(d.kind);
    data.code = info.code;
    data.severity = d.severity() == diag::Severity::Error ? "error" : "warning";
    if (d.range.file.valid()) {
      const diag::SourceFile& file = c.sources.Get(d.range.file);
      data.path = file.path();
      diag::LineColumn begin = file.Position(d.range.begin), end = file.Position(d.range.end);
      data.line = begin.line;
      data.column = begin.column;
      data.end_line = end.line;
      data.end_column = end.column;
    }
    data.message = d.message;
    data.help = d.help;
    data.text = diag::RenderText(d, c.sources);
  }
  out.json = diag::RenderJson(c.sink.diagnostics(), c.sources);
}

ccr_error* Compile(const ccr_source* sources, size_t count, const ccr_compile_options* options,
                   ccr_compilation** out) {
  driver::Options driver_options;
  driver_options.use_stdlib = options == nullptr || options->no_stdlib == 0;
  std::vector<std::string> inputs;
  for (size_t i = 0; i < count; ++i) {
    if (sources[i].path == nullptr) return NullArgument("ccr_compile", "sources[i].path");
    inputs.emplace_back(sources[i].path);
    if (sources[i].text != nullptr) {
      driver_options.overlay[sources[i].path] = std::string(sources[i].text, sources[i].text_size);
    }
  }
  if (inputs.empty()) {
    return MakeError(Error{"ccr_compile: no sources given", ErrorKind::Usage});
  }
  auto compiled = driver::Compile(inputs, driver_options);
  if (!compiled) return MakeError(compiled.error());
  const driver::Compilation& c = **compiled;
  auto result = std::make_unique<ccr_compilation>();
  CollectDiagnostics(c, *result);
  if (c.sink.has_errors()) {
    std::string first_code;
    for (const diag::Diagnostic& d : c.sink.diagnostics()) {
      if (d.severity() == diag::Severity::Error) {
        first_code = diag::Info(d.kind).code;
        break;
      }
    }
    *out = result.release();
    return MakeError(first_code, RenderedDiagnostics(c));
  }
  CCR_CHECK(c.bytecode.has_value());
  result->bundle = bytecode::Write(*c.bytecode);
  // Never hand out what the VM would refuse (as ccrc compile).
  auto verified = bytecode::Load(result->bundle, "<compiled>");
  if (!verified) {
    return MakeError(
        Error{"internal error: the compiled bytecode does not verify: " + verified.error().message,
              ErrorKind::Internal});
  }
  *out = result.release();
  return nullptr;
}

ccr_error* Evaluate(const ccr_program* program, std::string_view json, const ccr_options* options,
                    ccr_report** out) {
  auto run_options = ReadOptions(options);
  if (!run_options) return MakeError(run_options.error());
  auto worker = program->Acquire();
  auto product = worker->binder.Bind(json, run_options->where);
  if (!product) {
    ccr_error* error = MakeError(product.error());
    program->Release(std::move(worker));
    return error;
  }
  if (auto broken = explain::CheckConstraints(program->program.module(), worker->constraints,
                                              *product, run_options->where)) {
    program->Release(std::move(worker));
    return MakeError(*broken);
  }
  auto report = std::make_unique<ccr_report>();
  AppendWarnings(*product, report->diagnostics);
  worker->evaluator.Evaluate(*product, report::EvaluationOptions(run_options->report),
                             worker->result);
  report->data.Append(run::RenderProduct(program->program, *product, worker->result,
                                         run_options->format, run_options->report));
  CountProduct(worker->result, report->counts);
  report->exit_code = report->counts.undetermined > 0 ? 1 : 0;
  program->Release(std::move(worker));
  *out = report.release();
  return nullptr;
}

// `output`: null to keep the report bytes in the report, or a file (as `ccr run -o`) that
// they stream to, replacing it only once the batch has succeeded.
ccr_error* EvaluateLines(const ccr_program* program, std::string_view lines,
                         const ccr_options* options, const char* output, ccr_report** out) {
  auto run_options = ReadOptions(options);
  if (!run_options) return MakeError(run_options.error());
  auto format = run::BatchFormat(run_options->format, run_options->where);
  if (!format) return MakeError(format.error());
  auto report = std::make_unique<ccr_report>();
  batch::CatalogOptions catalog;
  catalog.threads = run_options->threads;
  catalog.format = *format;
  catalog.report = run_options->report;
  catalog.reader.max_line_bytes = run_options->max_line_bytes;
  catalog.reader.first_line = run_options->first_line;
  std::optional<OutputFile> file;
  if (output != nullptr) {
    auto opened = OutputFile::Open(output);
    if (!opened) return MakeError(opened.error());
    file.emplace(std::move(*opened));
    catalog.write = [&file](std::string_view bytes) { return file->Write(bytes); };
  } else {
    catalog.write = [&report](std::string_view bytes) -> Expected<Ok> {
      report->data.Append(bytes);
      return Ok{};
    };
  }
  catalog.diagnostics = [&report](std::string_view text) { report->diagnostics += text; };
  SpanSource source(lines);
  auto counts = batch::EvaluateCatalog(program->program, source, run_options->where, catalog);
  if (!counts) return MakeError(counts.error());
  if (file) {
    if (auto committed = file->Commit(); !committed) return MakeError(committed.error());
  }
  report->counts =
      ccr_counts{counts->lines,  counts->products,         counts->required, counts->undetermined,
                 counts->errors, counts->first_error_line, counts->products};
  report->exit_code = counts->errors > 0 ? 3 : counts->undetermined > 0 ? 1 : 0;
  *out = report.release();
  return nullptr;
}

ccr_error* NextQuestions(const ccr_program* program, std::string_view json,
                         const ccr_options* options, ccr_report** out) {
  auto run_options = ReadOptions(options);
  if (!run_options) return MakeError(run_options.error());
  const bytecode::VerifiedProgram& verified = program->program;
  auto product = facts::Bind(verified.module(), json, run_options->where);
  if (!product) return MakeError(product.error());
  vm::ConstraintChecker constraints(verified);
  if (auto broken =
          explain::CheckConstraints(verified.module(), constraints, *product, run_options->where)) {
    return MakeError(*broken);
  }
  auto report = std::make_unique<ccr_report>();
  AppendWarnings(*product, report->diagnostics);
  const Date as_of = run_options->report.as_of;
  std::vector<ask::Implied> implied = ask::FillImplied(verified.module(), constraints, *product);
  vm::Evaluator evaluator(verified);
  vm::Result result;
  evaluator.Evaluate(*product, vm::Options{as_of}, result);
  auto questions = ask::RankQuestions(verified, *product, ask::Options{as_of, {}});
  report->data.Append(ask::RenderNextJson(verified, *product, result, questions, as_of, implied) +
                      "\n");
  CountProduct(result, report->counts);
  report->exit_code = ask::OpenSchemes(result).empty() ? 0 : 1;
  *out = report.release();
  return nullptr;
}

}  // namespace
}  // namespace ccr::capi

using namespace ccr::capi;

extern "C" {

const char* ccr_version(void) { return CCR_VERSION; }

int ccr_bytecode_format_version(void) { return ccr::bytecode::kFormatVersion; }

const char* ccr_error_code(const ccr_error* error) { return error ? error->code.c_str() : ""; }
const char* ccr_error_message(const ccr_error* error) {
  return error ? error->message.c_str() : "";
}
const char* ccr_error_text(const ccr_error* error) { return error ? error->text.c_str() : ""; }
uint64_t ccr_error_line(const ccr_error* error) { return error ? error->line : 0; }
void ccr_error_free(ccr_error* error) { delete error; }

ccr_error* ccr_compile(const ccr_source* sources, size_t count, const ccr_compile_options* options,
                       ccr_compilation** out) {
  if (out == nullptr) return NullArgument("ccr_compile", "out");
  *out = nullptr;
  if (sources == nullptr && count > 0) return NullArgument("ccr_compile", "sources");
  return Guard("ccr_compile", [&] { return Compile(sources, count, options, out); });
}

const uint8_t* ccr_compilation_bundle(const ccr_compilation* compilation, size_t* size) {
  if (size != nullptr) *size = compilation ? compilation->bundle.size() : 0;
  return compilation && !compilation->bundle.empty() ? compilation->bundle.data() : nullptr;
}

size_t ccr_compilation_diagnostic_count(const ccr_compilation* compilation) {
  return compilation ? compilation->diagnostics.size() : 0;
}

int ccr_compilation_diagnostic(const ccr_compilation* compilation, size_t index,
                               ccr_diagnostic* diagnostic) {
  if (compilation == nullptr || diagnostic == nullptr || index >= compilation->diagnostics.size()) {
    return -1;
  }
  const ccr_compilation::Diagnostic& d = compilation->diagnostics[index];
  *diagnostic =
      ccr_diagnostic{d.code.c_str(), d.severity.c_str(), d.path.empty() ? nullptr : d.path.c_str(),
                     d.line,         d.column,           d.end_line,
                     d.end_column,   d.message.c_str(),  d.help.c_str(),
                     d.text.c_str()};
  return 0;
}

const char* ccr_compilation_diagnostics_json(const ccr_compilation* compilation) {
  return compilation ? compilation->json.c_str() : "";
}

void ccr_compilation_free(ccr_compilation* compilation) { delete compilation; }

ccr_error* ccr_program_load(const uint8_t* bytes, size_t size, const char* name,
                            ccr_program** out) {
  if (out == nullptr) return NullArgument("ccr_program_load", "out");
  *out = nullptr;
  if (bytes == nullptr && size > 0) return NullArgument("ccr_program_load", "bytes");
  return Guard("ccr_program_load", [&] {
    return Load(std::vector<uint8_t>(bytes, bytes + size), name ? name : "<bundle>", out);
  });
}

ccr_error* ccr_program_default(ccr_program** out) {
  if (out == nullptr) return NullArgument("ccr_program_default", "out");
  *out = nullptr;
  return Guard("ccr_program_default", [&] {
    std::string_view bytes = ccr::tools::DefaultBundle().front().bytes;
    return Load(std::vector<uint8_t>(bytes.begin(), bytes.end()), "<default bundle>", out);
  });
}

const uint8_t* ccr_program_bytes(const ccr_program* program, size_t* size) {
  if (size != nullptr) *size = program ? program->bytes.size() : 0;
  return program ? program->bytes.data() : nullptr;
}

const char* ccr_program_hash(const ccr_program* program) {
  return program ? program->hash.c_str() : "";
}

void ccr_program_free(ccr_program* program) { delete program; }

ccr_error* ccr_evaluate(const ccr_program* program, const char* json, size_t size,
                        const ccr_options* options, ccr_report** out) {
  if (out == nullptr) return NullArgument("ccr_evaluate", "out");
  *out = nullptr;
  if (program == nullptr) return NullArgument("ccr_evaluate", "program");
  if (json == nullptr && size > 0) return NullArgument("ccr_evaluate", "json");
  return Guard("ccr_evaluate", [&] {
    return Evaluate(program, std::string_view(json ? json : "", size), options, out);
  });
}

ccr_error* ccr_evaluate_lines(const ccr_program* program, const char* lines, size_t size,
                              const ccr_options* options, ccr_report** out) {
  if (out == nullptr) return NullArgument("ccr_evaluate_lines", "out");
  *out = nullptr;
  if (program == nullptr) return NullArgument("ccr_evaluate_lines", "program");
  if (lines == nullptr && size > 0) return NullArgument("ccr_evaluate_lines", "lines");
  return Guard("ccr_evaluate_lines", [&] {
    return EvaluateLines(program, std::string_view(lines ? lines : "", size), options, nullptr,
                         out);
  });
}

ccr_error* ccr_evaluate_lines_to_file(const ccr_program* program, const char* lines, size_t size,
                                      const ccr_options* options, const char* path,
                                      ccr_report** out) {
  if (out == nullptr) return NullArgument("ccr_evaluate_lines_to_file", "out");
  *out = nullptr;
  if (program == nullptr) return NullArgument("ccr_evaluate_lines_to_file", "program");
  if (lines == nullptr && size > 0) return NullArgument("ccr_evaluate_lines_to_file", "lines");
  if (path == nullptr) return NullArgument("ccr_evaluate_lines_to_file", "path");
  return Guard("ccr_evaluate_lines_to_file", [&] {
    return EvaluateLines(program, std::string_view(lines ? lines : "", size), options, path, out);
  });
}

ccr_error* ccr_next_questions(const ccr_program* program, const char* json, size_t size,
                              const ccr_options* options, ccr_report** out) {
  if (out == nullptr) return NullArgument("ccr_next_questions", "out");
  *out = nullptr;
  if (program == nullptr) return NullArgument("ccr_next_questions", "program");
  if (json == nullptr && size > 0) return NullArgument("ccr_next_questions", "json");
  return Guard("ccr_next_questions", [&] {
    return NextQuestions(program, std::string_view(json ? json : "", size), options, out);
  });
}

const char* ccr_report_data(const ccr_report* report, size_t* size) {
  if (size != nullptr) *size = report ? report->data.size() : 0;
  return report ? report->data.data() : "";
}

const char* ccr_report_diagnostics(const ccr_report* report, size_t* size) {
  if (size != nullptr) *size = report ? report->diagnostics.size() : 0;
  return report ? report->diagnostics.c_str() : "";
}

void ccr_report_counts(const ccr_report* report, ccr_counts* counts) {
  if (counts != nullptr) *counts = report ? report->counts : ccr_counts{};
}

int ccr_report_exit_code(const ccr_report* report) { return report ? report->exit_code : 0; }

void ccr_report_free(ccr_report* report) { delete report; }

}  // extern "C"
