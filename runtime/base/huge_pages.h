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
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<uintptr_t>(data);
  const uintptr_t begin = (start + page - 1) & ~(page - 1);
  const uintptr_t end = (start + size) & ~(page - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace ccr
