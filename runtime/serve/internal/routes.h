// The routes' implementations, called by Api::Dispatch (api.cpp) once the route, the token
// and the query are checked.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/base/embedded_file.h"
#include "runtime/report/report.h"
#include "runtime/serve/api.h"

namespace ccr::serve::internal {

// The query parameters every route may take (docs/serve.md); any other name is an error, so a
// misspelt `as_of` is not silently today.
struct Query {
  Date as_of;                                             // `as_of=YYYY-MM-DD`, default today
  report::Language language = report::Language::English;  // `lang=en|zh`
  bool all = false;                 // `all=true`: also the schemes that are not required
  bool unknown_facts_warn = false;  // `unknown_facts=warn|error` (default error: 422)
  std::vector<std::string> skip;    // `skip=a,b`: facts answered "I don't know"
  bool html = false;                // `format=html|text` (/v1/explain)
  std::string q;                    // `q=...` (/v1/categories)
};

// Parses `a=1&b=2` (percent-decoded).
Expected<Query> ParseQuery(std::string_view query);

struct Context {
  std::shared_ptr<const Bundle> bundle;
  const Query& query;
  const Request& request;
  Metrics& metrics;
  DecisionLog* log;
  const ApiOptions& options;
};

// Returns `text` cut to 200 bytes with control characters as `\xNN`, for messages that quote
// a client's bytes.
std::string Printable(std::string_view text);

// Returns the embedded web/ file at `path` (`/web/app.js`), or null.
const EmbeddedFile* FindAsset(std::string_view path);
Response ServeAsset(std::string_view path);

Response Ready(const Bundle& bundle, const ReloadStatus& reload);
Response Evaluate(Context& context);
Response Batch(Context& context);
Response Next(Context& context);
Response Explain(Context& context);
Response Schemes(Context& context);
Response Authorities(Context& context);
Response Components(Context& context);
Response Facts(Context& context);
Response Categories(Context& context);

}  // namespace ccr::serve::internal
