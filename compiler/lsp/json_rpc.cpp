#include "compiler/lsp/json_rpc.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace ccr::lsp {

namespace {

// Shows a header line in an error message: printable, and short.
std::string Shown(const std::string& line) {
  std::string shown;
  for (unsigned char c : line.substr(0, 40)) {
    shown += std::isprint(c) ? static_cast<char>(c) : '?';
  }
  return line.size() > 40 ? shown + "..." : shown;
}

bool StartsWithIgnoringCase(const std::string& text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

Expected<std::optional<std::string>> ReadMessage(std::istream& in) {
  std::optional<size_t> length;
  for (int line_number = 1;; ++line_number) {
    std::string line;
    int c;
    while ((c = in.get()) != EOF && c != '\n') {
      line += static_cast<char>(c);
      if (line.size() > kMaxHeaderLineBytes) {
        return Error{fmt::format("stdin: header line {} is longer than {} bytes: `{}`", line_number,
                                 kMaxHeaderLineBytes, Shown(line))};
      }
    }
    if (c == EOF) {
      if (line_number == 1 && line.empty()) return std::optional<std::string>();
      if (line.empty() || StartsWithIgnoringCase(line, "content-")) {
        return Error{"stdin: input ended inside a message header"};
      }
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (StartsWithIgnoringCase(line, "content-length:")) {
      std::string_view value = std::string_view(line).substr(15);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      size_t parsed = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (error != std::errc() || end != value.data() + value.size() || value.empty()) {
        return Error{fmt::format("stdin: bad Content-Length header `{}`", Shown(line))};
      }
      length = parsed;
    } else if (!StartsWithIgnoringCase(line, "content-type:")) {
      return Error{fmt::format(
          "stdin: expected a `Content-Length: N` header (LSP framing), got `{}`", Shown(line))};
    }
  }
  if (!length) return Error{"stdin: a message header has no Content-Length"};
  if (*length > kMaxMessageBytes) {
    return Error{fmt::format("stdin: a message of {} bytes is over the limit of {} bytes", *length,
                             kMaxMessageBytes)};
  }
  std::string body(*length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<size_t>(in.gcount()) != *length) {
    return Error{
        fmt::format("stdin: input ended inside a message ({} of {} bytes)", in.gcount(), *length)};
  }
  return std::optional<std::string>(std::move(body));
}

void WriteMessage(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace ccr::lsp
