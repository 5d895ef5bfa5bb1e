#include "runtime/serve/http_server.h"

#include <fmt/format.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <list>
#include <optional>

namespace ccr::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

class Session;

}  // namespace

// What the acceptor and the sessions share. Touched only on the I/O thread.
struct HttpServer::State : std::enable_shared_from_this<HttpServer::State> {
  State(asio::io_context& io, asio::thread_pool& workers, Api& api, Metrics& metrics,
        HttpOptions options)
      : io(io),
        workers(workers),
        api(api),
        metrics(metrics),
        options(std::move(options)),
        acceptor(io),
        drain_timer(io) {}

  void Accept();

  asio::io_context& io;
  asio::thread_pool& workers;
  Api& api;
  Metrics& metrics;
  HttpOptions options;
  tcp::acceptor acceptor;
  asio::steady_timer drain_timer;
  std::list<std::weak_ptr<Session>> sessions;
  size_t open = 0;
  bool draining = false;
};

namespace {

// One client connection: read a request, answer it on the worker pool, write, repeat.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::State> server)
      : stream_(std::move(socket)),
        server_(std::move(server)),
        buffer_(server_->options.max_header_bytes + (64 << 10)) {
    ++server_->open;
    server_->metrics.ConnectionOpened();
  }
  // Runs on the I/O thread: the worker pool hands its reference back before it is dropped.
  ~Session() {
    --server_->open;
    server_->metrics.ConnectionClosed();
    // The error_code form: a destructor must not throw (the throwing one would, on failure).
    beast::error_code ignored;
    if (server_->draining && server_->open == 0) server_->drain_timer.cancel(ignored);
  }

  void Start(std::list<std::weak_ptr<Session>>::iterator self) {
    self_in_list_ = self;
    ReadHeader();
  }

  // Answers 503 and closes: over the connection cap.
  void Refuse() {
    server_->metrics.ConnectionRefused();
    Respond(ErrorResponse(503, Error{fmt::format("too many connections (--max-connections {}); "
                                                 "retry later",
                                                 server_->options.max_connections),
                                     ErrorKind::Overloaded}),
            /*keep_alive=*/false);
  }

  // Closes the connection if it is between requests (waiting for or reading headers).
  void CloseIfIdle() {
    if (phase_ == Phase::WaitingForHeaders) Close();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  // Closes after an answer without keep-alive: stops sending, then reads and drops what the
  // client still sends (bounded in bytes and time) before closing, so a client still sending
  // a refused body reads the answer instead of a connection reset.
  void LingerClose() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLinger);
    Drop();
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

 private:
  enum class Phase { WaitingForHeaders, ReadingBody, Answering };

  // How long, and how many bytes, LingerClose reads before closing.
  static constexpr std::chrono::milliseconds kLinger{1000};
  static constexpr size_t kMaxLingerBytes = size_t{4} << 20;

  void Drop() {
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code error, size_t read) {
                              self->dropped_ += read;
                              if (error || self->dropped_ > kMaxLingerBytes) return self->Close();
                              self->Drop();
                            });
  }

  void ReadHeader() {
    phase_ = Phase::WaitingForHeaders;
    if (server_->draining) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_->options.max_header_bytes));
    parser_->body_limit(server_->options.max_body_bytes);
    stream_.expires_after(requests_ == 0 ? server_->options.read_timeout
                                         : server_->options.keepalive_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code error, size_t) { self->OnHeader(error); });
  }

  void OnHeader(beast::error_code error) {
    if (error) return Fail(error);
    const auto& header = parser_->get();
    size_t fields = 0, lengths = 0;
    bool chunked_or_coded = false;
    for (const auto& field : header) {
      ++fields;
      if (field.name() == http::field::content_length) ++lengths;
      if (field.name() == http::field::transfer_encoding) chunked_or_coded = true;
    }
    if (fields > server_->options.max_header_fields) {
      return RefuseRequest(431, fmt::format("{} header fields, over the limit of {} "
                                            "(--max-header-fields)",
                                            fields, server_->options.max_header_fields));
    }
    // Beast refuses these too; checked here as well so the rule does not hang on a
    // library version.
    if (lengths > 1) return RefuseRequest(400, "more than one Content-Length; send one");
    if (lengths == 1 && chunked_or_coded) {
      return RefuseRequest(400, "both Content-Length and Transfer-Encoding; send one of them");
    }
    phase_ = Phase::ReadingBody;
    stream_.expires_after(server_->options.read_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code error, size_t) { self->OnBody(error); });
  }

  void OnBody(beast::error_code error) {
    if (error) return Fail(error);
    phase_ = Phase::Answering;
    ++requests_;
    stream_.expires_never();
    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    auto request = std::make_shared<Request>();
    request->method = std::string(message.method_string());
    request->target = std::string(message.target());
    request->body = std::move(message.body());
    if (auto found = message.find(http::field::authorization); found != message.end()) {
      request->authorization = std::string(found->value());
    }
    const auto started = std::chrono::steady_clock::now();
    request->deadline = started + server_->options.deadline;
    head_only_ = message.method() == http::verb::head;
    // The guard keeps io.run() going while only a worker has something left to do (draining).
    asio::post(server_->workers, [self = shared_from_this(), request, started,
                                  work = asio::make_work_guard(server_->io)]() mutable {
      Response response = self->server_->api.Handle(*request);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      self->server_->metrics.Request(Info(response.route).name, response.status, seconds);
      auto executor = self->stream_.get_executor();
      // The reference moves to the I/O thread, so the session ends there.
      asio::post(executor, [self = std::move(self), response = std::move(response)]() mutable {
        bool keep_alive = self->keep_alive_;
        self->Respond(std::move(response), keep_alive);
      });
    });
  }

  // Answers a request refused by the HTTP layer and closes: the rest of its bytes cannot be
  // trusted to frame the next request.
  void RefuseRequest(int status, std::string message) {
    ErrorKind kind = status == 413 ? ErrorKind::BodyTooLarge : ErrorKind::BadHttpRequest;
    Response response = ErrorResponse(status, Error{std::move(message), kind});
    server_->metrics.Request("none", status, 0);
    server_->metrics.Error(response.error_code);
    Respond(std::move(response), /*keep_alive=*/false);
  }

  void Fail(beast::error_code error) {
    if (error == http::error::body_limit) {
      return RefuseRequest(413, fmt::format("the request body is over the limit of {} bytes "
                                            "(--max-body-bytes)",
                                            server_->options.max_body_bytes));
    }
    if (error == http::error::header_limit || error == http::error::buffer_overflow) {
      return RefuseRequest(431, fmt::format("the request line and headers are over the limit of "
                                            "{} bytes (--max-header-bytes)",
                                            server_->options.max_header_bytes));
    }
    if (error.category() == beast::http::make_error_code(http::error::bad_method).category() &&
        error != http::error::end_of_stream && error != http::error::partial_message) {
      return RefuseRequest(400, fmt::format("malformed HTTP request: {}", error.message()));
    }
    // End of stream, a reset, a timeout (slow or idle client), or draining: just close.
    Close();
  }

  void Respond(Response response, bool keep_alive) {
    phase_ = Phase::Answering;
    keep_alive = keep_alive && !server_->draining;
    auto message = std::make_shared<http::response<http::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    message->set(http::field::server, "ccr");
    message->set(http::field::content_type, response.content_type);
    message->set(http::field::cache_control, "no-store");
    message->set("X-Content-Type-Options", "nosniff");
    if (response.content_type.rfind("text/html", 0) == 0) {
      // The page and the HTML report load nothing from elsewhere and run only web/app.js.
      message->set("Content-Security-Policy",
                   "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data:; connect-src 'self'; form-action 'none'; "
                   "base-uri 'none'; frame-ancestors 'none'");
    }
    if (response.status == 401) message->set(http::field::www_authenticate, "Bearer");
    message->keep_alive(keep_alive);
    message->body() = std::move(response.body);
    message->prepare_payload();
    if (head_only_) message->body().clear();
    head_only_ = false;
    stream_.expires_after(server_->options.read_timeout);
    http::async_write(
        stream_, *message,
        [self = shared_from_this(), message, keep_alive](beast::error_code error, size_t) {
          if (error) return self->Close();
          if (!keep_alive) return self->LingerClose();
          self->ReadHeader();
        });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<HttpServer::State> server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::list<std::weak_ptr<Session>>::iterator self_in_list_;
  Phase phase_ = Phase::WaitingForHeaders;
  size_t requests_ = 0;
  std::array<char, 16384> scratch_;
  size_t dropped_ = 0;
  bool keep_alive_ = false;
  bool head_only_ = false;
};

}  // namespace

void HttpServer::State::Accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code error, tcp::socket socket) {
    if (error) {
      if (error == asio::error::operation_aborted || self->draining) return;
      return self->Accept();  // e.g. EMFILE: keep serving the others
    }
    // Forget sessions that have ended.
    self->sessions.remove_if([](const std::weak_ptr<Session>& s) { return s.expired(); });
    bool over = self->open >= self->options.max_connections;
    auto session = std::make_shared<Session>(std::move(socket), self);
    if (over) {
      session->Refuse();
    } else {
      self->sessions.push_front(session);
      session->Start(self->sessions.begin());
    }
    self->Accept();
  });
}

HttpServer::HttpServer(asio::io_context& io, asio::thread_pool& workers, Api& api, Metrics& metrics,
                       HttpOptions options)
    : state_(std::make_shared<State>(io, workers, api, metrics, std::move(options))) {}

HttpServer::~HttpServer() = default;

Expected<uint16_t> HttpServer::Listen() {
  const HttpOptions& options = state_->options;
  beast::error_code error;
  auto address = asio::ip::make_address(options.address, error);
  auto fail = [&](std::string_view what) {
    return Error{fmt::format("--listen {}:{}: cannot {}: {}", options.address, options.port, what,
                             error.message()),
                 ErrorKind::ListenFailed};
  };
  if (error) return fail("read the address");
  tcp::endpoint endpoint(address, options.port);
  tcp::acceptor& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol(), error);
  if (error) return fail("open a socket");
  acceptor.set_option(asio::socket_base::reuse_address(true), error);
  acceptor.bind(endpoint, error);
  if (error) return fail("bind");
  acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) return fail("listen");
  uint16_t port = acceptor.local_endpoint().port();
  state_->Accept();
  return port;
}

void HttpServer::Drain() {
  auto state = state_;
  asio::post(state->io, [state] {
    if (state->draining) return;
    state->draining = true;
    beast::error_code ignored;
    state->acceptor.close(ignored);
    for (auto& weak : state->sessions) {
      if (auto session = weak.lock()) session->CloseIfIdle();
    }
    if (state->open == 0) return;
    state->drain_timer.expires_after(state->options.drain_timeout);
    state->drain_timer.async_wait([state](beast::error_code error) {
      if (error) return;
      for (auto& weak : state->sessions) {
        if (auto session = weak.lock()) session->Close();
      }
    });
  });
}

}  // namespace ccr::serve
