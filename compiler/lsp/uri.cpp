#include "compiler/lsp/uri.h"

#include <fmt/format.h>

#include <cctype>

namespace ccr::lsp {

namespace {

// Returns what follows `scheme:` (and an empty `//` authority), or nullopt.
std::optional<std::string> AfterScheme(const std::string& uri, std::string_view scheme) {
  if (uri.size() <= scheme.size() || uri.compare(0, scheme.size(), scheme) != 0 ||
      uri[scheme.size()] != ':') {
    return std::nullopt;
  }
  std::string rest = uri.substr(scheme.size() + 1);
  if (rest.rfind("//", 0) == 0) {
    size_t slash = rest.find('/', 2);
    std::string authority = rest.substr(2, slash == std::string::npos ? slash : slash - 2);
    if (!authority.empty() && authority != "localhost") return std::nullopt;
    rest = slash == std::string::npos ? "/" : rest.substr(slash);
  }
  return rest;
}

std::optional<std::string> PercentDecode(const std::string& text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      return std::nullopt;
    }
    decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return decoded;
}

}  // namespace

std::optional<std::string> FilePathOfUri(const std::string& uri) {
  auto rest = AfterScheme(uri, "file");
  if (!rest || rest->empty() || rest->front() != '/') return std::nullopt;
  size_t end = rest->find_first_of("?#");
  auto path = PercentDecode(rest->substr(0, end));
  if (!path || path->find('\0') != std::string::npos) return std::nullopt;
  return path;
}

std::string FileUri(const std::string& absolute_path) {
  std::string uri = "file://";
  for (unsigned char c : absolute_path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += fmt::format("%{:02X}", c);
    }
  }
  return uri;
}

std::optional<std::string> StdlibPathOfUri(const std::string& uri) {
  auto rest = AfterScheme(uri, kStdlibScheme);
  if (!rest || rest->size() < 2 || rest->front() != '/') return std::nullopt;
  return PercentDecode(rest->substr(1));
}

std::string StdlibUri(const std::string& embedded_path) {
  return fmt::format("{}:/{}", kStdlibScheme, embedded_path);
}

}  // namespace ccr::lsp
