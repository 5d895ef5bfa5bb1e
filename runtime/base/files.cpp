#include "runtime/base/files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace ccr {

namespace fs = std::filesystem;

Expected<std::string> ReadWholeFile(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::error_code error;
  if (fs::is_directory(path, error)) return Error{fmt::format("{}: is a directory", path)};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  text << in.rdbuf();
  return text.str();
}

Expected<Ok> WriteStdout(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() ||
      std::fflush(stdout) != 0) {
    return Error{fmt::format("<stdout>: cannot write: {}", std::strerror(errno))};
  }
  return Ok{};
}

namespace {

// Writes to a path that cannot be replaced atomically (a device, a pipe).
Expected<Ok> WriteInPlace(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return Error{fmt::format("{}: cannot write: {}", path, std::strerror(errno))};
  return Ok{};
}

}  // namespace

Expected<Ok> WriteFileAtomically(const std::string& requested, std::string_view bytes) {
  if (requested == "-") return WriteStdout(bytes);
  std::error_code error;
  // A device or pipe (also through a link, like /dev/stdout) cannot be replaced: write to it.
  fs::file_status status = fs::status(requested, error);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status)) return Error{fmt::format("{}: is a directory", requested)};
    return WriteInPlace(requested, bytes);
  }
  // Follow symlinks (even dangling ones): replace what the link points to, keep the link.
  fs::path target = requested;
  for (int hops = 0; hops < 40 && fs::is_symlink(target, error); ++hops) {
    fs::path link = fs::read_symlink(target, error);
    if (error) break;
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
  std::string path = target.string();
  fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string pattern = (directory / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    return Error{fmt::format("{}: cannot create a temporary file in `{}`: {}", path,
                             directory.string(), std::strerror(errno))};
  }
  const char* data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t written = write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      std::string reason = std::strerror(errno);
      close(fd);
      unlink(pattern.c_str());
      return Error{fmt::format("{}: cannot write: {}", path, reason)};
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  // Created files get the usual permissions (mkstemp makes them 0600).
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  if (fsync(fd) != 0 || close(fd) != 0) {
    std::string reason = std::strerror(errno);
    unlink(pattern.c_str());
    return Error{fmt::format("{}: cannot write: {}", path, reason)};
  }
  if (std::rename(pattern.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    unlink(pattern.c_str());
    return Error{fmt::format("{}: cannot replace: {}", path, reason)};
  }
  return Ok{};
}

}  // namespace ccr
