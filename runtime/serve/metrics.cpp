#include "runtime/serve/metrics.h"

#include <fmt/format.h>

#include <chrono>

namespace ccr::serve {

namespace {

// Escapes a label value: backslash, double quote and newline (exposition format).
std::string Label(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

double Seconds(std::chrono::system_clock::time_point at) {
  return std::chrono::duration<double>(at.time_since_epoch()).count();
}

}  // namespace

void Metrics::Request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& histogram = latency_[route];
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++histogram.buckets[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::Error(const std::string& code) {
  std::lock_guard lock(mutex_);
  ++errors_[code];
}

std::string Metrics::Render(const BundleSlot& slot) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    out += "# HELP ccr_http_requests_total Requests answered, by route and HTTP status.\n";
    out += "# TYPE ccr_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      out += fmt::format("ccr_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         Label(key.first), key.second, count);
    }
    out +=
        "# HELP ccr_http_request_duration_seconds Time from a request's last byte read to its "
        "answer ready, by route.\n";
    out += "# TYPE ccr_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : latency_) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += histogram.buckets[i];
        out +=
            fmt::format("ccr_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                        Label(route), kLatencyBuckets[i], cumulative);
      }
      out += fmt::format(
          "ccr_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n"
          "ccr_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n"
          "ccr_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
          Label(route), histogram.count, Label(route), histogram.sum, Label(route),
          histogram.count);
    }
    out += "# HELP ccr_errors_total Error responses, by R code (docs/errors.md).\n";
    out += "# TYPE ccr_errors_total counter\n";
    for (const auto& [code, count] : errors_) {
      out += fmt::format("ccr_errors_total{{code=\"{}\"}} {}\n", Label(code), count);
    }
  }
  out += fmt::format(
      "# HELP ccr_evaluations_total Products evaluated (a batch counts each).\n"
      "# TYPE ccr_evaluations_total counter\n"
      "ccr_evaluations_total {}\n"
      "# HELP ccr_connections_open Client connections open now.\n"
      "# TYPE ccr_connections_open gauge\n"
      "ccr_connections_open {}\n"
      "# HELP ccr_connections_refused_total Connections refused over --max-connections.\n"
      "# TYPE ccr_connections_refused_total counter\n"
      "ccr_connections_refused_total {}\n",
      evaluations_.load(), connections_open_.load(), connections_refused_.load());
  auto bundle = slot.Get();
  ReloadStatus reload = slot.Status();
  out += fmt::format(
      "# HELP ccr_bundle_info The bundle answering now (hash: FNV-1a 64 of the .ccrb).\n"
      "# TYPE ccr_bundle_info gauge\n"
      "ccr_bundle_info{{hash=\"{}\",origin=\"{}\"}} 1\n"
      "# HELP ccr_bundle_load_seconds Time to read and verify the bundle answering now.\n"
      "# TYPE ccr_bundle_load_seconds gauge\n"
      "ccr_bundle_load_seconds {}\n"
      "# HELP ccr_bundle_loaded_timestamp_seconds When the bundle answering now was loaded.\n"
      "# TYPE ccr_bundle_loaded_timestamp_seconds gauge\n"
      "ccr_bundle_loaded_timestamp_seconds {:.3f}\n"
      "# HELP ccr_bundle_reloads_total Reloads, by outcome.\n"
      "# TYPE ccr_bundle_reloads_total counter\n"
      "ccr_bundle_reloads_total{{outcome=\"ok\"}} {}\n"
      "ccr_bundle_reloads_total{{outcome=\"failed\"}} {}\n"
      "# HELP ccr_bundle_last_reload_ok Whether the last reload succeeded (1) or the last good "
      "bundle is kept (0).\n"
      "# TYPE ccr_bundle_last_reload_ok gauge\n"
      "ccr_bundle_last_reload_ok {}\n",
      bundle->hash, Label(bundle->origin), bundle->load_seconds, Seconds(bundle->loaded_at),
      reload.successes, reload.failures, reload.ok ? 1 : 0);
  return out;
}

}  // namespace ccr::serve
