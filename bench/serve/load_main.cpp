// ccr-serve-load: a load generator for `ccr serve` (docs/performance.md, "ccr serve").
//
//   ccr-serve-load --port P --facts laptop.json --connections 8 --seconds 10 [--rate R]
//
// Each connection is one thread on one keep-alive socket sending `POST /v1/evaluate` with the
// facts and reading the whole answer. Closed loop (no --rate): a connection sends its next
// request when the answer arrives; the result is the throughput the server sustains. Open loop
// (--rate R requests/s over all connections): requests are due at fixed times, and latency is
// measured from when a request was due, not from when it could be sent, so a stalled server
// is charged for the requests that queued behind it (no coordinated omission). Prints one line:
// requests/s and p50/p99/p99.9 latency in microseconds. Not Google Benchmark: the thing
// measured is a server in another process, over sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  int port = 8080;
  std::string facts;
  int connections = 1;
  double seconds = 10;
  double rate = 0;  // requests/s over all connections; 0: closed loop
  std::string as_of = "2026-06-01";
};

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::perror("connect");
    std::exit(1);
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Reads one HTTP response (headers with Content-Length, then the body); false on failure.
bool ReadResponse(int fd, std::string& buffer) {
  buffer.clear();
  size_t header_end = std::string::npos;
  size_t length = 0;
  char chunk[65536];
  while (true) {
    if (header_end == std::string::npos) {
      header_end = buffer.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        size_t at = buffer.find("Content-Length: ");
        if (at == std::string::npos || buffer.compare(9, 3, "200") != 0) return false;
        length = std::strtoul(buffer.c_str() + at + 16, nullptr, 10);
      }
    }
    if (header_end != std::string::npos && buffer.size() >= header_end + 4 + length) return true;
    ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(got));
  }
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i], value = argv[i + 1];
    if (name == "--port")
      flags.port = std::atoi(value.c_str());
    else if (name == "--facts")
      flags.facts = value;
    else if (name == "--connections")
      flags.connections = std::atoi(value.c_str());
    else if (name == "--seconds")
      flags.seconds = std::atof(value.c_str());
    else if (name == "--rate")
      flags.rate = std::atof(value.c_str());
    else if (name == "--as-of")
      flags.as_of = value;
    else {
      std::fprintf(stderr, "unknown option %s\n", name.c_str());
      return 2;
    }
  }
  std::ifstream in(flags.facts, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read --facts %s\n", flags.facts.c_str());
    return 2;
  }
  std::stringstream body;
  body << in.rdbuf();
  const std::string request = "POST /v1/evaluate?as_of=" + flags.as_of +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              "Content-Length: " +
                              std::to_string(body.str().size()) + "\r\n\r\n" + body.str();
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(flags.seconds));
  std::vector<std::vector<double>> latencies(flags.connections);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < flags.connections; ++c) {
    threads.emplace_back([&, c] {
      int fd = Connect(flags.port);
      std::string buffer;
      // Open loop: connection c owns the due times start + (c + k * connections) / rate.
      const double interval = flags.rate > 0 ? flags.connections / flags.rate : 0;
      const double offset = flags.rate > 0 ? c / flags.rate : 0;
      std::this_thread::sleep_until(start);
      for (uint64_t k = 0;; ++k) {
        Clock::time_point due = Clock::now();
        if (flags.rate > 0) {
          due = start + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(offset + k * interval));
          std::this_thread::sleep_until(due);
        }
        if (due >= end) break;
        if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size()) ||
            !ReadResponse(fd, buffer)) {
          ++failures;
          break;
        }
        latencies[c].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - due).count());
      }
      ::close(fd);
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<double> all;
  for (auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
  std::sort(all.begin(), all.end());
  auto quantile = [&](double q) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(q * all.size()))];
  };
  std::printf(
      "%s connections=%d requests=%zu rps=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f "
      "failures=%d\n",
      flags.rate > 0 ? "open" : "closed", flags.connections, all.size(), all.size() / flags.seconds,
      quantile(0.5), quantile(0.99), quantile(0.999), failures.load());
  return failures.load() > 0 ? 1 : 0;
}
