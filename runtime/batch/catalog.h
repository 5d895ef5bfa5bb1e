// Batch evaluation of a product catalogue (JSONL: one product per line; CSV/TSV: one per
// record after a header), streamed: records are read through a bounded buffer, evaluated on N
// threads in batches, and their reports written in input order through a bounded reorder
// window, so memory stays flat whatever the number of records, and the output is the same
// bytes whatever the number of threads.
//
// Joining reports to the input: every report, in every format, carries the input line its
// product starts on. Blank lines get no report; a line that cannot be evaluated (malformed
// JSON or CSV, a wrong type, too long) does not stop the batch: it is counted, its error goes
// to the diagnostics sink naming `file:line`, and the machine formats (JSON, summary, CSV) get
// an error record with its line in place of the report. So in those formats each non-blank
// line gets exactly one record, in input order, and its `line` says which.
//
// Keys (columns) that are not declared facts are collected per name and reported once each
// at the end (CatalogCounts::undeclared), or, with Undeclared::Refuse, fail their line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/expected.h"
#include "runtime/batch/line_reader.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"

namespace ccr::batch {

// The report format: text, JSON report, CSV matrix, compact summary JSONL, or the HTML
// overview of the whole catalogue (runtime/report/overview.h).
enum class Format { Text, Json, Csv, Summary, Html };

// How the catalogue is written.
enum class InputFormat { Jsonl, Csv, Tsv };

// A key or column that is not a declared fact, as given, with how many products had it and the
// first line that did.
struct UndeclaredKey {
  std::string name;
  uint64_t count = 0;
  uint64_t first_line = 0;
};

// How many distinct undeclared names are tracked: a catalogue with a new key on every line
// must not grow memory without bound; the rest are counted together.
inline constexpr size_t kMaxUndeclaredNames = 256;

// Counts so far; products + errors == records that were not blank.
struct CatalogCounts {
  uint64_t lines = 0;             // records read, blank ones included
  uint64_t products = 0;          // records evaluated
  uint64_t required = 0;          // products with at least one required scheme
  uint64_t undetermined = 0;      // products with at least one undetermined scheme
  uint64_t errors = 0;            // records that failed (bad JSON or CSV, wrong types, too long)
  uint64_t first_error_line = 0;  // the number of the first record that failed; 0: none did
  // In order of first appearance, at most kMaxUndeclaredNames; then the products with other
  // undeclared names.
  std::vector<UndeclaredKey> undeclared;
  uint64_t undeclared_other = 0;
};

struct CatalogOptions {
  int threads = 1;  // >= 1; 1 evaluates on the calling thread
  Format format = Format::Json;
  InputFormat input = InputFormat::Jsonl;
  // Collect (warn once per name at the end) or Refuse (--strict).
  facts::Undeclared undeclared = facts::Undeclared::Collect;
  // The input layout (`--input`): its index in the program's module, or kNone.
  uint32_t layout = bytecode::kNone;
  report::Options report;
  // CSV output: start with a UTF-8 byte order mark (Excel reads UTF-8 only with one).
  bool csv_bom = false;
  // HTML overview: the most product rows the page shows (the counts cover all).
  uint64_t overview_max_products = 2000;
  LineReaderOptions reader;
  // Lines per task: large enough to amortize the hand-off between threads, small enough to
  // balance the threads and bound the reorder window's memory (window = 4 tasks per thread).
  size_t batch_lines = 128;
  // The backend each thread gets a Copy() of (the JIT, the VM-to-JIT handover); null: the
  // VM. Must outlive the call.
  const vm::Backend* backend = nullptr;
  // Receives each batch's report bytes, in input order; an error stops the run.
  std::function<Expected<Ok>(std::string_view)> write;
  // Receives `error: ...` and `warning: ...` lines (each ending in a newline), in input order.
  std::function<void(std::string_view)> diagnostics;
  // Called after each batch is written, serially, e.g. to show progress.
  std::function<void(const CatalogCounts&)> progress;
};

// Returns the end-of-batch warnings, one line per undeclared name:
// `warning: catalog.csv: `SKU` is not a declared fact; ignored in 500 products (first on line 2)`.
std::string UndeclaredWarnings(const bytecode::Module& module, const CatalogCounts& counts,
                               std::string_view where);

// Evaluates every line of `source` (named `where` in messages: `catalog.jsonl`, `<stdin>`)
// against `program`. Returns the counts, or the first read or write error (after which
// nothing more is written).
Expected<CatalogCounts> EvaluateCatalog(const bytecode::VerifiedProgram& program,
                                        ByteSource& source, std::string_view where,
                                        const CatalogOptions& options);

}  // namespace ccr::batch
