// Routing, authorization and errors; the routes themselves are in reports.cpp (answers about
// products) and listings.cpp (what the bundle declares).
#include "runtime/serve/api.h"

#include <fmt/format.h>

#include "runtime/base/embedded_file.h"
#include "runtime/base/json_writer.h"
#include "runtime/serve/internal/routes.h"

namespace ccr::serve {

namespace {

constexpr RouteInfo kRoutes[] = {
#define ROUTE(name, method, path, doc) {#name, method, path},
#include "runtime/serve/routes.def"
#undef ROUTE
};

// Compares two strings in time independent of where they differ (the bearer token).
// Only the length leaks, which a token of fixed length does not mind.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool NeedsToken(Route route) {
  switch (route) {
    case Route::Page:
    case Route::Asset:
    case Route::OpenApi:
    case Route::Health:
    case Route::Ready:
    case Route::None:
      return false;
    case Route::Metrics:
    case Route::Evaluate:
    case Route::Batch:
    case Route::Next:
    case Route::Explain:
    case Route::Schemes:
    case Route::Authorities:
    case Route::Components:
    case Route::Facts:
    case Route::Categories:
      return true;
  }
  return true;
}

}  // namespace

RouteInfo Info(Route route) {
  if (route == Route::None) return {"none", "", ""};
  return kRoutes[static_cast<int>(route)];
}

int StatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::MalformedFacts:
    case ErrorKind::FactsNotObject:
    case ErrorKind::BadHttpRequest:
    case ErrorKind::BadParameter:
    case ErrorKind::Usage:
      return 400;
    case ErrorKind::Unauthorized:
      return 401;
    case ErrorKind::NoSuchRoute:
      return 404;
    case ErrorKind::WrongMethod:
      return 405;
    case ErrorKind::BodyTooLarge:
    case ErrorKind::FactLineTooLong:
      return 413;
    case ErrorKind::BadFactValue:
    case ErrorKind::UnknownFactKey:
    case ErrorKind::ContradictoryFacts:
      return 422;
    case ErrorKind::Overloaded:
      return 503;
    default:
      return 500;
  }
}

Response ErrorResponse(int status, const Error& error) {
  Response response;
  response.status = status;
  response.error_code = Info(error.kind).code;
  std::string& out = response.body;
  out =
      fmt::format("{{\"schema\":\"ccr.error/1\",\"status\":{},\"code\":\"{}\",\"message\":", status,
                  response.error_code);
  AppendJsonString(out, error.message);
  out += ",\"problems\":[";
  size_t start = 0;
  bool first = true;
  while (start <= error.message.size()) {
    size_t end = error.message.find('\n', start);
    if (end == std::string::npos) end = error.message.size();
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, std::string_view(error.message).substr(start, end - start));
    start = end + 1;
  }
  out += "]}\n";
  return response;
}

Route Api::Match(std::string_view method, std::string_view path, bool& path_known) {
  path_known = false;
  for (int i = 0; i < kRouteCount; ++i) {
    const RouteInfo& route = kRoutes[i];
    bool same_path = static_cast<Route>(i) == Route::Asset
                         ? path.substr(0, 5) == "/web/" && internal::FindAsset(path) != nullptr
                         : path == route.path;
    if (!same_path) continue;
    path_known = true;
    if (method == route.method || (method == "HEAD" && std::string_view(route.method) == "GET")) {
      return static_cast<Route>(i);
    }
  }
  return Route::None;
}

Response Api::Handle(const Request& request) {
  std::string_view target = request.target;
  size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  bool path_known = false;
  Route route = Match(request.method, path, path_known);
  Response response;
  if (route == Route::None) {
    if (path_known) {
      response = ErrorResponse(
          405, Error{fmt::format("`{}` does not take {}; see /openapi.json",
                                 internal::Printable(path), internal::Printable(request.method)),
                     ErrorKind::WrongMethod});
    } else {
      response = ErrorResponse(
          404, Error{fmt::format("no route `{}`; the routes are listed in /openapi.json",
                                 internal::Printable(path)),
                     ErrorKind::NoSuchRoute});
    }
  } else if (NeedsToken(route) && options_.token &&
             !(request.authorization && request.authorization->rfind("Bearer ", 0) == 0 &&
               SameSecret(std::string_view(*request.authorization).substr(7), *options_.token))) {
    response = ErrorResponse(
        401, Error{"this server needs `Authorization: Bearer <token>` (ccr serve --token-file)",
                   ErrorKind::Unauthorized});
  } else if (std::chrono::steady_clock::now() > request.deadline) {
    response = ErrorResponse(
        503, Error{"the evaluation deadline passed before the request could start (server "
                   "busy); retry later or raise --deadline-ms",
                   ErrorKind::Overloaded});
  } else {
    response = Dispatch(route, request, query);
  }
  response.route = route;
  if (!response.error_code.empty()) metrics_.Error(response.error_code);
  return response;
}

Response Api::Dispatch(Route route, const Request& request, std::string_view query) {
  auto params = internal::ParseQuery(query);
  if (!params) return ErrorResponse(400, params.error());
  std::shared_ptr<const Bundle> bundle = bundles_.Get();
  internal::Context context{bundle, *params, request, metrics_, log_, options_};
  switch (route) {
    case Route::Page:
      return internal::ServeAsset("/web/index.html");
    case Route::Asset:
      return internal::ServeAsset(request.target.substr(0, request.target.find('?')));
    case Route::OpenApi:
      return internal::ServeAsset("/web/openapi.json");
    case Route::Health: {
      Response response;
      response.body = "{\"status\":\"ok\"}\n";
      return response;
    }
    case Route::Ready:
      return internal::Ready(*bundle, bundles_.Status());
    case Route::Metrics: {
      Response response;
      response.content_type = "text/plain; version=0.0.4; charset=utf-8";
      response.body = metrics_.Render(bundles_);
      return response;
    }
    case Route::Evaluate:
      return internal::Evaluate(context);
    case Route::Batch:
      return internal::Batch(context);
    case Route::Next:
      return internal::Next(context);
    case Route::Explain:
      return internal::Explain(context);
    case Route::Schemes:
      return internal::Schemes(context);
    case Route::Authorities:
      return internal::Authorities(context);
    case Route::Components:
      return internal::Components(context);
    case Route::Facts:
      return internal::Facts(context);
    case Route::Categories:
      return internal::Categories(context);
    case Route::None:
      break;
  }
  return ErrorResponse(404, Error{"no such route", ErrorKind::NoSuchRoute});
}

}  // namespace ccr::serve
