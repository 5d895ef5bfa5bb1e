#include "runtime/serve/bundle.h"

#include <fmt/format.h>

namespace ccr::serve {

std::string HashBytes(std::span<const uint8_t> bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (uint8_t byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", hash);
}

Expected<std::shared_ptr<const Bundle>> LoadBundle(std::span<const uint8_t> bytes,
                                                   std::string_view origin) {
  auto start = std::chrono::steady_clock::now();
  auto program = bytecode::Load(bytes, origin);
  if (!program) return program.error();
  const bytecode::Module& module = program->module();
  uint32_t category_fact = bytecode::kNone;
  for (uint32_t i = 0; i < module.facts.size(); ++i) {
    if (module.strings[module.facts[i].name] == "category" &&
        module.facts[i].type.kind == bytecode::TypeKind::Enum) {
      category_fact = i;
    }
  }
  auto bundle = std::make_shared<Bundle>(Bundle{
      std::move(*program), std::string(origin), HashBytes(bytes), std::chrono::system_clock::now(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
      category_fact});
  return std::shared_ptr<const Bundle>(std::move(bundle));
}

void BundleSlot::Replace(std::shared_ptr<const Bundle> next) {
  std::atomic_store(&current_, std::move(next));
  std::lock_guard lock(status_mutex_);
  status_.ok = true;
  status_.error = {};
  status_.at = std::chrono::system_clock::now();
  ++status_.successes;
}

void BundleSlot::RecordFailure(Error error) {
  std::lock_guard lock(status_mutex_);
  status_.ok = false;
  status_.error = std::move(error);
  status_.at = std::chrono::system_clock::now();
  ++status_.failures;
}

ReloadStatus BundleSlot::Status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

}  // namespace ccr::serve
