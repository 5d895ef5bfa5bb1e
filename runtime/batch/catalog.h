// Batch evaluation of a product catalogue (JSONL: one product per line), streamed: lines are
// read through a bounded buffer, evaluated on N threads in batches, and their reports written
// in input order through a bounded reorder window, so memory stays flat whatever the number
// of lines, and the output is the same bytes whatever the number of threads.
//
// A line that cannot be evaluated (malformed JSON, a wrong type, too long) does not stop the
// batch: it is counted, its error goes to the diagnostics sink naming `file:line`, and as JSON
// it gets an error object in place of its report, so output lines stay in step with input
// lines. Blank lines are skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "runtime/base/expected.h"
#include "runtime/batch/line_reader.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"

namespace ccr::batch {

enum class Format { Text, Json };

// Counts so far; products + errors == lines that were not blank.
struct CatalogCounts {
  uint64_t lines = 0;             // lines read, blank ones included
  uint64_t products = 0;          // lines evaluated
  uint64_t required = 0;          // products with at least one required scheme
  uint64_t undetermined = 0;      // products with at least one undetermined scheme
  uint64_t errors = 0;            // lines that failed (bad JSON, wrong types, too long)
  uint64_t first_error_line = 0;  // the number of the first line that failed; 0: none did
};

struct CatalogOptions {
  int threads = 1;  // >= 1; 1 evaluates on the calling thread
  Format format = Format::Json;
  report::Options report;
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

// Evaluates every line of `source` (named `where` in messages: `catalog.jsonl`, `<stdin>`)
// against `program`. Returns the counts, or the first read or write error (after which
// nothing more is written).
Expected<CatalogCounts> EvaluateCatalog(const bytecode::VerifiedProgram& program,
                                        ByteSource& source, std::string_view where,
                                        const CatalogOptions& options);

}  // namespace ccr::batch
