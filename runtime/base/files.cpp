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

Expected<Ok> WriteFileAtomically(const std::string& path, std::string_view bytes) {
  fs::path target(path);
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
