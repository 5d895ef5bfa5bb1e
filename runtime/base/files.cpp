#include "runtime/base/files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "runtime/base/output_file.h"

namespace ccr {

namespace fs = std::filesystem;

Expected<std::string> ReadWholeFile(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::error_code error;
  if (fs::is_directory(path, error))
    return Error{fmt::format("{}: is a directory", path), ErrorKind::FileUnreadable};
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{fmt::format("{}: cannot read: {}", path, std::strerror(errno)),
                 ErrorKind::FileUnreadable};
  }
  text << in.rdbuf();
  return text.str();
}

Expected<Ok> WriteStdout(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() ||
      std::fflush(stdout) != 0) {
    return Error{fmt::format("<stdout>: cannot write: {}", std::strerror(errno)),
                 ErrorKind::FileUnwritable};
  }
  return Ok{};
}

Expected<Ok> WriteFileAtomically(const std::string& path, std::string_view bytes) {
  auto file = OutputFile::Open(path);
  if (!file) return file.error();
  if (auto written = file->Write(bytes); !written) return written;
  return file->Commit();
}

}  // namespace ccr
