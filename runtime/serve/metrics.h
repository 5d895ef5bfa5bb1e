// Prometheus metrics of `ccr serve` (text exposition format 0.0.4), kept in atomics and
// small locked maps so recording a request costs far less than evaluating one.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "runtime/serve/bundle.h"

namespace ccr::serve {

// Latency histogram bucket bounds, seconds (Prometheus `le`): 100 us to 10 s.
inline constexpr std::array<double, 12> kLatencyBuckets = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5, 10};

class Metrics {
 public:
  // Records one answered request; `route` is a RouteInfo name or `none`.
  void Request(const std::string& route, int status, double seconds);
  void Error(const std::string& code);
  void Evaluations(uint64_t count) { evaluations_ += count; }
  void ConnectionOpened() { ++connections_open_; }
  void ConnectionClosed() { --connections_open_; }
  void ConnectionRefused() { ++connections_refused_; }
  int64_t OpenConnections() const { return connections_open_; }

  // Returns every metric in the text exposition format, the bundle's from `slot`.
  std::string Render(const BundleSlot& slot) const;

 private:
  struct Histogram {
    std::array<uint64_t, kLatencyBuckets.size()> buckets{};  // not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // (route, status) -> count
  std::map<std::string, Histogram> latency_;                  // route -> histogram
  std::map<std::string, uint64_t> errors_;                    // R code -> count
  std::atomic<uint64_t> evaluations_{0};
  std::atomic<int64_t> connections_open_{0};
  std::atomic<uint64_t> connections_refused_{0};
};

}  // namespace ccr::serve
