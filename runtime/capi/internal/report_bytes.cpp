#include "runtime/capi/internal/report_bytes.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "runtime/base/huge_pages.h"

namespace ccr::capi::internal {

namespace {

// Reports of one product stay in malloc's heap; a batch's bytes move to mapped memory here.
constexpr size_t kMapFrom = size_t{1} << 20;

}  // namespace

ReportBytes::~ReportBytes() {
  if (mapped_) {
    munmap(data_, capacity_);
  } else {
    std::free(data_);
  }
}

void ReportBytes::Grow(size_t needed) {
  size_t capacity = std::max({needed, capacity_ * 2, size_t{4096}});
  if (capacity < kMapFrom) {
    void* grown = std::realloc(data_, capacity);
    if (grown == nullptr) throw std::bad_alloc();
    data_ = static_cast<char*>(grown);
    capacity_ = capacity;
    return;
  }
  // Whole pages, all advised alike: mremap moves only a range that is one mapping, and advice
  // on part of it would split it in two.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  capacity = (capacity + page - 1) / page * page;
  void* grown =
      mapped_ ? mremap(data_, capacity_, capacity, MREMAP_MAYMOVE)
              : mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (grown == MAP_FAILED) throw std::bad_alloc();
  AdviseHugePages(grown, capacity);
  if (!mapped_) {
    if (size_ > 0) std::memcpy(grown, data_, size_);
    std::free(data_);
    mapped_ = true;
  }
  data_ = static_cast<char*>(grown);
  capacity_ = capacity;
}

void ReportBytes::Append(std::string_view bytes) {
  if (size_ + bytes.size() + 1 > capacity_) Grow(size_ + bytes.size() + 1);
  if (!bytes.empty()) std::memcpy(data_ + size_, bytes.data(), bytes.size());
  size_ += bytes.size();
  data_[size_] = '\0';
}

}  // namespace ccr::capi::internal
