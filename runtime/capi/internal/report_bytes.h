// The bytes of a report handed out by libccr, which for a batch can be gigabytes (JSON
// reports with what to do next are about 14 KB a product). A std::string grown by appending
// copied the whole buffer at every doubling and faulted its fresh pages in 4 KiB at a time:
// a JSON batch through the library took 13 times as long as `ccr run` writing to a file.
// Large buffers here are mapped memory grown with mremap, which moves pages instead of copying
// them, on huge pages where the kernel offers them (base/huge_pages.h).
#pragma once

#include <cstddef>
#include <string_view>

namespace ccr::capi::internal {

class ReportBytes {
 public:
  ReportBytes() = default;
  ReportBytes(const ReportBytes&) = delete;
  ReportBytes& operator=(const ReportBytes&) = delete;
  ~ReportBytes();

  // Appends `bytes`; throws std::bad_alloc when memory runs out (the C API's guard turns it
  // into an error).
  void Append(std::string_view bytes);

  // The bytes, always followed by a NUL (not counted in size()).
  const char* data() const { return data_ != nullptr ? data_ : ""; }
  size_t size() const { return size_; }

 private:
  void Grow(size_t needed);

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;  // bytes allocated, the NUL included
  bool mapped_ = false;  // mmap'ed (large) rather than malloc'ed (small)
};

}  // namespace ccr::capi::internal
