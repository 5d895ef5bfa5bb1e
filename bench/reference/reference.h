// The hand-written reference for the benchmarks: every rule of the default bundle (stdlib +
// rules/products) written as plain C++ `if`s over the same JSON Lines, parsed with the same
// JSON parser (simdjson), writing exactly the bytes `ccr run --format json --as-of DATE`
// writes for each line (unit.bench_test checks this byte for byte). It is the physical limit
// the VM is compared with, not a second implementation: it trusts its input (no error
// messages, no warnings) and knows only the facts these rules read.
//
// The decisions (conditions, effective dates, which schemes each rule requires or exempts)
// are hard-coded, one file per rule file (bench/reference/<file>.cpp), and checked against
// the module when a Reference is built, so the reference cannot drift silently from
// rules/products. The module supplies texts, locations, catalogue sets and enum value
// indices, and which facts each rule lists in a report.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "runtime/base/date.h"
#include "runtime/bytecode/module.h"

namespace ccr::bench::reference {

struct Tables;

class Reference {
 public:
  // `module` must be the default bundle (stdlib + rules/products) and outlive this object.
  // Aborts (CCR_CHECK) if it does not match the hard-coded rules.
  Reference(const bytecode::Module& module, Date as_of);
  ~Reference();

  // Evaluates one JSON line and appends its report (without a newline) to `out`. Returns
  // false if the line is not a JSON object.
  bool Run(std::string_view line, std::string& out);

 private:
  std::unique_ptr<Tables> tables_;
  Date as_of_;
};

}  // namespace ccr::bench::reference
