#include "tools/ccr/batch_status.h"

#include <fmt/format.h>

#include <string>

namespace ccr::tools {
namespace {
// A short job finishes before any progress shows; a long one updates a few times a second.
constexpr auto kFirstUpdate = std::chrono::seconds(1);
constexpr auto kUpdateEvery = std::chrono::milliseconds(200);

std::string Plural(uint64_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}
}  // namespace

BatchStatus::BatchStatus(bool progress)
    : progress_(progress), start_(Clock::now()), next_update_(start_ + kFirstUpdate) {}

double BatchStatus::Seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void BatchStatus::Update(const batch::CatalogCounts& counts) {
  if (!progress_) return;
  Clock::time_point now = Clock::now();
  if (now < next_update_) return;
  next_update_ = now + kUpdateEvery;
  double seconds = Seconds();
  std::string line =
      fmt::format("\r\x1b[K{} lines, {:.0f} lines/s, {:.1f} s", counts.lines,
                  seconds > 0 ? static_cast<double>(counts.lines) / seconds : 0.0, seconds);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
}

void BatchStatus::Clear() {
  if (!shown_) return;
  std::fputs("\r\x1b[K", stderr);
  shown_ = false;
}

void BatchStatus::Diagnostics(std::string_view text) {
  Clear();
  std::fwrite(text.data(), 1, text.size(), stderr);
}

void BatchStatus::Finish() {
  Clear();
  std::fflush(stderr);
}

std::string BatchStatus::Summary(const batch::CatalogCounts& counts) const {
  double seconds = Seconds();
  return fmt::format(
      "{} ({} with a required scheme, {} undetermined), {}, in {:.2f} s ({:.0f} products/s)",
      Plural(counts.products, "product", "products"), counts.required, counts.undetermined,
      Plural(counts.errors, "line failed", "lines failed"), seconds,
      seconds > 0 ? static_cast<double>(counts.products) / seconds : 0.0);
}

}  // namespace ccr::tools
