// NameIndex: a read-only map from names to indices, for lookups on hot paths (the binder
// looks up every key of every product line). Open addressing over a power-of-two table with a
// constant-time hash: a lookup is a few dozen instructions, a fraction of
// std::unordered_map<std::string_view>'s.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace ccr {

class NameIndex {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  // Maps `name` to `index` unless `name` is already mapped (the first mapping wins). `name`
  // is not copied: its text must outlive the index.
  void Insert(std::string_view name, uint32_t index) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Slot& slot = slots_[Probe(name)];
    if (slot.index != kNotFound) return;
    slot = Slot{name, index};
    ++size_;
  }

  // Returns the index mapped to `name`, or kNotFound.
  uint32_t Find(std::string_view name) const {
    if (slots_.empty()) return kNotFound;
    return slots_[Probe(name)].index;
  }

  // Returns how many slots a lookup of `name` visits (the distribution tests bound it).
  size_t ProbeLength(std::string_view name) const {
    if (slots_.empty()) return 0;
    size_t mask = slots_.size() - 1;
    return ((Probe(name) - Hash(name)) & mask) + 1;
  }

 private:
  struct Slot {
    std::string_view name;
    uint32_t index = kNotFound;
  };

  // The length and the first and last eight bytes, mixed: names differ there, and it costs
  // the same for every length (the equality test after it reads the whole name). Real fact
  // names often differ only in their last characters (`flag_07`, `flag_08`), which land in
  // the high bytes of a little-endian word; a multiply carries them only upwards, so the
  // result goes through a full 64-bit finaliser (MurmurHash3's fmix64), whose low bits (the
  // slot) depend on every input bit.
  static uint64_t Hash(std::string_view name) {
    uint64_t head = 0, tail = 0;
    if (name.size() >= 8) {
      std::memcpy(&head, name.data(), 8);
      std::memcpy(&tail, name.data() + name.size() - 8, 8);
    } else {
      std::memcpy(&head, name.data(), name.size());
    }
    uint64_t hash = head ^ (tail * 0x9e3779b97f4a7c15ull) ^ name.size();
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdull;
    hash ^= hash >> 33;
    hash *= 0xc4ceb9fe1a85ec53ull;
    return hash ^ (hash >> 33);
  }

  // The slot holding `name`, or the empty slot where it would go. The table is never more
  // than half full, so the probe ends.
  size_t Probe(std::string_view name) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash(name) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.index == kNotFound || slot.name == name) return i;
    }
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    for (const Slot& slot : old) {
      if (slot.index != kNotFound) slots_[Probe(slot.name)] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace ccr
