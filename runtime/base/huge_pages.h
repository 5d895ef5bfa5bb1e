// Huge pages for large output buffers. Faulting in 1 GB of fresh memory takes 262,144 faults
// of 4 KiB pages (each costly on a VM) but 512 of 2 MiB ones; where transparent huge pages are
// on "madvise" (Debian's default), a block gets them only when asked, before it is written.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace ccr {

// Asks for huge pages on the whole pages inside [data, data + size). Does nothing for small
// blocks or where the kernel says no: it only saves faults, it changes no result.
inline void AdviseHugePages(void* data, size_t size) {
  constexpr size_t kWorthwhile = size_t{4} << 20;
  if (size < kWorthwhile) return;
  const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t head = (page - reinterpret_cast<uintptr_t>(data) % page) % page;
  if (size <= head) return;
  const size_t length = (size - head) / page * page;
  if (length > 0) madvise(static_cast<char*>(data) + head, length, MADV_HUGEPAGE);
}

}  // namespace ccr
