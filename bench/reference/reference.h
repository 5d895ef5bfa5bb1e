// The hand-written reference for the benchmarks: the core rules (CCC, SRRC, NAL, China RoHS,
// the energy label, and the scope exemptions that reach them) written as plain C++ `if`s over
// the same JSON Lines, parsed with the same JSON parser (simdjson), writing the same report
// shape as `ccr run --format json` for those five schemes. It is the physical limit the VM
// is compared with, not a second implementation: it trusts its input (no error messages,
// no warnings) and knows only the facts these rules read.
//
// The program is used for metadata only (texts, locations, catalogue sets, which facts a rule
// reads for the `facts` of each rule); the decisions are hard-coded in reference.cpp.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/base/date.h"
#include "runtime/bytecode/module.h"
#include "runtime/vm/vm.h"

namespace ccr::bench::reference {

// The five core schemes, in the standard library's scheme order.
inline constexpr std::array<std::string_view, 5> kCoreSchemes = {"CCC", "SRRC", "NAL", "CHINA_ROHS",
                                                                 "CEL"};

struct Tables;

class Reference {
 public:
  // `module` must be the default bundle (stdlib + rules/products) and outlive this object.
  Reference(const bytecode::Module& module, Date as_of);
  ~Reference();

  // Evaluates one JSON line and appends its report (without a newline) to `out`. Returns
  // false if the line is not a JSON object.
  bool Run(std::string_view line, std::string& out);

  // The core schemes' statuses from the last Run, in kCoreSchemes order.
  const std::array<vm::Status, 5>& statuses() const { return statuses_; }

 private:
  std::unique_ptr<Tables> tables_;
  Date as_of_;
  std::array<vm::Status, 5> statuses_{};
};

}  // namespace ccr::bench::reference
