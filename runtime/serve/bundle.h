// The rule bundle a server answers from, and the slot that swaps it atomically on reload.
//
// A request takes one `std::shared_ptr<const Bundle>` at its start and uses only that for its
// whole life, so a reload between two requests (or during one) never gives an answer that mixes
// two bundles: the old bundle lives on until the last request holding it finishes.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "runtime/base/expected.h"
#include "runtime/bytecode/bytecode.h"

namespace ccr::serve {

struct Bundle {
  bytecode::VerifiedProgram program;
  std::string origin;  // the .ccrb path, or `<default bundle>`
  std::string hash;    // FNV-1a 64 of the .ccrb bytes, 16 hex digits: an identity, not a MAC
  std::chrono::system_clock::time_point loaded_at;
  double load_seconds = 0;                   // read + verify
  uint32_t category_fact = bytecode::kNone;  // the fact named `category`, if declared as an enum
};

// Reads, verifies and wraps a .ccrb image. `origin` names it in messages.
Expected<std::shared_ptr<const Bundle>> LoadBundle(std::span<const uint8_t> bytes,
                                                   std::string_view origin);

// Returns the FNV-1a 64 hash of `bytes` as 16 lower-case hex digits.
std::string HashBytes(std::span<const uint8_t> bytes);

// The outcome of the last reload attempt, for /ready, /metrics and the log.
struct ReloadStatus {
  bool ok = true;
  Error error;  // when !ok
  std::chrono::system_clock::time_point at;
  uint64_t failures = 0;   // total failed reloads since start
  uint64_t successes = 0;  // total successful reloads since start (the first load not counted)
};

// Holds the current bundle. Thread-safe: any thread may Get while another Replaces.
class BundleSlot {
 public:
  explicit BundleSlot(std::shared_ptr<const Bundle> first) : current_(std::move(first)) {}

  std::shared_ptr<const Bundle> Get() const { return std::atomic_load(&current_); }

  // Swaps in `next` (already verified) and records a successful reload.
  void Replace(std::shared_ptr<const Bundle> next);
  // Keeps the current bundle and records why the new one was refused.
  void RecordFailure(Error error);
  ReloadStatus Status() const;

 private:
  std::shared_ptr<const Bundle> current_;
  mutable std::mutex status_mutex_;
  ReloadStatus status_;
};

}  // namespace ccr::serve
