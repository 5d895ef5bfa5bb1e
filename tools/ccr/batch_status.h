// What `ccr run` tells the user about a batch on stderr: a progress line while a long job runs
// on a terminal, and a summary at the end. Reports go to stdout or -o; these never do.
#pragma once

#include <chrono>
#include <cstdio>
#include <string_view>

#include "runtime/batch/catalog.h"

namespace ccr::tools {

class BatchStatus {
 public:
  // `progress`: show the progress line (stderr is a terminal and not --quiet).
  explicit BatchStatus(bool progress);

  // Shows the counts so far, at most a few times a second, once the job has run for a second.
  void Update(const batch::CatalogCounts& counts);

  // Writes diagnostic lines, clearing the progress line first so they do not mix.
  void Diagnostics(std::string_view text);

  // Clears the progress line.
  void Finish();

  // Returns the summary line, e.g. `12 products (10 with a required scheme, 2 undetermined),
  // 1 line failed, in 0.01 s (1200 products/s)`, without a newline.
  std::string Summary(const batch::CatalogCounts& counts) const;

 private:
  using Clock = std::chrono::steady_clock;
  double Seconds() const;
  void Clear();

  bool progress_;
  bool shown_ = false;  // a progress line is on the terminal
  Clock::time_point start_;
  Clock::time_point next_update_;
};

}  // namespace ccr::tools
