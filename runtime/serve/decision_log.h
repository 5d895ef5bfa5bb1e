// The optional decision log (`ccr serve --decision-log FILE`): one JSON line per evaluated
// product, appended: {"id", "time", "bundle", "route", "input", "result"}. Off by default:
// facts may be confidential. Each line is written with one write(2) on an O_APPEND file, so
// lines from concurrent requests never interleave.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/base/expected.h"

namespace ccr::serve {

class DecisionLog {
 public:
  // Opens (creates) `path` for appending.
  static Expected<std::unique_ptr<DecisionLog>> Open(const std::string& path);
  ~DecisionLog();

  // Appends one record. `input` and `result` are JSON values without newlines.
  void Append(std::string_view route, std::string_view bundle_hash, std::string_view input,
              std::string_view result);

 private:
  explicit DecisionLog(int fd) : fd_(fd) {}
  int fd_;
  std::atomic<uint64_t> next_id_{1};
};

}  // namespace ccr::serve
