// Runs tasks on N threads and consumes their results in the order the tasks were produced,
// with a bounded number of tasks in flight, so memory does not grow with the input.
//
// Each thread loops: produce a task (serially, under a lock: e.g. read the next lines), work
// on it (in parallel), then, if its task is the oldest unconsumed one, consume it and every
// following task that is already done (serially: e.g. write the reports). A task slot is
// reused once consumed, so tasks keep their buffers' capacity. With one thread, everything
// runs on the calling thread in order, no thread is started.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/base/check.h"

namespace ccr::batch {

template <typename Task>
struct PipelineSteps {
  // Fills the task with the next input; returns false when there is none (or on an error the
  // caller records). Called serially.
  std::function<bool(Task&)> produce;
  // Works on a task; `thread` (0 .. threads-1) selects per-thread state. Called in parallel.
  std::function<void(Task&, int thread)> work;
  // Consumes a done task, in production order; returns false to stop early (e.g. the output
  // failed). Called serially.
  std::function<bool(Task&)> consume;
};

// Runs `steps` on `threads` threads (>= 1), at most `window` (>= 1) tasks between produce and
// consume. Returns when every produced task was consumed, or after a consume returned false.
template <typename Task>
void RunOrdered(int threads, size_t window, const PipelineSteps<Task>& steps) {
  CCR_CHECK(threads >= 1 && window >= 1);
  if (threads == 1) {
    Task task;
    while (steps.produce(task)) {
      steps.work(task, 0);
      if (!steps.consume(task)) return;
    }
    return;
  }
  std::vector<Task> slots(window);
  std::vector<char> done(window, 0);
  std::mutex produce_mutex;  // serializes produce; taken before `mutex`
  std::mutex mutex;          // guards the counters below and `done`
  std::condition_variable space;
  uint64_t produced = 0, consumed = 0;
  bool input_done = false;  // produce returned false
  bool halted = false;      // consume returned false
  bool consuming = false;

  auto loop = [&](int thread) {
    while (true) {
      uint64_t sequence;
      {
        std::lock_guard<std::mutex> producing(produce_mutex);
        {
          std::unique_lock<std::mutex> lock(mutex);
          space.wait(lock, [&] { return input_done || halted || produced < consumed + window; });
          if (input_done || halted) return;
          sequence = produced;
        }
        // The slot is free: its previous task was consumed, and no one else produces.
        if (!steps.produce(slots[sequence % window])) {
          std::lock_guard<std::mutex> lock(mutex);
          input_done = true;
          space.notify_all();
          return;
        }
        std::lock_guard<std::mutex> lock(mutex);
        ++produced;
      }
      steps.work(slots[sequence % window], thread);
      std::unique_lock<std::mutex> lock(mutex);
      done[sequence % window] = 1;
      // The thread consuming picks this task up in turn; after a stop, nothing is consumed.
      if (consuming || halted) continue;
      consuming = true;
      while (consumed < produced && done[consumed % window]) {
        Task& task = slots[consumed % window];
        lock.unlock();
        bool go_on = steps.consume(task);
        lock.lock();
        done[consumed % window] = 0;
        ++consumed;
        space.notify_all();
        if (!go_on) {
          halted = true;
          break;
        }
      }
      consuming = false;
    }
  };

  std::vector<std::thread> workers;
  for (int thread = 1; thread < threads; ++thread) workers.emplace_back(loop, thread);
  loop(0);
  for (std::thread& worker : workers) worker.join();
}

}  // namespace ccr::batch
