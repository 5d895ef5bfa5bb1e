#include "runtime/batch/line_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ccr::batch {
namespace {

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string name, bool owned) : fd_(fd), name_(std::move(name)), owned_(owned) {}
  ~FdSource() override {
    if (owned_) close(fd_);
  }
  Expected<size_t> Read(char* buffer, size_t size) override {
    while (true) {
      ssize_t got = read(fd_, buffer, size);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) {
        return Error{fmt::format("{}: cannot read: {}", name_, std::strerror(errno)),
                     ErrorKind::FileUnreadable};
      }
    }
  }

 private:
  int fd_;
  std::string name_;
  bool owned_;
};

class StringSource final : public ByteSource {
 public:
  StringSource(std::string text, size_t step) : text_(std::move(text)), step_(step) {}
  Expected<size_t> Read(char* buffer, size_t size) override {
    size_t count = std::min({size, step_, text_.size() - offset_});
    std::memcpy(buffer, text_.data() + offset_, count);
    offset_ += count;
    return count;
  }

 private:
  std::string text_;
  size_t step_;
  size_t offset_ = 0;
};

}  // namespace

Expected<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path) {
  if (path == "-") return std::unique_ptr<ByteSource>(new FdSource(0, "<stdin>", false));
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Error{fmt::format("{}: is a directory", path), ErrorKind::FileUnreadable};
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Error{fmt::format("{}: cannot read: {}", path, std::strerror(errno)),
                 ErrorKind::FileUnreadable};
  return std::unique_ptr<ByteSource>(new FdSource(fd, path, true));
}

std::unique_ptr<ByteSource> StringByteSource(std::string text, size_t step) {
  return std::make_unique<StringSource>(std::move(text), step == 0 ? 1 : step);
}

LineReader::LineReader(ByteSource& source, const LineReaderOptions& options)
    : source_(source), options_(options), number_(options.first_line - 1) {
  if (options_.chunk_bytes == 0) options_.chunk_bytes = 1;
}

Expected<bool> LineReader::Fill() {
  if (eof_) return false;
  if (buffer_.size() - end_ < options_.chunk_bytes) {
    // Keep only the unconsumed bytes (at most one partial line) at the front. The first fill
    // has an empty buffer, whose data() may be null: memmove(nullptr, ...) is undefined even
    // for no bytes (UBSan).
    if (end_ > begin_) std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (buffer_.size() - end_ < options_.chunk_bytes) buffer_.resize(end_ + options_.chunk_bytes);
  }
  auto got = source_.Read(buffer_.data() + end_, options_.chunk_bytes);
  if (!got) return got.error();
  if (*got == 0) {
    eof_ = true;
    return false;
  }
  end_ += *got;
  return true;
}

Expected<std::optional<Line>> LineReader::Next() {
  size_t scanned = begin_;
  while (true) {
    const char* start = buffer_.data() + begin_;
    const void* newline =
        scanned < end_ ? std::memchr(buffer_.data() + scanned, '\n', end_ - scanned) : nullptr;
    if (newline != nullptr || (eof_ && begin_ < end_)) {
      size_t stop = newline != nullptr ? static_cast<const char*>(newline) - buffer_.data() : end_;
      size_t length = stop - begin_;
      if (length > 0 && start[length - 1] == '\r') --length;
      begin_ = newline != nullptr ? stop + 1 : stop;
      Line line{++number_, std::string_view(start, length), false, length};
      if (length > options_.max_line_bytes) line.too_long = true, line.text = {};
      return std::optional<Line>(line);
    }
    if (eof_) return std::optional<Line>();
    scanned = end_;
    // Over the limit even if a `\r\n` follows: skip to the end of the line without keeping it.
    if (end_ - begin_ > options_.max_line_bytes + 1) break;
    // Fill may move the unconsumed bytes to the front: keep the scan position relative.
    size_t scanned_offset = scanned - begin_;
    auto more = Fill();
    if (!more) return more.error();
    scanned = begin_ + scanned_offset;
  }
  // Skip mode: count the line's bytes, keep none.
  uint64_t length = 0;
  char last = 0;
  while (true) {
    const void* newline = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
    size_t stop = newline != nullptr ? static_cast<const char*>(newline) - buffer_.data() : end_;
    length += stop - begin_;
    if (stop > begin_) last = buffer_[stop - 1];
    if (newline != nullptr) {
      begin_ = stop + 1;
      break;
    }
    begin_ = end_ = 0;
    auto more = Fill();
    if (!more) return more.error();
    if (!*more) break;
  }
  if (last == '\r') --length;
  return std::optional<Line>(Line{++number_, {}, true, length});
}

}  // namespace ccr::batch
