// The HTTP API of `ccr serve` without the network: a request in, a response out. The HTTP
// layer (http_server.h) parses and limits the bytes; everything a route means is here, so the
// routes are tested without sockets.
//
// Every answer is computed from one bundle taken from the slot when the request starts. The
// report bodies are the bytes `ccr run --format json|text|html` and `ccr ask --next` write for
// the same facts and options. Errors are JSON (`ccr.error/1`) with the command line's R codes
// (docs/serve.md lists each route's statuses).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/expected.h"
#include "runtime/serve/bundle.h"
#include "runtime/serve/decision_log.h"
#include "runtime/serve/metrics.h"

namespace ccr::serve {

enum class Route : uint8_t {
#define ROUTE(name, method, path, doc) name,
#include "runtime/serve/routes.def"
#undef ROUTE
  None,  // no route matched (404 or 405)
};

struct RouteInfo {
  const char* name;  // `Evaluate`: the metrics label
  const char* method;
  const char* path;
};
RouteInfo Info(Route route);
inline constexpr int kRouteCount = static_cast<int>(Route::None);

struct ApiOptions {
  // When set, every /v1/ route and /metrics need `Authorization: Bearer <token>`.
  std::optional<std::string> token;
  // The most products one /v1/batch request may hold.
  size_t max_batch_items = 1000;
};

struct Request {
  std::string method;
  std::string target;  // path and query, as sent: `/v1/evaluate?as_of=2026-01-01`
  std::string body;
  std::optional<std::string> authorization;  // the Authorization header, if sent
  // Answers not started by then are refused (R0407); a batch stops between products.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Route route = Route::None;
  std::string error_code;  // the R code of an error response, for metrics and the log
};

// Returns the JSON error document (`ccr.error/1`) for `error` with HTTP status `status`.
Response ErrorResponse(int status, const Error& error);

// Returns the HTTP status an Error of `kind` is answered with.
int StatusFor(ErrorKind kind);

class Api {
 public:
  Api(BundleSlot& bundles, Metrics& metrics, DecisionLog* log, ApiOptions options)
      : bundles_(bundles), metrics_(metrics), log_(log), options_(std::move(options)) {}

  // Answers one request. Thread-safe: called from several worker threads at once.
  Response Handle(const Request& request);

  // Returns which route `method` and `path` (without the query) name; Route::None if none.
  // `path_known` is set when some route has the path (a wrong method is then 405, not 404).
  static Route Match(std::string_view method, std::string_view path, bool& path_known);

 private:
  Response Dispatch(Route route, const Request& request, std::string_view query);

  BundleSlot& bundles_;
  Metrics& metrics_;
  DecisionLog* log_;
  ApiOptions options_;
};

}  // namespace ccr::serve
