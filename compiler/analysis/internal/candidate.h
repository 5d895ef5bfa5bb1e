// A candidate product under construction by the search: each fact is open (not decided yet),
// unknown (the product does not state it), or known with a value. Only the values that can
// change some rule's condition are ever tried (see domains.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ccr::analysis::internal {

struct FactValue {
  enum class State : uint8_t { Open, Unknown, Known };
  State state = State::Open;
  bool boolean = false;          // bool facts
  int32_t enum_value = -1;       // enum facts: value index
  double number = 0;             // number facts
  std::string text;              // string facts: the value
  uint64_t members_decided = 0;  // set facts: which members have been decided...
  uint64_t members = 0;          // ...and which of those are in the set (undecided ones are not)
};

using Candidate = std::vector<FactValue>;  // indexed by fact index

}  // namespace ccr::analysis::internal
