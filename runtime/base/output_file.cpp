#include "runtime/base/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "runtime/base/temporary_files.h"

namespace ccr {

namespace fs = std::filesystem;

namespace {
// Bytes kept before a write(2): batches of reports are written in few system calls.
constexpr size_t kBufferBytes = size_t{64} << 10;
}  // namespace

struct OutputFile::State {
  int fd = -1;
  bool owned = false;     // we close fd
  std::string path;       // the target, for messages and the rename
  std::string temporary;  // empty unless written atomically
  int cleanup_slot = -1;  // the temporary's entry in temporary_files.h (removed on signals)
  std::string buffer;
  bool committed = false;

  Expected<Ok> WriteAll(const char* data, size_t left) {
    while (left > 0) {
      ssize_t written = write(fd, data, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        return Error{fmt::format("{}: cannot write: {}", path, std::strerror(errno)),
                     ErrorKind::FileUnwritable};
      }
      data += written;
      left -= static_cast<size_t>(written);
    }
    return Ok{};
  }

  Expected<Ok> Flush() {
    auto written = WriteAll(buffer.data(), buffer.size());
    buffer.clear();
    return written;
  }

  ~State() {
    if (owned && fd >= 0) close(fd);
    if (!temporary.empty() && !committed) unlink(temporary.c_str());
    ForgetTemporary(cleanup_slot);
  }
};

OutputFile::OutputFile(std::unique_ptr<State> state) : state_(std::move(state)) {
  state_->buffer.reserve(kBufferBytes);
}
OutputFile::OutputFile(OutputFile&&) noexcept = default;
OutputFile& OutputFile::operator=(OutputFile&&) noexcept = default;
OutputFile::~OutputFile() = default;

Expected<OutputFile> OutputFile::Open(const std::string& requested) {
  auto state = std::make_unique<State>();
  if (requested == "-") {
    state->fd = 1;
    state->path = "<stdout>";
    return OutputFile(std::move(state));
  }
  std::error_code error;
  // A device or pipe (also through a link, like /dev/stdout) cannot be replaced: write to it.
  fs::file_status status = fs::status(requested, error);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status))
      return Error{fmt::format("{}: is a directory", requested), ErrorKind::FileUnwritable};
    int fd = open(requested.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      return Error{fmt::format("{}: cannot write: {}", requested, std::strerror(errno)),
                   ErrorKind::FileUnwritable};
    }
    state->fd = fd;
    state->owned = true;
    state->path = requested;
    return OutputFile(std::move(state));
  }
  // Follow symlinks (even dangling ones): replace what the link points to, keep the link.
  fs::path target = requested;
  for (int hops = 0; hops < 40 && fs::is_symlink(target, error); ++hops) {
    fs::path link = fs::read_symlink(target, error);
    if (error) break;
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
  state->path = target.string();
  fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string pattern = (directory / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    return Error{fmt::format("{}: cannot create a temporary file in `{}`: {}", state->path,
                             directory.string(), std::strerror(errno)),
                 ErrorKind::FileUnwritable};
  }
  state->fd = fd;
  state->owned = true;
  state->temporary = pattern;
  // Until renamed, the temporary is removed if SIGINT, SIGTERM or SIGHUP ends the process.
  state->cleanup_slot = RegisterTemporary(pattern);
  return OutputFile(std::move(state));
}

Expected<Ok> OutputFile::Write(std::string_view bytes) {
  State& s = *state_;
  if (s.buffer.size() + bytes.size() > kBufferBytes) {
    if (auto flushed = s.Flush(); !flushed) return flushed;
    if (bytes.size() >= kBufferBytes) return s.WriteAll(bytes.data(), bytes.size());
  }
  s.buffer.append(bytes);
  return Ok{};
}

Expected<Ok> OutputFile::Commit() {
  State& s = *state_;
  CCR_CHECK(!s.committed);
  if (auto flushed = s.Flush(); !flushed) return flushed;
  if (s.temporary.empty()) {
    s.committed = true;
    return Ok{};
  }
  // Created files get the usual permissions (mkstemp makes them 0600).
  mode_t mask = umask(0);
  umask(mask);
  fchmod(s.fd, 0666 & ~mask);
  int fd = s.fd;
  s.fd = -1;
  if (fsync(fd) != 0 || close(fd) != 0) {
    return Error{fmt::format("{}: cannot write: {}", s.path, std::strerror(errno)),
                 ErrorKind::FileUnwritable};
  }
  if (std::rename(s.temporary.c_str(), s.path.c_str()) != 0) {
    return Error{fmt::format("{}: cannot replace: {}", s.path, std::strerror(errno)),
                 ErrorKind::FileUnwritable};
  }
  s.committed = true;
  ForgetTemporary(s.cleanup_slot);
  s.cleanup_slot = -1;
  return Ok{};
}

}  // namespace ccr
