#include "runtime/base/temporary_files.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

namespace ccr {

namespace {

// More than any command keeps open at once (one report file, one bundle, a few pages).
constexpr int kSlots = 64;
// A longer temporary path is not registered (PATH_MAX on Linux).
constexpr size_t kPathBytes = 4096;
constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};

enum SlotState : int { kFree, kClaimed, kInUse };

struct Slot {
  std::atomic<int> state{kFree};
  char path[kPathBytes];
};

Slot slots[kSlots];
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler reads these");

extern "C" void RemoveTemporariesAndReraise(int signal_number) {
  int saved_errno = errno;
  for (Slot& slot : slots) {
    if (slot.state.load(std::memory_order_acquire) == kInUse) unlink(slot.path);
  }
  errno = saved_errno;
  // Let the signal do what it would have done: the default action, normally to end the
  // process with a status that names the signal. It is blocked while this handler runs, so it
  // is delivered when the handler returns.
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, nullptr);
  raise(signal_number);
}

void InstallHandlers() {
  for (int signal_number : kSignals) {
    struct sigaction old {};
    if (sigaction(signal_number, nullptr, &old) != 0) continue;
    // Respect a signal the user chose to ignore (`nohup`, a shell's background job) or a
    // handler someone else installed.
    if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) continue;
    struct sigaction action {};
    action.sa_handler = RemoveTemporariesAndReraise;
    sigemptyset(&action.sa_mask);
    // Block the other cleanup signals while one runs, so the table is walked once.
    for (int other : kSignals) sigaddset(&action.sa_mask, other);
    action.sa_flags = SA_RESTART;
    sigaction(signal_number, &action, nullptr);
  }
}

}  // namespace

int RegisterTemporary(const std::string& path) {
  static std::once_flag installed;
  std::call_once(installed, InstallHandlers);
  if (path.size() >= kPathBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!slots[i].state.compare_exchange_strong(expected, kClaimed)) continue;
    std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
    slots[i].state.store(kInUse, std::memory_order_release);
    return i;
  }
  return -1;
}

void ForgetTemporary(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  slots[slot].state.store(kFree, std::memory_order_release);
}

}  // namespace ccr
