// JSON-RPC framing of the Language Server Protocol: each message is a header block
// (`Content-Length: N`, optionally `Content-Type`, each line ending in CRLF, then an empty
// line) followed by N bytes of UTF-8 JSON. Reading is strict about the header, because after a
// malformed header there is no way to find the next message again.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "runtime/base/expected.h"

namespace ccr::lsp {

// A rule file is at most 8 MiB (syntax::ParseOptions), and a message carrying one grows by
// JSON escaping; past 64 MiB the peer is not an editor, and refusing it bounds memory.
inline constexpr size_t kMaxMessageBytes = 64u * 1024 * 1024;
// Headers are a few dozen bytes; a longer line is garbage, not a header.
inline constexpr size_t kMaxHeaderLineBytes = 1024;

// Reads one message body from `in`. Returns nullopt at a clean end of input (before the first
// byte of a header), an Error naming what is wrong with a malformed or truncated message.
Expected<std::optional<std::string>> ReadMessage(std::istream& in);

// Writes `body` with its header to `out` and flushes, so the client sees it at once.
void WriteMessage(std::ostream& out, const std::string& body);

}  // namespace ccr::lsp
