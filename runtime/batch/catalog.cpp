#include "runtime/batch/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/base/json_writer.h"
#include "runtime/batch/ordered_pipeline.h"

namespace ccr::batch {
namespace {

// Tasks in flight per thread: enough that a slow batch does not idle the other threads.
constexpr size_t kWindowPerThread = 4;

struct LineSlice {
  uint64_t number = 0;
  size_t offset = 0;  // in Task::input
  size_t length = 0;  // the line's length (also when too long)
  bool too_long = false;
};

// A batch of consecutive lines and, once worked on, their reports.
struct Task {
  std::string input;
  std::vector<LineSlice> lines;
  std::string output;
  std::string diagnostics;
  CatalogCounts counts;
  uint64_t reports = 0;  // reports in `output` (text: separated by blank lines)
};

// One thread's evaluation state.
struct Worker {
  facts::Binder binder;
  std::unique_ptr<vm::Backend> evaluator;
  vm::Result result;
  std::string origin;
};

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

void AddError(Task& task, const CatalogOptions& options, uint64_t line, const Error& error) {
  ++task.counts.errors;
  if (task.counts.first_error_line == 0) task.counts.first_error_line = line;
  task.diagnostics += FormatError(error);  // `error[CODE]: ...` on each line
  const std::string& message = error.message;
  if (options.format == Format::Json) {
    // Keep one output line per input line, so consumers can zip them.
    fmt::format_to(
        std::back_inserter(task.output),
        "{{\"schema\":\"ccr.report/{}\",\"line\":{},\"error\":", report::kJsonSchemaVersion, line);
    AppendJsonString(task.output, message);
    task.output += "}\n";
  }
}

void EvaluateLine(const bytecode::VerifiedProgram& program, std::string_view where,
                  const CatalogOptions& options, const vm::Options& vm_options, Worker& worker,
                  Task& task, const LineSlice& line) {
  std::string_view text(task.input.data() + line.offset, line.too_long ? 0 : line.length);
  if (!line.too_long && IsBlank(text)) return;
  worker.origin.clear();
  fmt::format_to(std::back_inserter(worker.origin), "{}:{}", where, line.number);
  if (line.too_long) {
    AddError(task, options, line.number,
             Error{fmt::format("{}: the line is {} bytes long, over the limit `max_line_bytes` ({} "
                               "bytes); split the product or raise --max-line-bytes",
                               worker.origin, line.length, options.reader.max_line_bytes),
                   ErrorKind::FactLineTooLong});
    return;
  }
  auto product = worker.binder.Bind(text, worker.origin);
  if (!product) {
    AddError(task, options, line.number, product.error());
    return;
  }
  ++task.counts.products;
  for (const std::string& warning : product->warnings) {
    task.diagnostics += "warning: ";
    task.diagnostics += warning;
    task.diagnostics += '\n';
  }
  worker.evaluator->Evaluate(*product, vm_options, worker.result);
  bool required = false, undetermined = false;
  for (const vm::SchemeResult& scheme : worker.result.schemes) {
    required |= scheme.status == vm::Status::Required;
    undetermined |= scheme.status == vm::Status::Undetermined;
  }
  task.counts.required += required;
  task.counts.undetermined += undetermined;
  if (options.format == Format::Json) {
    report::AppendJson(task.output, program, *product, worker.result, options.report);
    task.output += '\n';
  } else {
    if (task.reports > 0) task.output += '\n';
    task.output += report::RenderText(program, *product, worker.result, options.report);
  }
  ++task.reports;
}

void Add(CatalogCounts& total, const CatalogCounts& more) {
  total.lines += more.lines;
  total.products += more.products;
  total.required += more.required;
  total.undetermined += more.undetermined;
  total.errors += more.errors;
  if (total.first_error_line == 0) total.first_error_line = more.first_error_line;
}

}  // namespace

Expected<CatalogCounts> EvaluateCatalog(const bytecode::VerifiedProgram& program,
                                        ByteSource& source, std::string_view where,
                                        const CatalogOptions& options) {
  CCR_CHECK(options.threads >= 1 && options.write);
  const int threads = options.threads;
  std::optional<vm::Evaluator> vm;
  const vm::Backend& backend = options.backend ? *options.backend : vm.emplace(program);
  facts::Binder binder(program.module());
  std::vector<Worker> workers;
  workers.reserve(threads);
  for (int i = 0; i < threads; ++i) workers.push_back(Worker{binder, backend.Copy(), {}, {}});
  const vm::Options vm_options{options.report.as_of};
  const size_t batch_lines = std::max<size_t>(1, options.batch_lines);

  LineReader reader(source, options.reader);
  // Produce and consume run concurrently: each keeps its own error.
  std::optional<Error> read_failure, write_failure;
  CatalogCounts total;
  bool wrote_report = false;

  PipelineSteps<Task> steps;
  steps.produce = [&](Task& task) {
    task.input.clear();
    task.lines.clear();
    while (task.lines.size() < batch_lines) {
      auto line = reader.Next();
      if (!line) {
        read_failure = line.error();
        return false;
      }
      if (!*line) break;
      const Line& next = **line;
      task.lines.push_back({next.number, task.input.size(), next.length, next.too_long});
      task.input.append(next.text);
    }
    return !task.lines.empty();
  };
  steps.work = [&](Task& task, int thread) {
    task.output.clear();
    task.diagnostics.clear();
    task.counts = CatalogCounts{};
    task.counts.lines = task.lines.size();
    task.reports = 0;
    for (const LineSlice& line : task.lines) {
      EvaluateLine(program, where, options, vm_options, workers[thread], task, line);
    }
  };
  steps.consume = [&](Task& task) {
    if (options.diagnostics && !task.diagnostics.empty()) options.diagnostics(task.diagnostics);
    Add(total, task.counts);
    // Text reports are separated by a blank line, also across batches.
    if (options.format == Format::Text && task.reports > 0 && wrote_report) {
      if (auto written = options.write("\n"); !written) {
        write_failure = written.error();
        return false;
      }
    }
    wrote_report |= task.reports > 0;
    if (!task.output.empty()) {
      if (auto written = options.write(task.output); !written) {
        write_failure = written.error();
        return false;
      }
    }
    if (options.progress) options.progress(total);
    return true;
  };
  RunOrdered(threads, kWindowPerThread * static_cast<size_t>(threads), steps);
  if (write_failure) return *write_failure;
  if (read_failure) return *read_failure;
  return total;
}

}  // namespace ccr::batch
