// The HTTP/1.1 server of `ccr serve`, on Boost.Beast: asynchronous I/O on one thread (a slow
// client holds a socket and a timer, never a thread), the answers computed on a worker pool.
//
// Why Beast and not cpp-httplib (Debian's libcpp-httplib-dev 0.11.4, measured before this was
// written): httplib passed a chunked 8 MiB body through a 1 MiB payload limit, grew to 84 MB on
// one 64 MiB header line, accepted Content-Length with Transfer-Encoding, and 12 clients sending
// a byte every 2 s stalled /ping for 27 s on its 8-thread pool (a thread per connection).
// Beast's parser enforces a header byte limit and a body limit counted for chunked bodies as
// well, and refuses Content-Length with Transfer-Encoding and conflicting Content-Lengths;
// the rest (header count, timeouts, connection cap, draining) is here, each limit an option.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/base/expected.h"
#include "runtime/serve/api.h"

namespace ccr::serve {

struct HttpOptions {
  std::string address = "127.0.0.1";  // loopback unless told otherwise
  uint16_t port = 8080;               // 0: any free port (tests)
  // A request body over this is refused with 413 as soon as the excess is known (a declared
  // Content-Length at once; a chunked body when its running count passes it).
  size_t max_body_bytes = size_t{1} << 20;
  // The request line and all header fields together; over it: 431.
  size_t max_header_bytes = size_t{16} << 10;
  // Header fields per request; over it: 431 (a byte limit alone allows ~2,000 tiny fields).
  size_t max_header_fields = 100;
  // The request line and headers (and then, again, the body) must arrive within this.
  std::chrono::milliseconds read_timeout{10'000};
  // An idle keep-alive connection is closed after this.
  std::chrono::milliseconds keepalive_timeout{5'000};
  // A request that cannot start its answer within this of being read is refused (503); a
  // batch stops between products when it passes.
  std::chrono::milliseconds deadline{5'000};
  // Connections over this are answered 503 and closed at once.
  size_t max_connections = 256;
  // On SIGTERM, in-flight requests get this long to finish before the process exits anyway.
  std::chrono::milliseconds drain_timeout{30'000};
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, boost::asio::thread_pool& workers, Api& api,
             Metrics& metrics, HttpOptions options);
  ~HttpServer();

  // Binds and listens; returns the bound port. An error names the address.
  Expected<uint16_t> Listen();

  // Stops accepting, closes idle connections and lets each in-flight request finish and be
  // answered (with `Connection: close`). Returns at once; io.run() returns when all are done.
  void Drain();

  // What the acceptor and the connections share (http_server.cpp); public only so the
  // connections, defined there, can name it.
  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace ccr::serve
