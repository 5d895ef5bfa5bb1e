// ccr serve [BUNDLE] [--listen 127.0.0.1:8080]: the HTTP API and the questionnaire page
// (runtime/serve, docs/serve.md). Thin: parses the options and calls serve::Run.
#include <fmt/format.h>

#include <memory>
#include <span>
#include <string>

#include "runtime/base/embedded_file.h"
#include "runtime/base/files.h"
#include "runtime/serve/server.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {

std::span<const EmbeddedFile> DefaultBundle();

namespace {

struct ServeFlags {
  serve::ServeOptions options;
  std::string listen = "127.0.0.1:8080";
  std::string token_file;
  int64_t read_timeout_ms = 10'000;
  int64_t keepalive_timeout_ms = 5'000;
  int64_t deadline_ms = 5'000;
  int64_t drain_timeout_ms = 30'000;
  int64_t watch_interval_ms = 500;
};

// Splits `HOST:PORT` (`[::1]:8080` for IPv6); empty on a bad form.
std::string SplitListen(const std::string& text, std::string& host, uint16_t& port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return "use HOST:PORT";
  host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return "use HOST:PORT";
  uint32_t value = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || value > 65535) return "the port must be a number up to 65535";
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value > 65535) return "the port must be a number up to 65535";
  port = static_cast<uint16_t>(value);
  return "";
}

int Serve(ServeFlags& flags) {
  serve::ServeOptions& options = flags.options;
  SplitListen(flags.listen, options.http.address, options.http.port);
  options.http.read_timeout = std::chrono::milliseconds(flags.read_timeout_ms);
  options.http.keepalive_timeout = std::chrono::milliseconds(flags.keepalive_timeout_ms);
  options.http.deadline = std::chrono::milliseconds(flags.deadline_ms);
  options.http.drain_timeout = std::chrono::milliseconds(flags.drain_timeout_ms);
  options.watch_interval = std::chrono::milliseconds(flags.watch_interval_ms);
  if (!flags.token_file.empty()) {
    auto token = ReadWholeFile(flags.token_file);
    if (!token) {
      std::fputs(FormatError(token.error()).c_str(), stderr);
      return kExitInput;
    }
    std::string text = *token;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
      text.pop_back();
    }
    if (text.empty()) {
      std::fputs(FormatError(Error{fmt::format("--token-file {}: the file is empty; put the "
                                               "bearer token in it",
                                               flags.token_file),
                                   ErrorKind::Usage})
                     .c_str(),
                 stderr);
      return kExitUsage;
    }
    options.api.token = text;
  }
  if (options.watch && options.bundle_path.empty()) {
    std::fputs(FormatError(Error{"--watch needs a bundle file to watch (ccr serve my.ccrb "
                                 "--watch); the built-in bundle never changes",
                                 ErrorKind::Usage})
                   .c_str(),
               stderr);
    return kExitUsage;
  }
  std::string_view bytes = DefaultBundle().front().bytes;
  return serve::Run(options, {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

}  // namespace

Command AddServeCommand(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  serve::ServeOptions& options = flags->options;
  CLI::App* serve = app.add_subcommand(
      "serve", "answer over HTTP: a JSON API and a questionnaire page (docs/serve.md)");
  serve->add_option("bundle", options.bundle_path,
                    "a .ccrb file from `ccrc compile` (default: the built-in bundle)");
  serve
      ->add_option("--listen", flags->listen,
                   "HOST:PORT to listen on (default 127.0.0.1:8080: this machine only; port 0 "
                   "picks a free one)")
      ->check([](const std::string& text) {
        std::string host;
        uint16_t port = 0;
        return SplitListen(text, host, port);
      });
  serve->add_flag("--watch", options.watch, "reload the bundle when its file changes");
  serve
      ->add_option("--watch-interval-ms", flags->watch_interval_ms,
                   "how often --watch looks at the file (default 500)")
      ->check(CLI::Range(10, 600'000));
  serve->add_option("--token-file", flags->token_file,
                    "require `Authorization: Bearer TOKEN` on /v1/ and /metrics, TOKEN read "
                    "from this file");
  serve->add_option("--decision-log", options.decision_log,
                    "append one JSON line per evaluated product to this file (off by default)");
  serve
      ->add_option("--max-body-bytes", options.http.max_body_bytes,
                   "largest request body, chunked or not (default 1 MiB)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));
  serve
      ->add_option("--max-header-bytes", options.http.max_header_bytes,
                   "largest request line plus headers (default 16 KiB)")
      ->check(CLI::Range(size_t{256}, size_t{1} << 20));
  serve
      ->add_option("--max-header-fields", options.http.max_header_fields,
                   "most header fields in a request (default 100)")
      ->check(CLI::Range(size_t{1}, size_t{10'000}));
  serve
      ->add_option("--read-timeout-ms", flags->read_timeout_ms,
                   "headers, and then the body, must arrive within this (default 10000)")
      ->check(CLI::Range(int64_t{1}, int64_t{3'600'000}));
  serve
      ->add_option("--keepalive-timeout-ms", flags->keepalive_timeout_ms,
                   "close an idle keep-alive connection after this (default 5000)")
      ->check(CLI::Range(int64_t{1}, int64_t{3'600'000}));
  serve
      ->add_option("--deadline-ms", flags->deadline_ms,
                   "refuse (503) a request not started within this; a batch stops between "
                   "products when it passes (default 5000)")
      ->check(CLI::Range(int64_t{1}, int64_t{3'600'000}));
  serve
      ->add_option("--max-connections", options.http.max_connections,
                   "connections over this are answered 503 and closed (default 256)")
      ->check(CLI::Range(size_t{1}, size_t{100'000}));
  serve
      ->add_option("--max-batch-items", options.api.max_batch_items,
                   "most products in one /v1/batch request (default 1000)")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}));
  serve
      ->add_option("--drain-timeout-ms", flags->drain_timeout_ms,
                   "on SIGTERM, how long in-flight requests may still take (default 30000)")
      ->check(CLI::Range(int64_t{0}, int64_t{3'600'000}));
  serve->add_option("--workers", options.workers, "evaluation threads (default: one per core)")
      ->check(CLI::Range(1, 1024));
  return {serve, [flags] { return Serve(*flags); }};
}

}  // namespace ccr::tools
