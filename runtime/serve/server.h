// `ccr serve` as one call: load the bundle, listen, answer until SIGTERM or SIGINT, reload on
// SIGHUP and (with `watch`) when the bundle file changes. The tool (tools/ccr/serve_command.cpp)
// only parses the command line.
#pragma once

#include <chrono>
#include <span>
#include <string>

#include "runtime/serve/api.h"
#include "runtime/serve/http_server.h"

namespace ccr::serve {

struct ServeOptions {
  HttpOptions http;
  ApiOptions api;
  std::string bundle_path;  // empty: the built-in bundle (`default_bundle`)
  bool watch = false;       // reload when the bundle file changes
  std::chrono::milliseconds watch_interval{500};
  std::string decision_log;  // empty: no decision log
  int workers = 0;           // evaluation threads; 0: one per core
};

// Serves until SIGTERM/SIGINT, then finishes in-flight requests and returns 0. Returns the
// exit code of a failure to start (3: the bundle or log cannot be used, 2: cannot listen)
// after printing the error. Prints `ccr serve: listening on http://ADDRESS:PORT ...` on stderr
// once accepting.
int Run(const ServeOptions& options, std::span<const uint8_t> default_bundle);

}  // namespace ccr::serve
