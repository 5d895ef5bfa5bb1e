#include "runtime/batch/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "runtime/base/json_writer.h"
#include "runtime/batch/csv.h"
#include "runtime/batch/ordered_pipeline.h"
#include "runtime/explain/constraints.h"
#include "runtime/report/overview.h"

namespace ccr::batch {
namespace {

// Tasks in flight per thread: enough that a slow batch does not idle the other threads.
constexpr size_t kWindowPerThread = 4;

struct LineSlice {
  uint64_t number = 0;
  size_t offset = 0;  // in Task::input
  size_t length = 0;  // the record's length (also when too long)
  bool too_long = false;
};

// A line that failed, for the HTML overview's list.
struct FailedLine {
  uint64_t line;
  std::string product;  // its name where it was read, else empty
  std::string message;
};

// A batch of consecutive records and, once worked on, their reports.
struct Task {
  std::string input;
  std::vector<LineSlice> lines;
  std::string output;
  std::string diagnostics;
  CatalogCounts counts;
  uint64_t reports = 0;  // reports in `output` (text: separated by blank lines)
  // Undeclared names of this task's products, with counts, in order of first appearance.
  std::vector<UndeclaredKey> undeclared;
  // HTML overview: whether rows are still wanted (set when produced), each product's
  // statuses (one CellStatusIndex per scheme) and the end of its row in `output`, and the
  // failed lines.
  bool want_rows = false;
  std::vector<uint8_t> statuses;
  std::vector<size_t> row_ends;
  std::vector<FailedLine> failed;
};

// One thread's evaluation state.
struct Worker {
  facts::Binder binder;
  vm::ConstraintChecker constraints;
  std::unique_ptr<vm::Backend> evaluator;
  vm::Result result;
  // The line's product: JSON lines are bound into it, reusing its storage line after line.
  facts::Product product;
  std::string origin;
  RecordCells cells;
};

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

char Separator(InputFormat input) { return input == InputFormat::Tsv ? '\t' : ','; }

// `product` is the failed line's product name where it was read (facts that break a
// constraint), else empty: the records name it so a reader need not look the line up.
void AddError(Task& task, const bytecode::VerifiedProgram& program, const CatalogOptions& options,
              uint64_t line, const Error& error, std::string_view product = {}) {
  ++task.counts.errors;
  if (task.counts.first_error_line == 0) task.counts.first_error_line = line;
  task.diagnostics += FormatError(error);  // `error[CODE]: ...` on each line
  const std::string& message = error.message;
  switch (options.format) {
    case Format::Json:
    case Format::Summary:
      // The record of a failed line, in place of its report.
      fmt::format_to(std::back_inserter(task.output), "{{\"schema\":\"{}\",\"line\":{},",
                     options.format == Format::Json
                         ? fmt::format("ccr.report/{}", report::kJsonSchemaVersion)
                         : fmt::format("ccr.summary/{}", report::kSummarySchemaVersion),
                     line);
      if (!product.empty()) {
        task.output += "\"product\":";
        AppendJsonString(task.output, product);
        task.output += ',';
      }
      task.output += "\"error\":";
      AppendJsonString(task.output, message);
      task.output += "}\n";
      break;
    case Format::Csv:
      report::AppendCsvError(task.output, program, line, product, message);
      break;
    case Format::Html:
      task.failed.push_back({line, std::string(product), message});
      break;
    case Format::Text:
      break;  // stderr has it; the text report is for reading
  }
}

void CountUndeclared(Task& task, const facts::Product& product, uint64_t line) {
  for (const std::string& name : product.undeclared) {
    auto known = std::find_if(task.undeclared.begin(), task.undeclared.end(),
                              [&](const UndeclaredKey& key) { return key.name == name; });
    if (known != task.undeclared.end()) {
      ++known->count;
    } else {
      task.undeclared.push_back({name, 1, line});
    }
  }
}

void Render(const bytecode::VerifiedProgram& program, const CatalogOptions& options,
            const facts::Product& product, const vm::Result& result, uint64_t line, Task& task) {
  report::Options report_options = options.report;
  report_options.line = line;
  switch (options.format) {
    case Format::Json:
      report::AppendJson(task.output, program, product, result, report_options);
      task.output += '\n';
      break;
    case Format::Summary:
      report::AppendSummary(task.output, program, product, result, report_options);
      task.output += '\n';
      break;
    case Format::Csv:
      report::AppendCsvRow(task.output, program, product, result, line);
      break;
    case Format::Html:
      for (const vm::SchemeResult& scheme : result.schemes) {
        task.statuses.push_back(static_cast<uint8_t>(report::CellStatusIndex(scheme)));
      }
      if (task.want_rows)
        report::AppendOverviewRow(task.output, program, product, result, report_options);
      task.row_ends.push_back(task.output.size());
      break;
    case Format::Text:
      if (task.reports > 0) task.output += '\n';
      task.output += report::RenderText(program, product, result, report_options);
      break;
  }
}

struct Context {
  const bytecode::VerifiedProgram& program;
  std::string_view where;
  const CatalogOptions& options;
  vm::Options vm_options;
  const std::vector<facts::Column>* columns;  // tables only
};

void EvaluateLine(const Context& context, Worker& worker, Task& task, const LineSlice& line) {
  const CatalogOptions& options = context.options;
  std::string_view text(task.input.data() + line.offset, line.too_long ? 0 : line.length);
  if (!line.too_long && IsBlank(text)) return;
  worker.origin.clear();
  fmt::format_to(std::back_inserter(worker.origin), "{}:{}", context.where, line.number);
  if (line.too_long) {
    AddError(task, context.program, options, line.number,
             Error{fmt::format("{}: the {} is {} bytes long, over the limit `max_line_bytes` ({} "
                               "bytes); split the product or raise --max-line-bytes",
                               worker.origin, context.columns ? "record" : "line", line.length,
                               options.reader.max_line_bytes),
                   ErrorKind::FactLineTooLong});
    return;
  }
  Expected<Ok> bound = Ok{};
  if (context.columns) {
    if (auto malformed = SplitRecord(text, Separator(options.input), worker.cells)) {
      AddError(task, context.program, options, line.number,
               Error{fmt::format("{}: {}", worker.origin, *malformed), ErrorKind::BadTableRow});
      return;
    }
    bool empty = true;
    for (std::string_view cell : worker.cells.views) {
      if (!IsBlank(cell)) {
        empty = false;
        break;
      }
    }
    if (empty) return;  // a row of empty cells, as spreadsheets export past the last row
    auto row = worker.binder.BindRow(worker.cells.views, *context.columns, worker.origin);
    if (row) {
      worker.product = std::move(*row);
    } else {
      bound = row.error();
    }
  } else {
    bound = worker.binder.Bind(text, worker.origin, worker.product);
  }
  if (!bound) {
    AddError(task, context.program, options, line.number, bound.error());
    return;
  }
  const facts::Product* product = &worker.product;
  // Facts that contradict each other: an error line like a bad value, and the batch goes on.
  if (auto broken = explain::CheckConstraints(context.program.module(), worker.constraints,
                                              *product, worker.origin)) {
    AddError(task, context.program, options, line.number, *broken, product->name);
    return;
  }
  ++task.counts.products;
  CountUndeclared(task, *product, line.number);
  worker.evaluator->Evaluate(*product, context.vm_options, worker.result);
  bool required = false, undetermined = false;
  for (const vm::SchemeResult& scheme : worker.result.schemes) {
    required |= scheme.status == vm::Status::Required;
    undetermined |= vm::IsOpen(scheme);
  }
  task.counts.required += required;
  task.counts.undetermined += undetermined;
  Render(context.program, options, *product, worker.result, line.number, task);
  ++task.reports;
}

void Add(CatalogCounts& total, const Task& task) {
  const CatalogCounts& more = task.counts;
  total.lines += more.lines;
  total.products += more.products;
  total.required += more.required;
  total.undetermined += more.undetermined;
  total.errors += more.errors;
  if (total.first_error_line == 0) total.first_error_line = more.first_error_line;
  for (const UndeclaredKey& key : task.undeclared) {
    auto known = std::find_if(total.undeclared.begin(), total.undeclared.end(),
                              [&](const UndeclaredKey& k) { return k.name == key.name; });
    if (known != total.undeclared.end()) {
      known->count += key.count;
    } else if (total.undeclared.size() < kMaxUndeclaredNames) {
      total.undeclared.push_back(key);
    } else {
      total.undeclared_other += key.count;
    }
  }
}

// Reads records: lines of JSONL, or CSV/TSV records after the header.
class RecordSource {
 public:
  RecordSource(ByteSource& source, const CatalogOptions& options) {
    if (options.input == InputFormat::Jsonl) {
      lines_.emplace(source, options.reader);
    } else {
      records_.emplace(source, Separator(options.input), options.reader);
    }
  }
  Expected<std::optional<Line>> Next() { return lines_ ? lines_->Next() : records_->Next(); }

 private:
  std::optional<LineReader> lines_;
  std::optional<CsvRecordReader> records_;
};

// Reads a table's header and returns what its columns hold, or the error that stops the batch.
Expected<std::vector<facts::Column>> ReadHeader(RecordSource& records, facts::Binder& binder,
                                                std::string_view where,
                                                const CatalogOptions& options) {
  auto header = records.Next();
  if (!header) return header.error();
  if (!*header) {
    return Error{fmt::format("{}: the file is empty; a CSV catalogue starts with a header row "
                             "naming its columns",
                             where),
                 ErrorKind::BadTableHeader};
  }
  const Line& line = **header;
  std::string origin = fmt::format("{}:{}", where, line.number);
  if (line.too_long) {
    return Error{fmt::format("{}: the header is {} bytes long, over the limit `max_line_bytes`",
                             origin, line.length),
                 ErrorKind::FactLineTooLong};
  }
  RecordCells cells;
  if (auto malformed = SplitRecord(line.text, Separator(options.input), cells)) {
    return Error{fmt::format("{}: {}", origin, *malformed), ErrorKind::BadTableRow};
  }
  auto columns =
      binder.ColumnsFor(std::vector<std::string>(cells.views.begin(), cells.views.end()), origin);
  if (!columns) return columns.error();
  if (options.undeclared == facts::Undeclared::Refuse) {
    std::string refused;
    for (const facts::Column& column : *columns) {
      if (column.kind != facts::Column::Kind::Undeclared) continue;
      if (!refused.empty()) refused += '\n';
      refused += facts::UndeclaredMessage(binder.module(), column.header, origin,
                                          "--strict refuses columns that are not declared facts");
    }
    if (!refused.empty()) return Error{std::move(refused), ErrorKind::UndeclaredKey};
  }
  return columns;
}

}  // namespace

std::string UndeclaredWarnings(const bytecode::Module& module, const CatalogCounts& counts,
                               std::string_view where) {
  std::string out;
  for (const UndeclaredKey& key : counts.undeclared) {
    out += "warning: ";
    out += facts::UndeclaredMessage(
        module, key.name, where,
        fmt::format("ignored in {} {} (first on line {})", key.count,
                    key.count == 1 ? "product" : "products", key.first_line));
    out += '\n';
  }
  if (counts.undeclared_other > 0) {
    out += fmt::format(
        "warning: {}: more than {} different undeclared names; {} more of them ignored\n", where,
        kMaxUndeclaredNames, counts.undeclared_other);
  }
  return out;
}

Expected<CatalogCounts> EvaluateCatalog(const bytecode::VerifiedProgram& program,
                                        ByteSource& source, std::string_view where,
                                        const CatalogOptions& options) {
  CCR_CHECK(options.threads >= 1 && options.write);
  const int threads = options.threads;
  std::optional<vm::Evaluator> vm;
  const vm::Backend& backend = options.backend ? *options.backend : vm.emplace(program);
  facts::Binder binder(program.module(), facts::BindOptions{options.undeclared, options.layout});
  vm::ConstraintChecker constraints(program);
  RecordSource reader(source, options);
  std::optional<std::vector<facts::Column>> columns;
  if (options.input != InputFormat::Jsonl) {
    auto header = ReadHeader(reader, binder, where, options);
    if (!header) return header.error();
    columns = std::move(*header);
  }
  std::vector<Worker> workers;
  workers.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    workers.push_back(Worker{binder, constraints, backend.Copy(), {}, {}, {}, {}});
  }
  const Context context{program, where, options, report::EvaluationOptions(options.report),
                        columns ? &*columns : nullptr};
  const size_t batch_lines = std::max<size_t>(1, options.batch_lines);

  std::optional<report::Overview> overview;
  if (options.format == Format::Html) {
    overview.emplace(program, options.report, where,
                     std::max<uint64_t>(1, options.overview_max_products));
  }
  if (options.format == Format::Csv) {
    std::string header = options.csv_bom ? "\xEF\xBB\xBF" : "";
    report::AppendCsvHeader(header, program);
    if (auto written = options.write(header); !written) return written.error();
  }

  // Produce and consume run concurrently: each keeps its own error.
  std::optional<Error> read_failure, write_failure;
  CatalogCounts total;
  bool wrote_report = false;
  // HTML: non-blank records produced so far; a task starting past the cap renders no rows.
  uint64_t produced_records = 0;

  PipelineSteps<Task> steps;
  steps.produce = [&](Task& task) {
    task.input.clear();
    task.lines.clear();
    task.want_rows = overview && produced_records < options.overview_max_products;
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
      if (overview && !IsBlank(next.text)) ++produced_records;
    }
    return !task.lines.empty();
  };
  steps.work = [&](Task& task, int thread) {
    task.output.clear();
    task.diagnostics.clear();
    task.counts = CatalogCounts{};
    task.counts.lines = task.lines.size();
    task.reports = 0;
    task.undeclared.clear();
    task.statuses.clear();
    task.row_ends.clear();
    task.failed.clear();
    for (const LineSlice& line : task.lines) {
      EvaluateLine(context, workers[thread], task, line);
    }
  };
  steps.consume = [&](Task& task) {
    if (options.diagnostics && !task.diagnostics.empty()) options.diagnostics(task.diagnostics);
    Add(total, task);
    if (overview) {
      const size_t schemes = program.module().schemes.size();
      size_t row_start = 0;
      for (size_t i = 0; i < task.row_ends.size(); ++i) {
        overview->AddProduct(
            task.statuses.data() + i * schemes,
            std::string_view(task.output).substr(row_start, task.row_ends[i] - row_start));
        row_start = task.row_ends[i];
      }
      for (const FailedLine& failed : task.failed) {
        overview->AddError(failed.line, failed.product, failed.message);
      }
      if (options.progress) options.progress(total);
      return true;
    }
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
  if (overview) {
    if (auto written = options.write(overview->Finish()); !written) return written.error();
  }
  return total;
}

}  // namespace ccr::batch
