#include "runtime/batch/ordered_pipeline.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace ccr::batch {
namespace {

struct Task {
  int input = 0;
  int output = 0;
};

// Runs `count` tasks whose work takes a pseudo-random time; returns the consumed outputs.
std::vector<int> Run(int threads, size_t window, int count, int stop_after = -1) {
  int next = 0;
  std::vector<int> consumed;
  std::atomic<int> in_flight{0}, most_in_flight{0};
  PipelineSteps<Task> steps;
  steps.produce = [&](Task& task) {
    if (next == count) return false;
    task.input = next++;
    int now = ++in_flight;
    int most = most_in_flight.load();
    while (now > most && !most_in_flight.compare_exchange_weak(most, now)) {
    }
    return true;
  };
  steps.work = [&](Task& task, int thread) {
    CHECK(thread >= 0);
    CHECK(thread < threads);
    // Later tasks often finish first, so the reorder window is exercised.
    std::this_thread::sleep_for(std::chrono::microseconds((task.input * 7919) % 200));
    task.output = task.input * 2;
  };
  steps.consume = [&](Task& task) {
    --in_flight;
    consumed.push_back(task.output);
    return static_cast<int>(consumed.size()) != stop_after;
  };
  RunOrdered(threads, window, steps);
  CHECK(static_cast<size_t>(most_in_flight.load()) <= window);
  return consumed;
}

std::vector<int> Doubles(int count) {
  std::vector<int> out;
  for (int i = 0; i < count; ++i) out.push_back(2 * i);
  return out;
}

TEST_CASE("tasks are consumed in production order whatever the thread count") {
  for (int threads : {1, 2, 3, 4, 8}) {
    for (size_t window : {size_t{1}, size_t{2}, size_t{5}, size_t{32}}) {
      CAPTURE(threads);
      CAPTURE(window);
      CHECK(Run(threads, window, 300) == Doubles(300));
    }
  }
}

TEST_CASE("no input, one task") {
  for (int threads : {1, 4}) {
    CHECK(Run(threads, 4, 0).empty());
    CHECK(Run(threads, 4, 1) == Doubles(1));
  }
}

TEST_CASE("a consume that returns false stops the run") {
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    std::vector<int> consumed = Run(threads, 8, 1000, 10);
    CHECK(consumed == Doubles(10));
  }
}

}  // namespace
}  // namespace ccr::batch
