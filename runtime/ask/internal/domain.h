// The finite domain tried for each candidate fact (see ask.h for the rules), built from the
// constants the program's rules compare facts with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/bytecode/module.h"
#include "runtime/facts/facts.h"

namespace ccr::ask::internal {

struct DomainValue {
  facts::Value value;
  std::string label;
};

// Per fact, the constants of the rules that read it. A number compared with a fact belongs to
// that fact; any other constant of a rule goes to each fact it reads: a superset only splits
// a domain finer, never loses an outcome.
struct FactConstants {
  std::vector<double> numbers;         // ascending, unique
  std::vector<std::string> strings;    // ascending, unique
  std::vector<uint32_t> enum_members;  // value indices of the fact's own enum, ascending
};

// Scans every rule's code once. `module` must be verified.
std::vector<FactConstants> CollectConstants(const bytecode::Module& module);

// Returns the values to try for `fact`, in a fixed order.
std::vector<DomainValue> Domain(const bytecode::Module& module, uint32_t fact,
                                const FactConstants& constants);

// Returns a number with its unit, as people read it: `36 V`, `0.5 pct`.
std::string NumberText(const bytecode::Module& module, uint32_t fact, double number);

}  // namespace ccr::ask::internal
