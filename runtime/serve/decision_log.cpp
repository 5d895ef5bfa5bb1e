#include "runtime/serve/decision_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "runtime/base/json_writer.h"

namespace ccr::serve {

Expected<std::unique_ptr<DecisionLog>> DecisionLog::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    return Error{fmt::format("{}: cannot open the decision log: {}", path, std::strerror(errno)),
                 ErrorKind::FileUnwritable};
  }
  return std::unique_ptr<DecisionLog>(new DecisionLog(fd));
}

DecisionLog::~DecisionLog() { ::close(fd_); }

void DecisionLog::Append(std::string_view route, std::string_view bundle_hash,
                         std::string_view input, std::string_view result) {
  auto now = std::chrono::system_clock::now();
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::string line = fmt::format(
      "{{\"id\":{},\"time\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\",\"bundle\":", next_id_++,
      utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
      millis % 1000);
  AppendJsonString(line, bundle_hash);
  line += ",\"route\":";
  AppendJsonString(line, route);
  line += ",\"input\":";
  line += input;
  line += ",\"result\":";
  line += result;
  line += "}\n";
  // One write: O_APPEND makes it atomic with respect to other appends of this size class.
  ssize_t written = ::write(fd_, line.data(), line.size());
  (void)written;  // a full disk must not fail the request; the metrics show the answers
}

}  // namespace ccr::serve
