// The parts of the API that need no bundle and no socket: routing, query parameters, error
// documents, the bundle hash. The routes themselves are tested end to end against the real
// server and `ccr run` (tests/serve/).
#include "runtime/serve/api.h"

#include <doctest/doctest.h>

#include "runtime/serve/internal/routes.h"

namespace ccr::serve {
namespace {

TEST_CASE("routes match by method and path; a known path with another method is known") {
  bool known = false;
  CHECK(Api::Match("POST", "/v1/evaluate", known) == Route::Evaluate);
  CHECK(known);
  CHECK(Api::Match("GET", "/v1/evaluate", known) == Route::None);
  CHECK(known);
  CHECK(Api::Match("GET", "/v1/nothing", known) == Route::None);
  CHECK_FALSE(known);
  CHECK(Api::Match("HEAD", "/health", known) == Route::Health);
  CHECK(Api::Match("GET", "/web/app.js", known) == Route::Asset);
  CHECK(Api::Match("GET", "/web/../CMakeLists.txt", known) == Route::None);
  CHECK_FALSE(known);
}

TEST_CASE("query parameters are decoded and checked by name and value") {
  auto query = internal::ParseQuery("as_of=2026-01-01&lang=zh&all=true&skip=a%2Cb,c&q=%E7%94%B5+x");
  REQUIRE(query);
  CHECK(FormatDate(query->as_of) == "2026-01-01");
  CHECK(query->language == report::Language::Chinese);
  CHECK(query->all);
  CHECK(query->skip == std::vector<std::string>{"a", "b", "c"});
  CHECK(query->q == "\xE7\x94\xB5 x");

  auto bad_date = internal::ParseQuery("as_of=2026-13-01");
  REQUIRE_FALSE(bad_date);
  CHECK(bad_date.error().kind == ErrorKind::BadParameter);
  CHECK(bad_date.error().message.find("YYYY-MM-DD") != std::string::npos);
  auto misspelt = internal::ParseQuery("asof=2026-01-01");
  REQUIRE_FALSE(misspelt);
  CHECK(misspelt.error().message.find("unknown query parameter `asof`") != std::string::npos);
  CHECK_FALSE(internal::ParseQuery("q=%E"));
  CHECK_FALSE(internal::ParseQuery("lang=fr"));
}

TEST_CASE("an error document carries the status, the R code and one problem per line") {
  Response response =
      ErrorResponse(422, Error{"request: a\nrequest: \"b\"", ErrorKind::BadFactValue});
  CHECK(response.status == 422);
  CHECK(response.error_code == "R0303");
  CHECK(response.body ==
        "{\"schema\":\"ccr.error/1\",\"status\":422,\"code\":\"R0303\",\"message\":\"request: "
        "a\\nrequest: \\\"b\\\"\",\"problems\":[\"request: a\",\"request: \\\"b\\\"\"]}\n");
  CHECK(StatusFor(ErrorKind::MalformedFacts) == 400);
  CHECK(StatusFor(ErrorKind::UnknownFactKey) == 422);
  CHECK(StatusFor(ErrorKind::BodyTooLarge) == 413);
}

TEST_CASE("client bytes quoted in messages are cut and their control characters shown") {
  CHECK(internal::Printable("a\nb\x1b") == "a\\x0ab\\x1b");
  CHECK(internal::Printable(std::string(300, 'x')).size() == 203);
}

TEST_CASE("the bundle hash is FNV-1a 64") {
  CHECK(HashBytes({}) == "cbf29ce484222325");
  const uint8_t a[] = {'a'};
  CHECK(HashBytes(a) == "af63dc4c8601ec8c");
}

}  // namespace
}  // namespace ccr::serve
