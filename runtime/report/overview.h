// The catalogue overview (`ccr run --format html` on a batch): one self-contained HTML page a
// team sends round. Counts per scheme and status over every product, then the matrix (products
// down, schemes across) with filters, each product opening to its full explanation. Inline CSS
// and one inline script (the filters), nothing loaded from elsewhere; every input text escaped.
//
// Built in two halves so a batch stays parallel: workers render each product's row
// (AppendOverviewRow) and its statuses; one Overview, fed in input order, counts and keeps the
// rows of the first `max_products` products, so memory is bounded whatever the catalogue's size.
// Past the cap the page still counts every product and says where the rest is (the CSV matrix).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"

namespace ccr::report {

// The page's rows stop here: at a few KB a row (its explanation included) this is under about
// 15 MB, which a browser opens in a few seconds; 100,000 rows (hundreds of MB) would not open
// at all. docs/report.md states the measurement.
inline constexpr uint64_t kDefaultOverviewMaxProducts = 2000;

// The cell statuses in column order of the counts table (CellStatus's six texts).
inline constexpr int kCellStatusCount = 6;

// Returns the index (0 .. kCellStatusCount - 1) of a scheme's CellStatus.
int CellStatusIndex(const vm::SchemeResult& scheme);

// Appends one product's matrix row, with its full explanation (the text report) to open in
// place. `options.line` is the product's input line. Safe to call from several threads.
void AppendOverviewRow(std::string& out, const bytecode::VerifiedProgram& program,
                       const facts::Product& product, const vm::Result& result,
                       const Options& options);

class Overview {
 public:
  // `source` names the catalogue in the title; `max_products` >= 1 caps the rows kept.
  Overview(const bytecode::VerifiedProgram& program, const Options& options,
           std::string_view source, uint64_t max_products);

  // Whether a product's row would still be kept: false once `max_products` rows are.
  bool WantsRows() const { return rows_ < max_products_; }

  // Counts one product (one CellStatusIndex per scheme, in scheme order) and keeps its `row`
  // (from AppendOverviewRow) while under the cap.
  void AddProduct(const uint8_t* statuses, std::string_view row);

  // Counts a line that failed and keeps its message and product name (empty: not read) under
  // the same cap.
  void AddError(uint64_t line, std::string_view product, std::string_view message);

  // Returns the whole page.
  std::string Finish() const;

 private:
  const bytecode::VerifiedProgram& program_;
  Options options_;
  std::string source_;
  uint64_t max_products_;
  uint64_t products_ = 0, errors_ = 0, rows_ = 0;
  std::vector<uint64_t> counts_;  // scheme * kCellStatusCount + status
  std::string rows_html_;
  std::string errors_html_;
  uint64_t errors_kept_ = 0;
};

}  // namespace ccr::report
