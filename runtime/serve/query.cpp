// Query parameters, quoting client bytes in messages, the web/ files and /ready.
#include <fmt/format.h>

#include <chrono>
#include <span>

#include "runtime/base/json_writer.h"
#include "runtime/serve/internal/routes.h"

namespace ccr::serve {

// The files of web/, embedded at build time (runtime/CMakeLists.txt).
std::span<const EmbeddedFile> WebFiles();

namespace internal {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = HexDigit(text[i + 1]), low = HexDigit(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Error BadParameter(std::string message) {
  return Error{std::move(message), ErrorKind::BadParameter};
}

std::string_view ContentType(std::string_view path) {
  auto ends = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace

std::string Printable(std::string_view text) {
  constexpr size_t kMaxQuoted = 200;
  std::string out;
  for (size_t i = 0; i < text.size() && i < kMaxQuoted; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kMaxQuoted) out += "...";
  return out;
}

Expected<Query> ParseQuery(std::string_view text) {
  Query query;
  query.as_of = Today();
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq));
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!name || !value) {
      return BadParameter(fmt::format("query `{}`: bad percent-encoding", Printable(pair)));
    }
    if (*name == "as_of") {
      auto date = ParseDate(*value);
      if (!date) {
        return BadParameter(
            fmt::format("query `as_of`: `{}` is not a date; use YYYY-MM-DD", Printable(*value)));
      }
      query.as_of = *date;
    } else if (*name == "lang") {
      if (*value != "en" && *value != "zh") {
        return BadParameter(
            fmt::format("query `lang`: `{}` is not a language; use en or zh", Printable(*value)));
      }
      query.language = *value == "zh" ? report::Language::Chinese : report::Language::English;
    } else if (*name == "all") {
      if (*value != "true" && *value != "false") {
        return BadParameter(fmt::format("query `all`: `{}`; use true or false", Printable(*value)));
      }
      query.all = *value == "true";
    } else if (*name == "unknown_facts") {
      if (*value != "warn" && *value != "error") {
        return BadParameter(
            fmt::format("query `unknown_facts`: `{}`; use error or warn", Printable(*value)));
      }
      query.unknown_facts_warn = *value == "warn";
    } else if (*name == "format") {
      if (*value != "text" && *value != "html") {
        return BadParameter(
            fmt::format("query `format`: `{}`; use text or html", Printable(*value)));
      }
      query.html = *value == "html";
    } else if (*name == "skip") {
      std::string_view list = *value;
      while (!list.empty()) {
        size_t comma = list.find(',');
        if (comma != 0) query.skip.emplace_back(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      }
    } else if (*name == "q") {
      query.q = *value;
    } else {
      return BadParameter(fmt::format(
          "unknown query parameter `{}`; the parameters are as_of, lang, all, unknown_facts, "
          "format, skip, q (docs/serve.md)",
          Printable(*name)));
    }
  }
  return query;
}

const EmbeddedFile* FindAsset(std::string_view path) {
  if (path.empty() || path[0] != '/') return nullptr;
  path.remove_prefix(1);
  for (const EmbeddedFile& file : WebFiles()) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

Response ServeAsset(std::string_view path) {
  const EmbeddedFile* file = FindAsset(path);
  if (file == nullptr) {
    return ErrorResponse(
        404, Error{fmt::format("no file `{}`", Printable(path)), ErrorKind::NoSuchRoute});
  }
  Response response;
  response.content_type = ContentType(path);
  response.body = file->bytes;
  return response;
}

Response Ready(const Bundle& bundle, const ReloadStatus& reload) {
  Response response;
  std::string& out = response.body;
  out = "{\"status\":\"ready\",\"bundle\":{\"origin\":";
  AppendJsonString(out, bundle.origin);
  out += fmt::format(",\"hash\":\"{}\",\"load_seconds\":", bundle.hash);
  AppendJsonNumber(out, bundle.load_seconds);
  out += "},\"last_reload\":";
  if (reload.ok) {
    out += "{\"ok\":true}";
  } else {
    out += fmt::format("{{\"ok\":false,\"code\":\"{}\",\"error\":", Info(reload.error.kind).code);
    AppendJsonString(out, reload.error.message);
    out += "}";
  }
  out += "}\n";
  return response;
}

}  // namespace internal
}  // namespace ccr::serve
